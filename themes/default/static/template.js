// template.js: email templates, on template pages after store.js. A live letter as the
// candidate types: `[Field label]` for what is still empty, optional parts (`data-optional`)
// left out while a field in them is empty, the paragraph the field stands in shown under it
// while typing. Copy and the email link carry only what the candidate wrote: a needed field
// still blank is named first, and the candidate may go on knowingly (the gap is `____`,
// never a label). A template with `data-people` gets one letter per person, each with its
// own copy and send. Values are the shown application's own: shared ones in `fields`,
// each person's in `people[<noun>]`. Everything is set with textContent or `.value`.
"use strict";
(() => {
  const a = window.afterword;
  if (!a || !a.app) {
    return;
  }
  // An address with nothing that could end it or start a header: no spaces, `?`, `&`, `%`.
  const EMAIL = /^[A-Za-z0-9._+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
  const GAP = "____";
  const MAX_PEOPLE = 20;
  const well = (text) => (text.toWellFormed ? text.toWellFormed() : text);
  const uri = (text) => encodeURIComponent(well(text));
  const make = (parent, name, text, cls) => {
    const el = parent.appendChild(document.createElement(name));
    el.textContent = text || "";
    el.className = cls || "";
    return el;
  };
  // "Friday 11 December" (with the year when it is not this year), for a letter.
  const longDate = (iso) => {
    const d = new Date(a.civil(iso.slice(0, 10)));
    const y = d.getUTCFullYear();
    return ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][d.getUTCDay()] + " " +
      d.getUTCDate() + " " + ["January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December"][d.getUTCMonth()] + (y === new Date().getFullYear() ? "" : " " + y);
  };

  a.all("[data-template]").forEach((article) => {
    const noun = article.getAttribute("data-people");
    const form = article.querySelector("form.fields");
    const holder = article.querySelector("[data-letters]");
    const model = holder.querySelector("[data-letter]").cloneNode(true);
    const personModel = noun && form.querySelector("[data-person]").cloneNode(true);
    const inputs = () => a.all("[data-field]", form);
    const info = {};
    inputs().forEach((el) => (info[el.name] = {
      label: el.getAttribute("data-label"), required: el.hasAttribute("data-required"), email: el.type === "email",
      dates: JSON.parse(el.getAttribute("data-date-of") || "null"), personal: Boolean(el.closest("[data-person]"))
    }));
    const names = Object.keys(info);
    const personal = names.filter((name) => info[name].personal);
    // What a person's note has of its own, besides who it is for and where it goes.
    const own = personal.filter((name, i) => i > 0 && !info[name].email);
    let focused = null;
    let allowed = {};
    // With several people, one letter is shown at a time, picked by name.
    let shown = 0;
    const pick = noun && holder.parentNode.insertBefore(document.createElement("p"), holder);
    if (pick) {
      pick.className = "letter-pick";
      pick.setAttribute("role", "group");
      pick.setAttribute("aria-label", "Show the email to");
      pick.hidden = true;
    }
    const show = (n) => {
      shown = n;
      [...holder.children].forEach((letter, i) => letter.classList.toggle("away", i !== n));
      a.all("button", pick || holder).forEach((b, i) => b.setAttribute("aria-pressed", String(i === n)));
    };

    // The people of the shown application: stored, or the interviewers a recruiter's link
    // named, or one to fill in.
    const people = (app) => {
      const stored = app.people && app.people[noun];
      if (stored && stored.length) {
        return stored;
      }
      const named = (app.fields.interviewers || app.fields.interviewer_name || "").split(/,|;| and /).map((n) => n.trim()).filter(Boolean);
      return named.length ? named.slice(0, MAX_PEOPLE).map((n) => ({ [personal[0]]: n })) : [{}];
    };
    const keep = (fn) => a.update((app) => {
      app.people = app.people || {};
      app.people[noun] = people(app).map((p) => Object.assign({}, p));
      fn(app.people[noun]);
    });

    // A date from the planner for a field left empty: the first of its actions that is due.
    const suggest = (name, app) => {
      if (!info[name].dates || !a.evaluate || !a.words) {
        return "";
      }
      const due = info[name].dates.map((rule) => a.evaluate(rule, a.facts(app), a.words)).find((o) => o.due);
      return due ? longDate(due.earliest) : "";
    };
    const valuesFor = (app, person) => {
      const values = {};
      names.forEach((name) => {
        const typed = ((info[name].personal ? person[name] : app.fields[name]) || "").trim();
        values[name] = typed || suggest(name, app);
      });
      return values;
    };

    // The letter's text as sent: hidden parts left out, blanks as written or `____`.
    const textOf = (el, all) => [...el.childNodes].map((node) =>
      node.nodeType === 3 ? node.data : node.hidden && !all ? "" :
      node.hasAttribute("data-blank") && !node.classList.contains("filled") && !all ? GAP : textOf(node, all)).join("");
    const tidy = (text) => text.split("\n").map((line) => line.replace(/ {2,}/g, " ").trim()).join("\n").trim();
    const subjectOf = (letter) => tidy(textOf(letter.querySelector("[data-subject]")));
    const bodyOf = (letter) => a.all("[data-body] > p", letter).filter((p) => !p.hidden).map((p) => tidy(textOf(p))).join("\n\n");
    const missing = (letter) => [...new Set(a.all("[data-subject] [data-blank], [data-body] [data-blank]", letter)
      .filter((b) => !b.classList.contains("filled") && !b.closest("[hidden]"))
      .map((b) => b.getAttribute("data-blank")).filter((name) => info[name].required))];

    const fillLetter = (letter, values, i) => {
      a.all("[data-blank]", letter).forEach((blank) => {
        const name = blank.getAttribute("data-blank");
        blank.textContent = values[name] || "[" + info[name].label + "]";
        blank.classList.toggle("filled", Boolean(values[name]));
      });
      a.all("[data-optional]", letter).forEach((part) =>
        (part.hidden = a.all("[data-blank]", part).some((b) => !b.classList.contains("filled"))));
      const to = a.all(".to [data-blank]", letter).map((b) => b.getAttribute("data-blank"));
      const address = (name) => (EMAIL.test(values[name] || "") ? values[name] : "");
      const query = (to[1] && address(to[1]) ? "cc=" + address(to[1]) + "&" : "") +
        "subject=" + uri(subjectOf(letter)) + "&body=" + uri(bodyOf(letter));
      letter.querySelector("[data-mailto]").href = "mailto:" + (to[0] ? address(to[0]) : "") + "?" + query;
      const words = bodyOf(letter).split(/\s+/).filter((w) => w && w !== GAP).length;
      const count = letter.querySelector("[data-wordcount]");
      const max = +count.getAttribute("data-max");
      count.textContent = words + " words" + (max ? " (keep it under " + max + ")" : "");
      count.classList.toggle("over", max > 0 && words > max);
      if (noun) {
        const who = values[personal[0]];
        const heading = letter.querySelector("[data-letter-for]");
        const several = holder.children.length > 1;
        heading.hidden = !who && !several;
        heading.textContent = "Email to " + (who || noun + " " + (i + 1));
        letter.setAttribute("aria-label", heading.hidden ? "The email" : heading.textContent);
      }
    };

    // Letters and person fieldsets to match the people, each set made from the first.
    const match = (count) => {
      while (holder.children.length > count) {
        holder.lastElementChild.remove();
      }
      while (holder.children.length < count) {
        holder.append(model.cloneNode(true));
      }
      if (!noun) {
        return;
      }
      const sets = () => a.all("[data-person]", form);
      while (sets().length > count) {
        sets().pop().remove();
      }
      while (sets().length < count) {
        const set = personModel.cloneNode(true);
        const n = sets().length + 1;
        a.all("[id]", set).forEach((el) => (el.id += "-" + n));
        a.all("label[for]", set).forEach((el) => el.setAttribute("for", el.getAttribute("for") + "-" + n));
        sets().pop().after(set);
      }
      sets().forEach((set, i) => {
        set.querySelector("legend").textContent = noun[0].toUpperCase() + noun.slice(1) + " " + (i + 1);
        set.querySelector("[data-remove-person]").hidden = count < 2;
      });
    };

    // Under the field being typed in: the paragraph it stands in, as it reads now.
    const echo = () => {
      const old = form.querySelector(".echo");
      if (old) {
        old.remove();
      }
      if (!focused || !form.contains(focused)) {
        return;
      }
      const set = focused.closest("[data-person]");
      const letter = holder.children[set ? a.all("[data-person]", form).indexOf(set) : shown];
      const blank = letter && letter.querySelector('[data-body] [data-blank="' + focused.name + '"], [data-subject] [data-blank="' + focused.name + '"]');
      if (blank) {
        const line = make(focused.parentNode, "p", "", "echo");
        line.setAttribute("aria-hidden", "true");
        const part = blank.closest("p");
        line.textContent = part.hidden || blank.closest("[hidden]") ? "Left out while empty: " + tidy(textOf(part, true)) : tidy(textOf(part));
      }
    };

    const warnSame = (list, values) => {
      const line = form.querySelector("[data-same]");
      if (!line) {
        return;
      }
      const key = (v) => own.map((name) => v[name] || "").join("\u0000");
      const pairs = [];
      values.forEach((v, i) => values.slice(0, i).forEach((w) => {
        if (own.some((name) => v[name]) && key(v) === key(w)) {
          pairs.push([w[personal[0]] || "one " + noun, v[personal[0]] || "another"]);
        }
      }));
      line.textContent = pairs.length ? "The notes to " + pairs[0][0] + " and " + pairs[0][1] +
        " are the same apart from the name. Give each one a point only that person would recognise." : "";
    };

    const render = () => {
      const app = a.app();
      const list = noun ? people(app) : [{}];
      match(list.length);
      const values = list.map((person) => valuesFor(app, person));
      inputs().filter((el) => info[el.name].dates).forEach((el) => {
        const date = suggest(el.name, app);
        el.placeholder = date ? "From your plan: " + date : el.getAttribute("placeholder");
      });
      [...holder.children].forEach((letter, i) => fillLetter(letter, values[i], i));
      if (pick) {
        pick.textContent = "";
        pick.hidden = list.length < 2;
        values.forEach((v, i) => {
          const button = make(pick, "button", v[personal[0]] || noun[0].toUpperCase() + noun.slice(1) + " " + (i + 1));
          button.type = "button";
          button.addEventListener("click", () => show(i));
        });
        show(Math.min(shown, list.length - 1));
      }
      warnSame(list, values);
      echo();
    };

    // The form shows the shown application's values.
    const fill = () => {
      const app = a.app();
      const list = noun ? people(app) : [{}];
      match(list.length);
      const sets = a.all("[data-person]", form);
      inputs().forEach((input) => {
        const set = input.closest("[data-person]");
        const value = set ? list[sets.indexOf(set)][input.name] : app.fields[input.name];
        input.value = a.clean(value || "", input.maxLength);
      });
      allowed = {};
      check();
      render();
    };

    // An address that is not one is said next to its field, and left out of the email link.
    const check = () => inputs().filter((el) => el.type === "email").forEach((input) => {
      const bad = input.value.trim() !== "" && !EMAIL.test(input.value.trim());
      let hint = input.parentNode.querySelector(".bad");
      if (bad && !hint) {
        hint = make(input.parentNode, "span", "This is not an email address, so the email link leaves it out.", "hint bad");
        hint.id = input.id + "-bad";
        input.setAttribute("aria-describedby", hint.id);
      } else if (!bad && hint) {
        hint.remove();
        input.removeAttribute("aria-describedby");
      }
      input.setAttribute("aria-invalid", String(bad));
    });

    form.addEventListener("input", (e) => {
      const input = e.target;
      if (!input.hasAttribute("data-field")) {
        return;
      }
      const value = a.clean(input.value, input.maxLength);
      const set = input.closest("[data-person]");
      if (set) {
        const n = a.all("[data-person]", form).indexOf(set);
        keep((list) => (list[n][input.name] = value));
      } else {
        a.update((app) => (app.fields[input.name] = value));
      }
      allowed = {};
      check();
      render();
    });
    form.addEventListener("focusin", (e) => {
      focused = e.target.hasAttribute("data-field") ? e.target : null;
      const set = e.target.closest("[data-person]");
      if (set && pick) {
        show(a.all("[data-person]", form).indexOf(set));
      }
      echo();
    });
    form.addEventListener("focusout", () => setTimeout(() => {
      if (!form.contains(document.activeElement)) {
        focused = null;
        echo();
      }
    }));
    form.addEventListener("click", (e) => {
      const button = e.target.closest("button");
      if (button && button.hasAttribute("data-add-person") && people(a.app()).length < MAX_PEOPLE) {
        keep((list) => list.push({}));
        fill();
        a.all("[data-person]", form).pop().querySelector("[data-field]").focus();
      } else if (button && button.hasAttribute("data-remove-person")) {
        const n = a.all("[data-person]", form).indexOf(button.closest("[data-person]"));
        keep((list) => list.splice(n, 1));
        fill();
        form.querySelector("[data-add-person]").focus();
      }
    });

    // Copy and send: first say which needed fields are blank, and let the candidate go on.
    holder.addEventListener("click", (e) => {
      const control = e.target.closest("[data-copy], [data-mailto], [data-go], [data-fix]");
      if (!control) {
        return;
      }
      const letter = control.closest("[data-letter]");
      const i = [...holder.children].indexOf(letter);
      const status = letter.querySelector("[data-copy-status]");
      const say = (text) => (status.textContent = text);
      if (control.hasAttribute("data-fix")) {
        const set = a.all("[data-person]", form)[i];
        const name = control.getAttribute("data-fix");
        ((info[name].personal && set ? set : form).querySelector('[name="' + name + '"]')).focus();
        return;
      }
      const what = control.getAttribute("data-go") || (control.hasAttribute("data-mailto") ? "send" : control.getAttribute("data-copy"));
      const blank = missing(letter);
      if (blank.length && allowed[i + what] !== true && !control.hasAttribute("data-go")) {
        e.preventDefault();
        say("");
        make(status, "span", "Still blank: " + blank.map((name) => info[name].label).join(", ") + ". ");
        make(status, "button", what === "send" ? "Open it anyway" : "Copy it anyway", "quiet").setAttribute("data-go", what);
        status.append(" ");
        make(status, "button", "Fill in " + info[blank[0]].label, "quiet").setAttribute("data-fix", blank[0]);
        a.all("button", status).forEach((b) => (b.type = "button"));
        return;
      }
      allowed[i + what] = true;
      if (what === "send") {
        say(blank.length ? "Opening your email app; the blanks show as " + GAP + "." : "");
        if (control.hasAttribute("data-go")) {
          location.href = letter.querySelector("[data-mailto]").href;
        }
        return;
      }
      a.copyText(what === "subject" ? subjectOf(letter) : bodyOf(letter), (ok) =>
        say(!ok ? "Copying is blocked here: select the text and copy it by hand." : what === "subject" ? "Subject copied." : "Text copied."));
    });

    a.on("app", fill);
    fill();
  });
})();
