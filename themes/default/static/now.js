// now.js: the answer, at the top of the home page, to "what do I do now?" for the shown
// application: what is overdue, due today or due now, and what comes next, each linking to
// its step. The states are timing.js's, for every action of the site once.
"use strict";
(() => {
  const a = window.afterword;
  const box = document.querySelector("[data-now-list]");
  if (!a || !a.status || !box) {
    return;
  }
  const prompt = [...box.childNodes];
  const add = (parent, name, text) => {
    const el = parent.appendChild(document.createElement(name));
    el.textContent = text || "";
    return el;
  };
  const show = () => {
    const app = a.app();
    const now = a.now();
    const found = { overdue: [], today: [], open: [], next: [] };
    box.textContent = "";
    if (a.civil(app.events[a.words.events[0].name]) === null) {
      box.append(...prompt);
      return;
    }
    a.words.actions.forEach((action) => {
      const result = a.status(action.rule, a.own(app.ticks, action.id), app, now);
      (found[result.state] || []).push([action, result]);
    });
    // Of what is coming, only what opens first.
    const first = found.next.map(([, r]) => r.outcome.earliest.slice(0, 10)).sort()[0];
    found.next = found.next.filter(([, r]) => r.outcome.earliest.startsWith(first));
    add(box, "p", "For " + a.label(app) + ", counted from " + a.since(app) + ".");
    Object.keys(found).forEach((state) => {
      if (found[state].length) {
        add(box, "h3", a.LABELS[state]).className = state;
        const list = add(box, "ul");
        found[state].forEach(([action, result]) => {
          const item = add(list, "li");
          add(item, "a", action.title).href = action.url;
          item.append(" — " + result.text);
        });
      }
    });
    if (!box.querySelector("ul")) {
      add(box, "p", "Nothing is waiting on you now.");
    }
  };
  a.on("app", show);
  a.on("change", show);
  show();
  box.parentNode.hidden = false;
})();
