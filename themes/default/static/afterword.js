// Afterword's core script, on every page. Every page works without it; it holds what the
// other scripts share through `window.afterword`: DOM helpers, a tiny event bus and civil
// (time-zone free) dates; it also adds copy-link buttons to headings and runs the print
// buttons. The other scripts each own one concern and are loaded only by the pages that need
// them: store.js (the candidate's applications), apps.js (the bar that switches them),
// rules.js (the rule evaluator, a mirror of rules.rs), timing.js (due dates and states),
// checklist.js, template.js, planner.js, now.js and share.js; planner.js loads calendar.js on demand.
// It also registers the service worker that keeps the site offline (the theme's sw.js).
//
// Values from the URL fragment or a form are only ever set with `textContent` or `.value`,
// never parsed as HTML. Nothing is sent anywhere.
"use strict";
(() => {
  const root = document.documentElement;
  const redirect = root.getAttribute("data-redirect");
  if (redirect) {
    location.replace(redirect + location.hash);
    return;
  }
  const DAY = 864e5;
  const listeners = {};
  const all = (selector, scope) => [...(scope || document).querySelectorAll(selector)];
  const pad = (n, width) => String(n).padStart(width || 2, "0");

  // "2026-11-24T14:00", "2026-11-24 14:00:00" or "2026-11-24" to milliseconds of a UTC
  // clock read as the local calendar, or null.
  const civil = (text) => {
    const m = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d))?)?$/.exec(text);
    if (!m || m[4] > 23 || m[5] > 59 || m[6] > 59) {
      return null;
    }
    const d = new Date(Date.UTC(2000, m[2] - 1, m[3], m[4] || 0, m[5] || 0, m[6] || 0));
    // Set apart, as Date.UTC would read years below 100 as 19xx.
    d.setUTCFullYear(m[1], m[2] - 1, m[3]);
    return d.getUTCDate() == m[3] && d.getUTCMonth() == m[2] - 1 ? d.getTime() : null;
  };
  const isoDate = (t) => {
    const d = new Date(t);
    return pad(d.getUTCFullYear(), 4) + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate());
  };
  // As rules.rs prints a moment: `2026-11-25T14:00:00`.
  const isoTime = (t) => isoDate(t) + "T" + new Date(t).toISOString().slice(11, 19);

  const a = (window.afterword = {
    home: document.body.getAttribute("data-home") || "/",
    DAY,
    all,
    civil,
    isoDate,
    isoTime,
    own: (object, key) => Boolean(object) && Object.prototype.hasOwnProperty.call(object, key),
    // No control characters, at most `max` (500) characters, never half of a surrogate pair.
    clean: (value, max) => Array.from(String(value).replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")).slice(0, max || 500).join(""),
    // "app" when another application is shown, "change" when the shown one's data changed.
    on: (name, fn) => (listeners[name] = listeners[name] || []).push(fn),
    emit: (name) => (listeners[name] || []).forEach((fn) => fn()),
    // "Sat 28 Nov", a moment "Sat 28 Nov, 16:00"; with its year when it is not `year`.
    human: (iso, year) => {
      const d = new Date(civil(iso));
      const y = d.getUTCFullYear();
      return "SunMonTueWedThuFriSat".substr(d.getUTCDay() * 3, 3) + " " + d.getUTCDate() + " " +
        "JanFebMarAprMayJunJulAugSepOctNovDec".substr(d.getUTCMonth() * 3, 3) +
        (year && y !== year ? " " + y : "") + (iso.length > 10 ? ", " + iso.slice(11, 16) : "");
    },
    // The candidate's clock as a civil time.
    now: () => {
      const d = new Date();
      return d.getTime() - d.getTimezoneOffset() * 6e4;
    },
    copyText: (value, done) => {
      const fallback = () => {
        const area = document.createElement("textarea");
        area.value = value;
        area.className = "offscreen";
        document.body.append(area);
        area.select();
        let ok = false;
        try {
          ok = document.execCommand("copy");
        } catch (e) {}
        area.remove();
        done(ok);
      };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(value).then(() => done(true), fallback);
      } else {
        fallback();
      }
    }
  });

  // Copy links to headings, for recruiters and advisers who point to one section.
  all("main h2[id] > a.anchor, main h3[id] > a.anchor").forEach((anchor) => {
    const heading = anchor.parentNode;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-heading";
    button.textContent = "Copy link";
    button.setAttribute("aria-label", "Copy link to “" + heading.textContent.trim() + "”");
    button.onclick = () =>
      a.copyText(location.origin + location.pathname + "#" + heading.id, (ok) => {
        button.textContent = ok ? "Copied" : "Copy blocked";
      });
    // After the heading, not inside it, so the heading's accessible name stays its text.
    heading.after(button);
  });

  // "Print my progress" prints ticked boxes as ticked, "Print blank" every box empty: blank is
  // a class the print stylesheet reads, so the ticks themselves are never touched.
  all("[data-print], [data-print-blank]").forEach((button) => {
    button.addEventListener("click", () => {
      root.classList.toggle("print-blank", button.hasAttribute("data-print-blank"));
      print();
    });
  });
  addEventListener("afterprint", () => root.classList.remove("print-blank"));
  all("[data-js-only]").forEach((el) => (el.hidden = false));

  // The service worker (sw.js) keeps the site for reading offline: over http(s) only,
  // never for a page opened from a file.
  const worker = navigator.serviceWorker;
  if (worker && /^https?:$/.test(location.protocol)) {
    addEventListener("load", () => worker.register(a.home + "sw.js").catch(() => {}));
  }
})();
