// store.js: the candidate's applications, kept in this browser. On every page, after
// afterword.js. It owns their storage and nothing on screen:
//
//   localStorage["afterword/v2<home>applications"] = { current: id, apps: [{ id,
//     fields: { company, role, candidate_name, <template field>: text },
//     events: { <event>: "2026-11-24T14:00" | "2026-11-24" }, facts: { <fact>: value },
//     ticks: { "<checklist url>#<item id>": true },
//     link: { <name>: text }, people: { <noun>: [{ <template field>: text }] } }] }
//
// One application per company and role: its dates, fact values, template fields and ticks
// are its own, and nothing is copied from one to another. Every checklist item has a tick of
// its own; a step that shows an action is done once every item showing that action is
// ticked (`done`). Version 1 data (one plan, one set
// of fields, ticks per checklist) becomes one application; its keys are removed only once
// version 2 is written. A recruiter's link (`#company=Acme&role=...&interview=...`) opens
// the application with the same company and role, or adds one, and writes into no other;
// a value of it that a page without the site's vocabulary cannot place waits in `link` for
// the next page that can. What is stored is checked as it is read: a value that is not
// what it should be is dropped.
"use strict";
(() => {
  const a = window.afterword;
  if (!a) {
    return;
  }
  const { own, clean } = a;
  const { KEY, OLD } = a;
  const NAME = /^[a-z][a-z0-9_]*$/;
  const FIELD = /^[A-Za-z]\w{0,63}$/;
  // What a recruiter's link may carry besides the site's events, facts and template fields.
  const SHARED = ["candidate_name", "company", "role", "interviewers", "interviewer_name", "recruiter_name", "recruiter_email"];
  const find = (list, name) => (list || []).find((x) => x.name === name);
  const each = (object, fn) => object && typeof object == "object" && Object.keys(object).forEach((k) => fn(k, object[k]));
  const read = (key) => {
    try {
      return JSON.parse(localStorage.getItem(key));
    } catch (e) {
      return null;
    }
  };
  let memory = null;
  // The site's words (words.js), and on the home page its actions, from the page itself.
  const words = a.words || null;
  try {
    Object.assign(words, JSON.parse(document.getElementById("afterword-planner").textContent));
  } catch (e) {}

  const write = (state) => {
    memory = state;
    try {
      localStorage.setItem(KEY, JSON.stringify(state));
      return true;
    } catch (e) {
      // Storage full or disabled: the page keeps working for this visit.
      return false;
    }
  };

  // Maps without a prototype: no name a site or a link uses can be taken for a built-in.
  const map = (x) => Object.assign(Object.create(null), x);
  const blank = (company, role) => ({
    id: Date.now().toString(36) + Math.random().toString(36).slice(2, 6),
    fields: map({ company: company || "", role: role || "" }), events: map(), facts: map(), ticks: map(), link: map(),
    people: map()
  });

  // "2026-11-24T14:00" or "2026-11-24" (no seconds), or null; a day event keeps the day.
  const when = (value, event) => {
    const text = a.civil(value) !== null && value.replace(" ", "T").slice(0, 16);
    return text && (event && !event.time ? text.slice(0, 10) : text);
  };

  // Every part of every application as it should be, the rest dropped; with the site's
  // vocabulary, events and fact values it does not know too. An application with nothing in
  // it (made on a first visit) gives way to any other.
  const repair = (raw) => {
    const seen = {};
    let apps = (raw && Array.isArray(raw.apps) ? raw.apps : []).filter((app) => app && typeof app == "object").map((app) => {
      const fixed = blank();
      if (/^\w{1,40}$/.test(app.id) && !own(seen, app.id)) {
        fixed.id = app.id;
      }
      seen[fixed.id] = 1;
      each(app.fields, (key, value) => {
        if (FIELD.test(key) && typeof value == "string") {
          fixed.fields[key] = clean(value);
        }
      });
      each(app.events, (key, value) => {
        const event = words && find(words.events, key);
        const day = NAME.test(key) && (event || !words) && typeof value == "string" && when(value, event);
        if (day) {
          fixed.events[key] = day;
        }
      });
      each(app.facts, (key, value) => {
        const fact = words && find(words.facts, key);
        if (NAME.test(key) && NAME.test(value) && typeof value == "string" && (!words || (fact && find(fact.values, value)))) {
          fixed.facts[key] = value;
        }
      });
      // Values of a recruiter's link that a page without the site's words could not place.
      each(app.link, (key, value) => {
        const event = words && find(words.events, key);
        const fact = words && find(words.facts, key);
        if (!words && FIELD.test(key) && typeof value == "string") {
          fixed.link[key] = clean(value);
        } else if (event && typeof value == "string") {
          fixed.events[key] = when(value, event) || fixed.events[key];
        } else if (fact && find(fact.values, value)) {
          fixed.facts[key] = value;
        }
      });
      // Per person values of templates that write to several people: at most 20 a kind.
      each(app.people, (noun, list) => {
        if (/^[a-z ]{1,40}$/.test(noun) && Array.isArray(list)) {
          fixed.people[noun] = list.filter((p) => p && typeof p == "object").slice(0, 20).map((person) => {
            const values = map();
            each(person, (key, value) => FIELD.test(key) && typeof value == "string" && (values[key] = clean(value)));
            return values;
          });
        }
      });
      each(app.ticks, (key, value) => {
        if (value === true && key.length < 300) {
          fixed.ticks[key] = true;
        }
      });
      return fixed;
    });
    const used = apps.filter((app) =>
      Object.values(app.fields).some(Boolean) || [app.events, app.facts, app.ticks, app.link].some((x) => Object.keys(x).length));
    apps = used.length ? used : apps.slice(0, 1);
    if (!apps.length) {
      apps.push(blank());
    }
    return { current: apps.some((app) => app.id === raw.current) ? raw.current : apps[0].id, apps };
  };

  // Version 1 kept one plan, one set of template fields and ticks per checklist page.
  const migrate = () => {
    const keys = [];
    try {
      for (let i = 0; i < localStorage.length; i++) {
        if (localStorage.key(i).startsWith(OLD)) {
          keys.push(localStorage.key(i));
        }
      }
    } catch (e) {}
    if (!keys.length) {
      return null;
    }
    const app = blank();
    each(read(OLD + "plan"), (key, value) => {
      if (key === "stage") {
        app.facts.stage = value;
      } else if (key === "recruiter") {
        if ([true, "yes", "true"].includes(value)) {
          app.facts.recruiter = "involved";
        }
      } else {
        app.events[key === "decision" ? "decision_date" : key] = value;
      }
    });
    app.fields = read(OLD + "fields") || {};
    keys.forEach((key) => {
      const data = key.startsWith(OLD + "checklist") && read(key);
      each(data && data.ticked, (id, ticked) => (app.ticks[key.slice(OLD.length + 9) + "#" + id] = ticked));
    });
    return { state: { current: app.id, apps: [app] }, keys };
  };

  const load = () => {
    try {
      const raw = localStorage.getItem(KEY);
      return raw === null && memory ? memory : repair(JSON.parse(raw) || {});
    } catch (e) {
      return memory || repair({});
    }
  };
  const current = (state) => state.apps.find((app) => app.id === state.current);
  const same = (x, y) => String(x || "").trim().toLowerCase() === String(y || "").trim().toLowerCase();
  // The application with this company and role, if there is one.
  const named = (state, company, role) => state.apps.find((app) => same(app.fields.company, company) && same(app.fields.role, role));

  // A recruiter's link: its values go into the application with the same company and role,
  // or a new one. Names are the site's events and facts, template fields and the shared
  // details in SHARED; other names are ignored. `decision` and
  // `recruiter=yes` are the words of links made before sites declared their own.
  const arrive = (state) => {
    const values = map();
    if (!location.hash.includes("=")) {
      return null;
    }
    new URLSearchParams(location.hash.slice(1)).forEach((value, key) => {
      value = clean(value).trim();
      if (FIELD.test(key) && value) {
        values[key] = value;
      }
    });
    if (values.decision) {
      values.decision_date = values.decision_date || values.decision;
      delete values.decision;
    }
    if (values.recruiter === "yes") {
      values.recruiter = "involved";
    }
    let app = named(state, values.company, values.role);
    const created = !app;
    if (created) {
      state.apps.push((app = blank()));
    }
    each(values, (key, value) => {
      const event = words && find(words.events, key);
      const fact = words && find(words.facts, key);
      if (event) {
        app.events[key] = when(value, event) || app.events[key];
      } else if (fact) {
        app.facts[key] = find(fact.values, value) ? value : app.facts[key];
      } else if (SHARED.includes(key) || a.all("[data-field]").some((input) => input.name === key)) {
        // An application found by its company and role keeps them as the candidate wrote them.
        if (created || (key !== "company" && key !== "role")) {
          app.fields[key] = value;
        }
      } else if (!words) {
        // This page cannot tell an event or a fact of the site: the next page that can will.
        app.link[key] = value;
      }
    });
    if (values.interviewers && !values.interviewer_name) {
      app.fields.interviewer_name = values.interviewers.split(",")[0].trim();
    }
    state.current = app.id;
    return { values, app, created };
  };

  // The key of a checklist item's tick: its checklist page and id.
  const tick = (el) => el.closest("[data-checklist]").getAttribute("data-checklist") + "#" + el.id;
  // Every checklist item that shows an action, as [its tick's key, the action] (words.js).
  const items = (words && words.items) || [];
  // Whether `what` is done for `app`: a checklist item when it is ticked; an action (its id,
  // or a step showing it, `data-action` naming it or empty for the step's own id) when every
  // item showing it is ticked; anything else never.
  const done = (app, what) => {
    if (typeof what != "string") {
      if (what.closest("[data-checklist]")) {
        return own(app.ticks, tick(what));
      }
      what = what.hasAttribute("data-action") ? what.getAttribute("data-action") || what.id : "";
    }
    const shown = items.filter(([, action]) => action === what);
    return shown.length > 0 && shown.every(([key]) => own(app.ticks, key));
  };

  const old = read(KEY) === null && migrate();
  const state = old ? repair(old.state) : load();
  // Ticks kept under an action (before items had ticks of their own) go to every item that
  // shows it, so nothing ticked is lost.
  state.apps.forEach((app) => words && Object.keys(app.ticks).filter((key) => !key.includes("#")).forEach((action) => {
    delete app.ticks[action];
    items.forEach(([key, to]) => to === action && (app.ticks[key] = true));
  }));
  const arrived = arrive(state);
  if (arrived) {
    // The values are kept; the address bar and history no longer show them.
    history.replaceState(null, "", location.pathname + location.search);
  }
  if (write(repair(state)) && old) {
    old.keys.forEach((key) => localStorage.removeItem(key));
  }
  addEventListener("storage", (e) => e.key === KEY && a.emit("app"));

  Object.assign(a, {
    words, arrived, find, named, blank, tick, done, state: load,
    // The shown application.
    app: () => current(load()),
    // Change the shown application (`switched`: which one is shown) and tell the page.
    update: (fn, switched) => {
      const state = load();
      fn(current(state), state);
      write(repair(state));
      a.emit(switched ? "app" : "change");
    },
    // "Acme — Data Engineer", or a name for one not named yet.
    label: (app) => [app.fields.company, app.fields.role].filter(Boolean).join(" — ") || "Unnamed application",
    // The application's facts as rules.js reads them.
    facts: (app) => ({ events: app.events, values: app.facts })
  });
})();
