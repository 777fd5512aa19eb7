// The recruiters' page: builds a personalised link from the form, with the candidate's
// details in the fragment (never sent to a server), and draws its QR code with qr.js.
// Loaded only by the share layout, after afterword.js, whose helpers it uses.
"use strict";
(function () {
  var page = window.afterword;
  var form = document.querySelector("[data-share]");
  if (!page || !form) {
    return;
  }

  var LINK_FIELDS = ["candidate_name", "company", "role", "interview", "stage", "interviewers", "decision",
    "recruiter_name", "recruiter_email"];

  function share(form) {
    var link = document.querySelector("[data-share-link]");
    var status = document.querySelector("[data-share-status]");
    var qr = document.querySelector("[data-share-qr]");
    var base = link.href.split("#")[0];

    function update() {
      var params = new URLSearchParams();
      LINK_FIELDS.forEach(function (name) {
        var value = page.clean(form.elements[name].value).trim();
        if (value) {
          params.set(name, value);
        }
      });
      params.set("recruiter", "yes");
      var url = base + "#" + params.toString().replace(/\+/g, "%20");
      link.href = url;
      link.textContent = url;
      if (qr && window.afterwordQr) {
        var code = window.afterwordQr.path(url);
        var ns = "http://www.w3.org/2000/svg";
        var svg = document.createElementNS(ns, "svg");
        svg.setAttribute("viewBox", "0 0 " + code.size + " " + code.size);
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", "QR code of the personalised link");
        svg.setAttribute("class", "qr");
        var back = document.createElementNS(ns, "path");
        back.setAttribute("fill", "#fff");
        back.setAttribute("d", "M0 0h" + code.size + "v" + code.size + "H0z");
        var dark = document.createElementNS(ns, "path");
        dark.setAttribute("d", code.d);
        svg.appendChild(back);
        svg.appendChild(dark);
        qr.textContent = "";
        qr.appendChild(svg);
      }
    }

    LINK_FIELDS.forEach(function (name) {
      form.elements[name].addEventListener("input", update);
      form.elements[name].addEventListener("change", update);
    });
    document.querySelector("[data-copy-link]").addEventListener("click", function () {
      page.copyText(link.href, function (ok) {
        status.textContent = ok ? "Link copied." : "Copying is blocked here: select the link and copy it by hand.";
      });
    });
    window.addEventListener("load", update);
    update();
  }

  share(form);
})();
