// Email templates: a live preview as the candidate types, `[Field label]` for what is still
// empty, copy, mailto and a word count. Loaded by template pages after afterword.js.
"use strict";
(function () {
  var a = window.afterword;
  if (!a) {
    return;
  }
  var load = a.load, save = a.save, all = a.all, clean = a.clean, copyText = a.copyText;

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

  a.all("[data-template]").forEach(template);
})();
