// now.js: the answer, at the top of the home page, to "what do I do now?" for the shown
// application: what is overdue, due today or due now, and what comes next, each linking to
// its step; and on the path at a glance, where each phase stands. The states are
// timing.js's, for every action of the site once.
"use strict";
(() => {
  const a = window.afterword;
  const box = document.querySelector("[data-now-list]");
  if (!a || !a.status || !box) {
    return;
  }
  const prompt = [...box.childNodes];
  const add = (parent, name, text, cls) => {
    const el = parent.appendChild(document.createElement(name));
    el.textContent = text || "";
    el.className = cls || "";
    return el;
  };
  // Each phase of the path at a glance takes the most pressing state of its steps.
  const RANK = ["overdue", "today", "open", "next", "waiting", "done", "past", "na"];
  const phases = () => a.all(".path [data-phase]").forEach((row) => {
    const heading = document.getElementById(row.getAttribute("data-phase"));
    let list = heading && heading.nextElementSibling;
    while (list && list.tagName !== "OL") {
      list = list.nextElementSibling;
    }
    const states = list ? a.all(".step", list).map((step) => step.getAttribute("data-state")).filter(Boolean) : [];
    const state = RANK.find((s) => states.includes(s)) || "";
    row.setAttribute("data-state", state);
    let badge = row.querySelector(".state");
    if (!badge) {
      badge = row.firstChild.insertBefore(document.createElement("strong"), row.firstChild.firstChild);
      badge.className = "state";
    }
    badge.textContent = state ? a.LABELS[state] : "";
  });
  const show = () => {
    const app = a.app();
    const now = a.now();
    const found = { overdue: [], today: [], open: [], next: [] };
    box.textContent = "";
    phases();
    if (a.civil(app.events[a.words.events[0].name]) === null) {
      box.append(...prompt);
      return;
    }
    a.words.actions.forEach((action) => {
      const result = a.status(action.rule, a.done(app, action.id), app, now);
      (found[result.state] || []).push([action, result]);
    });
    // Of what is coming, only what opens first.
    const first = found.next.map(([, r]) => r.outcome.earliest.slice(0, 10)).sort()[0];
    found.next = found.next.filter(([, r]) => r.outcome.earliest.startsWith(first));
    add(box, "p", "For " + a.label(app) + ", counted from " + a.since(app) + ".").className = "now-for";
    // The one thing to do first, in full; the rest folded under it, by state.
    const all = Object.keys(found).flatMap((state) => found[state].map((entry) => [state, ...entry]));
    if (!all.length) {
      add(box, "p", "Nothing is waiting on you now.");
      return;
    }
    const [state, action, result] = all[0];
    const top = add(box, "p", "", "now-first");
    top.setAttribute("data-state", state);
    add(top, "strong", a.LABELS[state], "state");
    top.append(" ");
    add(top, "a", action.title).href = action.url;
    top.append(" — " + result.text);
    if (all.length > 1) {
      const more = add(box, "details");
      const counts = Object.keys(found).map((s) => [s, found[s].length - (s === state ? 1 : 0)]).filter(([, n]) => n);
      add(more, "summary", (all.length - 1) + " more (" + counts.map(([s, n]) => n + " " + a.LABELS[s].toLowerCase()).join(", ") + ")");
      Object.keys(found).forEach((s) => {
        const rest = found[s].filter(([x]) => x !== action);
        if (rest.length) {
          add(more, "h3", a.LABELS[s], s);
          const list = add(more, "ul");
          rest.forEach(([x, r]) => {
            const item = add(list, "li");
            add(item, "a", x.title).href = x.url;
            item.append(" — " + r.text);
          });
        }
      });
    }
  };
  a.on("app", show);
  a.on("change", show);
  show();
  box.parentNode.hidden = false;
})();
