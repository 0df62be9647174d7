"""Open data and feeds, made from the same validated records as the pages.

`build_outputs(data, site_url=..., licence=..., generated_on=...)` returns every file, keyed by
its path from the site root; it writes nothing and reads no clock. The layout:

    data/<collection>.json            every record, all languages, the schema's field names
    data/<collection>.csv             one row per record (UTF-8 with BOM, CRLF); + council-resolutions.csv
    data/sister-cities.geojson        a Feature per partner city
    data/schemas/<name>.schema.json   the JSON Schemas the records are checked against
    data/datapackage.json             Frictionless Data Package describing every CSV
    calendars/<lang>/exhibitions.ics, calendars/<lang>/council-meetings.ics
    feeds/<lang>/findings.xml, resolutions.xml, relations.xml

Determinism: records are sorted by id, JSON keys follow the schema, line ends are fixed, and
no output holds the time of the build. Where a date is needed (DTSTAMP, Atom `updated`, the
Data Package's `created`, "last update" on the Open data page) it is taken from the data: the
newest date written in the records concerned that is not after `generated_on` (see
outputs.common.as_of). `generated_on` is only that ceiling, so builds on different days give
the same bytes unless a date in the data has just been reached.

Modules, one job each: tables (JSON and CSV), geo (GeoJSON), datapackage, calendars (iCalendar),
feeds (Atom), catalogue (the Open data page and the <head> links).
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..collections import COLLECTIONS, SCHEMA_DIR, all_schema_files, load_schema
from .. import languages
from ..ui import gettext
from . import calendars, datapackage, feeds, tables
from .catalogue import feed_links, open_data_context, resolve_href
from .common import as_of, title_of
from .geo import sister_cities_geojson

__all__ = ["build_outputs", "write_outputs", "open_data_context", "feed_links", "resolve_href"]


def build_outputs(data, *, site_url: str, licence: dict, generated_on: dt.date) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    resources = []
    english = gettext(languages.default().code)   # the Data Package describes itself in English

    def add_table(name: str, description: str) -> None:
        columns, rows = tables.table_rows(name, data)
        content = tables.to_csv(columns, rows)
        out[f"data/{name}.csv"] = content
        resources.append(datapackage.resource(name, english(title_of(name)), description, f"{name}.csv",
                                              content, columns, rows))

    for collection in COLLECTIONS:
        out[f"data/{collection.name}.json"] = tables.collection_json(collection.name, data, licence)
        add_table(collection.name, tables._english(collection.schema()))
        if collection.name == "council-meetings":
            add_table(tables.RESOLUTIONS, "Every resolution of the Strategic Council, one row per resolution; "
                                          "meeting_id is the id of the meeting that adopted it.")
    out["data/sister-cities.geojson"] = sister_cities_geojson(data, site_url=site_url, licence=licence)

    # The schemas as they are in the repository (relative $refs resolve next to each other), with
    # the configured languages filled in where the repository's file lists others.
    for name in all_schema_files():
        content = (SCHEMA_DIR / name).read_bytes().replace(b"\r\n", b"\n")
        if json.loads(content) != load_schema(name):
            content = (json.dumps(load_schema(name), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        out[f"data/schemas/{name}"] = content if content.endswith(b"\n") else content + b"\n"

    everything = [r for c in COLLECTIONS for r in data.records.get(c.name, {}).values()]
    out["data/datapackage.json"] = tables.dump_json(datapackage.package(
        resources, site_url=site_url, licence=licence, created=as_of(everything, generated_on)), indent=2)

    for lang in languages.codes():
        for name, calendar in calendars.all_calendars().items():
            out[calendars.calendar_path(name, lang)] = calendar.build(data, lang, site_url=site_url,
                                                                      generated_on=generated_on)
        for name in feeds.all_feeds():
            out[feeds.feed_path(name, lang)] = feeds.build_feed(name, data, lang, site_url=site_url,
                                                               licence=licence, generated_on=generated_on)
    return dict(sorted(out.items()))


def write_outputs(outputs: dict[str, bytes], site_dir: Path) -> None:
    root = Path(site_dir).resolve()
    for path, content in outputs.items():
        target = (root / path).resolve()
        if root not in target.parents:
            raise ValueError(f"output path {path!r} leaves the site folder")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
