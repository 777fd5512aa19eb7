// Afterword's one script. Every page works without it; it adds what needs a browser:
// ticks kept in localStorage, live email templates, values from a recruiter's link, and
// personal due dates from the timing rules compiled into the page.
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
  var PLAN_KEYS = ["interview", "decision", "stage", "recruiter", "follow_up", "answer"];

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

  // ---- checklists

  function checklist(article) {
    var key = "checklist" + article.getAttribute("data-checklist");
    var boxes = all("input[data-item]", article);
    var progress = article.querySelector("[data-progress]");
    var state = load(key, { ticked: {} });
    var ticked = state.ticked && typeof state.ticked === "object" ? state.ticked : {};

    function update() {
      var done = boxes.filter(function (box) {
        return box.checked;
      }).length;
      if (progress) {
        progress.textContent = done + " of " + boxes.length + " done";
      }
    }

    function store() {
      var now = {};
      boxes.forEach(function (box) {
        if (box.checked) {
          now[box.getAttribute("data-item")] = true;
        }
      });
      save(key, { ticked: now });
    }

    boxes.forEach(function (box) {
      box.checked = ticked[box.getAttribute("data-item")] === true;
      box.addEventListener("change", function () {
        store();
        update();
      });
    });
    var reset = article.querySelector("[data-reset]");
    if (reset) {
      reset.addEventListener("click", function () {
        boxes.forEach(function (box) {
          box.checked = false;
        });
        store();
        update();
      });
    }
    update();
  }

  // ---- email templates

  function template(article) {
    var inputs = all("input[data-field]", article);
    var subject = article.querySelector("[data-subject]");
    var body = article.querySelector("[data-body]");
    var mailto = article.querySelector("[data-mailto]");
    var count = article.querySelector("[data-wordcount]");
    var status = article.querySelector("[data-copy-status]");
    var stored = load("fields", {});

    function labelOf(name) {
      var input = article.querySelector('input[data-field="' + name + '"]');
      return input ? input.getAttribute("data-label") : name;
    }

    function text(kind) {
      if (kind === "subject") {
        return subject.textContent.trim();
      }
      return all("p", body).map(function (p) {
        return p.textContent;
      }).join("\n\n");
    }

    function render() {
      var values = {};
      inputs.forEach(function (input) {
        values[input.getAttribute("data-field")] = clean(input.value).trim();
      });
      all("[data-blank]", article).forEach(function (blank) {
        var name = blank.getAttribute("data-blank");
        var value = values[name];
        blank.textContent = value ? value : "[" + labelOf(name) + "]";
        blank.classList.toggle("filled", Boolean(value));
      });
      if (mailto) {
        mailto.href = "mailto:?subject=" + encodeURIComponent(text("subject")) +
          "&body=" + encodeURIComponent(text("body"));
      }
      if (count) {
        var words = text("body").split(/\s+/).filter(Boolean).length;
        var max = Number(count.getAttribute("data-max")) || 0;
        count.textContent = words + " words" + (max ? " (keep it under " + max + ")" : "");
        count.classList.toggle("over", max > 0 && words > max);
      }
    }

    inputs.forEach(function (input) {
      var name = input.getAttribute("data-field");
      if (typeof stored[name] === "string") {
        input.value = clean(stored[name]);
      }
      input.addEventListener("input", function () {
        var fields = load("fields", {});
        fields[name] = clean(input.value);
        save("fields", fields);
        render();
      });
    });

    function say(message) {
      if (status) {
        status.textContent = message;
      }
    }

    all("[data-copy]", article).forEach(function (button) {
      button.addEventListener("click", function () {
        var kind = button.getAttribute("data-copy");
        var value = text(kind);
        var done = function () {
          say(kind === "subject" ? "Subject copied." : "Body copied.");
        };
        copyText(value, function (ok) {
          return ok ? done() : say("Copying is blocked here: select the text and copy it by hand.");
        });
      });
    });
    render();
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

  // ---- the planner: the candidate's dates, kept in this browser

  var PLAN_FIELDS = ["interview", "stage", "decision", "follow_up", "answer", "recruiter"];

  function planner(form) {
    var plan = load("plan", {});
    PLAN_FIELDS.forEach(function (name) {
      var input = form.elements[name];
      if (!input) {
        return;
      }
      if (input.type === "checkbox") {
        input.checked = planFacts().recruiter;
      } else if (typeof plan[name] === "string") {
        input.value = plan[name];
      }
      var update = function () {
        var now = load("plan", {});
        now[name] = input.type === "checkbox" ? input.checked : clean(input.value);
        save("plan", now);
        showDates();
      };
      input.addEventListener("input", update);
      input.addEventListener("change", update);
    });
    var clear = document.querySelector("[data-plan-clear]");
    if (clear) {
      clear.addEventListener("click", function () {
        save("plan", {});
        form.reset();
        showDates();
      });
    }
    var ics = document.querySelector("[data-ics]");
    if (ics) {
      ics.addEventListener("click", function () {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(new Blob([calendar()], { type: "text/calendar" }));
        link.download = "after-the-interview.ics";
        document.body.appendChild(link);
        link.click();
        document.body.removeChild(link);
      });
    }
  }

  // A line of the note above timed steps: whose dates these are, and where to change them.
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

  // ---- calendar export (RFC 5545), built in the page from its timed steps

  function icsText(value) {
    return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  }

  // Fold lines longer than 75 octets, never splitting a UTF-8 character.
  function fold(line) {
    var out = "";
    var octets = 0;
    Array.from(line).forEach(function (ch) {
      var size = new TextEncoder().encode(ch).length;
      if (octets + size > 75) {
        out += "\r\n ";
        octets = 1;
      }
      out += ch;
      octets += size;
    });
    return out + "\r\n";
  }

  function icsDate(iso) {
    return iso.slice(0, 10).replace(/-/g, "");
  }

  function icsTime(iso) {
    return icsDate(iso) + "T" + iso.slice(11, 19).replace(/:/g, "");
  }

  function calendar() {
    var facts = planFacts();
    var stamp = parseCivil(facts.interview);
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Afterword//Planner//EN", "CALSCALE:GREGORIAN"];
    all("[data-rule]").forEach(function (el) {
      var due = stamp === null ? null : evaluate(el.getAttribute("data-rule"), facts);
      if (!due) {
        return;
      }
      var title = el.querySelector(".step-title, label");
      var url = window.location.origin + window.location.pathname + "#" + el.id;
      lines.push("BEGIN:VEVENT");
      lines.push("UID:" + window.location.pathname.replace(/^\/|\/$/g, "").replace(/\//g, "-") + "-" + el.id + "@afterword");
      lines.push("DTSTAMP:" + icsTime(isoTime(stamp)) + "Z");
      lines.push("SUMMARY:" + icsText(title ? title.textContent.trim() : el.id));
      lines.push("DESCRIPTION:" + icsText(el.querySelector(".due-rule").textContent + "\n" + url));
      lines.push("URL:" + url);
      if (due.unit === "hours") {
        var end = due.earliest === due.latest ? isoTime(parseCivil(due.latest) + 1800000) : due.latest;
        lines.push("DTSTART:" + icsTime(due.earliest));
        lines.push("DTEND:" + icsTime(end));
      } else {
        lines.push("DTSTART;VALUE=DATE:" + icsDate(due.earliest));
        lines.push("DTEND;VALUE=DATE:" + icsDate(isoDate(parseCivil(due.latest) + DAY)));
      }
      lines.push("BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + icsText(title ? title.textContent.trim() : el.id),
        "TRIGGER:-PT1H", "END:VALARM", "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("");
  }

  // ---- a recruiter's personalised link, and the welcome it gives the candidate

  var LINK_FIELDS = ["candidate_name", "company", "role", "interview", "stage", "interviewers", "decision",
    "recruiter_name", "recruiter_email"];

  function share(form) {
    var link = document.querySelector("[data-share-link]");
    var status = document.querySelector("[data-share-status]");
    var qr = document.querySelector("[data-share-qr]");
    var base = link.href.split("#")[0];

    function update() {
      var params = new URLSearchParams();
      LINK_FIELDS.forEach(function (name) {
        var value = clean(form.elements[name].value).trim();
        if (value) {
          params.set(name, value);
        }
      });
      params.set("recruiter", "yes");
      var url = base + "#" + params.toString().replace(/\+/g, "%20");
      link.href = url;
      link.textContent = url;
      if (qr && window.afterwordQr) {
        var code = window.afterwordQr.path(url);
        var ns = "http://www.w3.org/2000/svg";
        var svg = document.createElementNS(ns, "svg");
        svg.setAttribute("viewBox", "0 0 " + code.size + " " + code.size);
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", "QR code of the personalised link");
        svg.setAttribute("class", "qr");
        var back = document.createElementNS(ns, "path");
        back.setAttribute("fill", "#fff");
        back.setAttribute("d", "M0 0h" + code.size + "v" + code.size + "H0z");
        var dark = document.createElementNS(ns, "path");
        dark.setAttribute("d", code.d);
        svg.appendChild(back);
        svg.appendChild(dark);
        qr.textContent = "";
        qr.appendChild(svg);
      }
    }

    LINK_FIELDS.forEach(function (name) {
      form.elements[name].addEventListener("input", update);
      form.elements[name].addEventListener("change", update);
    });
    document.querySelector("[data-copy-link]").addEventListener("click", function () {
      copyText(link.href, function (ok) {
        status.textContent = ok ? "Link copied." : "Copying is blocked here: select the link and copy it by hand.";
      });
    });
    window.addEventListener("load", update);
    update();
  }

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
      heading.appendChild(button);
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

  window.afterword = { evaluate: evaluate, describeDue: describeDue, calendar: calendar };

  var arrived = absorbFragment();
  if (arrived) {
    // The data is kept; the address bar and history no longer show it.
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  reveal();
  welcome(arrived);
  headingLinks();
  all("[data-planner]").forEach(planner);
  all("[data-share]").forEach(share);
  all("[data-checklist]").forEach(checklist);
  all("[data-template]").forEach(template);
  all("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
  showDates();
})();
