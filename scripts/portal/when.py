"""Dates as the portal's data states them: a day, or only a month, or only a year.

Public facts are often known only to the month ("Minsk signed in November 2006", "Karbala in
Mordad 1401") or the year ("since 2008"). A `When` keeps what was written, in the calendar it
was written in, and answers with the first and last day it may mean, so that sorting, feeds and
statute checks work on real dates while pages never claim a precision the source did not give.

Full dates are parsed by `portal.dates.parse_date` (ISO or Solar Hijri, Persian digits, the
two-digit-year refusal); this module only adds the month and year forms.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import jdatetime

from . import dates

DAY, MONTH, YEAR = "day", "month", "year"
GREGORIAN, JALALI = "gregorian", "jalali"

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_YEAR = re.compile(r"^(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})[-/](\d{1,2})$")


@dataclass(frozen=True)
class When:
    """A date of a given precision. `start` and `end` are the first and last day it may mean."""

    start: dt.date
    end: dt.date
    precision: str
    calendar: str

    def __lt__(self, other: "When") -> bool:
        return (self.start, self.end) < (other.start, other.end)

    @property
    def iso(self) -> str:
        """ISO 8601 with the precision the source gave (2006-11, 2008, 2014-02-27), for data exports."""
        if self.precision == DAY:
            return self.start.isoformat()
        if self.precision == MONTH and self.calendar == GREGORIAN:
            return self.start.strftime("%Y-%m")
        if self.precision == YEAR and self.calendar == GREGORIAN:
            return str(self.start.year)
        # A Solar Hijri month or year is not a Gregorian month or year: give the interval.
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    @property
    def jalali_start(self) -> jdatetime.date:
        return jdatetime.date.fromgregorian(date=self.start)


def parse_when(value) -> When:
    """Parse a date field. Raises dates.DateError with a plain-words message on bad input."""
    if isinstance(value, dt.date):
        return When(value, value, DAY, GREGORIAN)
    text = str(value).strip().translate(_DIGITS)
    if m := _YEAR.match(text):
        year = int(m.group(1))
        if _is_jalali_year(year):
            first = jdatetime.date(year, 1, 1).togregorian()
            last = jdatetime.date(year + 1, 1, 1).togregorian() - dt.timedelta(days=1)
            return When(first, last, YEAR, JALALI)
        _check_gregorian_year(year, value)
        return When(dt.date(year, 1, 1), dt.date(year, 12, 31), YEAR, GREGORIAN)
    if m := _YEAR_MONTH.match(text):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise _no_such_month(value)
        if _is_jalali_year(year):
            first = jdatetime.date(year, month, 1)
            after = jdatetime.date(year + (month == 12), month % 12 + 1, 1)
            return When(first.togregorian(), after.togregorian() - dt.timedelta(days=1), MONTH, JALALI)
        _check_gregorian_year(year, value)
        after = dt.date(year + (month == 12), month % 12 + 1, 1)
        return When(dt.date(year, month, 1), after - dt.timedelta(days=1), MONTH, GREGORIAN)
    day = dates.parse_date(text if not isinstance(value, int) else str(value))
    calendar = JALALI if "/" in text and _is_jalali_year(int(re.split(r"[-/]", text)[0] or 0)) else GREGORIAN
    return When(day, day, DAY, calendar)


def _is_jalali_year(year: int) -> bool:
    return 1200 <= year <= 1499


def _check_gregorian_year(year: int, value) -> None:
    if not 1800 <= year <= 2199:
        raise dates.DateError(
            "bad_format", None,
            f"'{value}' is not a year the portal can use: write a four-digit year such as 2008 "
            "or 1387.",
            f"«{value}» سال قابل‌قبولی نیست: سال را چهاررقمی بنویسید، مانند 2008 یا ۱۳۸۷.",
        )


def _no_such_month(value) -> Exception:
    return dates.DateError(
        "no_such_date", None,
        f"'{value}' has a month number that does not exist (months are 1 to 12).",
        f"شمارهٔ ماه در «{value}» وجود ندارد (ماه‌ها از ۱ تا ۱۲ هستند).",
    )
