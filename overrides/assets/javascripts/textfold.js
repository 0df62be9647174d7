/*
 * Folding Persian and Arabic text for search: the browser half of
 * scripts/portal/textfold.py, which folds the indexed text at build time.
 * Both halves must give identical strings (tests/test_textfold.py runs this
 * file under Node against the Python one), so this is the same plain table,
 * applied one character at a time, without Unicode normalisation.
 *
 *   window.portalFold("ديپلماسي ۱۳۹۸", "fa")  ->  "دیپلماسی 1398"
 *
 * Every language: harakat, Quranic marks and tatweel removed; Persian and
 * Arabic-Indic digits -> ASCII (and ٫ ٬ ٪ -> . , %); ZWNJ, ZWJ, LRM, RLM, ALM
 * removed; ۀ -> ه; Cyrillic ё -> е. fa, en and others: ي ى -> ی, ك -> ک. ar: ی -> ي, ک -> ك.
 * See textfold.py for the reasons. ES2017, no modules, no build step.
 */
(function () {
  "use strict";

  var COMMON = {};
  var i;
  // Harakat U+064B-U+065F, superscript alef U+0670, Quranic marks
  // U+06D6-U+06ED, tatweel U+0640: removed.
  for (i = 0x064b; i <= 0x065f; i++) COMMON[String.fromCharCode(i)] = "";
  COMMON["\u0670"] = "";
  for (i = 0x06d6; i <= 0x06ed; i++) COMMON[String.fromCharCode(i)] = "";
  COMMON["\u0640"] = "";
  // Persian (U+06F0-9) and Arabic-Indic (U+0660-9) digits -> ASCII.
  for (i = 0; i < 10; i++) {
    COMMON[String.fromCharCode(0x06f0 + i)] = String(i);
    COMMON[String.fromCharCode(0x0660 + i)] = String(i);
  }
  COMMON["\u066b"] = "."; // Arabic decimal separator
  COMMON["\u066c"] = ","; // Arabic thousands separator
  COMMON["\u066a"] = "%"; // Arabic percent sign
  // ZWNJ, ZWJ, LRM, RLM, ALM: invisible, removed.
  ["\u200c", "\u200d", "\u200e", "\u200f", "\u061c"].forEach(function (c) {
    COMMON[c] = "";
  });
  COMMON["\u06c0"] = "\u0647"; // heh with hamza above -> heh
  COMMON["\u0451"] = "\u0435"; // Cyrillic yo -> ye (Russian print writes ё as е)
  COMMON["\u0401"] = "\u0415";

  var TO_PERSIAN = { "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9" };
  var TO_ARABIC = { "\u06cc": "\u064a", "\u06a9": "\u0643" };

  var TABLE = {
    en: Object.assign({}, COMMON, TO_PERSIAN),
    fa: Object.assign({}, COMMON, TO_PERSIAN),
    ar: Object.assign({}, COMMON, TO_ARABIC)
  };

  // "fa-IR" -> "fa"; anything unknown -> "en", as table_language() in Python.
  function tableLanguage(lang) {
    var primary = String(lang || "").toLowerCase().replace(/_/g, "-").split("-")[0];
    return Object.prototype.hasOwnProperty.call(TABLE, primary) ? primary : "en";
  }

  function portalFold(text, lang) {
    var map = TABLE[tableLanguage(lang)];
    var s = String(text == null ? "" : text);
    var out = "";
    // All keys are single UTF-16 units in the BMP: surrogate halves never
    // match and pass through in pairs, as Python passes astral characters.
    for (var k = 0; k < s.length; k++) {
      var ch = s.charAt(k);
      out += Object.prototype.hasOwnProperty.call(map, ch) ? map[ch] : ch;
    }
    return out;
  }

  portalFold.TABLE = TABLE;
  portalFold.tableLanguage = tableLanguage;
  window.portalFold = portalFold;

  // The words of a text as search_index.words() cuts them, with the rules an index file carries
  // (separators, clitics, stem): folded, lowercased, a leading clitic dropped when `stem`
  // letters remain, Chinese and Japanese runs as overlapping pairs. search.js and suggest.js.
  var CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var CJK_RUN = new RegExp("[" + CJK + "]+|[^" + CJK + "]+", "g");
  var HAS_CJK = new RegExp("^[" + CJK + "]");
  function stem(word, index) {
    for (var i = 0; i < index.clitics.length; i++) {
      var clitic = index.clitics[i];
      if (word.indexOf(clitic) === 0 && word.length - clitic.length >= index.stem) return word.slice(clitic.length);
    }
    return word;
  }
  function bigrams(word) {
    var pieces = [];
    (word.match(CJK_RUN) || []).forEach(function (run) {
      if (HAS_CJK.test(run) && run.length > 1) {
        for (var i = 0; i + 1 < run.length; i++) pieces.push(run.slice(i, i + 2));
      } else {
        pieces.push(run);
      }
    });
    return pieces;
  }
  function portalWords(text, lang, index) {
    var found = portalFold(text, lang).toLowerCase().split(new RegExp(index.separators + "+"))
      .filter(Boolean).map(function (word) { return stem(word, index); });
    return [].concat.apply([], found.map(bigrams));
  }
  portalWords.stem = stem;
  portalWords.bigrams = bigrams;
  window.portalWords = portalWords;
})();
