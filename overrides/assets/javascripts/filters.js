/* List filters that work without a server: each <select> hides the items (list rows and map
   markers) whose data-* attribute does not match. Without JavaScript everything stays visible. */
(function () {
  "use strict";
  var form = document.querySelector("[data-filters]");
  if (!form) return;
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-filter-item]"));
  var count = form.querySelector("[data-filter-count]");
  var rows = items.filter(function (el) { return el.tagName === "LI"; });
  function apply() {
    var wanted = {};
    Array.prototype.forEach.call(form.elements, function (el) { if (el.name && el.value) wanted[el.name] = el.value; });
    var shown = 0;
    items.forEach(function (el) {
      var ok = Object.keys(wanted).every(function (key) {
        // a value may hold several space-separated codes (a publication's topics)
        return (el.dataset[key] || "").split(" ").indexOf(wanted[key]) >= 0;
      });
      el.hidden = !ok;
      if (el.tagName !== "LI") el.style.display = ok ? "" : "none";
      if (ok && el.tagName === "LI") shown += 1;
    });
    count.textContent = form.dataset.countTemplate ? form.dataset.countTemplate.replace("{n}", shown) : shown + " / " + rows.length;
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
})();
