"""When each source file last changed, from the repository's history (not the clock).

Every page says when its content last changed: a record's page its YAML file, a list its
collection's files, a prose page its Markdown. The dates are commit dates, so two builds of one
commit give the same bytes; a file outside the repository (PORTAL_DATA elsewhere) or not yet
committed has none, and its page says nothing rather than something untrue.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def last_changes(root: Path, folders: tuple[str, ...] = ("data", "content")) -> dict[str, dt.date]:
    """{path from the repository root: the date of the last commit that changed it}."""
    try:
        log = subprocess.run(["git", "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--no-renames",
                              "--", *folders], capture_output=True, text=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, dt.date] = {}
    for commit in log.split("\x00")[1:]:
        day, _, names = commit.partition("\n")
        date = dt.date.fromisoformat(day.strip())
        for name in names.split("\n"):
            if name and name not in found:   # newest commit first
                found[name] = date
    return found


def newest(changes: dict[str, dt.date], paths) -> dt.date | None:
    dates = [changes[p] for p in paths if p in changes]
    return max(dates) if dates else None
