"""The Frictionless Data Package descriptor (datapackage.json) for every CSV table.

Each resource carries its Table Schema (types, required fields, allowed values, keys between
tables), its size and its SHA-256, so `frictionless validate data/datapackage.json` checks the
published files themselves, not only their shape.
"""
from __future__ import annotations

import datetime as dt
import hashlib

from .tables import Column, column_type


def field_descriptor(column: Column, rows: list[dict]) -> dict:
    kind = column_type(column, rows)
    descriptor = {"name": column.name, "type": kind}
    description = column.description
    if column.kind == "date":
        description += (" ISO 8601 with the precision of the source: YYYY-MM-DD, YYYY-MM, YYYY, or "
                        "FIRST-DAY/LAST-DAY for a Solar Hijri month or year.")
    if column.in_list:
        description += " A list: items joined with ' | ', in the same order in every column of this list."
    if description.strip():
        descriptor["description"] = description.strip()
    constraints = {}
    if column.required:
        constraints["required"] = True
    if column.enum and kind == "string":
        constraints["enum"] = column.enum
    if kind in ("integer", "number"):
        if column.minimum is not None:
            constraints["minimum"] = column.minimum
        if column.maximum is not None:
            constraints["maximum"] = column.maximum
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


# Keys between tables (checked by `frictionless validate` on the package).
KEYS = {
    "sister-cities": {"primaryKey": ["id"]},
    "memberships": {"primaryKey": ["id"]},
    "exhibitions": {"primaryKey": ["id"]},
    "findings": {"primaryKey": ["id"]},
    "council-members": {"primaryKey": ["id"]},
    "council-meetings": {"primaryKey": ["id"], "foreignKeys": [
        {"fields": ["presided_by"], "reference": {"resource": "council-members", "fields": ["id"]}}]},
    "council-resolutions": {"primaryKey": ["meeting_id", "number"], "foreignKeys": [
        {"fields": ["meeting_id"], "reference": {"resource": "council-meetings", "fields": ["id"]}}]},
    "council-documents": {"primaryKey": ["id"], "foreignKeys": [
        {"fields": ["adopted_in"], "reference": {"resource": "council-meetings", "fields": ["id"]}}]},
}


def resource(name: str, title: str, description: str, path: str, content: bytes,
             columns: list[Column], rows: list[dict]) -> dict:
    return {
        "name": name,
        "title": title,
        "description": description,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(content),
        "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
        "schema": {"fields": [field_descriptor(c, rows) for c in columns], **KEYS.get(name, {})},
    }


def package(resources: list[dict], *, site_url: str, licence: dict, created: dt.date) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "tehran-municipality-international-portal",
        "title": "Tehran Municipality International Portal: open data",
        "description": ("Tehran's sister cities, memberships of international city organisations, "
                        "exhibitions and events, library of findings, and the Strategic Council of "
                        "International Relations and City Diplomacy (members, meetings, resolutions, "
                        "documents). Translated fields have one column per language (_en, _fa, _ar)."),
        "homepage": site_url.rstrip("/") + "/open-data/",
        # The newest date in the data (see outputs.common.as_of), not the time of the build.
        "created": f"{created.isoformat()}T00:00:00Z",
        "licenses": [{"name": licence["id"], "path": licence["url"], "title": licence["name"]}],
        "resources": resources,
    }
