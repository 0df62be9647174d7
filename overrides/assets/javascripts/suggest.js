/* Suggestions as you type in the header's search box: page titles whose words begin with the
   query's words, from this language's search-index/<lang>/s/ (scripts/portal/search_index.py).
   The ARIA combobox pattern: arrow keys move through the options, Enter opens the chosen page
   (or, with none chosen, submits the form to the results page as without JavaScript), Escape
   closes; the number of suggestions is announced. Text reaches the DOM as text nodes only. */
(function () {
  "use strict";
  var script = document.currentScript;
  var input = document.getElementById("portal-search-q");
  if (!input || !window.portalWords) return;
  var form = input.form;
  var lang = script.dataset.lang;
  var base = new URL(script.dataset.index, location.href);
  var root = new URL("../../../", base);
  var SHOWN = 8;
  var index = null;
  var files = {};
  var options = [];
  var active = -1;
  var latest = 0;

  var list = document.createElement("ul");
  list.id = "portal-suggest";
  list.className = "portal-suggest";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", script.dataset.label);
  list.hidden = true;
  var live = document.createElement("p");
  live.className = "md-visually-hidden";
  live.setAttribute("aria-live", "polite");
  form.appendChild(list);
  form.appendChild(live);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function load(name) {
    if (!files[name]) {
      files[name] = fetch(new URL(name, base)).then(function (response) {
        if (!response.ok) throw new Error(name + ": " + response.status);
        return response.json();
      });
    }
    return files[name];
  }
  function key(word) {
    var hex = "";
    for (var i = 0; i < Math.min(word.length, 2); i++) hex += ("000" + word.charCodeAt(i).toString(16)).slice(-4);
    return hex;
  }
  function say(count) {
    var digits = script.dataset.digits || "0123456789";
    var n = String(count).replace(/[0-9]/g, function (d) { return digits.charAt(+d); });
    var text = count === 0 ? script.dataset.none : count === 1 ? script.dataset.one : script.dataset.many.replace("{n}", n);
    live.textContent = text;
  }
  function close() {
    list.hidden = true;
    list.textContent = "";
    options = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function choose(n) {
    options.forEach(function (option, i) { option.setAttribute("aria-selected", i === n ? "true" : "false"); });
    active = n;
    if (n >= 0) input.setAttribute("aria-activedescendant", options[n].id);
    else input.removeAttribute("aria-activedescendant");
  }
  // How well a title answers the query: every query word must begin one of its words.
  function score(title, query) {
    var words = window.portalWords(title, lang, index);
    var total = 0;
    for (var q = 0; q < query.length; q++) {
      var best = 0;
      for (var w = 0; w < words.length; w++) {
        if (words[w] === query[q]) best = 2;
        else if (best < 1 && words[w].indexOf(query[q]) === 0) best = 1;
      }
      if (!best) return 0;
      total += best;
    }
    return total;
  }
  function show(found) {
    list.textContent = "";
    options = found.map(function (entry, n) {
      var li = document.createElement("li");
      li.id = "portal-suggest-" + n;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var a = document.createElement("a");
      a.href = new URL(entry[1], root).pathname;
      a.textContent = entry[0];
      a.tabIndex = -1;
      li.appendChild(a);
      li.addEventListener("mousedown", function (event) { event.preventDefault(); location.href = a.href; });
      list.appendChild(li);
      return li;
    });
    active = -1;
    list.hidden = options.length === 0;
    input.setAttribute("aria-expanded", options.length ? "true" : "false");
    say(options.length);
  }
  function update() {
    var ticket = ++latest;
    var text = input.value;
    if (!index || window.portalFold(text, lang).trim().length < 2) { close(); live.textContent = ""; return; }
    var query = window.portalWords(text, lang, index);
    if (!query.length || index.keys.indexOf(key(query[0])) < 0) { if (ticket === latest) { close(); say(0); } return; }
    load(key(query[0]) + ".json").then(function (titles) {
      if (ticket !== latest) return;
      var found = titles.map(function (entry) { return [score(entry[0], query), entry]; })
        .filter(function (pair) { return pair[0] > 0; })
        .sort(function (a, b) { return b[0] - a[0] || a[1][0].length - b[1][0].length || (a[1][0] < b[1][0] ? -1 : 1); })
        .slice(0, SHOWN).map(function (pair) { return pair[1]; });
      show(found);
    });
  }
  input.addEventListener("focus", function () {
    load("index.json").then(function (value) { index = value; update(); });
  });
  input.addEventListener("input", update);
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && options.length) { event.preventDefault(); choose((active + 1) % options.length); }
    else if (event.key === "ArrowUp" && options.length) { event.preventDefault(); choose(active <= 0 ? options.length - 1 : active - 1); }
    else if (event.key === "Escape" && !list.hidden) { event.preventDefault(); close(); }   // the text stays
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); location.href = options[active].firstChild.href; }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
