// Checklists: ticks kept in this browser per site, page and item id, a progress count and a
// reset. Loaded by checklist pages after afterword.js.
"use strict";
(function () {
  var a = window.afterword;
  if (!a) {
    return;
  }
  var load = a.load, save = a.save, all = a.all;

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

  all("[data-checklist]").forEach(checklist);
})();
