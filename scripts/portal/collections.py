"""The portal's collections: where each lives under data/ and which schema describes it."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import languages

SCHEMA_DIR = Path(__file__).parent / "schemas"


@dataclass(frozen=True)
class Collection:
    name: str      # e.g. "council-meetings"
    folder: str    # under data/, e.g. "council/meetings"

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"

    def schema(self) -> dict:
        return load_schema(self.schema_file)


def _discover() -> tuple[Collection, ...]:
    """One collection per schema file but common.schema.json: its folder under data/ and its
    place among the others are the schema's `x-portal` annotation (JSON Schema ignores it), so
    a new collection is a new schema file and nothing else here."""
    found = []
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        portal = schema.get("x-portal")
        if portal is None:
            continue   # shared definitions
        name = path.name[: -len(".schema.json")]
        found.append((portal.get("order", 1000), name, Collection(name, portal.get("folder", name))))
    return tuple(collection for _order, _name, collection in sorted(found))


COLLECTIONS: tuple[Collection, ...] = _discover()
BY_NAME = {c.name: c for c in COLLECTIONS}
FILES_FOLDER = "files"   # data/files/: documents and images that records point at


LANGUAGE_CODE = "languageCode"   # common.schema.json's list of languages, filled in from mkdocs.yml


@cache
def load_schema(file_name: str) -> dict:
    """A schema file, with common.schema.json's languageCode listing the configured languages."""
    schema = json.loads((SCHEMA_DIR / file_name).read_text(encoding="utf-8"))
    definition = schema.get("$defs", {}).get(LANGUAGE_CODE)
    if definition is not None:
        definition["enum"] = list(languages.data_codes())
    return schema


languages.on_change(load_schema.cache_clear)


def resolve_ref(schema: dict, current_file: str) -> tuple[dict, str]:
    """The definition a schema's `$ref` points at, and the file it is in (the schema itself, and
    `current_file`, when it has no `$ref`). One hop: the keywords written beside the reference are
    the caller's to merge."""
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


def all_schema_files() -> list[str]:
    return sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json"))
