// Email templates: a live preview as the candidate types, `[Field label]` for what is still
// empty, copy, mailto and a word count. On template pages, after store.js. The values are the
// shown application's own (its company and role are also its name in the bar).
"use strict";
(() => {
  const a = window.afterword;
  if (!a || !a.app) {
    return;
  }
  a.all("[data-template]").forEach((article) => {
    const inputs = a.all("input[data-field]", article);
    const subject = article.querySelector("[data-subject]");
    const mailto = article.querySelector("[data-mailto]");
    const count = article.querySelector("[data-wordcount]");
    const say = (message) => (article.querySelector("[data-copy-status]").textContent = message);
    const text = (kind) =>
      kind === "subject" ? subject.textContent.trim() : a.all("[data-body] p", article).map((p) => p.textContent).join("\n\n");

    const render = () => {
      const values = {};
      inputs.forEach((input) => (values[input.getAttribute("data-field")] = [input.getAttribute("data-label"), a.clean(input.value).trim()]));
      a.all("[data-blank]", article).forEach((blank) => {
        const [label, value] = values[blank.getAttribute("data-blank")];
        blank.textContent = value || "[" + label + "]";
        blank.classList.toggle("filled", Boolean(value));
      });
      mailto.href = "mailto:?subject=" + encodeURIComponent(text("subject")) + "&body=" + encodeURIComponent(text("body"));
      const words = text("body").split(/\s+/).filter(Boolean).length;
      const max = +count.getAttribute("data-max");
      count.textContent = words + " words" + (max ? " (keep it under " + max + ")" : "");
      count.classList.toggle("over", max > 0 && words > max);
    };

    const fill = () => {
      const fields = a.app().fields;
      inputs.forEach((input) => (input.value = fields[input.getAttribute("data-field")] || ""));
      render();
    };
    inputs.forEach((input) =>
      input.addEventListener("input", () => {
        a.update((app) => (app.fields[input.getAttribute("data-field")] = a.clean(input.value)));
        render();
      }));
    a.all("[data-copy]", article).forEach((button) =>
      button.addEventListener("click", () => {
        const kind = button.getAttribute("data-copy");
        a.copyText(text(kind), (ok) =>
          say(!ok ? "Copying is blocked here: select the text and copy it by hand." : kind === "subject" ? "Subject copied." : "Body copied."));
      }));
    a.on("app", fill);
    fill();
  });
})();
