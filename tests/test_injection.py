"""Data cannot inject markup or script: every text and URL field of every collection is fed
`<script>`, an event attribute, a `javascript:` URL and a bidi override; the validator must refuse
each one at its own line, and the build must refuse to publish."""
from __future__ import annotations

import shutil

import pytest
import yaml

from conftest import build_site
from portal.collections import COLLECTIONS
from portal.load import load_file
from portal.problems import ProblemList
from portal.validate import validate

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "event-attribute": 'x" onmouseover="alert(1)" <img src=x onerror=alert(2)>',
    "javascript-url": "javascript:alert(1)",
    "bidi-override": "gpj.\u202eexe.txt",
}


def string_leaves(value, here=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from string_leaves(v, here + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from string_leaves(v, here + (i,))
    elif isinstance(value, str) and here and here[-1] not in ("id",):
        yield here


def set_at(value, path, new):
    for key in path[:-1]:
        value = value[key]
    value[path[-1]] = new


URL_KEYS = ("url", "website")


@pytest.mark.parametrize("payload", list(PAYLOADS))
@pytest.mark.parametrize("collection", [c.name for c in COLLECTIONS])
def test_every_string_field_refuses_injection(tmp_path, collection, payload):
    """All text fields of one record get the payload at once; each must be refused at its own line.
    A `javascript:` text is only dangerous where it becomes a link, so it goes to URL fields only."""
    data = tmp_path / "data"
    shutil.copytree("data", data)
    folder = data / next(c.folder for c in COLLECTIONS if c.name == collection)
    file = max(folder.glob("*.yml"), key=lambda f: len(f.read_text(encoding="utf-8")))   # the richest record
    record = yaml.safe_load(file.read_text(encoding="utf-8"))
    leaves = [p for p in string_leaves(record) if payload != "javascript-url" or p[-1] in URL_KEYS]
    if not leaves:
        pytest.skip(f"{file.name} has no field for {payload}")
    for path in leaves:
        set_at(record, path, PAYLOADS[payload])
    file.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    problems = ProblemList()
    loaded = load_file(file, file.name, problems)
    error_lines = {p.line for p in validate(data).problems.errors if p.path.endswith(file.name)}
    accepted = [".".join(map(str, path)) for path in leaves if loaded.where(path)[0] not in error_lines]
    assert not accepted, f"{collection} ({file.name}): these fields accept {payload!r}: {accepted}"


def test_build_refuses_to_publish_injected_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree("data", data)
    city = data / "sister-cities" / "beijing.yml"
    city.write_text(city.read_text(encoding="utf-8").replace("  en: Beijing\n", "  en: <script>alert(1)</script>\n", 1),
                    encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(site, data_dir=data)
    assert result.returncode != 0, "the build published data with a <script> in it"
    assert "beijing.yml" in result.stdout + result.stderr and "HTML" in result.stdout + result.stderr
    assert not (site / "sister-cities" / "beijing" / "index.html").exists()
