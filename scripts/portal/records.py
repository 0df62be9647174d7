"""Validated records: the data of one file, with its dates parsed into `When` values.

Which fields are dates is read from the schema (every `$ref` to common.schema.json's `date`),
so adding a date field to a schema needs no change here.
"""
from __future__ import annotations

from dataclasses import dataclass

from .load import Loaded
from .schema_paths import ANY, paths_to
from .when import When, parse_when


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


def date_paths(collection: str) -> frozenset:
    """Paths of every date field in a collection, with ANY standing for a list index."""
    return paths_to(collection, "date")


def _convert(value, paths: frozenset, here: tuple):
    if here in paths and value is not None and not isinstance(value, When):
        return parse_when(value)
    if isinstance(value, dict):
        return {k: _convert(v, paths, here + (k,)) for k, v in value.items()}
    if isinstance(value, list):
        return [_convert(v, paths, here + (ANY,)) for v in value]
    return value
