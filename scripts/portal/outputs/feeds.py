"""Atom feeds (RFC 4287) per language: new findings, council resolutions, news of relations.

- Ids are tag URIs (RFC 4151) under a fixed authority, built from the record's id (its file
  name) and the language: "tag:tehran-intl.github.io,2019:fa/findings/<id>". They never change
  between builds or when the site moves. The language is part of the id because the Persian
  and the English entry are different texts; an aggregator must not merge them.
- An entry's `updated` is the record's own date (a finding's publication, a meeting's day, a
  signature, a membership's start) at 00:00 Tehran time; the feed's `updated` is the newest
  entry's. So a feed changes only when its data does. A date known only to the month or year
  counts from its first day.
- Titles are in the reader's language; a missing translation falls back as on the site and
  the element says so with its own xml:lang.
- Newest first, at most MAX_ENTRIES entries.
"""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from markupsafe import escape

from ..labels import label
from .. import languages
from ..localise import country_name, native_digits
from ..present import LocalText, pick, rich, when
from ..ui import N_, gettext
from .common import TAG, absolute, as_of, lang_prefix, page_path, rfc3339, tehran_midnight

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_ENTRIES = 50

AUTHOR = N_("Tehran Municipality — Deputy for International Affairs")
RELATIONS = {"sister-city": N_("Sister city"), "friendship": N_("Friendship"),
             "cooperation-mou": N_("Cooperation memorandum")}

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def feed_path(name: str, lang: str) -> str:
    return f"feeds/{lang}/{name}.xml"


@dataclass
class Entry:
    key: str                      # after the language in the id: "findings/<id>"
    title: LocalText | str
    href: str                     # page path from the site root
    day: dt.date
    order: tuple                  # tie-break among entries of the same day
    meta: list = field(default_factory=list)     # short facts: texts or (label, value) pairs
    body: object = None           # portal.present.RichText
    categories: list = field(default_factory=list)   # (term, label)


def _meta_html(meta: list, lang: str) -> str:
    """Short facts on one line; a text shown in another language is marked with its own."""
    def shown(value) -> str:
        if isinstance(value, LocalText) and value.fallback:
            return f'<span lang="{value.lang}" dir="{value.dir}">{escape(value.text)}</span>'
        return str(escape(str(value)))

    parts = []
    for item in meta:
        if isinstance(item, tuple):          # (label, value): "Status: Implemented"
            if item[1]:
                parts.append(f"{escape(item[0])}: {shown(item[1])}")
        elif item:
            parts.append(shown(item))
    return f"<p>{' · '.join(parts)}</p>" if parts else ""


def _body_html(body) -> str:
    if not body:
        return ""
    if body.fallback:   # shown in another language: say which, as the site does
        return f'<div lang="{body.lang}" dir="{languages.get(body.lang).direction}">{body.html}</div>'
    return str(body.html)


# ----------------------------------------------------------------------------- entries
def _newest(candidates):
    """The MAX_ENTRIES newest of (day, order, item) triples, in feed order: only they are rendered."""
    return [item for _day, _order, item in
            sorted(candidates, key=lambda c: (-c[0].toordinal(), c[1]))[:MAX_ENTRIES]]


def _finding_entries(data, lang: str) -> list[Entry]:
    _ = gettext(lang)
    out = []
    for record in _newest((r["published_on"].start, (r.id,), r) for r in data.records["findings"].values()):
        published = record["published_on"]
        out.append(Entry(
            key=f"findings/{record.id}", title=pick(record["title"], lang),
            href=page_path("findings", record.id, lang), day=published.start, order=(record.id,),
            meta=[_(label(record["type"])), when(published, lang), pick(record.get("publisher"), lang)],
            body=rich(record.get("summary"), lang),
            categories=[(record["type"], _(label(record["type"])))] + _example(record, lang)))
    return out


def _resolution_entries(data, lang: str) -> list[Entry]:
    _ = gettext(lang)
    out = []
    resolutions = ((m["held_on"].start, (-m["number"], position), (m, position, resolution))
                   for m in data.records["council-meetings"].values()
                   for position, resolution in enumerate(m.get("resolutions", [])))
    for meeting, position, resolution in _newest(resolutions):
        held = meeting["held_on"]
        number = str(resolution["number"]).translate(_DIGITS)
        responsible = pick(resolution.get("responsible"), lang)
        out.append(Entry(
            key=f"council/meetings/{meeting.id}/resolutions/{number}",
            title=_("Resolution {number}, meeting of {date}", number=native_digits(number, lang),
                    date=when(held, lang)),
            href=page_path("council-meetings", meeting.id, lang), day=held.start,
            order=(-meeting["number"], position),
            meta=[(_("Status"), _(label(resolution["status"]))), (_("Responsible"), responsible)],
            body=rich(resolution["text"], lang),
            categories=[(resolution["status"], _(label(resolution["status"])))] + _example(meeting, lang)))
    return out


def _relation_entries(data, lang: str) -> list[Entry]:
    _ = gettext(lang)
    out = []
    records = [(r["signed_on"].start, ("sister-cities", r.id), r) for r in data.records["sister-cities"].values()
               if r.get("signed_on") is not None]   # a relation with no known date is not news
    records += [(r["since"].start, ("memberships", r.id), r) for r in data.records["memberships"].values()
                if r.get("since") is not None]
    newest = _newest(records)
    for city in (r for r in newest if r.collection == "sister-cities"):
        signed = city["signed_on"]
        out.append(Entry(
            key=f"sister-cities/{city.id}", title=pick(city["name"], lang),
            href=page_path("sister-cities", city.id, lang), day=signed.start, order=("sister-cities", city.id),
            meta=[_(RELATIONS[city["relation"]]), country_name(city["country"], lang),
                  (_("Signed"), when(signed, lang))],
            body=rich(city.get("summary"), lang),
            categories=[(city["relation"], _(RELATIONS[city["relation"]]))] + _example(city, lang)))
    for membership in (r for r in newest if r.collection == "memberships"):
        since = membership["since"]
        out.append(Entry(
            key=f"memberships/{membership.id}", title=pick(membership["organisation"]["name"], lang),
            href=page_path("memberships", membership.id, lang), day=since.start, order=("memberships", membership.id),
            meta=[_("Member"), (_("Member since"), when(since, lang)), _(label(membership["status"]))],
            body=rich(membership.get("summary"), lang),
            categories=[("membership", _("Member"))] + _example(membership, lang)))
    return out


def _example(record, lang: str) -> list:
    return [("example", gettext(lang)("Example"))] if record.example else []


@dataclass(frozen=True)
class Feed:
    """One Atom feed per language. A page module may declare more in its FEEDS."""

    name: str                 # feeds/<lang>/<name>.xml
    title: str                # msgid: the feed's title
    label: str                # msgid: what the Open data page calls it
    page: str                 # the listing whose list page the feed's alternate link points at
    sources: tuple            # collections whose records make it (for `updated` when it is empty)
    entries: object           # (data, lang) -> [Entry]


BUILT_IN = (
    Feed("findings", N_("Tehran Municipality: new findings"), N_("New findings"), "findings", ("findings",),
         _finding_entries),
    Feed("resolutions", N_("Tehran Municipality: Strategic Council resolutions"), N_("Strategic Council resolutions"),
         "council-resolutions", ("council-meetings",), _resolution_entries),
    Feed("relations", N_("Tehran Municipality: news of relations"),
         N_("News of relations: new sister cities and memberships"), "sister-cities", ("sister-cities", "memberships"),
         _relation_entries),
)


def all_feeds() -> dict[str, Feed]:
    """The built-in feeds, then those the page modules declare, by name."""
    from ..pages import modules

    feeds = list(BUILT_IN) + [feed for module in modules() for feed in getattr(module, "FEEDS", ())]
    return {feed.name: feed for feed in feeds}


# ----------------------------------------------------------------------------- XML
def _add(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: v for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = text
    return element


def _title(parent, value, lang: str) -> None:
    element = _add(parent, "title", str(value))
    if isinstance(value, LocalText) and value.lang != lang:
        element.set(XML_LANG, value.lang)


def build_feed(name: str, data, lang: str, *, site_url: str, licence: dict, generated_on: dt.date) -> bytes:
    _ = gettext(lang)
    spec = all_feeds()[name]
    entries = sorted(spec.entries(data, lang), key=lambda e: (-e.day.toordinal(), e.order))[:MAX_ENTRIES]
    if entries:
        updated = tehran_midnight(entries[0].day)
    else:
        records = [r for c in spec.sources for r in data.records[c].values()]
        updated = tehran_midnight(as_of(records, generated_on))

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    _add(feed, "id", f"{TAG}feeds/{lang}/{name}")
    _add(feed, "title", _(spec.title))
    _add(feed, "updated", rfc3339(updated))
    author = _add(feed, "author")
    _add(author, "name", _(AUTHOR))
    _add(author, "uri", absolute(site_url, lang_prefix(lang)))
    _add(feed, "link", rel="self", type="application/atom+xml", href=absolute(site_url, feed_path(name, lang)))
    _add(feed, "link", rel="alternate", type="text/html", hreflang=lang,
         href=absolute(site_url, page_path(spec.page, None, lang)))
    _add(feed, "link", rel="license", href=licence["url"])      # RFC 4946
    _add(feed, "rights", licence["name"])
    for entry in entries:
        element = _add(feed, "entry")
        _add(element, "id", f"{TAG}{lang}/{entry.key}")
        _title(element, entry.title, lang)
        _add(element, "link", rel="alternate", type="text/html", hreflang=lang, href=absolute(site_url, entry.href))
        _add(element, "updated", rfc3339(tehran_midnight(entry.day)))
        for term, category_label in entry.categories:
            _add(element, "category", term=term, label=category_label)
        summary = _meta_html(entry.meta, lang) + _body_html(entry.body)
        if summary:
            _add(element, "summary", summary, type="html")
    ET.indent(feed, space="  ")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
