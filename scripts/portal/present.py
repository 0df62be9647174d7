"""Values as a reader of one language sees them: texts with visible fallbacks, dates of any precision.

Everything a template prints comes through here (or through portal.dates / portal.localise),
so templates never decide a language, a calendar or a digit set themselves.
"""
from __future__ import annotations

from dataclasses import dataclass

import jdatetime

from . import dates, languages
from .localise import native_digits
from .ui import N_, gettext
from .when import DAY, JALALI, MONTH, When

# Which language to show when a text lacks the reader's: the language's `fallback` in mkdocs.yml,
# by default the others in the order mkdocs.yml lists them (English, then Persian, then Arabic:
# Arabic readers get English before Persian, since more of them read it, and Persian shown as
# Arabic would be misread).


@dataclass(frozen=True)
class LocalText:
    """A text chosen for a reader: `lang` is the language it is really in."""

    text: str
    lang: str
    fallback: bool          # True when not in the reader's language: shown marked, with its own lang

    @property
    def dir(self) -> str:
        return languages.get(self.lang).direction

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def pick(mapping, lang: str) -> LocalText | None:
    """The text of a {en, fa, ar, ...} mapping for a reader of `lang`, or None when it is empty."""
    if mapping is None:
        return None
    if isinstance(mapping, str):
        return LocalText(mapping, lang, False)
    for candidate in languages.get(lang).fallback:
        value = mapping.get(candidate)
        if value:
            return LocalText(value, candidate, candidate != lang)
    return None


def plain(mapping, lang: str) -> str:
    """The chosen text only (for titles, attributes, sorting)."""
    chosen = pick(mapping, lang)
    return chosen.text if chosen else ""


# Solar Hijri month names for readers of other calendars (Babel has no Persian calendar): the
# English transliterations are the msgids, each catalogue has its language's names.
_JALALI_MONTHS = (N_("Farvardin"), N_("Ordibehesht"), N_("Khordad"), N_("Tir"), N_("Mordad"), N_("Shahrivar"),
                  N_("Mehr"), N_("Aban"), N_("Azar"), N_("Dey"), N_("Bahman"), N_("Esfand"))


def when(value: When | None, lang: str) -> str:
    """A date in the reader's calendar, never more precise than the source."""
    if value is None:
        return ""
    if value.precision == DAY:
        return dates.format_date(value.start, lang)
    if languages.get(lang).calendar == "persian":   # Persian only (portal.languages)
        first = jdatetime.date.fromgregorian(date=value.start)
        last = jdatetime.date.fromgregorian(date=value.end)
        if value.calendar == JALALI:
            return dates.format_month_year(value.start, lang) if value.precision == MONTH else native_digits(str(first.year), lang)
        if value.precision == MONTH:   # a Gregorian month spans two Solar Hijri months
            a, b = dates.format_month_year(value.start, lang), dates.format_month_year(value.end, lang)
            return a if a == b else f"{a.split()[0]} تا {b}" if first.year == last.year else f"{a} تا {b}"
        return native_digits(f"{first.year}–{last.year}", lang)
    # Readers of the Gregorian calendar: a Solar Hijri month or year comes with its Gregorian span.
    if value.calendar == JALALI:
        _ = gettext(lang)
        first = jdatetime.date.fromgregorian(date=value.start)
        if value.precision == MONTH:
            label = f"{_(_JALALI_MONTHS[first.month - 1])} {first.year}"
            span = dates.format_date_range(value.start, value.end, lang)
        else:
            label = f"{first.year}"
            span = native_digits(f"{value.start.year}–{value.end.year}", lang)
        return _("{date} SH", date=native_digits(label, lang)) + f" ({span})"
    if value.precision == MONTH:
        return dates.format_month_year(value.start, lang)
    return dates.format_year(value.start, lang)


def year_of(value: When, lang: str) -> int:
    """The year a record belongs to in the reader's calendar (for grouping and filters)."""
    if languages.get(lang).calendar == "persian":
        return jdatetime.date.fromgregorian(date=value.start).year
    return value.start.year


# ----------------------------------------------------------------------------- long texts
from functools import lru_cache  # noqa: E402

from markdown_it import MarkdownIt  # noqa: E402  (kept next to its only use)
from markupsafe import Markup  # noqa: E402

from .sanitise import data_text  # noqa: E402


@dataclass(frozen=True)
class RichText(LocalText):
    html: Markup = Markup("")


# CommonMark (a specified syntax, the one GitHub previews in pull requests), raw HTML escaped;
# markdown-it-py renders it about 2.5 times faster than Python-Markdown, on every record page.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


@lru_cache(maxsize=8192)   # the same text is shown on several pages and in every language build
def markdown_to_safe_html(text: str) -> Markup:
    """The safe Markdown subset: rendered, then sanitised (no raw HTML, only http(s)/mailto links)."""
    html = _MARKDOWN.render(text).strip()
    return Markup(data_text.clean(html))


def rich(mapping, lang: str) -> RichText | None:
    chosen = pick(mapping, lang)
    if chosen is None:
        return None
    return RichText(chosen.text, chosen.lang, chosen.fallback, markdown_to_safe_html(chosen.text))
