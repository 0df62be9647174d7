"""`portal translations`: every translatable text that lacks a language, with file and line.

A text is a mapping of the portal's languages (mkdocs.yml). Pages show a missing language with a
visible fallback; this report lists them so translators know what to do, and gives the coverage
per language, including languages not yet published (`build: false`): the coverage tells when one
is ready.
"""
from __future__ import annotations

from pathlib import Path
from typing import TextIO

from . import languages
from .validate import validate


def _texts(value, here=()):
    if isinstance(value, dict):
        keys = set(value)
        if keys and keys <= set(languages.data_codes()) and all(isinstance(v, str) for v in value.values()):
            yield here, value
            return
        for k, v in value.items():
            yield from _texts(v, here + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts(v, here + (i,))


def missing_translations(data) -> tuple[list, dict]:
    """([(path, line, column, field, missing languages)], {lang: (present, total)})."""
    codes = languages.data_codes()
    rows, totals = [], {lang: [0, 0] for lang in codes}
    for collection in data.loaded.values():
        for loaded in collection.values():
            for here, text in _texts(loaded.value):
                missing = [lang for lang in codes if not text.get(lang)]
                for lang in codes:
                    totals[lang][1] += 1
                    totals[lang][0] += lang not in missing
                if missing:
                    line, column = loaded.where(here)
                    rows.append((loaded.path, line, column, ".".join(map(str, here)), missing))
    return rows, {lang: tuple(v) for lang, v in totals.items()}


def report(data_dir: Path, out: TextIO, fmt: str = "text") -> int:
    data = validate(data_dir)
    rows, totals = missing_translations(data)
    if fmt == "markdown":
        out.write("### Translation coverage\n\n| language | translated texts |\n|---|---|\n")
        for lang, (present, total) in totals.items():
            share = f"{present / total:.0%}" if total else "—"
            out.write(f"| {lang}{_unpublished(lang)} | {present} of {total} ({share}) |\n")
        if rows:
            out.write(f"\n<details><summary>{len(rows)} texts lack a language</summary>\n\n")
            for path, line, _column, field, missing in rows:
                out.write(f"- `{path}:{line}` {field}: {', '.join(missing)}\n")
            out.write("\n</details>\n")
        return 0
    for path, line, column, field, missing in rows:
        out.write(f"{path}:{line}:{column}: missing {', '.join(missing)} in '{field}' / ترجمهٔ {'، '.join(missing)} برای «{field}» نوشته نشده است\n")
    for lang, (present, total) in totals.items():
        out.write(f"{lang}: {present}/{total} texts translated{_unpublished(lang)}\n")
    return 0


def _unpublished(code: str) -> str:
    return "" if languages.get(code).build else " (not published yet: build: false in mkdocs.yml)"
