/* List filters that work without a server: each <select> hides the items (list rows and map
   markers) whose data-* attribute does not match. Without JavaScript everything stays visible.
   A long list comes in pages (nav[data-pages]); the first filter brings the other pages' items
   in (same origin, the pages' own HTML), so a filter always covers the whole list. */
(function () {
  "use strict";
  var form = document.querySelector("[data-filters]");
  if (!form) return;
  var count = form.querySelector("[data-filter-count]");
  var pages = document.querySelector("nav[data-pages]");
  var complete = null;
  var digits = { fa: "۰۱۲۳۴۵۶۷۸۹", ar: "٠١٢٣٤٥٦٧٨٩" }[document.documentElement.lang];
  function localDigits(n) {
    return digits ? String(n).replace(/[0-9]/g, function (d) { return digits[+d]; }) : String(n);
  }

  // Items of another page join their list here; their relative links are made absolute.
  function adopt(html, pageUrl) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    doc.querySelectorAll("[data-filter-list] > [data-filter-item]").forEach(function (item) {
      var list = document.querySelector('[data-filter-list="' + item.parentNode.getAttribute("data-filter-list") + '"]');
      item.querySelectorAll("[href]").forEach(function (a) { a.setAttribute("href", new URL(a.getAttribute("href"), pageUrl).href); });
      if (item.hasAttribute("href")) item.setAttribute("href", new URL(item.getAttribute("href"), pageUrl).href);
      list.appendChild(document.importNode(item, true));
    });
  }
  function everyPage() {
    if (!pages) return Promise.resolve();
    if (!complete) {
      form.setAttribute("aria-busy", "true");
      var others = pages.getAttribute("data-pages").split(" ").map(function (href) { return new URL(href, location.href).href; })
        .filter(function (url) { return url !== new URL(".", location.href).href; });
      complete = Promise.all(others.map(function (url) {
        return fetch(url).then(function (r) { return r.text(); }).then(function (html) { return [url, html]; });
      })).then(function (loaded) {
        loaded.forEach(function (pair) { adopt(pair[1], pair[0]); });
        pages.hidden = true;   // every item is on this page now
        form.removeAttribute("aria-busy");
      });
    }
    return complete;
  }
  function apply() {
    var wanted = {};
    Array.prototype.forEach.call(form.elements, function (el) { if (el.name && el.value) wanted[el.name] = el.value; });
    var shown = 0;
    var rows = 0;
    document.querySelectorAll("[data-filter-item]").forEach(function (el) {
      var ok = Object.keys(wanted).every(function (key) {
        // a value may hold several space-separated codes (a publication's topics)
        return (el.dataset[key] || "").split(" ").indexOf(wanted[key]) >= 0;
      });
      el.hidden = !ok;
      if (el.tagName !== "LI") el.style.display = ok ? "" : "none";
      if (el.tagName === "LI") { rows += 1; if (ok) shown += 1; }
    });
    count.textContent = form.dataset.countTemplate ? form.dataset.countTemplate.replace("{n}", localDigits(shown))
      : localDigits(shown) + " / " + localDigits(rows);
  }
  form.addEventListener("change", function () { everyPage().then(apply); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
})();
