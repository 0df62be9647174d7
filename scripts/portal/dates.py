"""Dates as staff write them, and dates as readers read them.

Reading (``parse_date``): staff copy dates from letters and statutes, often
in the Solar Hijri (Jalali) calendar and often with Persian digits. The year
decides the calendar: 1200-1499 is Solar Hijri, 1800-2199 Gregorian. Dates
are written year first (``2019-04-26``, ``1398/02/06``, ``1398/2/6``,
``۱۳۹۸/۰۲/۰۶``, ``١٣٩٨/٠٢/٠٦``, ``1398-02-06``). jdatetime converts between
the calendars; there is no calendar arithmetic here.

Writing (``format_*``), one calendar and one digit set per language, as mkdocs.yml configures it
(portal.languages): CLDR's long date format and month names, unless the language's settings
say otherwise. Today:

* en: Gregorian, "26 April 2019" (Babel, pattern "d MMMM y").
* fa: Solar Hijri, the official calendar of Iran and of the Municipality's
  own letters, with jdatetime's Persian month names and Persian digits:
  "۶ اردیبهشت ۱۳۹۸".
* ar: Gregorian, CLDR's plain ``ar`` month names (يناير، فبراير، ... أبريل)
  and Arabic-Indic digits: "٢٦ أبريل ٢٠١٩". The portal's Arabic readers are
  mostly in Iraq, Syria, Lebanon and the Gulf, where Arabic-Indic digits are
  the norm (CLDR's ar_IQ, ar_SA... use them; plain ``ar`` would give Latin
  digits). The Levant and Iraq say نيسان/آذار for the months and Egypt and the
  Gulf say أبريل/مارس, but the ``ar`` names are understood everywhere. The
  Hijri lunar calendar is used for religious dates, not for relations
  between municipalities, so it is not shown.
* any other language: CLDR's long format, interval formats and digits (ru
  "27 февраля 2014 г.", zh "2014年2月27日").
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re

import jdatetime
from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_interval, format_skeleton

from . import languages
from .localise import check_language, native_digits

JALALI_YEARS = range(1200, 1500)
GREGORIAN_YEARS = range(1800, 2200)

# Digits staff may paste: Persian (U+06F0..) and Arabic-Indic (U+0660..).
_TO_ASCII = str.maketrans(
    "".join(chr(0x06F0 + i) for i in range(10)) + "".join(chr(0x0660 + i) for i in range(10)),
    "0123456789" * 2,
)
# Invisible direction marks come along when text is copied from an RTL
# document; word processors turn "-" into dashes and minus signs.
_INVISIBLE = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2212": "-"})

_YEAR_FIRST = re.compile(r"(\d{4})([/-])(\d{1,2})\2(\d{1,2})", re.ASCII)
_YEAR_LAST = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4})", re.ASCII)
_SHORT_YEAR = re.compile(r"(\d{2})([/-])(\d{1,2})\2(\d{1,2})", re.ASCII)

_GREGORIAN_MONTHS = [calendar.month_name[m] for m in range(13)]


class DateError(ValueError):
    """A date that cannot be read. ``code`` is "two_digit_year",
    "bad_format" or "no_such_date"; ``suggestion`` a corrected text or None;
    ``message_en`` / ``message_fa`` say what is wrong in plain words."""

    def __init__(self, code, text, message_en, message_fa, suggestion=None):
        super().__init__(message_en)
        self.code = code
        self.text = text
        self.message_en = message_en
        self.message_fa = message_fa
        self.suggestion = suggestion


def _fa(text: str) -> str:
    return native_digits(text, "fa")


def _bad_format(text, suggestion=None, extra_en="", extra_fa=""):
    en = (
        f"“{text}” is not a date this portal can read. Write the year first, "
        "as in 1398/02/06 (Solar Hijri) or 2019-04-26 (Gregorian)." + extra_en
    )
    fa = (
        f"«{text}» تاریخی نیست که سامانه بتواند بخواند. سال را اول بنویسید، "
        f"مثلاً {_fa('1398/02/06')} (شمسی) یا {_fa('2019-04-26')} (میلادی)." + extra_fa
    )
    return DateError("bad_format", text, en, fa, suggestion)


def _jalali(text, y, m, d) -> datetime.date:
    try:
        return jdatetime.date(y, m, d).togregorian()
    except ValueError:
        pass
    if not 1 <= m <= 12:
        en = f"“{text}”: there is no month {m}; months go from 1 to 12."
        fa = f"«{text}»: ماه {_fa(str(m))} وجود ندارد؛ ماه‌ها از ۱ تا ۱۲ هستند."
    else:
        days = jdatetime.j_days_in_month[m - 1]
        if m == 12 and jdatetime.date(y, 1, 1).isleap():
            days = 30
        month_en = jdatetime.date.j_months_en[m - 1]
        month_fa = jdatetime.date.j_months_fa[m - 1]
        en = f"“{text}”: there is no such day; {month_en} {y} has {days} days."
        fa = f"«{text}»: چنین روزی وجود ندارد؛ {month_fa} {_fa(str(y))} {_fa(str(days))} روز دارد."
    raise DateError("no_such_date", text, en, fa)


def _gregorian(text, y, m, d) -> datetime.date:
    try:
        return datetime.date(y, m, d)
    except ValueError:
        pass
    if not 1 <= m <= 12:
        en = f"“{text}”: there is no month {m}; months go from 1 to 12."
        fa = f"«{text}»: ماه {_fa(str(m))} وجود ندارد؛ ماه‌ها از ۱ تا ۱۲ هستند."
    else:
        days = calendar.monthrange(y, m)[1]
        en = f"“{text}”: there is no such day; {_GREGORIAN_MONTHS[m]} {y} has {days} days."
        fa = f"«{text}»: چنین روزی وجود ندارد؛ ماه {_fa(str(m))} سال {_fa(str(y))} میلادی {_fa(str(days))} روز دارد."
    raise DateError("no_such_date", text, en, fa)


def _from_parts(text, y, m, d) -> datetime.date:
    if y in JALALI_YEARS:
        return _jalali(text, y, m, d)
    if y in GREGORIAN_YEARS:
        return _gregorian(text, y, m, d)
    raise _bad_format(
        text,
        extra_en=f" The year {y} is neither Solar Hijri (1200-1499) nor Gregorian (1800-2199).",
        extra_fa=f" سال {_fa(str(y))} نه شمسی (۱۲۰۰ تا ۱۴۹۹) است و نه میلادی (۱۸۰۰ تا ۲۱۹۹).",
    )


def _expand_short_year(yy: int) -> int:
    # Two-digit years only ever come from Persian letters: 50-99 -> 1350-1399,
    # 00-49 -> 1400-1449. Only a suggestion; the date is still refused.
    return 1300 + yy if yy >= 50 else 1400 + yy


def parse_date(value) -> datetime.date:
    """Read a date as staff write it; return a Gregorian ``datetime.date``.

    Accepts year-first text with "/" or "-" (Solar Hijri when the year is
    1200-1499, Gregorian when 1800-2199), in ASCII, Persian or Arabic-Indic
    digits, with or without leading zeros. A ``datetime.date`` is returned as
    it is (a ``datetime`` is cut to its date), except that a date with a year
    in 1200-1499 is read as Solar Hijri: PyYAML turns an unquoted
    ``1398-02-06`` into ``date(1398, 2, 6)``, and that is what staff meant.

    Two-digit years ("85/5/22") are refused, with a suggestion: 50-99 are
    taken as 1350-1399 and 00-49 as 1400-1449 ("85" -> "1385/05/22",
    "02" -> "1402/..."), since staff copy them from Persian letters. The
    suggestion is only made when that date exists.

    Raises DateError (code "two_digit_year", "bad_format" or "no_such_date").
    """
    if isinstance(value, jdatetime.date):
        return value.togregorian()
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        if value.year in JALALI_YEARS:
            return _jalali(value.isoformat(), value.year, value.month, value.day)
        if value.year in GREGORIAN_YEARS:
            return value
        raise _bad_format(value.isoformat())
    if not isinstance(value, str):
        raise _bad_format(repr(value))

    text = value
    clean = _INVISIBLE.sub("", value).strip().translate(_TO_ASCII).translate(_DASHES)

    if match := _YEAR_FIRST.fullmatch(clean):
        y, _, m, d = match.groups()
        return _from_parts(text, int(y), int(m), int(d))

    if match := _SHORT_YEAR.fullmatch(clean):
        yy, _, m, d = match.groups()
        year = _expand_short_year(int(yy))
        suggestion = f"{year}/{int(m):02d}/{int(d):02d}"
        try:
            jdatetime.date(year, int(m), int(d))
        except ValueError:
            suggestion = None
        if suggestion:
            en_hint, fa_hint = f"for example {suggestion}", f"مثلاً {_fa(suggestion)}"
        else:
            en_hint = f"for example {year}, if that is the year meant"
            fa_hint = f"مثلاً {_fa(str(year))}، اگر منظور همین سال است"
        en = (
            f"“{text}” has a year of only two digits. Please write the year "
            f"with all four digits, {en_hint}, so that nobody has to guess the century."
        )
        fa = (
            f"در «{text}» سال فقط دو رقم دارد. لطفاً سال را با چهار رقم بنویسید، "
            f"{fa_hint}، تا قرن آن حدسی نباشد."
        )
        raise DateError("two_digit_year", text, en, fa, suggestion)

    if match := _YEAR_LAST.fullmatch(clean):
        d, sep, m, y = match.groups()
        suggestion = None
        # Day-first is the only order Persian uses, so a Solar Hijri date
        # written day first can be turned round safely; a Gregorian one
        # could be month-first (US) and is not guessed at.
        if int(y) in JALALI_YEARS:
            suggestion = f"{y}/{int(m):02d}/{int(d):02d}"
            try:
                jdatetime.date(int(y), int(m), int(d))
            except ValueError:
                suggestion = None
        raise _bad_format(text, suggestion)

    raise _bad_format(text)


def iso(d: datetime.date) -> str:
    """"2019-04-26" (a datetime is cut to its date)."""
    if isinstance(d, datetime.datetime):
        d = d.date()
    return d.isoformat()


# --- formatting --------------------------------------------------------------


def _jalali_parts(d: datetime.date) -> tuple[int, str, int]:
    j = jdatetime.date.fromgregorian(date=d, locale="fa_IR")
    return j.day, j.strftime("%B"), j.year


# The full date of the Gregorian languages whose dates this module writes from cached parts
# (and shortens into ranges itself): day, month name, year.
_DAY_MONTH_YEAR = "d MMMM y"


def _persian(lang: str) -> bool:
    return languages.get(lang).calendar == "persian"


def _pattern(lang: str) -> str:
    """The language's full-date pattern: its `date_pattern` setting, else CLDR's long format."""
    return languages.get(lang).date_pattern or _locale(lang).date_formats["long"].pattern


@functools.lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang.replace("-", "_"))


def _parts(d: datetime.date, lang: str) -> tuple[str, str, str]:
    """(day, month name, year) in the reader's calendar and digits."""
    check_language(lang)
    if isinstance(d, datetime.datetime):
        d = d.date()
    if _persian(lang):
        day, month, year = _jalali_parts(d)
        return _fa(str(day)), month, _fa(str(year))
    # Babel's "d" and "y" are the plain numbers; only the month's name needs the locale.
    return native_digits(str(d.day), lang), _month_name(d.month, lang), native_digits(str(d.year), lang)


@functools.lru_cache(maxsize=None)
def _month_name(month: int, lang: str) -> str:
    """The month's name in a date ("MMMM"), from Babel (asked once per month and language)."""
    return _babel_date(datetime.date(2000, month, 1), "MMMM", locale=_locale(lang))


def format_date(d: datetime.date, lang: str) -> str:
    """en "26 April 2019", fa "۶ اردیبهشت ۱۳۹۸", ar "٢٦ أبريل ٢٠١٩", ru "27 февраля 2014 г."."""
    if _persian(lang) or _pattern(lang) == _DAY_MONTH_YEAR:
        day, month, year = _parts(d, lang)
        return f"{day} {month} {year}"
    return native_digits(_babel_date(d, _pattern(lang), locale=_locale(lang)), lang)


def format_month_year(d: datetime.date, lang: str) -> str:
    """en "April 2019", fa "اردیبهشت ۱۳۹۸", ar "أبريل ٢٠١٩", zh "2019年4月"."""
    if _persian(lang):
        _, month, year = _parts(d, lang)
        return f"{month} {year}"
    # CLDR's skeleton for a month and year: the stand-alone month name, right without a day.
    check_language(lang)
    return native_digits(format_skeleton("yMMMM", d, locale=_locale(lang)), lang)


def format_year(d: datetime.date, lang: str) -> str:
    """The year in the reader's calendar: en "2019", fa "۱۳۹۸", ar "٢٠١٩", zh "2019年".
    A Gregorian year spans two Solar Hijri years (the new year is on about
    21 March), so fa gives the Solar Hijri year of this very date."""
    if _persian(lang):
        return _parts(d, lang)[2]
    if isinstance(d, datetime.datetime):
        d = d.date()
    return native_digits(format_skeleton("y", d, locale=_locale(lang)), lang)


def format_date_range(start: datetime.date, end: datetime.date, lang: str) -> str:
    """A span of days, shortened when both ends share a month or a year in
    the reader's calendar:

    en "3–5 July 2022", "30 June – 2 July 2022", "30 December 2022 – 2 January 2023";
    fa "۱۲ تا ۱۴ تیر ۱۴۰۱" (CLDR's Persian range word تا); ar "٣–٥ يوليو ٢٠٢٢".
    """
    if end < start:
        raise ValueError(f"date range ends ({end}) before it starts ({start})")
    if start == end:
        return format_date(start, lang)
    if not _persian(lang) and _pattern(lang) != _DAY_MONTH_YEAR:
        # CLDR's own interval format ("3–5 июля 2022 г.", "2022年7月3日至5日").
        return native_digits(format_interval(start, end, "yMMMMd", locale=_locale(lang)), lang)
    d1, m1, y1 = _parts(start, lang)
    d2, m2, y2 = _parts(end, lang)
    if _persian(lang):
        if (m1, y1) == (m2, y2):
            return f"{d1} تا {d2} {m2} {y2}"
        if y1 == y2:
            return f"{d1} {m1} تا {d2} {m2} {y2}"
        return f"{d1} {m1} {y1} تا {d2} {m2} {y2}"
    # Day-month-year languages (en, ar): a closed en dash between bare numbers, a spaced one otherwise.
    if (m1, y1) == (m2, y2):
        return f"{d1}–{d2} {m2} {y2}"
    if y1 == y2:
        return f"{d1} {m1} – {d2} {m2} {y2}"
    return f"{d1} {m1} {y1} – {d2} {m2} {y2}"
