// Afterword's one script: it enhances pages that already work without it.
"use strict";
(function () {
  var redirect = document.documentElement.getAttribute("data-redirect");
  if (redirect) {
    window.location.replace(redirect + window.location.hash);
  }
})();
