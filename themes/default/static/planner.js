// The planner on the home page: the candidate's dates, kept in this browser, and the
// calendar export (RFC 5545) built in the page from its timed steps. Loaded after
// afterword.js, which computes and shows the dates.
"use strict";
(function () {
  var a = window.afterword;
  if (!a) {
    return;
  }
  var home = a.home, DAY = a.DAY, load = a.load, save = a.save, all = a.all, clean = a.clean, evaluate = a.evaluate, parseCivil = a.parseCivil, isoDate = a.isoDate, isoTime = a.isoTime, planFacts = a.planFacts, showDates = a.showDates;

  // ---- the planner: the candidate's dates, kept in this browser

  var PLAN_FIELDS = ["interview", "stage", "decision", "follow_up", "answer", "offer_accepted", "recruiter"];

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
  // ---- calendar export (RFC 5545), built in the page from its timed steps

  function icsText(value) {
    return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  }

  // Fold lines longer than 75 octets, never splitting a UTF-8 character.
  var encoder = new TextEncoder();

  function fold(line) {
    var out = "";
    var octets = 0;
    Array.from(line).forEach(function (ch) {
      var size = encoder.encode(ch).length;
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
      // The same UID as `afterword plan` gives: page path, id and interview time, so the two
      // calendars update each other's events instead of doubling them.
      var path = window.location.pathname.slice(home.length).replace(/\/$/, "");
      lines.push("UID:" + (path ? path + "/" : "") + el.id + "/" + icsTime(isoTime(stamp)).slice(0, 13) + "@afterword");
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

  all("[data-planner]").forEach(planner);
  a.calendar = calendar;
})();
