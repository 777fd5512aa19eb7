// Checklists: ticks kept in this browser for the shown application, a progress count and a
// reset that can be undone. On checklist pages, after store.js. An item that shows an action is ticked under
// the action's id, so that every checklist and step showing it agrees; any other item under
// its page and id.
"use strict";
(() => {
  const a = window.afterword;
  if (!a || !a.app) {
    return;
  }
  a.all("[data-checklist]").forEach((article) => {
    const items = a.all("[data-item]", article).map((box) => ({ box, key: a.tick(box.closest("li")) }));
    const progress = article.querySelector("[data-progress]");
    const whose = article.querySelector("[data-print-for]");
    const show = () => {
      const app = a.app();
      const ticks = app.ticks;
      // On paper, whose checklist this is: the site, then the application once it has a name.
      if (whose) {
        whose.textContent = app.fields.company ? " · for " + a.label(app) : "";
      }
      items.forEach((item) => (item.box.checked = a.own(ticks, item.key)));
      progress.textContent = items.filter((item) => item.box.checked).length + " of " + items.length + " done";
    };
    const store = (list, all) =>
      a.update((app) => {
        list.forEach((item) => (item.box.checked ? (app.ticks[item.key] = true) : delete app.ticks[item.key]));
        // A reset also forgets the ticks of items the page no longer has.
        Object.keys(app.ticks).forEach((key) => all && key.startsWith(article.getAttribute("data-checklist") + "#") && delete app.ticks[key]);
      });
    items.forEach((item) => item.box.addEventListener("change", () => store([item])));
    // Clearing is undone in one click, for as long as the page is open.
    const said = article.querySelector("[data-cleared]");
    article.querySelector("[data-reset]").addEventListener("click", () => {
      const ticked = items.filter((item) => item.box.checked);
      items.forEach((item) => (item.box.checked = false));
      store(items, true);
      said.textContent = ticked.length ? "Your ticks are cleared. " : "";
      if (ticked.length) {
        const undo = said.appendChild(document.createElement("button"));
        undo.type = "button";
        undo.className = "quiet";
        undo.textContent = "Undo";
        undo.addEventListener("click", () => {
          ticked.forEach((item) => (item.box.checked = true));
          store(ticked);
          said.textContent = "Your ticks are back.";
        });
      }
    });
    a.on("app", show);
    a.on("change", show);
    show();
  });
})();
