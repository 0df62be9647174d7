/* Search page: runs the query from ?q= against this language's index in search-index/<lang>/
   (scripts/portal/search_index.py writes it and documents its format and matching rules).
   The query is folded (textfold.js) and cut into words by the separators and clitics that
   index.json carries, as the pages were; then only the shards of its words and the documents
   of the first ten results are fetched. Page text reaches the DOM as text nodes only. */
(function () {
  "use strict";
  var script = document.currentScript;
  var lang = script.dataset.lang;
  var base = new URL(script.dataset.index, location.href);
  var root = new URL("../../", base);
  var form = document.querySelector("[data-search-form]");
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var DIGITS = script.dataset.digits || "0123456789";   // the language's digits (portal.languages)

  var SHOWN = 10;
  var files = {};
  var latest = 0;

  function load(path) {
    if (!files[path]) {
      files[path] = fetch(new URL(path, base)).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.json();
      });
    }
    return files[path];
  }
  function localDigits(text) {
    return text.replace(/[0-9]/g, function (d) { return DIGITS.charAt(+d); });
  }
  function plural(n) {
    if (n === 0) return script.dataset.none;
    if (n === 1) return localDigits(script.dataset.one);
    return localDigits(script.dataset.many.replace("{n}", String(n)));
  }
  var stem = window.portalWords.stem;
  var bigrams = window.portalWords.bigrams;
  function words(text, index) {
    return window.portalWords(text, lang, index);   // textfold.js: cut as the index was
  }
  // How much an indexed word counts for a query word: 1 the same, 1/2 a longer word it begins.
  function weight(term, word, index) {
    if (term === word) return 1;
    return word.length >= index.prefix && term.indexOf(word) === 0 ? 0.5 : 0;
  }
  // Shards are runs of words in `<` order, named by their first: the one whose run holds the
  // word, and for a prefix those starting with it.
  function shardsOf(word, index) {
    var firsts = index.shards;
    return firsts.map(function (first, i) {
      var holds = first <= word && (i + 1 === firsts.length || word < firsts[i + 1]);
      return holds || (word.length >= index.prefix && first.indexOf(word) === 0) ? i : -1;
    }).filter(function (i) { return i >= 0; });
  }
  // {doc: score} for one query word: the best of the indexed words it matches. A longer word
  // counts with no more than the word's own idf, so that a rare longer word cannot outrank it.
  function scores(word, shards, index) {
    var best = {};
    var idf = Infinity;
    shards.forEach(function (shard) {
      if (Object.prototype.hasOwnProperty.call(shard, word)) idf = shard[word][0];
    });
    shards.forEach(function (shard) {
      Object.keys(shard).forEach(function (term) {
        var postings = shard[term];   // [idf, doc, weight, doc gap, weight, ...]
        var w = weight(term, word, index) * Math.min(postings[0], idf);
        if (!w) return;
        for (var i = 1, doc = 0; i < postings.length; i += 2) {
          doc += postings[i];
          if (!(best[doc] >= postings[i + 1] * w)) best[doc] = postings[i + 1] * w;
        }
      });
    });
    return best;
  }
  // Documents found by every word, best first.
  function rank(perWord) {
    var total = perWord.reduce(function (sum, found) {
      var both = {};
      Object.keys(sum).forEach(function (doc) { if (doc in found) both[doc] = sum[doc] + found[doc]; });
      return both;
    });
    return Object.keys(total).map(Number).sort(function (a, b) { return total[b] - total[a] || a - b; });
  }
  // The excerpt with the query's words in <mark>. It is folded one character at a time, so that
  // each folded position maps back to the text as written.
  function excerpt(text, query, index) {
    var p = document.createElement("p");
    var folded = "";
    var at = [];
    for (var i = 0; i < text.length; i++) {
      var f = window.portalFold(text.charAt(i), lang).toLowerCase();
      folded += f;
      for (var j = 0; j < f.length; j++) at.push(i);
    }
    at.push(text.length);
    var pos = 0;
    var done = 0;
    folded.split(new RegExp("(" + index.separators + "+)")).forEach(function (part, n) {
      var hit = n % 2 === 0 && part && bigrams(stem(part, index)).some(function (piece) {
        return query.some(function (word) { return weight(piece, word, index); });
      });
      if (hit) {
        var mark = document.createElement("mark");
        p.appendChild(document.createTextNode(localDigits(text.slice(done, at[pos]))));
        mark.textContent = localDigits(text.slice(at[pos], at[pos + part.length]));
        p.appendChild(mark);
        done = at[pos + part.length];
      }
      pos += part.length;
    });
    p.appendChild(document.createTextNode(localDigits(text.slice(done))));
    return p;
  }
  function show(count, docs, query, index) {
    list.textContent = "";
    status.textContent = plural(count);
    docs.forEach(function (doc) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = new URL(doc[0], root).pathname;
      a.textContent = localDigits(doc[1] || doc[0]);
      li.appendChild(a);
      li.appendChild(excerpt(doc[2], query, index));
      list.appendChild(li);
    });
  }
  function run(text) {
    var ticket = ++latest;   // a slower earlier search must not overwrite a later one
    if (!window.portalFold(text, lang).trim()) { status.textContent = ""; list.textContent = ""; return; }
    load("index.json").then(function (index) {
      var query = words(text, index);
      return Promise.all(query.map(function (word) {
        return Promise.all(shardsOf(word, index).map(function (i) { return load("t/" + i + ".json"); }))
          .then(function (shards) { return scores(word, shards, index); });
      })).then(function (perWord) {
        var found = perWord.length ? rank(perWord) : [];
        return Promise.all(found.slice(0, SHOWN).map(function (doc) {
          return load("d/" + Math.floor(doc / index.chunk) + ".json").then(function (chunk) { return chunk[doc % index.chunk]; });
        })).then(function (docs) {
          if (ticket === latest) show(found.length, docs, query, index);
        });
      });
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
