"""The gettext catalogues of the interface strings (scripts/portal/locale/).

portal.pot is the template (English msgids) extracted from the code and the templates;
fa/LC_MESSAGES/portal.po and ar/LC_MESSAGES/portal.po hold the Persian and Arabic strings.
These tests fail when the template is stale, when a catalogue lacks a string or marks it fuzzy,
when a translation loses or renames a `{placeholder}`, or when a catalogue uses the other
language's yeh and kaf. Each failure message names the msgid, the file and the command to run.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal import languages

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "scripts" / "portal" / "locale"
TEMPLATE = LOCALE / "portal.pot"
# Every published language but the default (whose msgids are the text) must be fully translated.
LANGUAGES = tuple(lang.code for lang in languages.built() if not lang.default)

EXTRACT_ARGS = ["extract", "-F", "babel.cfg", "-k", "ui", "-k", "N_", "-k", "titles",
                "--no-location", "--sort-output", "--no-wrap"]
EXTRACT = ".venv/bin/pybabel " + " ".join(EXTRACT_ARGS) + " -o scripts/portal/locale/portal.pot ."
UPDATE = ".venv/bin/pybabel update --no-wrap -i scripts/portal/locale/portal.pot -d scripts/portal/locale -D portal --no-fuzzy-matching"

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

# Letters that belong to the other language: Arabic yeh/kaf in Persian, Persian yeh/kaf in Arabic.
FOREIGN_LETTERS = {
    "fa": {"\u064a": "Arabic yeh U+064A (use Persian ی U+06CC)", "\u0643": "Arabic kaf U+0643 (use Persian ک U+06A9)"},
    "ar": {"\u06cc": "Persian yeh U+06CC (use Arabic ي U+064A)", "\u06a9": "Persian kaf U+06A9 (use Arabic ك U+0643)"},
}


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _read(path: Path, locale: str | None = None):
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _ids(catalogue) -> set[str]:
    return {message.id for message in catalogue if message.id}


def _po(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "portal.po"


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _texts(value) -> list[str]:
    """A msgid or msgstr as a list of strings (plural entries are tuples)."""
    if isinstance(value, (tuple, list)):
        return [v or "" for v in value]
    return [value or ""]


@pytest.fixture(scope="module")
def template():
    assert TEMPLATE.exists(), f"{_rel(TEMPLATE)} is missing; create it with:\n  cd {ROOT} && {EXTRACT}"
    return _read(TEMPLATE)


@pytest.fixture(scope="module", params=LANGUAGES)
def catalogue(request):
    lang = request.param
    path = _po(lang)
    assert path.exists(), (f"{_rel(path)} is missing; create it with:\n"
                           f"  cd {ROOT} && .venv/bin/pybabel init -i scripts/portal/locale/portal.pot "
                           f"-d scripts/portal/locale -D portal -l {lang}")
    try:
        po = _read(path, locale=lang)
    except Exception as error:  # read_po raises PoFileError and friends on a broken file
        pytest.fail(f"{_rel(path)} does not parse: {error}")
    return lang, path, po


def test_template_is_up_to_date_with_the_code(template, tmp_path):
    """Every string marked in the code and templates is in portal.pot, and nothing else."""
    fresh_path = tmp_path / "portal.pot"
    result = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *EXTRACT_ARGS, "-o", str(fresh_path), "."],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"pybabel extract failed:\n{result.stdout}\n{result.stderr}"
    fresh, current = _ids(_read(fresh_path)), _ids(template)
    problems = [f"msgid {m!r} is in the code but missing in {_rel(TEMPLATE)}" for m in sorted(fresh - current)]
    problems += [f"msgid {m!r} is in {_rel(TEMPLATE)} but no longer in the code" for m in sorted(current - fresh)]
    assert not problems, (
        "\n".join(problems)
        + f"\nThe template is stale. Re-extract it, update the catalogues and translate what is new:\n"
        f"  cd {ROOT} && {EXTRACT}\n  cd {ROOT} && {UPDATE}"
    )


def test_every_template_string_is_translated(template, catalogue):
    lang, path, po = catalogue
    problems = []
    for message in template:
        if not message.id:
            continue
        entry = po.get(message.id, message.context)
        if entry is None:
            problems.append(f"msgid {message.id!r} is missing in {_rel(path)}")
        elif entry.fuzzy:
            problems.append(f"msgid {message.id!r} is fuzzy in {_rel(path)}")
        elif not all(text.strip() for text in _texts(entry.string)):
            problems.append(f"msgid {message.id!r} has an empty msgstr in {_rel(path)}")
    assert not problems, (
        "\n".join(problems)
        + f"\nMerge the template into the catalogue, then translate every listed msgid (and drop any fuzzy flag):\n"
        f"  cd {ROOT} && {UPDATE}"
    )


def test_header_is_not_fuzzy(catalogue):
    lang, path, po = catalogue
    assert not po.fuzzy, f"the header of {_rel(path)} is marked fuzzy; remove '#, fuzzy' above msgid \"\""


def test_placeholders_are_kept(catalogue):
    """`{n}`, `{date}`: same names, same count, in the msgid and in the msgstr."""
    lang, path, po = catalogue
    problems = []
    for message in po:
        if not message.id or not message.string:
            continue
        wanted = _placeholders(_texts(message.id)[-1])
        for text in _texts(message.string):
            found = _placeholders(text)
            if text and wanted != found:
                problems.append(f"msgid {message.id!r} in {_rel(path)}: placeholders {wanted} in the msgid "
                                f"but {found} in the msgstr {text!r}")
    assert not problems, "\n".join(problems)


def test_letters_belong_to_the_language(catalogue):
    """Persian uses ی and ک, never Arabic ي and ك; Arabic the reverse."""
    lang, path, po = catalogue
    problems = []
    for message in po:
        if not message.id or not message.string:
            continue
        for text in _texts(message.string):
            for letter, name in FOREIGN_LETTERS[lang].items():
                if letter in text:
                    problems.append(f"msgid {message.id!r} in {_rel(path)}: msgstr {text!r} contains {name}")
    assert not problems, "\n".join(problems)


def test_titles_of_generated_pages_are_translated():
    """Lists and council views are titled in the page's language (their titles come from
    pages.common.titles, which extraction must see: a missed keyword left them in English)."""
    from portal.pages import site_pages
    from portal.validate import validate

    for spec in site_pages(validate(ROOT / "data")):
        if spec.record is None:
            for lang in LANGUAGES:
                assert spec.titles[lang] != spec.titles["en"], f"{spec.src_uri}: the {lang} title is English"
