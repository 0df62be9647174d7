"""Folding Persian and Arabic text for search.

The same fold runs on both sides of the search: here at build time on the
text given to the indexer, and in the browser (overrides/assets/javascripts/
textfold.js, ``window.portalFold``) on the reader's query. Both sides must give
identical strings, so the fold is one plain character table (``FOLD_TABLE``)
applied one character at a time, with no Unicode normalisation: Python and
the browser may carry different Unicode versions, and a table cannot drift.
Text is expected in NFC, which is what keyboards, browsers and our Markdown
produce. Case is not folded here: the search index lowercases after folding.

What the fold does, for every language:

* harakat and Quranic marks go (U+064B-U+065F, U+0670, U+06D6-U+06ED),
  and so does the tatweel U+0640 (كتـــاب is كتاب);
* Persian (U+06F0-9) and Arabic-Indic (U+0660-9) digits become ASCII, so
  "1398" finds "۱۳۹۸" and the reverse; the Arabic separators ٫ ٬ and the
  Arabic percent sign ٪ become ". , %", so a formatted "۱٬۲۳۴" folds to "1,234";
* invisible characters go: ZWNJ U+200C (کتاب‌ها = کتابها; the index splits
  words on spaces, so dropping ZWNJ keeps the word whole), ZWJ U+200D, and the
  direction marks LRM U+200E, RLM U+200F and ALM U+061C that come along when
  text is copied from an RTL document;
* ۀ (U+06C0, heh with hamza above) becomes ه: it is the same Persian ezafe as
  ه + U+0654, whose hamza the first rule already removes (کرهٔ, کرۀ, کره).
* Cyrillic ё and Ё become е and Е: Russian print mostly writes ё as е
  (Королёв, Королев), so a reader types either. Case goes later (the index
  lowercases Cyrillic and Latin alike).

Letters, by language:

* fa: the Arabic keyboard's ي (U+064A) and ى (U+0649) become Persian ی
  (U+06CC), Arabic ك (U+0643) becomes Persian ک (U+06A9).
* ar: the reverse, ی -> ي and ک -> ك, so Arabic text keeps its own letters.
  ى (alef maksura) is left alone in Arabic: على ("on") is not علي ("Ali").
* en, and any language without a table of its own (ru, zh...): as fa.
  Persian and Arabic words on their pages are nearly always Persian names
  (of people, places, districts), and a reader may type them on either
  keyboard.

Left alone on purpose: ة is not ه (a letter of its own in Arabic, and the
Persian form of an Arabic word ending in ة ends sometimes in ه, مدرسه for
مدرسة, and sometimes in ت, شرکت for شركة, so folding it would be a guess); the
hamza seats أ إ آ ؤ ئ are not folded (Arabic has real pairs such as سأل
"asked" / سال "flowed"); Arabic presentation forms (U+FB50-U+FEFF, from bad
PDF extraction) should be normalised when text is imported, not here.
"""

from __future__ import annotations

_PERSIAN_YEH, _PERSIAN_KAF = "\u06cc", "\u06a9"
_ARABIC_YEH, _ALEF_MAKSURA, _ARABIC_KAF = "\u064a", "\u0649", "\u0643"


def _common() -> dict[str, str]:
    table: dict[str, str] = {}
    marks = [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640]
    table.update({chr(cp): "" for cp in marks})
    for i in range(10):
        table[chr(0x06F0 + i)] = str(i)  # Persian digits
        table[chr(0x0660 + i)] = str(i)  # Arabic-Indic digits
    table.update({"\u066b": ".", "\u066c": ",", "\u066a": "%"})
    table.update({c: "" for c in "\u200c\u200d\u200e\u200f\u061c"})
    table["\u06c0"] = "\u0647"  # ۀ -> ه
    table.update({"\u0451": "\u0435", "\u0401": "\u0415"})  # ё -> е, Ё -> Е (Russian prints ё as е)
    return table


_TO_PERSIAN = {_ARABIC_YEH: _PERSIAN_YEH, _ALEF_MAKSURA: _PERSIAN_YEH, _ARABIC_KAF: _PERSIAN_KAF}
_TO_ARABIC = {_PERSIAN_YEH: _ARABIC_YEH, _PERSIAN_KAF: _ARABIC_KAF}

# Plain data (one complete dict per language: single character -> replacement)
# so a build step can write it out as JSON; textfold.js carries the same table.
FOLD_TABLE: dict[str, dict[str, str]] = {
    "en": {**_common(), **_TO_PERSIAN},
    "fa": {**_common(), **_TO_PERSIAN},
    "ar": {**_common(), **_TO_ARABIC},
}

_TRANSLATE = {lang: str.maketrans(table) for lang, table in FOLD_TABLE.items()}


def table_language(lang) -> str:
    """The FOLD_TABLE key for a language tag: "fa-IR" -> "fa"; anything
    unknown -> "en" (search must still work on an unexpected page)."""
    primary = str(lang or "").lower().replace("_", "-").split("-")[0]
    return primary if primary in FOLD_TABLE else "en"


def fold(text: str, lang: str) -> str:
    """Fold text for search in the given language (see the module docstring)."""
    return text.translate(_TRANSLATE[table_language(lang)])
