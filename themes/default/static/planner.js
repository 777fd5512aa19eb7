// planner.js: the home page's form of the candidate's dates and facts, for the shown
// application, after store.js. It makes the form from the site's words (words.js), as the
// form is of no use without JavaScript: a date input per event, a time input beside it for
// an event known to the minute, a select per fact. A date without a time counts from the
// assumed time, and the page says so.
"use strict";
(() => {
  const a = window.afterword;
  const form = document.querySelector("[data-planner]");
  if (!a || !a.words || !form) {
    return;
  }
  const words = a.words;
  // Every action, once, for now.js and calendar.js: an action the home page shows as a step
  // is only named in the data, and read from its step (templates.rs, `planner_json`).
  // Without a list of its own, the page shows every action as a step, in order.
  words.actions = (words.actions || [...new Set(a.all("[data-action]").map((step) => step.getAttribute("data-action") || step.id))]).map((action) => {
    const step = typeof action == "string" && document.getElementById(action);
    const text = (selector) => step.querySelector(selector).textContent;
    return !step ? action : {
      id: action, title: text(".step-title"), rule: step.getAttribute("data-rule"), label: text(".due-rule"),
      url: a.home + "#" + action
    };
  });
  const make = (tag, props, ...children) => {
    const el = Object.assign(document.createElement(tag), props);
    el.append(...children);
    return el;
  };
  const field = (input, label, className) =>
    make("p", { className }, make("label", { htmlFor: input.id, textContent: label }), input);
  const input = (type, name, data, value) => {
    const el = make("input", { type, name, id: "plan-" + name.replace("_time", "-time") });
    el.setAttribute(data, value);
    return el;
  };
  words.events.forEach((event) => {
    const date = input("date", event.name, "data-event", event.name);
    if (!event.time) {
      form.append(field(date, event.label, "field"));
      return;
    }
    const clock = input("time", event.name + "_time", "data-time", event.name);
    clock.setAttribute("aria-describedby", date.id + "-hint");
    form.append(make("fieldset", { className: "field when" }, make("legend", { textContent: event.label }),
      field(date, "Date", ""), field(clock, "Time", ""),
      make("p", { className: "hint", id: date.id + "-hint", textContent: "No time? " + words.assumed_time + " is assumed." })));
  });
  words.facts.forEach((fact) => {
    const select = make("select", { id: "plan-" + fact.name, name: fact.name });
    select.setAttribute("data-fact", fact.name);
    fact.values.forEach((value) => select.add(new Option(value.label, value.name)));
    form.append(field(select, fact.label, "field wide"));
  });
  const status = document.querySelector("[data-plan-status]");
  const dates = a.all("[data-event]", form);
  const selects = a.all("[data-fact]", form);
  const time = (input) => form.querySelector('[data-time="' + input.getAttribute("data-event") + '"]');

  // Say what the form cannot show: a time without its date, a date without its time.
  const say = () => {
    status.textContent = dates.map((input) => {
      const event = a.find(words.events, input.getAttribute("data-event"));
      const clock = time(input);
      const label = clock && input.closest("fieldset").querySelector("legend").textContent;
      return !clock ? "" : clock.value && !input.value ? label + ": add the date too; a time alone counts for nothing. " :
        input.value && !clock.value ? "No time given for " + event.noun + ": " + words.assumed_time + " is assumed. " : "";
    }).join("").trim();
  };

  const fill = () => {
    const app = a.app();
    dates.forEach((input) => {
      const at = app.events[input.getAttribute("data-event")] || "";
      input.value = at.slice(0, 10);
      if (time(input)) {
        time(input).value = at.slice(11, 16);
      }
    });
    selects.forEach((select) => {
      const name = select.getAttribute("data-fact");
      select.value = a.own(app.facts, name) ? app.facts[name] : a.find(words.facts, name).values[0].name;
    });
    say();
  };

  const store = () => {
    a.update((app) => {
      dates.forEach((input) => {
        const at = input.value + (input.value && time(input) && time(input).value ? "T" + time(input).value.slice(0, 5) : "");
        if (a.civil(at) === null) {
          delete app.events[input.getAttribute("data-event")];
        } else {
          app.events[input.getAttribute("data-event")] = at;
        }
      });
      selects.forEach((select) => (app.facts[select.getAttribute("data-fact")] = select.value));
    });
    say();
  };
  form.addEventListener("input", store);
  form.addEventListener("change", store);
  // Clearing is undone in one click, for as long as the page is open.
  document.querySelector("[data-plan-clear]").addEventListener("click", () => {
    const app = a.app();
    const kept = { events: Object.assign({}, app.events), facts: Object.assign({}, app.facts) };
    a.update((app) => {
      app.events = {};
      app.facts = {};
    });
    fill();
    status.textContent = "Your dates are cleared. ";
    const undo = status.appendChild(document.createElement("button"));
    undo.type = "button";
    undo.className = "quiet";
    undo.textContent = "Undo";
    undo.addEventListener("click", () => {
      a.update((app) => Object.assign(app, kept));
      fill();
      status.textContent = "Your dates are back.";
    });
  });
  // "Enter my dates" opens the panel and puts the cursor in its first field.
  const panel = form.closest("details");
  a.all("[data-open-planner]").forEach((link) => link.addEventListener("click", (e) => {
    e.preventDefault();
    panel.open = true;
    dates[0].focus();
  }));
  // The calendar export is a script of its own, fetched the first time it is asked for.
  const ics = document.querySelector("[data-ics]");
  if (ics) {
    ics.addEventListener("click", () => a.need(ics.getAttribute("data-ics")).then(() => a.download(),
      () => (status.textContent = "The calendar file could not be made: its script did not load. Try again when you are online.")));
  }
  a.on("app", fill);
  fill();
})();
