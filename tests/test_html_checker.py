"""Every public page passes the W3C Nu Html Checker with no error.

vnu.jar is pinned in scripts/vnu/package-lock.json (`make checker` installs it) and runs with
Java. Material's own markup has errors the checker reports (autocomplete on checkbox toggles,
empty tabindex, a label for a missing control); portal.finish_html.valid_markup mends them on
every page, so a Material upgrade that brings an error back fails here. /admin/ is the editor's
page, not ours, and is left out.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

VNU = ROOT / "scripts" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def public_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] not in ("admin", "assets", "search-index", "files"))


def test_no_page_has_an_html_error(site_dir):
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: `apt-get install default-jre-headless` (GitHub's runners have it).")
    assert VNU.exists(), f"{VNU} is missing: run `make checker` (npm ci in scripts/vnu)."
    pages = public_pages(site_dir)
    assert len(pages) > 150
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "gnu", *map(str, pages)],
                            capture_output=True, text=True, timeout=600)
    errors = [line for line in result.stderr.splitlines() if ": error:" in line or ": fatal:" in line]
    assert result.returncode == 0 and not errors, \
        f"{len(errors)} errors on {len({e.split(':')[0] for e in errors})} pages:\n" + "\n".join(errors[:30])


def test_material_markup_is_mended():
    from portal.finish_html import valid_markup

    page = ('<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
            '<label class="md-nav__link" for="__nav_5" id="__nav_5_label" tabindex="">x</label>'
            '<input type="checkbox" id="__nav_5"><label class="md-nav__title" for="__toc">T</label>'
            '<input type="search" autocomplete="off">')
    mended = valid_markup(page)
    assert 'type="checkbox" id="__drawer">' in mended and 'tabindex=""' not in mended
    assert 'for="__nav_5"' in mended and 'for="__toc"' not in mended
    assert '<input type="search" autocomplete="off">' in mended   # where autocomplete is allowed, kept
