"""`portal coverage`: how much of the data is real and sourced, per collection (README's table).

A record is real unless marked `example: true`; a real record should stand on a public source:
an entry of its `sources`, or, for a publication, its own web address. The table is Markdown, so
README.md carries it as printed, and a test checks the two agree.
"""
from __future__ import annotations

from pathlib import Path
from typing import TextIO

from .collections import COLLECTIONS
from .validate import validate


def rows(data) -> list[tuple[str, int, int, list[str]]]:
    """(collection, real, examples, paths of real records without a source) per collection."""
    out = []
    for collection in COLLECTIONS:
        records = data.records.get(collection.name, {}).values()
        real = [r for r in records if not r.example]
        unsourced = sorted(r.path for r in real if not r.get("sources") and not r.get("url"))
        out.append((collection.folder, len(real), len(records) - len(real), unsourced))
    return out


def table(data) -> str:
    lines = ["| collection | real records | examples | real records without a source |", "|---|---|---|---|"]
    for folder, real, examples, unsourced in rows(data):
        lines.append(f"| `data/{folder}/` | {real} | {examples} | {len(unsourced)} |")
    return "\n".join(lines) + "\n"


def report(data_dir: Path, out: TextIO) -> int:
    data = validate(data_dir)
    out.write(table(data))
    missing = [path for *_, unsourced in rows(data) for path in unsourced]
    if missing:
        out.write("\nReal records without a source:\n" + "".join(f"- {path}\n" for path in missing))
    return 0
