/* Search page: runs the query from ?q= against this language's Pagefind index.
   The index holds folded text (scripts/portal/search_index.py); the query is folded with the
   same table (textfold.js), and excerpts are shown with the reader's digits. */
(function () {
  "use strict";
  var script = document.currentScript;
  var lang = script.dataset.lang;
  var form = document.querySelector("[data-search-form]");
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var DIGITS = { fa: "۰۱۲۳۴۵۶۷۸۹", ar: "٠١٢٣٤٥٦٧٨٩" };
  var pagefind = null;

  function localDigits(text) {
    var set = DIGITS[lang];
    return set ? text.replace(/[0-9]/g, function (d) { return set[+d]; }) : text;
  }
  // Excerpts are HTML with <mark>; only digits in text nodes change, never markup.
  function localiseHtml(html) {
    return html.replace(/(^|>)([^<]*)/g, function (_, gt, text) { return gt + localDigits(text); });
  }
  function plural(n) {
    if (n === 0) return script.dataset.none;
    if (n === 1) return localDigits(script.dataset.one);
    return localDigits(script.dataset.many.replace("{n}", String(n)));
  }
  function load() {
    if (!pagefind) {
      // A relative import() resolves against this script's URL, not the page's: make it absolute.
      var bundle = new URL(script.dataset.pagefind, location.href);
      pagefind = import(bundle.href).then(function (module) {
        return module.options({ baseUrl: bundle.pathname.replace(/pagefind\/pagefind\.js$/, "") })
          .then(function () { return module; });
      });
    }
    return pagefind;
  }
  function show(results, data) {
    list.textContent = "";
    status.textContent = plural(results.length);
    data.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = localDigits(item.meta && item.meta.title ? item.meta.title : item.url);
      var p = document.createElement("p");
      p.innerHTML = localiseHtml(item.excerpt);   // Pagefind escapes page text; it adds only <mark>
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
  }
  function run(query) {
    var folded = window.portalFold(query, lang).trim();
    if (!folded) { status.textContent = ""; list.textContent = ""; return; }
    load().then(function (pf) { return pf.search(folded); }).then(function (search) {
      // Each shown result costs a fragment request: show the first ten.
      return Promise.all(search.results.slice(0, 10).map(function (r) { return r.data(); }))
        .then(function (data) { show(search.results, data); });
    });
  }
  var params = new URLSearchParams(location.search);
  var q = params.get("q") || "";
  input.value = q;
  run(q);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    run(input.value);
  });
})();
