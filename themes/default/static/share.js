// The recruiters' page: builds a personalised link from the form, with the candidate's
// details in the fragment (never sent to a server), and draws its QR code with qr.js. On the
// share layout, after afterword.js. The keys are the site's own words (share.html makes a
// field per event and fact of its vocabulary, plus the candidate's and recruiter's details),
// and the candidate's page (store.js) reads them back; no name is listed here.
"use strict";
(() => {
  const a = window.afterword;
  const form = document.querySelector("[data-share]");
  if (!a || !form) {
    return;
  }
  const link = document.querySelector("[data-share-link]");
  const qr = document.querySelector("[data-share-qr]");
  const base = link.href.split("#")[0];
  const update = () => {
    const params = new URLSearchParams();
    a.all("input, select", form).forEach((input) => {
      const value = a.clean(input.value).trim();
      const time = input.getAttribute("data-time");
      if (value && !time) {
        params.set(input.name, value);
      } else if (value && params.has(time)) {
        params.set(time, params.get(time) + "T" + value);
      }
    });
    const url = base + "#" + params.toString().replace(/\+/g, "%20");
    link.href = url;
    link.textContent = url;
    if (window.afterwordQr) {
      const code = window.afterwordQr.path(url);
      const ns = "http://www.w3.org/2000/svg";
      const svg = document.createElementNS(ns, "svg");
      svg.setAttribute("viewBox", "0 0 " + code.size + " " + code.size);
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", "QR code of the personalised link");
      svg.setAttribute("class", "qr");
      [["fill", "#fff", "M0 0h" + code.size + "v" + code.size + "H0z"], ["fill", "#000", code.d]].forEach(([name, value, d]) => {
        const path = svg.appendChild(document.createElementNS(ns, "path"));
        path.setAttribute(name, value);
        path.setAttribute("d", d);
      });
      qr.replaceChildren(svg);
    }
  };
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  document.querySelector("[data-copy-link]").addEventListener("click", () =>
    a.copyText(link.href, (ok) => {
      document.querySelector("[data-share-status]").textContent = ok ? "Link copied." : "Copying is blocked here: select the link and copy it by hand.";
    }));
  addEventListener("load", update);
  update();
})();
