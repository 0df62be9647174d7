"""`mkdocs serve` rebuilds in one process: what was edited shows, whatever the caches keep.

The adapter keeps the validated data, compiled templates and the theme's file listing between
rebuilds; these tests edit data and the theme between two builds of one process and read
the rebuilt pages.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portal.bench import serve_build

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the site's sources (the hooks' Python stays the installed package)."""
    for name in ("content", "overrides", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    if (ROOT / ".git").is_dir():   # the history, for each page's "last changed" date
        shutil.copytree(ROOT / ".git", tmp_path / ".git", symlinks=True)
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "mkdocs_hooks.py", tmp_path / "scripts")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    monkeypatch.setenv("PORTAL_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("PORTAL_TODAY", "2026-11-25")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return tmp_path


def test_rebuild_shows_edited_records_and_new_theme_files(project):
    site = project / "site"
    serve_build(project / "mkdocs.yml", site)
    assert "Yerevan" in (site / "sister-cities" / "yerevan" / "index.html").read_text(encoding="utf-8")

    # The first record of a collection is rendered by MkDocs, the others are filled into a frame.
    for city, old, new in (("beijing", "Beijing", "Peking-edited"), ("yerevan", "Yerevan", "Erevan-edited")):
        path = project / "data" / "sister-cities" / f"{city}.yml"
        text = path.read_text(encoding="utf-8")
        assert f"en: {old}" in text
        path.write_text(text.replace(f"en: {old}", f"en: {new}", 1), encoding="utf-8")
    (project / "overrides" / "assets" / "portal-serve-test.txt").write_text("new theme file\n", encoding="utf-8")

    serve_build(project / "mkdocs.yml", site)
    for city, new in (("beijing", "Peking-edited"), ("yerevan", "Erevan-edited")):
        page = (site / "sister-cities" / city / "index.html").read_text(encoding="utf-8")
        assert f"<h1>{new}</h1>" in page, f"{city}: the edited name is not on the rebuilt page"
        assert new in (site / "sister-cities" / "index.html").read_text(encoding="utf-8")
    assert (site / "assets" / "portal-serve-test.txt").is_file(), "a file added to overrides/ was not copied"


def test_one_core_builds_the_same_site(project, monkeypatch, site_dir):
    """On one core nothing runs beside MkDocs: each background task runs when the build waits for
    it. The site is byte for byte the one built on two cores."""
    import filecmp

    import portal.mkdocs_adapter as adapter

    monkeypatch.setattr(adapter, "cores", lambda: 1)
    site = project / "site-one-core"
    serve_build(project / "mkdocs.yml", site)

    def differences(compared: filecmp.dircmp, here=""):
        yield from (f"{here}{name}" for name in compared.left_only + compared.right_only + compared.diff_files)
        for name, sub in compared.subdirs.items():
            yield from differences(sub, f"{here}{name}/")

    filecmp.clear_cache()
    found = list(differences(filecmp.dircmp(site_dir, site, ignore=[])))
    assert not found, f"the one-core site differs: {found[:10]}"
