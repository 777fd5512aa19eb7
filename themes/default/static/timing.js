// timing.js: what each timed step and checklist item means for the shown application, on
// every page that has them, after rules.js. Once the anchor event (the interview) is known,
// each says when ("by Sat 28 Nov, 16:00 — a Saturday") and where it stands: done, overdue,
// due today, due now, next, waiting for an event, passed (a moment that is over), or not
// needed and why. `status` is the one
// place that decides; the home page's "what now" (now.js) lists its answers.
"use strict";
(() => {
  const a = window.afterword;
  if (!a || !a.evaluate) {
    return;
  }
  const { words, DAY } = a;
  const anchor = words.events[0];
  const LABELS = { done: "Done", overdue: "Overdue", today: "Due today", open: "Due now", next: "Next", waiting: "Waiting", past: "Passed", na: "Not needed" };
  const noun = (name) => (a.find(words.events, name) || { noun: name }).noun;

  // When, as a person says it: "by Sat 28 Nov, 16:00 — a Saturday", "from Tue 8 Dec",
  // "Thu 3 Dec to Sun 6 Dec", "on Fri 4 Dec", "Tue 24 Nov, 14:00"; the year when it is not
  // the anchor's.
  const when = (due, year) => {
    const first = a.human(due.earliest, year);
    const text = due.due === "deadline" ? "by " + a.human(due.latest, year) :
      due.due === "not_before" ? "from " + first :
      due.earliest === due.latest ? (due.earliest.length > 10 ? first : "on " + first) :
      first + " to " + (due.latest.slice(0, 10) === due.earliest.slice(0, 10) ? due.latest.slice(11, 16) : a.human(due.latest, year));
    return due.rest ? text + " — a " + (due.rest === "holiday" ? due.rest : due.rest[0].toUpperCase() + due.rest.slice(1)) : text;
  };

  // Where an action stands for `app` at `now`: { state, text, outcome }. `ticked`: it is
  // done (`a.done`: the item is ticked, or every item showing the action).
  const status = (rule, ticked, app, now) => {
    const outcome = a.evaluate(rule, a.facts(app), words);
    const year = new Date(a.civil(app.events[anchor.name])).getUTCFullYear();
    const done = (state, text) => ({ state: ticked ? "done" : state, text, outcome });
    if (outcome.condition) {
      return done("na", "only if " + a.clause(outcome.condition, words));
    }
    if (outcome.stopped) {
      return done("na", "no longer needed: " + noun(outcome.stopped) + " on " + a.human(outcome.on, year));
    }
    if (outcome.waiting) {
      return done("waiting", "once " + (a.find(words.events, outcome.waiting) || { known: outcome.waiting }).known);
    }
    const opens = a.civil(outcome.earliest);
    const last = outcome.latest && a.civil(outcome.latest);
    // A timed deadline or window closes at its minute; a day, or a moment to act on, with the day.
    const closes = !last ? Infinity : outcome.latest.length > 10 && outcome.due !== "on" ? last : Math.floor(last / DAY) * DAY + DAY;
    const tomorrow = Math.floor(now / DAY) * DAY + DAY;
    // A moment to act on ("before you leave") cannot be made up later: once its day is over
    // it has passed, quietly, instead of staying overdue.
    const late = outcome.due === "on" && now >= closes ? "past" : "overdue";
    return done(now >= closes ? late : opens >= tomorrow ? "next" : closes <= tomorrow ? "today" : "open", when(outcome, year));
  };

  // "the interview on Tue 24 Nov, 14:00", or "… on Tue 24 Nov (no time given: 17:00 assumed)".
  const since = (app) => {
    const at = app.events[anchor.name];
    return anchor.noun + " on " + a.human(at) + (anchor.time && at.length === 10 ? " (no time given: " + words.assumed_time + " assumed)" : "");
  };

  const show = () => {
    const app = a.app();
    const known = a.civil(app.events[anchor.name]) !== null;
    const now = a.now();
    a.all("[data-rule]").forEach((el) => {
      // The line that says when; the day goes after its rule, in a span made the first time.
      const line = el.querySelector(".due");
      if (!line) {
        return;
      }
      const slot = line.querySelector("[data-due]") || line.appendChild(document.createElement("span"));
      slot.className = "due-date";
      slot.setAttribute("data-due", "");
      const badge = line.querySelector(".state") || line.insertBefore(document.createElement("strong"), line.firstChild);
      const result = known && status(el.getAttribute("data-rule"), a.done(app, el), app, now);
      badge.className = "state";
      badge.textContent = result ? LABELS[result.state] : "";
      slot.textContent = result ? result.text : "";
      el.setAttribute("data-state", result ? result.state : "");
    });
    // On other pages than the home page: whose dates these are, and where to change them.
    const note = document.querySelector("[data-plan-note]");
    if (note && !document.querySelector("[data-planner]") && document.querySelector("[data-rule]")) {
      note.hidden = !known;
      note.textContent = known ? "Dates for " + a.label(app) + ", counted from " + since(app) + ". " : "";
      const change = note.appendChild(document.createElement("a"));
      change.href = a.home + "#planner";
      change.textContent = "Change them";
    }
  };

  Object.assign(a, { status, since, LABELS });
  a.on("app", show);
  a.on("change", show);
  show();
})();
