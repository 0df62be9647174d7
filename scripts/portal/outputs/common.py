"""What every output shares: where things live, stable identifiers, and the "as of" dates.

Identifiers (iCalendar UIDs, Atom ids) use a fixed authority, not `site_url`: they name
records, not places, so moving the site to another address must not make every calendar and
feed reader see the whole history as new.
"""
from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from .. import languages
from ..present import markdown_to_safe_html
from ..when import When

ID_AUTHORITY = "tehran-intl.github.io"
TAG = f"tag:{ID_AUTHORITY},2019:"          # RFC 4151 tag URIs for Atom ids
TEHRAN = ZoneInfo("Asia/Tehran")

def _listing(name: str):
    from ..pages import listings   # the page modules declare where their pages are

    return listings()[name]


def page_folder(collection: str) -> str:
    """Where a collection's pages are, from a language's root: "sister-cities", "council/meetings"."""
    return _listing(collection).folder


def title_of(collection: str) -> str:
    """A collection's name as readers see it (a msgid, translated with portal.ui.gettext)."""
    return _listing(collection).title


def lang_prefix(lang: str) -> str:
    """Where a language's pages start, from the site root: "" (en), "fa/", "ar/"."""
    return languages.get(lang).root


def page_path(collection: str, record_id: str | None, lang: str) -> str:
    """A page's path from the site root; the list page when the collection has no record pages."""
    listing = _listing(collection)
    folder = listing.folder
    if record_id is None or not listing.record_pages:
        return f"{lang_prefix(lang)}{folder}/"
    return f"{lang_prefix(lang)}{folder}/{record_id}/"


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path


# ----------------------------------------------------------------------------- dates
def when_values(value):
    """Every When inside a record's values (nested lists and objects included)."""
    if isinstance(value, When):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from when_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from when_values(item)


def as_of(records, generated_on: dt.date) -> dt.date:
    """The newest date written in these records that is not after `generated_on`.

    This is the outputs' "last update" (Data Package `created`, iCalendar DTSTAMP, the open-data
    page): it changes only when the data does (a new record, a new `accessed_on` in its
    sources), not with the clock. Future dates (a review due in 2028, an announced event) are
    left out so no output claims to be from the future; with none at all, `generated_on`.
    """
    days = [w.start for record in records for w in when_values(record.data) if w.start <= generated_on]
    return max(days, default=generated_on)


def tehran_midnight(day: dt.date) -> dt.datetime:
    """A day as an instant: 00:00 in Tehran (records have dates, feeds want date-times)."""
    return dt.datetime.combine(day, dt.time(0, 0), TEHRAN)


def rfc3339(moment: dt.datetime) -> str:
    text = moment.isoformat(timespec="seconds")
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# ----------------------------------------------------------------------------- texts
class _TextOnly(HTMLParser):
    """Sanitised HTML to plain text: paragraphs and list items on their own lines."""

    BLOCKS = {"p", "li", "br", "blockquote", "ul", "ol"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.parts.append("\n- ")
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("p", "ul", "ol", "blockquote"):
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))     # keep the space around <em>


def markdown_to_text(markdown: str) -> str:
    """The safe Markdown subset as plain text (for iCalendar, which has no markup)."""
    parser = _TextOnly()
    parser.feed(str(markdown_to_safe_html(markdown)))
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()
