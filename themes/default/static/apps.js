// apps.js: the bar at the top of every page that says which application the page is
// personalised for and switches, adds and deletes them; and the welcome a recruiter's link
// gives. After store.js, which owns the data. All of it works by keyboard and reads well:
// a native select, buttons that say what they open (aria-expanded) and move the focus into
// it, and a status line that says what changed.
"use strict";
(() => {
  const a = window.afterword;
  const main = document.querySelector("main");
  if (!a || !a.app || !main) {
    return;
  }
  // Made here, not by the page: a visitor without JavaScript has no applications to show.
  const bar = main.insertBefore(document.createElement("section"), main.firstChild);
  bar.className = "apps";
  bar.hidden = true;
  bar.setAttribute("aria-label", "Your applications");
  bar.setAttribute("data-apps", "");
  bar.innerHTML = '<p><label for="app-pick">Personalised for</label> <select id="app-pick"></select> ' +
    '<button type="button" aria-controls="app-add" aria-expanded="false">New</button> ' +
    '<button type="button" aria-controls="app-del" aria-expanded="false">Delete</button></p>' +
    '<form id="app-add" data-app-add hidden aria-label="New application"><label for="app-company">Company</label> ' +
    '<input id="app-company" name="company" required maxlength="200" autocomplete="off"> <label for="app-role">Role</label> ' +
    '<input id="app-role" name="role" maxlength="200" autocomplete="off"> ' +
    '<span><button>Add</button> <button type="button" data-app-cancel>Cancel</button></span></form>' +
    '<p id="app-del" data-app-confirm hidden><span></span> <button type="button" data-app-delete>Yes, delete</button> ' +
    '<button type="button" data-app-cancel>Keep it</button></p><p class="offscreen" role="status"></p>';
  const pick = bar.querySelector("select");
  const add = bar.querySelector("form");
  const toggles = a.all("[aria-controls]", bar);
  const say = (text) => (bar.querySelector("[role=status]").textContent = text + "Showing " + a.label(a.app()) + ".");

  const show = () => {
    const state = a.state();
    pick.textContent = "";
    state.apps.forEach((app) => pick.add(new Option(a.label(app), app.id, false, app.id === state.current)));
  };

  // Open one of the two small forms, or neither, and say which is open.
  const open = (panel) => {
    toggles.forEach((button) => {
      const target = document.getElementById(button.getAttribute("aria-controls"));
      target.hidden = target !== panel;
      button.setAttribute("aria-expanded", target === panel);
    });
    (panel ? panel.querySelector("input, button") : pick).focus();
  };

  pick.onchange = () => {
    a.update((app, state) => (state.current = pick.value), true);
    say("");
  };
  toggles.forEach((button) => {
    button.onclick = () => {
      const panel = document.getElementById(button.getAttribute("aria-controls"));
      if (panel.hasAttribute("data-app-confirm")) {
        panel.firstChild.textContent = "Delete " + a.label(a.app()) + " and all that is saved for it in this browser?";
      }
      open(panel.hidden && panel);
    };
  });
  a.all("[data-app-cancel]", bar).forEach((button) => (button.onclick = () => open(null)));
  add.onsubmit = (event) => {
    event.preventDefault();
    const company = a.clean(add.elements.company.value, 200).trim();
    const role = a.clean(add.elements.role.value, 200).trim();
    a.update((app, state) => {
      const found = a.named(state, company, role) || state.apps[state.apps.push(a.blank(company, role)) - 1];
      state.current = found.id;
    }, true);
    add.reset();
    open(null);
    say("");
  };
  bar.querySelector("[data-app-delete]").onclick = () => {
    const gone = a.label(a.app());
    a.update((app, state) => (state.apps = state.apps.filter((x) => x !== app)), true);
    open(null);
    say("Deleted " + gone + ". ");
  };
  // Escape closes what the bar opened.
  bar.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      open(null);
    }
  });
  a.on("app", show);
  a.on("change", show);
  show();
  // Shown above what the candidate is tapping or typing in, the bar must not move it: the
  // page scrolls by as much as the bar pushed it down.
  const anchor = a.engaged && a.engaged.isConnected && a.engaged;
  const before = anchor && anchor.getBoundingClientRect().top;
  bar.hidden = false;
  if (anchor) {
    scrollBy(0, anchor.getBoundingClientRect().top - before);
  }

  // A recruiter's link: who prepared the page, and the application it filled in.
  const arrived = a.arrived;
  if (arrived) {
    const v = arrived.values;
    const at = a.words && arrived.app.events[a.words.events[0].name];
    const box = document.createElement("div");
    box.className = "welcome";
    box.setAttribute("role", "status");
    box.textContent = "Hello" + (v.candidate_name ? " " + v.candidate_name : "") + ". " +
      (v.recruiter_name ? v.recruiter_name + (v.recruiter_email ? " (" + v.recruiter_email + ")" : "") + " prepared this page for you" : "This page was prepared for you") +
      (v.role || v.company ? ": your interview" + (v.role ? " for " + v.role : "") + (v.company ? " at " + v.company : "") : "") +
      (at ? " on " + a.human(at) : "") + ". Your dates and email templates are filled in" +
      (arrived.created && a.state().apps.length > 1 ? ", as a new application" : "") + "; it all stays in this browser.";
    bar.after(box);
  }
})();
