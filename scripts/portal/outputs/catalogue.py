"""What the Open data page lists, and the feeds each page announces in its <head>.

The list is made from the outputs themselves (their paths and bytes), so a new output that
is not described here shows up under "Other downloads" instead of silently missing.
"""
from __future__ import annotations

import datetime as dt
import json
import posixpath
import xml.etree.ElementTree as ET

from ..collections import COLLECTIONS
from ..dates import format_date
from .. import languages
from ..localise import format_count, language_name, native_digits
from ..ui import N_, gettext
from .calendars import all_calendars, calendar_path
from .common import as_of, lang_prefix, page_folder, title_of
from .feeds import ATOM, all_feeds, feed_path
from .tables import RESOLUTIONS

FORMATS = {   # format name, media type, what the file is for (msgid)
    "json": ("JSON", "application/json", N_("Every field, in all languages")),
    "csv": ("CSV", "text/csv", N_("Table for spreadsheets, one row per record")),
    "geojson": ("GeoJSON", "application/geo+json", N_("Map layer for geojson.io, QGIS and other GIS tools")),
    "schema": ("JSON Schema", "application/schema+json", N_("Structure and meaning of every field")),
    "package": ("Data Package", "application/json", N_("Describes every table, for Frictionless Data tools")),
    "ics": ("iCalendar", "text/calendar", None),
    "atom": ("Atom", "application/atom+xml", None),
}
GROUP_TITLES = {
    "subscribe": N_("Feeds and calendars"),
    "package": N_("The whole data set"),
    "other": N_("Other downloads"),
}
SHARED_SCHEMA = "common.schema.json"


# ----------------------------------------------------------------------------- head links
def feed_links(lang: str) -> list[dict]:
    """Feeds and calendars of `lang` for <link rel="alternate"> (href from the site root)."""
    _ = gettext(lang)
    links = [{"title": _(feed.title), "href": feed_path(name, lang), "type": "application/atom+xml"}
             for name, feed in all_feeds().items()]
    links += [{"title": _(calendar.title), "href": calendar_path(name, lang), "type": "text/calendar"}
              for name, calendar in all_calendars().items()]
    return links


# ----------------------------------------------------------------------------- the page
def _size(size: int, lang: str) -> str:
    _ = gettext(lang)
    if size < 1024 * 1024:
        return _("{n} KB", n=format_count(max(1, round(size / 1024)), lang))
    return _("{n} MB", n=native_digits(f"{size / 1024 / 1024:.1f}", lang))


def _describe(path: str) -> dict:
    """What an output is, from its path: group, format key, language, and its label msgid."""
    parts = path.split("/")
    name = parts[-1]
    if parts[0] == "feeds":
        feed, feeds = name.removesuffix(".xml"), all_feeds()
        return {"group": "subscribe", "format": "atom", "lang": parts[1],
                "label": feeds[feed].label if feed in feeds else None,
                "order": (0, list(feeds).index(feed) if feed in feeds else 99)}
    if parts[0] == "calendars":
        calendar, calendars = name.removesuffix(".ics"), all_calendars()
        return {"group": "subscribe", "format": "ics", "lang": parts[1],
                "label": calendars[calendar].label if calendar in calendars else None,
                "order": (1, list(calendars).index(calendar) if calendar in calendars else 99)}
    if path == "data/datapackage.json":
        return {"group": "package", "format": "package", "order": (0,)}
    if parts[:2] == ["data", "schemas"]:
        collection = name.removesuffix(".schema.json")
        if name == SHARED_SCHEMA:
            return {"group": "package", "format": "schema", "order": (1,),
                    "label": N_("Definitions shared by every schema")}
        return {"group": collection, "format": "schema", "order": (3,)}
    stem, _, extension = name.rpartition(".")
    order = {"csv": 0, "json": 1, "geojson": 2}.get(extension, 9)
    return {"group": stem, "format": extension, "order": (order,)}


def _group_order() -> list[str]:
    names = [c.name for c in COLLECTIONS]
    names.insert(names.index("council-meetings") + 1, RESOLUTIONS)
    return names + ["subscribe", "package", "other"]


def _package_facts(outputs: dict) -> tuple[dict | None, dt.date | None]:
    """The licence and the data's date, as written in datapackage.json."""
    raw = outputs.get("data/datapackage.json")
    if raw is None:
        return None, None
    package = json.loads(raw)
    licence = (package.get("licenses") or [None])[0]
    created = package.get("created")
    return ({"id": licence["name"], "name": licence.get("title", licence["name"]), "url": licence["path"]}
            if licence else None), (dt.date.fromisoformat(created[:10]) if created else None)


def _feed_updated(content: bytes) -> dt.date | None:
    updated = ET.fromstring(content).find(f"{{{ATOM}}}updated")
    return dt.date.fromisoformat(updated.text[:10]) if updated is not None and updated.text else None


def open_data_context(data, outputs: dict, lang: str, *, generated_on: dt.date | None = None) -> dict:
    """Everything the Open data page of `lang` shows; hrefs are relative to that page."""
    _ = gettext(lang)
    licence, created = _package_facts(outputs)
    ceiling = generated_on or created or dt.date.max
    root = "../" * (1 + lang_prefix(lang).count("/"))      # open-data/ or fa/open-data/ -> site root
    records_of = {c.name: list(data.records.get(c.name, {}).values()) for c in COLLECTIONS}
    resolutions = [r for m in records_of["council-meetings"] for r in m.get("resolutions", [])]
    records_of[RESOLUTIONS] = records_of["council-meetings"]
    counts = {name: len(items) for name, items in records_of.items()}
    counts[RESOLUTIONS] = len(resolutions)
    updated_of = {name: as_of(items, ceiling) if items else None for name, items in records_of.items()}
    licence_view = ({**licence, "short": licence["id"].replace("-", " ")} if licence else None)

    groups: dict[str, dict] = {}
    for path in sorted(outputs):
        info = _describe(path)
        group = info["group"] if info["group"] in _group_order() else "other"
        fmt, mediatype, purpose = FORMATS.get(info["format"], (info["format"].upper(), "application/octet-stream", None))
        if info["format"] == "atom":
            day = _feed_updated(outputs[path])
        elif info["format"] == "ics":
            day = updated_of.get(path.split("/")[-1].removesuffix(".ics"))
        elif group in records_of:
            day = updated_of[group]
        else:
            day = created
        row = {
            "path": path,
            "name": path.split("/")[-1],
            "href": root + path,
            "format": fmt,
            "mediatype": mediatype,
            "label": _(info.get("label") or purpose) if (info.get("label") or purpose) else path,
            "lang": info.get("lang"),
            "language": language_name(info["lang"], lang) if info.get("lang") else None,
            "bytes": len(outputs[path]),
            "size": _size(len(outputs[path]), lang),
            "updated": format_date(day, lang) if day else None,
            "updated_iso": day.isoformat() if day else None,
            "licence": licence_view,
            "download": info["format"] in ("json", "csv", "geojson", "schema", "package"),
            # readers of this page first, then the other languages in the portal's order
            "sort": (info["order"], info.get("lang") != lang, languages.codes().index(info["lang"]) if info.get("lang") in languages.codes() else 0),
        }
        groups.setdefault(group, []).append(row)

    view = []
    for name in _group_order():
        rows = sorted(groups.get(name, []), key=lambda r: r["sort"])
        if not rows:
            continue
        for row in rows:
            del row["sort"]
        is_collection = name in records_of
        view.append({
            "id": name,
            "title": _(title_of(name)) if is_collection else _(GROUP_TITLES[name]),
            "page_href": f"../{page_folder(name)}/" if is_collection else None,
            "count": _("Records: {n}", n=format_count(counts[name], lang)) if is_collection else None,
            "updated": format_date(updated_of[name], lang) if is_collection and updated_of[name] else None,
            "downloads": rows,
        })
    return {
        "kind": "open-data",
        "licence": licence_view,
        "groups": view,
        "downloads": [row for group in view for row in group["downloads"]],
        "feeds": [{**link, "href": root + link["href"]} for link in feed_links(lang)],
    }


def resolve_href(lang: str, href: str) -> str:
    """A page-relative href as a path from the site root (for tests and link checks)."""
    return posixpath.normpath(posixpath.join(f"{lang_prefix(lang)}open-data/", href))
