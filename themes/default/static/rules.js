// rules.js: the timing rules evaluated in the page, a mirror of `Rule::evaluate` in
// src/rules.rs (tests/it/browser/planner.rs compares the two case by case). It reads a rule
// in its compact form (`interview days 7 10 window stage=later_round !known:decision_date
// ~follow_up`) and the site's vocabulary (events, facts, holidays, the time assumed for a
// date alone), and knows no event or fact by name.
//
// `evaluate(rule, facts, words)`, facts `{ events: { name: "2026-11-24T14:00" | "2026-11-24" },
// values: { fact: value } }`, gives one of
//   { due: "on" | "deadline" | "window" | "not_before", earliest, latest (null for
//     not_before), rest: "saturday" | "sunday" | "holiday" | null }  (ISO, as rules.rs prints)
//   { waiting: event }
//   { condition: { negated, fact, value } | { negated, known: event } }
//   { stopped: event, on: "2026-12-04" }
"use strict";
(() => {
  const a = window.afterword;
  if (!a || !a.words) {
    return;
  }
  const { DAY, own, find } = a;
  const day = (t) => Math.floor(t / DAY) * DAY;

  const parse = (compact) => {
    const [event, unit, from, to, kind, ...rest] = compact.split(" ");
    const rule = { event, unit, from: +from, to: +to, kind, conditions: [], until: [] };
    rest.forEach((word) => {
      const negated = word[0] === "!";
      const test = negated ? word.slice(1) : word;
      const [fact, value] = test.split("=");
      if (word[0] === "~") {
        rule.until.push(word.slice(1));
      } else if (test.startsWith("known:")) {
        rule.conditions.push({ negated, known: test.slice(6) });
      } else {
        rule.conditions.push({ negated, fact, value });
      }
    });
    return rule;
  };

  // When an event happened, as civil milliseconds and whether to the minute; null if unknown.
  const known = (facts, name) => {
    const text = own(facts.events, name) ? String(facts.events[name]) : "";
    const t = a.civil(text);
    return t === null ? null : { t, moment: text.length > 10 };
  };

  const restDay = (t, words) => {
    const weekday = new Date(t).getUTCDay();
    return (words.holidays || []).includes(a.isoDate(t)) ? "holiday" : weekday === 0 ? "sunday" : weekday === 6 ? "saturday" : null;
  };

  // `t` moved by `n` business days; zero days on a rest day move to the next business day.
  const addBusinessDays = (t, n, words) => {
    let left = Math.abs(n);
    for (let i = 0; left === 0 && i < 366 && restDay(t, words); i++) {
      t += DAY;
    }
    for (let i = 0; left > 0 && i < 1e5; i++) {
      t += n < 0 ? -DAY : DAY;
      if (!restDay(t, words)) {
        left--;
      }
    }
    return t;
  };

  const holds = (c, facts, words) => {
    const fact = find(words.facts, c.fact);
    const value = own(c, "known") ? known(facts, c.known) !== null :
      (own(facts.values, c.fact) ? facts.values[c.fact] : fact && fact.values[0].name) === c.value;
    return value !== c.negated;
  };

  // As `Rule::stopped`: an until-event or the end of the process on or before the last day
  // (`latest`, null for none).
  const stopped = (rule, facts, words, latest) => {
    const at = (name) => {
      const when = known(facts, name);
      return when && { stopped: name, on: day(when.t) };
    };
    const first = (found, next) => (next && (!found || next.on < found.on) ? next : found);
    const end = words.events.filter((e) => e.ends).map((e) => at(e.name)).reduce(first, null);
    const def = find(words.events, rule.event);
    const ours = at(rule.event);
    // Counted from an ending event: stopped by an earlier one, or by any if it never came.
    const stop = def && def.ends ? (ours ? (end && end.on < ours.on ? end : null) : end) :
      rule.until.map(at).concat([end]).filter((x) => x && (!latest || x.on <= day(latest.t))).reduce(first, null);
    return stop && { stopped: stop.stopped, on: a.isoDate(stop.on) };
  };

  const evaluate = (compact, facts, words) => {
    words = words || a.words;
    const rule = parse(compact);
    const failed = rule.conditions.find((c) => !holds(c, facts, words));
    if (failed) {
      return { condition: failed };
    }
    const start = known(facts, rule.event);
    if (!start) {
      // Nothing new starts once the process is over or an `until` event has come.
      return stopped(rule, facts, words, null) || { waiting: rule.event };
    }
    // A date alone counts from the assumed time that day (17:00).
    const [h, m] = words.assumed_time.split(":");
    const point = (n) =>
      rule.unit === "hours" ? { t: (start.moment ? start.t : start.t + (h * 60 + +m) * 6e4) + n * 36e5, moment: true } :
      { t: rule.unit === "business_days" ? addBusinessDays(day(start.t), n, words) : day(start.t) + n * DAY };
    const iso = (p) => (p.moment ? a.isoTime(p.t) : a.isoDate(p.t));
    const earliest = point(rule.from);
    const latest = rule.kind === "not_before" ? null : point(rule.to);
    const stop = stopped(rule, facts, words, latest);
    const actOn = latest && rule.kind !== "on" ? latest : earliest;
    return stop || { due: rule.kind, earliest: iso(earliest), latest: latest && iso(latest), rest: restDay(day(actOn.t), words) };
  };

  // A condition as a clause after "if", in the vocabulary's words: "it was a later round".
  const clause = (c, words) => {
    words = words || a.words;
    if (own(c, "known")) {
      const event = find(words.events, c.known);
      return event ? (c.negated ? event.unknown : event.known) : c.known + (c.negated ? " is not known" : " is known");
    }
    const values = (find(words.facts, c.fact) || { values: [] }).values;
    const text = (name) => (find(values, name) || { clause: c.fact + " is " + name }).clause;
    // "Not a later round" reads best as the other value when there are two.
    return !c.negated ? text(c.value) : values.length === 2 ? text(values[values[0].name === c.value ? 1 : 0].name) :
      c.fact + " is not " + c.value;
  };

  Object.assign(a, { evaluate, clause });
})();
