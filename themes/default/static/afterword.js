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

  // Load the script at `src` once; resolves when it has run.
  const loading = {};
  const need = (a.need = (src) => (loading[src] = loading[src] || new Promise((done, failed) => {
    const script = document.createElement("script");
    script.onload = done;
    script.onerror = () => {
      delete loading[src];
      script.remove();
      failed();
    };
    script.src = src;
    document.head.append(script);
  })));

  // The personal layer: the scripts that keep the candidate's applications and show their
  // days (store.js, apps.js, rules.js, timing.js and the page's own), listed in the body's
  // `data-scripts`. A first visit reads and prints without them; they come as soon as there
  // is something personal to show (applications kept in this browser, a recruiter's link)
  // or the candidate starts to make a `[data-personal]` part theirs (a tick, a field, the
  // planner). What is done while they load (a tick, typed text, a button) is done again once
  // they have run, so nothing is lost.
  a.KEY = "afterword/v2" + a.home + "applications";
  a.OLD = "afterword/v1" + a.home;
  const scripts = (document.body.getAttribute("data-scripts") || "").split(" ").filter(Boolean);
  const typed = new Map();
  const pressed = [];
  let layer = null;
  let ready = !scripts.length;
  const replay = () => {
    ready = true;
    typed.forEach((value, control) => {
      control[control.type == "checkbox" ? "checked" : "value"] = value;
      ["input", "change"].forEach((name) => control.dispatchEvent(new Event(name, { bubbles: true })));
    });
    typed.clear();
    // The field the candidate is in gets its focus again, for what shows beside it.
    const focused = document.activeElement;
    if (focused && focused.closest("[data-personal]")) {
      ["focus", "focusin"].forEach((name) => focused.dispatchEvent(new FocusEvent(name, { bubbles: name == "focusin" })));
    }
    pressed.splice(0).forEach((control) => control.click());
  };
  // Resolves once the layer has run (at once on a page without one). Its scripts are fetched
  // together and run one after the other, each once the one before it has: if one could not
  // be fetched (offline before the site was ever kept), the ones after it wait, the next
  // start tries again from there, and what was done meanwhile still waits for it.
  let fetched = false;
  const start = (a.start = () => {
    if (!fetched) {
      fetched = true;
      scripts.forEach((src) => document.head.append(Object.assign(document.createElement("link"), { rel: "preload", as: "script", href: src })));
    }
    return (layer = layer || scripts.reduce((ran, src) => ran.then(() => need(src)), Promise.resolve()).then(replay, () => (layer = null)));
  });
  const personal = (event, selector) => !ready && event.target.closest && event.target.closest(selector);
  // `a.engaged`: what the candidate started on, which must not move when the layer adds to
  // the page above it (apps.js).
  ["focusin", "pointerdown", "toggle"].forEach((name) =>
    document.addEventListener(name, (event) => personal(event, "[data-personal]") && start(a.engaged = a.engaged || event.target), true));
  ["input", "change"].forEach((name) => document.addEventListener(name, (event) => {
    const control = personal(event, "[data-personal] :is(input, select, textarea)");
    if (control) {
      typed.set(control, control.type == "checkbox" ? control.checked : control.value);
      start();
    }
  }, true));
  document.addEventListener("click", (event) => {
    const control = personal(event, "[data-personal] :is(button:not([data-print], [data-print-blank]), [data-mailto]), [data-open-planner]");
    if (control) {
      event.preventDefault();
      event.stopImmediatePropagation();
      pressed.push(control);
      start();
    }
  }, true);
  const linked = () => location.hash.includes("=") && start();
  addEventListener("hashchange", linked);
  try {
    if (Object.keys(localStorage).some((key) => key === a.KEY || key.startsWith(a.OLD))) {
      start();
    }
  } catch (e) {}
  linked();

  // The service worker (sw.js) keeps the site for reading offline: over http(s) only,
  // never for a page opened from a file.
  const worker = navigator.serviceWorker;
  if (worker && /^https?:$/.test(location.protocol)) {
    addEventListener("load", () => worker.register(a.home + "sw.js").catch(() => {}));
  }
})();
