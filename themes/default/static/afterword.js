// Afterword's core script, on every page. Every page works without it; it adds what needs
// a browser: ticks kept in localStorage, values from a recruiter's link, and personal due
// dates from the timing rules compiled into the page. Pages that need more load one more
// small script: checklist.js (kept ticks), template.js (email templates), planner.js (the planner and calendar
// export) or share.js (the recruiters' link builder), so no page carries code it never runs.
//
// Values from the URL fragment or a form are only ever set with `textContent` or `.value`,
// never parsed as HTML. Nothing is sent anywhere.
"use strict";
(function () {
  var root = document.documentElement;
  var redirect = root.getAttribute("data-redirect");
  if (redirect) {
    window.location.replace(redirect + window.location.hash);
    return;
  }

  var MAX_VALUE = 200;
  var home = (document.body && document.body.getAttribute("data-home")) || "/";
  var prefix = "afterword/v1" + home;

  // ---- storage: versioned JSON under one key per thing, failures ignored (private mode)

  function load(key, fallback) {
    try {
      var raw = window.localStorage.getItem(prefix + key);
      var data = raw ? JSON.parse(raw) : null;
      return data && typeof data === "object" ? data : fallback;
    } catch (e) {
      return fallback;
    }
  }

  function save(key, value) {
    try {
      window.localStorage.setItem(prefix + key, JSON.stringify(value));
    } catch (e) {
      // Storage full or disabled: the page still works for this visit.
    }
  }

  function all(selector, scope) {
    return Array.prototype.slice.call((scope || document).querySelectorAll(selector));
  }

  function reveal() {
    all("[data-js-only]").forEach(function (el) {
      el.hidden = false;
    });
  }

  function clean(value) {
    return String(value).replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, MAX_VALUE);
  }

  // ---- the URL fragment: `#company=Acme&role=Data%20Engineer` from a recruiter's link

  var SHARED = ["candidate_name", "company", "role", "interviewer_name", "interviewers",
    "recruiter_name", "recruiter_email"];
  var PLAN_KEYS = ["interview", "decision", "stage", "recruiter", "follow_up", "answer", "offer_accepted"];

  function fragmentValues() {
    var hash = window.location.hash.slice(1);
    if (hash.indexOf("=") < 0) {
      return null;
    }
    var params;
    try {
      params = new URLSearchParams(hash);
    } catch (e) {
      return null;
    }
    var values = {};
    params.forEach(function (value, key) {
      values[key] = clean(value);
    });
    return values;
  }

  // Shared values (company, role...) are kept so every template is pre-filled.
  function absorbFragment() {
    var values = fragmentValues();
    if (!values) {
      return null;
    }
    var fields = load("fields", {});
    var declared = all("[data-field]").map(function (input) {
      return input.getAttribute("data-field");
    });
    Object.keys(values).forEach(function (key) {
      if (SHARED.indexOf(key) >= 0 || declared.indexOf(key) >= 0) {
        fields[key] = values[key];
      }
    });
    if (values.interviewers && !values.interviewer_name) {
      fields.interviewer_name = values.interviewers.split(",")[0].trim();
    }
    save("fields", fields);
    var plan = load("plan", {});
    PLAN_KEYS.forEach(function (key) {
      if (key in values) {
        plan[key] = values[key];
      }
    });
    save("plan", plan);
    return values;
  }

  // ---- timing rules: the same evaluation as rules.rs, on civil (time-zone free) dates

  var DAY = 86400000;

  // "2026-11-24T14:00" or "2026-11-24" to milliseconds of a UTC clock used as a civil clock.
  function parseCivil(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(String(text || ""));
    if (!m) {
      return null;
    }
    var t = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0), +(m[6] || 0));
    var check = new Date(t);
    return check.getUTCDate() === +m[3] ? t : null;
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function isoDate(t) {
    var d = new Date(t);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate());
  }

  function isoTime(t) {
    var d = new Date(t);
    return isoDate(t) + "T" + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + ":" + pad(d.getUTCSeconds());
  }

  function startOfDay(t) {
    return Math.floor(t / DAY) * DAY;
  }

  function weekend(t) {
    var day = new Date(t).getUTCDay();
    return day === 0 || day === 6;
  }

  function addBusinessDays(t, n) {
    var step = n < 0 ? -1 : 1;
    var left = Math.abs(n);
    if (left === 0) {
      while (weekend(t)) {
        t += DAY;
      }
    }
    while (left > 0) {
      t += step * DAY;
      if (!weekend(t)) {
        left -= 1;
      }
    }
    return t;
  }

  // facts: {interview, decision_date, follow_up, answer: civil strings or empty,
  // stage: "phone_screen" | "later_round", recruiter: boolean}.
  // Returns null, or {earliest, latest, unit} with ISO strings as rules.rs prints them.
  function evaluate(compact, facts) {
    var words = String(compact).split(" ");
    var event = words[0];
    var unit = words[1];
    var from = Number(words[2]);
    var to = Number(words[3]);
    var holds = words.slice(4).every(function (word) {
      var negated = word.charAt(0) === "!";
      var fact = negated ? word.slice(1) : word;
      var value;
      if (fact === "recruiter") {
        value = Boolean(facts.recruiter);
      } else if (fact.indexOf("stage:") === 0) {
        value = (facts.stage || "later_round") === fact.slice(6);
      } else if (fact.indexOf("known:") === 0) {
        value = Boolean(parseCivil(facts[fact.slice(6)]));
      } else {
        value = false;
      }
      return value !== negated;
    });
    if (!holds) {
      return null;
    }
    var start = parseCivil(facts[event]);
    if (start === null) {
      return null;
    }
    if (unit === "hours") {
      return { unit: unit, earliest: isoTime(start + from * 3600000), latest: isoTime(start + to * 3600000) };
    }
    var day = startOfDay(start);
    if (unit === "business_days") {
      return { unit: unit, earliest: isoDate(addBusinessDays(day, from)), latest: isoDate(addBusinessDays(day, to)) };
    }
    return { unit: unit, earliest: isoDate(day + from * DAY), latest: isoDate(day + to * DAY) };
  }

  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function human(iso) {
    var t = parseCivil(iso);
    var d = new Date(t);
    var text = DAYS[d.getUTCDay()] + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()];
    if (iso.length > 10) {
      text += ", " + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
    }
    return text;
  }

  function describeDue(due) {
    if (due.earliest === due.latest) {
      return (due.unit === "hours" ? "" : "on ") + human(due.earliest);
    }
    if (due.earliest.slice(0, 10) === due.latest.slice(0, 10) || due.unit === "hours") {
      return "by " + human(due.latest);
    }
    return human(due.earliest) + " to " + human(due.latest);
  }

  function planFacts() {
    var plan = load("plan", {});
    var interview = String(plan.interview || "");
    if (/^\d{4}-\d{2}-\d{2}$/.test(interview)) {
      interview += "T09:00";
    }
    return {
      interview: interview,
      decision_date: plan.decision || "",
      follow_up: plan.follow_up || "",
      answer: plan.answer || "",
      offer_accepted: plan.offer_accepted || "",
      stage: plan.stage === "phone_screen" ? "phone_screen" : "later_round",
      recruiter: plan.recruiter === true || plan.recruiter === "yes" || plan.recruiter === "true"
    };
  }

  function showDates() {
    var facts = planFacts();
    var known = parseCivil(facts.interview) !== null;
    all("[data-rule]").forEach(function (el) {
      var slot = el.querySelector("[data-due]");
      if (!slot) {
        return;
      }
      var due = known ? evaluate(el.getAttribute("data-rule"), facts) : null;
      slot.textContent = due ? describeDue(due) : "";
    });
    planNote(facts);
  }

  function planNote(facts) {
    var note = document.querySelector("[data-plan-note]");
    var timed = document.querySelector("[data-rule]");
    if (!note || !timed || document.querySelector("[data-planner]")) {
      return;
    }
    var t = parseCivil(facts.interview);
    note.hidden = t === null;
    note.textContent = "";
    if (t !== null) {
      note.appendChild(document.createTextNode("Dates are for your interview on " + human(facts.interview) + ". "));
      var change = document.createElement("a");
      change.href = home + "#planner";
      change.textContent = "Change them";
      note.appendChild(change);
    }
  }

  // ---- a recruiter's personalised link, and the welcome it gives the candidate

  function welcome(values) {
    var main = document.getElementById("main");
    if (!values || !main || !(values.candidate_name || values.recruiter_name || values.company)) {
      return;
    }
    var box = document.createElement("div");
    box.className = "welcome";
    box.setAttribute("role", "status");
    var text = values.candidate_name ? "Hello " + values.candidate_name + ". " : "Hello. ";
    if (values.recruiter_name) {
      text += values.recruiter_name + (values.recruiter_email ? " (" + values.recruiter_email + ")" : "") +
        " prepared this page for you";
    } else {
      text += "This page was prepared for you";
    }
    if (values.role || values.company) {
      text += ": your interview" + (values.role ? " for " + values.role : "") + (values.company ? " at " + values.company : "");
    }
    if (parseCivil(values.interview) !== null) {
      text += " on " + human(values.interview.length === 10 ? values.interview + "T09:00" : values.interview);
    }
    box.textContent = text + ". Your dates and email templates are filled in; it all stays in this browser.";
    main.insertBefore(box, main.firstChild);
  }

  // ---- copy links to headings, for recruiters and advisers who point to one section

  function copyText(value, done) {
    var fallback = function () {
      done(fallbackCopy(value));
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(function () {
        done(true);
      }, fallback);
    } else {
      fallback();
    }
  }

  function fallbackCopy(value) {
    var area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function headingLinks() {
    all("main h2[id] > a.anchor, main h3[id] > a.anchor").forEach(function (anchor) {
      var heading = anchor.parentNode;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-heading";
      button.textContent = "Copy link";
      button.setAttribute("aria-label", "Copy link to “" + heading.textContent.trim() + "”");
      button.addEventListener("click", function () {
        var url = window.location.origin + window.location.pathname + "#" + heading.id;
        copyText(url, function (ok) {
          button.textContent = ok ? "Copied" : "Copy blocked";
        });
      });
      // After the heading, not inside it, so the heading's accessible name stays its text.
      heading.insertAdjacentElement("afterend", button);
    });
  }

  // ---- print: "Print my progress" prints ticked boxes as ticked, "Print blank" prints every
  // box empty. Blank is a class the print stylesheet reads, so the ticks themselves are never
  // touched; it goes once the page is printed.

  function printBlank(blank) {
    root.classList.toggle("print-blank", blank);
  }
  all("[data-print-blank]").forEach(function (button) {
    button.addEventListener("click", function () {
      printBlank(true);
      window.print();
    });
  });
  all("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      printBlank(false);
    });
  });
  window.addEventListener("afterprint", function () {
    printBlank(false);
  });

  // ---- end of print

  // What the page-specific scripts (template.js, planner.js, share.js) build on.
  window.afterword = {
    home: home, DAY: DAY, load: load, save: save, all: all, clean: clean, copyText: copyText,
    evaluate: evaluate, describeDue: describeDue, parseCivil: parseCivil, isoDate: isoDate,
    isoTime: isoTime, human: human, planFacts: planFacts, showDates: showDates
  };

  var arrived = absorbFragment();
  if (arrived) {
    // The data is kept; the address bar and history no longer show it.
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  reveal();
  welcome(arrived);
  headingLinks();
  all("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
  showDates();
})();
