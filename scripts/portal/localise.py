"""Language facts for the portal: digits, numbers, country and language names,
and sorting, in each of the portal's languages (portal.languages).

Plain Python (Babel and PyICU), no MkDocs: used by the validator, the page
models, the feeds and the search indexer alike. Names come from CLDR through
Babel and are never typed in here, so they stay consistent with each other.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable, TypeVar

import icu
from babel import Locale
from babel.numbers import format_decimal
from babel.numbers import format_percent as _babel_percent

from . import languages

# The languages themselves (which, their digits, calendars and directions) are configuration:
# portal.languages reads them from mkdocs.yml. Babel gives each language's separators and signs
# for its numbering system, but its digits stay ASCII (we map them), and it copies the
# pattern's literal "%" and "-" instead of the locale's symbols (Babel 2.18:
# format_percent(0.85, locale="fa", numbering_system="arabext") == "85%"), so we put CLDR's
# symbols in ourselves. Persian uses the "Extended Arabic-Indic" digits U+06F0..U+06F9 (۰۱۲…),
# Arabic the Arabic-Indic digits U+0660..U+0669 (٠١٢…); they look alike for most digits but 4,
# 5 and 6 differ, and they are different characters for search and fonts, so never mix them.

# Bidi controls inside CLDR symbols. CLDR's Arabic percent sign is
# "٪" + U+061C (ARABIC LETTER MARK), which only matters when the number sits in
# left-to-right text; our fa/ar numbers always sit in a dir="rtl" page, and an
# invisible mark in titles, feeds and the search index makes equal-looking
# strings unequal. So the percent sign is used without it (fa "۸۵٪",
# ar "٨٥٪"). The minus sign keeps its mark: there it decides on which side
# of the number the minus is displayed.
_BIDI_MARKS = re.compile("[\u200e\u200f\u061c]")

T = TypeVar("T")


def check_language(lang: str) -> str:
    """Return lang if it is a configured portal language, else raise ValueError."""
    languages.get(lang)
    return lang


@lru_cache(maxsize=None)
def _digit_table(lang: str) -> dict | None:
    digits = languages.get(lang).digits
    return None if digits == "0123456789" else str.maketrans("0123456789", digits)


def native_digits(text: str, lang: str) -> str:
    """ASCII digits -> the language's digits: Persian (fa), Arabic-Indic (ar); en unchanged."""
    table = _digit_table(lang)
    return text.translate(table) if table else text


def _numbering(lang: str) -> str:
    return languages.get(lang).numbering


@lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    """Babel's Locale, parsed once per language (list pages ask for thousands of names)."""
    return Locale.parse(lang.replace("-", "_"))


def _symbols(lang: str) -> dict:
    return _locale(lang).number_symbols[_numbering(lang)]


def _localise_signs(text: str, lang: str) -> str:
    # Babel leaves ASCII "-" / "%" from the pattern; swap in CLDR's symbols.
    if _numbering(lang) == "latn":
        return text
    symbols = _symbols(lang)
    percent = _BIDI_MARKS.sub("", symbols.get("percentSign", "%"))
    text = text.replace("%", percent)
    return text.replace("-", symbols.get("minusSign", "-"))


def format_number(n, lang: str) -> str:
    """A number with the language's grouping and digits: en "12,345.5",
    fa "۱۲٬۳۴۵٫۵", ar "١٢٬٣٤٥٫٥" (CLDR's default pattern, up to 3 decimals)."""
    text = format_decimal(n, locale=_locale(lang), numbering_system=_numbering(lang))
    return native_digits(_localise_signs(text, lang), lang)


def format_count(n: int, lang: str) -> str:
    """A whole count (pages, partners, visits): like format_number, but
    refuses fractions, which a count never has."""
    if isinstance(n, bool) or int(n) != n:
        raise ValueError(f"a count must be a whole number, got {n!r}")
    return format_number(int(n), lang)


def format_percent(fraction, lang: str) -> str:
    """0.85 -> en "85%", fa "۸۵٪", ar "٨٥٪". The sign goes where CLDR's
    pattern puts it (after the number in all three languages)."""
    text = _babel_percent(fraction, locale=_locale(lang), numbering_system=_numbering(lang))
    return native_digits(_localise_signs(text, lang), lang)


# --- countries ---------------------------------------------------------------

# CLDR's territory list has more than ISO 3166-1's 249 assigned alpha-2 codes.
# Numeric codes ("001", "150", ...) are regions; the two-letter codes below are
# left out on purpose:
#   ZZ                  "Unknown Region", a placeholder.
#   EU, EZ, UN, QO      groupings (European Union, Eurozone, United Nations,
#                       Outlying Oceania): a partner that is an organisation is
#                       recorded as an organisation, not as a country.
#   XA, XB              CLDR pseudo-locale test regions.
#   XK                  Kosovo: a user-assigned code, not an ISO 3166-1
#                       assignment (and Iran does not recognise Kosovo; listing
#                       it would be an editorial decision, not a data one).
#   AC CP CQ DG EA IC TA  ISO "exceptionally reserved" codes (Ascension,
#                       Clipperton, Sark, Diego Garcia, Ceuta & Melilla, Canary
#                       Islands, Tristan da Cunha): places there are recorded
#                       under their state's code (SH, FR, GG, IO, ES, ES, SH).
#                       CQ also has no name in CLDR's fa and ar data.
# What remains is exactly the 249 officially assigned ISO 3166-1 codes.
_NOT_COUNTRIES = frozenset(
    "ZZ EU EZ UN QO XA XB XK AC CP CQ DG EA IC TA".split()
)
_ALPHA2 = re.compile(r"[A-Z]{2}")


@lru_cache(maxsize=None)
def country_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes the portal accepts (from Babel's data)."""
    return frozenset(
        code
        for code in Locale.parse("en").territories
        if _ALPHA2.fullmatch(code) and code not in _NOT_COUNTRIES
    )


def is_country_code(code) -> bool:
    """True for an assigned ISO 3166-1 alpha-2 code in upper case ("KR")."""
    return isinstance(code, str) and code in country_codes()


def country_name(code: str, lang: str) -> str:
    """CLDR's name of a country in the reader's language: ("KR", "fa") -> "کرهٔ جنوبی"."""
    check_language(lang)
    if not is_country_code(code):
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 country code (e.g. 'KR')")
    return _locale(lang).territories[code]


# --- languages of works (ISO 639-1) -------------------------------------------

_ALPHA2_LANG = re.compile(r"[a-z]{2}")


def language_name(code: str, in_lang: str) -> str:
    """Name of the language a work is written in, in the reader's language:
    ("de", "fa") -> "آلمانی". ``code`` is a two-letter ISO 639-1 code."""
    check_language(in_lang)
    names = _locale(in_lang).languages
    if not (isinstance(code, str) and _ALPHA2_LANG.fullmatch(code) and code in names):
        raise ValueError(f"{code!r} is not a known ISO 639-1 language code (e.g. 'de')")
    return names[code]


# --- sorting -----------------------------------------------------------------


@lru_cache(maxsize=None)
def _collator(lang: str) -> "icu.Collator":
    # One collator per language, made once: creating one loads CLDR rules.
    # PyICU collators are not thread-safe; the build is single-threaded.
    return icu.Collator.createInstance(icu.Locale(check_language(lang).replace("-", "_")))


def collation_key(lang: str) -> Callable[[str], bytes]:
    """A sort key function following the language's alphabet (CLDR/ICU):
    Persian puts پ after ب, چ after ج, ژ after ز, گ after ک, and treats the
    Arabic ي/ك as the Persian ی/ک at the first level."""
    return _collator(lang).getSortKey


def sort_by(items: Iterable[T], key: Callable[[T], str] | None, lang: str) -> list[T]:
    """Sort items by ``key(item)`` (the item itself if key is None) in the
    language's alphabetical order. Stable."""
    sort_key = collation_key(lang)
    if key is None:
        return sorted(items, key=sort_key)
    return sorted(items, key=lambda item: sort_key(key(item)))

languages.on_change(_digit_table.cache_clear)
