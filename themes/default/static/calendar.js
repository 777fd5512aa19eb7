// calendar.js: the home page's calendar export for the shown application, loaded by
// planner.js when the candidate asks for the file (no page carries it otherwise): one event per
// action of the site that is due (the planner data's `actions`, each once), the file that
// `afterword plan --format ics` writes for the same facts (src/plan.rs: `ics`, `event_span`,
// `reminder`; the browser tests compare the two). Floating local times, all-day events for
// day rules, transparent, a reminder at a sensible hour; the stamp and UIDs come from the
// anchor's time, so the same application imported again updates its events.
"use strict";
(() => {
  const a = window.afterword;
  if (!a || !a.evaluate || !a.words.actions) {
    return;
  }
  const { words, DAY, civil } = a;
  const HOUR = 36e5;
  const encoder = new TextEncoder();
  const canonical = document.querySelector("link[rel=canonical]");
  const base = canonical ? canonical.href : location.origin + a.home;
  const compact = (iso) => iso.replace(/[-:]/g, "");

  // A content line: CRLF, folded at 75 octets between characters, control characters
  // dropped so that no value can start another line. `text` escapes a TEXT value.
  const line = (name, value) => {
    let out = "";
    let octets = 0;
    for (const ch of name + ":" + value.replace(/[\u0000-\u001f\u007f-\u009f]/g, "")) {
      const size = encoder.encode(ch).length;
      if (octets + size > 75) {
        out += "\r\n ";
        octets = 1;
      }
      out += ch;
      octets += size;
    }
    return out + "\r\n";
  };
  const text = (name, value) => line(name, value.replace(/[\\;,]/g, "\\$&").replace(/\n/g, "\\n").replace(/\t/g, " "));
  // A URI value: every byte a URI cannot hold as it is percent-encoded (RFC 3986).
  const uri = (url) => Array.from(encoder.encode(url), (b) =>
    b <= 32 || b >= 127 || '"<>\\^`{|}'.includes(String.fromCharCode(b)) ? "%" + b.toString(16).toUpperCase().padStart(2, "0") : String.fromCharCode(b)).join("");

  // The event's start and (exclusive) end: the day after the last for day rules, 30 minutes
  // after a single moment.
  const span = (due) => {
    const start = civil(due.earliest);
    const end = civil(due.latest || due.earliest);
    return due.earliest.length === 10 ? [start, end + DAY] : [start, end === start ? start + 18e5 : end];
  };

  // Minutes from the start to the reminder, or null: 09:00 on the first day, four hours
  // before a timed deadline closes; never before an hour after the anchor, nor before 08:00
  // or from 20:00.
  const reminder = (due, anchor) => {
    const start = civil(due.earliest);
    const timed = due.earliest.length > 10;
    if (due.due === "on" && timed && start <= anchor) {
      return null;
    }
    let at = Math.max(timed && due.latest && due.due !== "on" ? civil(due.latest) - 4 * HOUR : timed ? start : start + 9 * HOUR, anchor + HOUR);
    const hour = new Date(at).getUTCHours();
    at = hour < 8 ? at - (at % DAY) + 8 * HOUR : hour >= 20 ? at - (at % DAY) + DAY + 9 * HOUR : at;
    return Math.max(0, Math.trunc((at - start) / 6e4));
  };

  // Sorted as `afterword plan` sorts: by the day it opens, when it closes, when it opens.
  const order = (due) => {
    const [opens, end] = span(due);
    const timed = due.earliest.length > 10;
    return [Math.floor(opens / DAY), timed && (!due.latest || due.latest === due.earliest) ? opens : end, opens];
  };

  const note = (due) => {
    const what = { saturday: "a Saturday", sunday: "a Sunday", holiday: "a holiday" }[due.rest];
    return !what ? "" : due.due === "deadline" || due.due === "window" ?
      " The last day is " + what + ": act on the working day before, or write now and schedule it to arrive the next working morning." :
      " That day is " + what + ": if you write then, expect replies on the next working day.";
  };

  // The calendar of the shown application, or null before the anchor event is known.
  const calendar = () => {
    const app = a.app();
    const given = app.events[words.events[0].name];
    if (civil(given) === null) {
      return null;
    }
    const anchor = civil(given.length > 10 ? given : given + "T" + words.assumed_time);
    const stamp = compact(a.isoTime(anchor)).slice(0, 13);
    const due = words.actions
      .map((action, i) => ({ action, due: a.evaluate(action.rule, a.facts(app), words), i }))
      .filter((entry) => entry.due.due)
      .map((entry) => Object.assign(entry, { key: order(entry.due).concat(entry.i) }))
      .sort((x, y) => x.key.map((k, i) => k - y.key[i]).find(Boolean) || 0);
    let out = line("BEGIN", "VCALENDAR") + line("VERSION", "2.0") + line("PRODID", "-//Afterword//afterword plan//EN") +
      line("CALSCALE", "GREGORIAN") + line("METHOD", "PUBLISH");
    due.forEach(({ action, due }) => {
      const [start, end] = span(due);
      const url = uri(base + action.url.slice(a.home.length));
      const minutes = reminder(due, anchor);
      out += line("BEGIN", "VEVENT") + text("UID", action.id + "/" + stamp + "@afterword") + line("DTSTAMP", stamp + "00Z");
      out += due.earliest.length > 10 ?
        line("DTSTART", compact(a.isoTime(start))) + line("DTEND", compact(a.isoTime(end))) :
        line("DTSTART;VALUE=DATE", compact(a.isoDate(start))) + line("DTEND;VALUE=DATE", compact(a.isoDate(end)));
      out += text("SUMMARY", action.title) +
        text("DESCRIPTION", action.label[0].toUpperCase() + action.label.slice(1) + "." + note(due) + "\n" + url) +
        line("URL", url) + line("TRANSP", "TRANSPARENT");
      if (minutes !== null) {
        out += line("BEGIN", "VALARM") + line("ACTION", "DISPLAY") + text("DESCRIPTION", action.title) +
          line("TRIGGER", "PT" + minutes + "M") + line("END", "VALARM");
      }
      out += line("END", "VEVENT");
    });
    return out + line("END", "VCALENDAR");
  };

  // Save the calendar as a file named after the application, or say what is missing.
  a.download = () => {
    const ics = calendar();
    if (ics === null) {
      document.querySelector("[data-plan-status]").textContent = "Enter the date of " + words.events[0].noun + " first: every date counts from it.";
      return;
    }
    const link = document.createElement("a");
    const name = a.app().fields.company ? a.label(a.app()).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") + "-" : "";
    link.href = URL.createObjectURL(new Blob([ics], { type: "text/calendar" }));
    link.download = name + "after-the-interview.ics";
    document.body.append(link);
    link.click();
    link.remove();
  };
  a.calendar = calendar;
})();
