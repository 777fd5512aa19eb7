// Live reload for `afterword serve`: served at /__afterword/reload.js and added to pages
// only by the server, never written by `build`. It listens to the server's event stream
// for this page: `reload` when a build changed it, `problems` when a build failed (shown
// over the page as text, never parsed as HTML), `clear` when they are fixed.
(function () {
  "use strict";
  var script = document.currentScript;
  var since = (script && script.getAttribute("data-generation")) || "";
  var url = "/__afterword/events?path=" + encodeURIComponent(location.pathname) +
    "&since=" + encodeURIComponent(since);
  var source = null;
  var overlay = null;

  // Only a page that is shown listens: browsers allow six connections to one address, and
  // a page in a background tab catches up (reloading if it changed) when it is shown again.
  function listen() {
    if (source) return;
    source = new EventSource(url);
    source.addEventListener("reload", function () {
      source.close();
      location.reload();
    });
    source.addEventListener("problems", function (event) {
      var problems;
      try {
        problems = JSON.parse(event.data);
      } catch (e) {
        problems = [String(event.data)];
      }
      show(problems);
    });
    source.addEventListener("clear", hide);
    // Each connection starts with `hello` and then repeats any problems still there. The
    // mark on <html> tells tests (and the curious) that the page is listening.
    source.addEventListener("hello", function () {
      hide();
      document.documentElement.setAttribute("data-afterword-serve", "listening");
    });
  }

  function stop() {
    if (source) source.close();
    source = null;
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) stop();
    else listen();
  });
  if (!document.hidden) listen();

  // Styles are set through the CSSOM, which a policy of `style-src 'self'` allows.
  function styled(tag, styles) {
    var element = document.createElement(tag);
    for (var name in styles) element.style.setProperty(name, styles[name]);
    return element;
  }

  function show(problems) {
    hide();
    overlay = styled("section", {
      position: "fixed", left: "0", right: "0", bottom: "0", "max-height": "60vh",
      overflow: "auto", "z-index": "2147483647", margin: "0", padding: "1rem",
      background: "#fff8f6", color: "#2b0b05", "border-top": "4px solid #b3261e",
      "box-shadow": "0 -2px 12px rgba(0,0,0,.3)", font: "14px/1.4 system-ui, sans-serif"
    });
    overlay.id = "afterword-problems";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-labelledby", "afterword-problems-title");
    var title = styled("h2", { margin: "0 0 .5rem", font: "bold 16px/1.3 system-ui, sans-serif" });
    title.id = "afterword-problems-title";
    title.textContent = problems.length === 1
      ? "The last edit has a problem; this page shows the last good build"
      : "The last edit has " + problems.length + " problems; this page shows the last good build";
    var close = styled("button", { float: "right", font: "inherit" });
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", hide);
    overlay.appendChild(close);
    overlay.appendChild(title);
    problems.forEach(function (problem) {
      var pre = styled("pre", {
        margin: ".5rem 0", padding: ".5rem", background: "#fff", color: "#2b0b05",
        "white-space": "pre-wrap", font: "13px/1.4 ui-monospace, monospace"
      });
      pre.textContent = problem;
      overlay.appendChild(pre);
    });
    document.body.appendChild(overlay);
  }

  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
  }
})();
