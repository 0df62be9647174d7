"""Collections as JSON (every field, all languages) and as CSV tables (one row per record).

Both are driven by the collection's JSON Schema, so a field added to a schema appears in the
downloads with no change here, under the schema's own field name.

CSV flattening (documented again in each field's description in datapackage.json):
- a translated text gives one column per configured language: `name_en`, `name_fa`, `name_ar`;
- a nested object gives one column per field, joined with "_": `coordinates_lat`;
- a list gives one column (per leaf field, per language) holding the items joined with " | ",
  in the same order in every column of that list, an item without the value left empty
  (`sources_title`, `sources_url`); a list inside a list item is joined with "; ";
- dates are ISO 8601 with the precision the source gave (2023-01-18, 2006-11, 2008), or the
  interval start/end for a Solar Hijri month or year (a Solar Hijri month is not a Gregorian one);
- `example` is always true or false; other missing values are empty cells;
- council meetings: one row per meeting; their resolutions are a table of their own
  (council-resolutions.csv, one row per resolution, `meeting_id` pointing at the meeting).

The CSV is UTF-8 with a byte-order mark (Excel reads BOM-less UTF-8 as the local code page
and garbles Persian and Arabic) and CRLF line ends (RFC 4180).
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from babel import Locale

from .. import languages
from ..collections import BY_NAME, LANGUAGE_CODE, resolve_ref
from ..when import DAY, When

LIST_SEPARATOR = " | "
INNER_SEPARATOR = "; "
BOM = "\ufeff"

# Lists of objects that are tables of their own rather than columns.
SEPARATE_TABLES = {"council-meetings": {"resolutions"}}
RESOLUTIONS = "council-resolutions"


# ----------------------------------------------------------------------------- schema walking
def _resolve(schema: dict, file: str) -> tuple[dict, str]:
    """A property schema with its $ref followed; local keys (its own description) win."""
    seen = 0
    while "$ref" in schema and seen < 10:
        target, ref_file = resolve_ref(schema, file)
        local = {k: v for k, v in schema.items() if k != "$ref"}
        schema, file = {**target, **local}, ref_file
        seen += 1
    return schema, file


def _is_date(schema: dict) -> bool:
    return schema.get("$ref", "").endswith("#/$defs/date") or schema.get("format") == "portal-date"


def _is_translated(schema: dict) -> bool:
    """A localised text: an object keyed by the portal's languages (common.schema.json)."""
    names = schema.get("propertyNames") or {}
    return schema.get("type") == "object" and names.get("$ref", "").endswith(f"#/$defs/{LANGUAGE_CODE}")


def _english(schema: dict) -> str:
    """The English half of a bilingual schema description."""
    return (schema.get("description") or "").partition("\n\n")[0].strip()


@dataclass
class Column:
    name: str
    path: tuple                  # keys from the record; "*" marks the list whose items are joined
    kind: str                    # "string", "integer", "number", "boolean", "date"
    description: str = ""
    required: bool = False
    enum: list | None = None
    minimum: float | None = None
    maximum: float | None = None
    in_list: bool = False
    extra: dict = field(default_factory=dict)


def _columns(schema: dict, file: str, prefix: str, path: tuple, required: bool, in_list: bool,
             skip: set = frozenset()) -> list[Column]:
    out: list[Column] = []
    needed = set(schema.get("required", []))
    for name, raw in (schema.get("properties") or {}).items():
        if name in skip:
            continue
        sub, sub_file = _resolve(raw, file)
        col_name = f"{prefix}{name}"
        col_path = path + (name,)
        is_required = required and name in needed and not in_list
        description = _english(sub)
        if _is_date(raw) or _is_date(sub):
            out.append(Column(col_name, col_path, "date", description, is_required, in_list=in_list))
        elif _is_translated(sub):
            for lang in languages.data_codes():
                lang_required = is_required and lang in set(sub.get("required", []))
                out.append(Column(f"{col_name}_{lang}", col_path + (lang,), "string",
                                  f"{description} In {_language_name(lang)}.".strip(), lang_required,
                                  in_list=in_list))
        elif sub.get("type") == "object":
            out += _columns(sub, sub_file, f"{col_name}_", col_path, is_required, in_list)
        elif sub.get("type") == "array":
            items, items_file = _resolve(sub.get("items") or {}, sub_file)
            if in_list:   # a list inside a list item: one text per item
                out.append(Column(col_name, col_path, "string", description, in_list=True,
                                  extra={"inner": True}))
            elif _is_translated(items):
                for lang in languages.data_codes():
                    out.append(Column(f"{col_name}_{lang}", col_path + ("*", lang), "string",
                                      f"{description} In {_language_name(lang)}.".strip(), in_list=True))
            elif items.get("type") == "object":
                for column in _columns(items, items_file, f"{col_name}_", col_path + ("*",), False, True):
                    column.description = f"{description} — {column.description}".strip(" —")
                    out.append(column)
            else:
                out.append(Column(col_name, col_path + ("*",), "string", description, in_list=True))
        else:
            kind = sub.get("type") if sub.get("type") in ("integer", "number", "boolean") else "string"
            out.append(Column(col_name, col_path, kind, description, is_required,
                              enum=list(sub["enum"]) if "enum" in sub and not in_list else None,
                              minimum=sub.get("minimum"), maximum=sub.get("maximum"), in_list=in_list))
    return out


def _language_name(code: str) -> str:
    """The language's English name, from CLDR ("Persian")."""
    return Locale("en").languages.get(code.split("-")[0], code)


def collection_columns(collection: str) -> list[Column]:
    spec = BY_NAME[collection]
    return _columns(spec.schema(), spec.schema_file, "", (), True, False,
                    skip=SEPARATE_TABLES.get(collection, set()))


def resolution_columns() -> list[Column]:
    meetings = BY_NAME["council-meetings"]
    items, file = _resolve(meetings.schema()["properties"]["resolutions"]["items"], meetings.schema_file)
    head = [
        Column("meeting_id", ("meeting_id",), "string", "The id of the council meeting that adopted the resolution.", True),
        Column("meeting_number", ("meeting_number",), "integer", "The number of that meeting.", True),
        Column("meeting_held_on", ("meeting_held_on",), "date", "The day that meeting was held.", True),
    ]
    return head + _columns(items, file, "", (), True, False)


# ----------------------------------------------------------------------------- values
def scalar(value) -> str:
    """One value as CSV text."""
    if value is None:
        return ""
    if isinstance(value, When):
        return value.iso
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        return INNER_SEPARATOR.join(scalar(v) for v in value)
    return str(value)


def _dig(value, path: tuple):
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def cell(data: dict, column: Column):
    """The raw value (or list of raw values, for a joined list) of a column in one record."""
    if "*" in column.path:
        at = column.path.index("*")
        items = _dig(data, column.path[:at]) or []
        return [_dig(item, column.path[at + 1:]) if column.path[at + 1:] else item for item in items]
    return _dig(data, column.path)


def cell_text(data: dict, column: Column) -> str:
    value = cell(data, column)
    if "*" in column.path:
        texts = [scalar(v) for v in value]
        return LIST_SEPARATOR.join(texts) if any(texts) else ""
    if value is None and column.kind == "boolean" and len(column.path) == 1:
        return "false"     # a flag left out is false (`example`)
    return scalar(value)


def _resolution_rows(meetings: dict) -> list[dict]:
    rows = []
    for meeting_id in sorted(meetings):
        meeting = meetings[meeting_id]
        for resolution in meeting.get("resolutions", []):
            rows.append({"meeting_id": meeting_id, "meeting_number": meeting["number"],
                         "meeting_held_on": meeting["held_on"], **resolution})
    return rows


def table_rows(collection: str, data) -> tuple[list[Column], list[dict]]:
    """The columns and the rows (record values) of one CSV table."""
    if collection == RESOLUTIONS:
        return resolution_columns(), _resolution_rows(data.records["council-meetings"])
    records = data.records[collection]
    return collection_columns(collection), [records[i].data for i in sorted(records)]


def column_type(column: Column, rows: list[dict]) -> str:
    """Frictionless type; "date" only when every value is a whole day (2006-11 is no date)."""
    if column.in_list:
        return "string"     # joined items are text, whatever each item is
    if column.kind != "date":
        return column.kind
    values = [cell(row, column) for row in rows]
    return "date" if all(v is None or (isinstance(v, When) and v.precision == DAY) for v in values) else "string"


def to_csv(columns: list[Column], rows: list[dict]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow([cell_text(row, c) for c in columns])
    return (BOM + buffer.getvalue()).encode("utf-8")


# ----------------------------------------------------------------------------- JSON
def _ordered(value, schema: dict, file: str):
    """A record's value with keys in the schema's order and dates as ISO text."""
    if isinstance(value, When):
        return value.iso
    schema, file = _resolve(schema or {}, file)
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        if _is_translated(schema):   # a localised text: the languages in mkdocs.yml's order
            props = {code: props.get(code, {}) for code in languages.data_codes()}
        keys = [k for k in props if k in value] + sorted(k for k in value if k not in props)
        return {k: _ordered(value[k], props.get(k, {}), file) for k in keys}
    if isinstance(value, list):
        return [_ordered(v, schema.get("items") or {}, file) for v in value]
    return value


def dump_json(document, indent: int | None = None) -> bytes:
    """UTF-8 JSON. Data files are compact: only then does the json module use its C encoder
    (indented, 3,000 records took ten times longer); descriptors people read are indented."""
    separators = (",", ": ") if indent else (",", ":")
    return (json.dumps(document, ensure_ascii=False, indent=indent, separators=separators) + "\n").encode("utf-8")


def collection_json(collection: str, data, licence: dict) -> bytes:
    spec = BY_NAME[collection]
    records = data.records[collection]
    return dump_json({
        "collection": collection,
        "licence": licence,
        "schema": f"schemas/{spec.schema_file}",
        "records": [_ordered(records[i].data, spec.schema(), spec.schema_file) for i in sorted(records)],
    })
