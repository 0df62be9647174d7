"""Validated records: the data of one file, with its dates parsed into `When` values.

Which fields are dates is read from the schema (every `$ref` to common.schema.json's `date`),
so adding a date field to a schema needs no change here.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .collections import BY_NAME, load_schema
from .load import Loaded
from .when import When, parse_when

DATE_REF = "common.schema.json#/$defs/date"
ANY = "*"


@dataclass
class Record:
    collection: str
    id: str
    data: dict          # the file's values; date fields are When
    source: Loaded      # where every value was written (for messages that point at a line)

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def example(self) -> bool:
        return bool(self.data.get("example"))

    def get(self, key, default=None):
        return self.data.get(key, default)

    def __getitem__(self, key):
        return self.data[key]


def build_record(collection: str, loaded: Loaded) -> Record:
    value = _convert(loaded.value, date_paths(collection), ())
    return Record(collection, value["id"], value, loaded)


@cache
def date_paths(collection: str) -> frozenset:
    """Paths of every date field in a collection, with ANY standing for a list index."""
    found: set = set()
    _walk(BY_NAME[collection].schema(), (), found, BY_NAME[collection].schema_file, 0)
    return frozenset(found)


def _resolve(schema: dict, current_file: str) -> tuple[dict, str]:
    ref = schema.get("$ref")
    if not ref:
        return schema, current_file
    file, _, pointer = ref.partition("#")
    file = file or current_file
    target = load_schema(file)
    for part in pointer.strip("/").split("/"):
        if part:
            target = target[part]
    return target, file


def _walk(schema: dict, path: tuple, found: set, file: str, depth: int) -> None:
    if depth > 12:
        return
    if schema.get("$ref", "").endswith("#/$defs/date") or schema.get("format") == "portal-date":
        found.add(path)
        return
    schema, file = _resolve(schema, file)
    if schema.get("format") == "portal-date":
        found.add(path)
        return
    for name, sub in (schema.get("properties") or {}).items():
        _walk(sub, path + (name,), found, file, depth + 1)
    if isinstance(schema.get("items"), dict):
        _walk(schema["items"], path + (ANY,), found, file, depth + 1)


def _convert(value, paths: frozenset, here: tuple):
    if here in paths and value is not None and not isinstance(value, When):
        return parse_when(value)
    if isinstance(value, dict):
        return {k: _convert(v, paths, here + (k,)) for k, v in value.items()}
    if isinstance(value, list):
        return [_convert(v, paths, here + (ANY,)) for v in value]
    return value
