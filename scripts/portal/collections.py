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


COLLECTIONS: tuple[Collection, ...] = (
    Collection("sister-cities", "sister-cities"),
    Collection("memberships", "memberships"),
    Collection("exhibitions", "exhibitions"),
    Collection("findings", "findings"),
    Collection("council-members", "council/members"),
    Collection("council-meetings", "council/meetings"),
    Collection("council-documents", "council/documents"),
)
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


def all_schema_files() -> list[str]:
    return sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json"))
