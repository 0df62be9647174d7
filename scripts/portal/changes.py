"""`portal changes --base REF`: what a change adds, alters or removes in the portal, in plain words.

Used for the pull request's job summary ("new sister city: Yerevan (en, fa, ar)"), so a reviewer
sees the change as a reader of the portal would, not as a diff of YAML.
"""
from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TextIO

from .collections import COLLECTIONS
from .load import MAX_BYTES, load_text
from . import languages
from .problems import ProblemList



def _noun(collection: str) -> str:
    """One record of the collection, as its page module names it ("sister city")."""
    from .pages import listings

    listing = listings().get(collection)
    return listing.noun if listing else collection
NAME_FIELDS = ("name", "title", "organisation")


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout


def _collection_of(path: str):
    for collection in COLLECTIONS:
        prefix = f"data/{collection.folder}/"
        if path.startswith(prefix) and path.endswith(".yml") and "/" not in path[len(prefix):]:
            return collection
    return None


def _read(text: str | None) -> dict:
    """A record's values, read by the validator's bounded loader (a pull request's file may be
    hostile: an alias bomb or a huge file must not stall the summary); {} when it cannot be read."""
    if not text or len(text) > MAX_BYTES:
        return {}
    loaded = load_text(text, "", ProblemList())
    return loaded.value if loaded is not None and isinstance(loaded.value, dict) else {}


def _working_copy(path: str) -> str | None:
    file = Path(path)
    if file.is_symlink() or not file.is_file():
        return None   # a link is refused by the validator, and never followed here
    return file.read_text(encoding="utf-8", errors="replace")


def _name(record: dict, fallback: str) -> tuple[str, list]:
    for field in NAME_FIELDS:
        value = record.get(field)
        if isinstance(value, dict) and "name" in value and isinstance(value["name"], dict):
            value = value["name"]
        if isinstance(value, dict):
            present = [lang for lang in languages.data_codes() if value.get(lang)]
            return str(value.get(languages.default().code) or next(iter(value.values()), fallback)), present
    if record.get("number"):
        return f"no. {record['number']}", list(languages.data_codes())
    return fallback, []


def describe(base: str) -> list[str]:
    lines = []
    status = _git("diff", "--name-status", "--no-renames", base, "--", "data/").splitlines()
    # Files not yet added to git (working locally) count as new too.
    status += [f"A\t{path}" for path in _git("ls-files", "--others", "--exclude-standard", "--", "data/").splitlines()]
    for row in status:
        kind, _, path = row.partition("\t")
        collection = _collection_of(path)
        if path.startswith("data/files/"):
            lines.append(f"{'new' if kind == 'A' else 'removed' if kind == 'D' else 'changed'} file: `{path[len('data/files/'):]}`")
            continue
        if collection is None:
            continue
        noun = _noun(collection.name)
        stem = Path(path).stem
        old = _read(_git("show", f"{base}:{path}") if kind != "A" else None)
        new = _read(_working_copy(path) if kind != "D" else None)
        name, languages = _name(new or old, stem)
        langs = f" ({', '.join(languages)})" if languages else ""
        example = " — marked as example" if new.get("example") else ""
        if kind == "A":
            lines.append(f"new {noun}: {name}{langs}{example}")
        elif kind == "D":
            lines.append(f"removed {noun}: {name}")
        else:
            fields = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
            lines.append(f"changed {noun}: {name} — {', '.join(fields) or 'formatting only'}")
    return lines


def summarise(base: str, data_dir: Path, out: TextIO) -> int:
    try:
        lines = describe(base)
    except subprocess.CalledProcessError as err:
        out.write(f"Could not compare with {base}: {err.stderr.strip()}\n")
        return 1
    out.write("### What this change does to the portal\n\n")
    out.write("".join(f"- {line}\n" for line in lines) if lines else "- no change to the portal's data\n")
    out.write("\n")
    return 0
