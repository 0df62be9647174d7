"""A corpus of hostile pull requests: each is refused by the validator in seconds, and a build of the
same tree publishes nothing from it.

Every case is a small change applied to a copy of the real repository (mkdocs.yml, content/,
overrides/, data/): a YAML alias bomb, links to files and folders outside the repository,
HTML/SVG/JavaScript in data/files/, a PDF that is really HTML, raw HTML and event handlers in
the prose pages... For each, `portal validate` (the real command, in the copy) must exit 1,
naming the file, without a traceback, within two seconds of CPU time; `mkdocs build` must stop
with the validator's message, and no file of the site (if any) may hold the payload.
"""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import ROOT

BIN = Path(sys.executable).parent
MARK = "PAYLOAD-7f3a"          # written into every hostile file; must never reach the site
SECRET = Path("/etc/passwd")    # a file outside the repository that a link points at
SECRET_TEXT = "root:x:0:0"


def repository_copy(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("content", "overrides", "data"):
        shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    (repo / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "mkdocs_hooks.py", repo / "scripts" / "mkdocs_hooks.py")
    return repo


def write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or path.exists():
        path.unlink()
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def link(path: Path, target: str) -> None:
    if path.is_symlink() or path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


def alias_bomb() -> str:
    lines = ["id: bomb", f"name: &a0 {{en: {MARK}, fa: بمب}}"]
    for level in range(1, 10):
        lines.append(f"l{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def deep_nesting() -> str:
    """A valid YAML file whose values nest twelve mappings deeper than any field of the schema."""
    city = (ROOT / "data/sister-cities/yerevan.yml").read_text(encoding="utf-8").replace("id: yerevan", "id: deep")
    nested = "".join("  " * (level + 4) + f"level{level}:\n" for level in range(12))
    return city + "activities:\n  - date: 2020\n    title:\n      en:\n" + nested + "  " * 16 + MARK + "\n"


PNG_HEAD = b"\x89PNG\r\n\x1a\n"
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


@dataclass
class Case:
    name: str
    shown: str                       # the path the validator must name
    plant: Callable[[Path], None]
    payload: str = MARK              # what must not appear in the built site


CASES = [
    Case("alias-bomb", "data/sister-cities/bomb.yml",
         lambda repo: write(repo / "data/sister-cities/bomb.yml", alias_bomb())),
    Case("deep-nesting", "data/sister-cities/deep.yml",
         lambda repo: write(repo / "data/sister-cities/deep.yml", deep_nesting())),
    Case("oversized-record", "data/findings/huge.yml",
         lambda repo: write(repo / "data/findings/huge.yml",
                            "id: huge\n# " + MARK + "\n" + ("# padding padding padding padding\n" * 40000))),
    Case("oversized-pdf", "data/council/documents/annual-programme-1398.yml",
         lambda repo: write(repo / "data/files/council/annual-programme-1398.pdf",
                            b"%PDF-1.4\n%" + MARK.encode() + b"\n" + b"0" * (21 * 1024 * 1024))),
    Case("symlink-to-file", "data/files/council/annual-programme-1398.pdf",
         lambda repo: link(repo / "data/files/council/annual-programme-1398.pdf", str(SECRET)), SECRET_TEXT),
    Case("symlink-to-folder", "data/files/council/etcdir",
         lambda repo: link(repo / "data/files/council/etcdir", "/etc"), SECRET_TEXT),
    Case("dangling-symlink-data", "data/files/council/gone.pdf",
         lambda repo: link(repo / "data/files/council/gone.pdf", "/nonexistent/" + MARK)),
    Case("symlink-record", "data/sister-cities/passwd.yml",
         lambda repo: link(repo / "data/sister-cities/passwd.yml", str(SECRET)), SECRET_TEXT),
    Case("symlink-data-folder", "data/findings",
         lambda repo: (shutil.rmtree(repo / "data/findings"), link(repo / "data/findings", "/etc")), SECRET_TEXT),
    Case("symlink-content-file", "content/passwd.png",
         lambda repo: link(repo / "content/passwd.png", str(SECRET)), SECRET_TEXT),
    Case("symlink-content-folder", "content/etc",
         lambda repo: link(repo / "content/etc", "/etc"), SECRET_TEXT),
    Case("dangling-symlink-content", "content/gone.md",
         lambda repo: link(repo / "content/gone.md", "/nonexistent/" + MARK)),
    Case("symlink-overrides-file", "overrides/assets/passwd.txt",
         lambda repo: link(repo / "overrides/assets/passwd.txt", str(SECRET)), SECRET_TEXT),
    Case("symlink-overrides-folder", "overrides/assets/etc",
         lambda repo: link(repo / "overrides/assets/etc", "/etc"), SECRET_TEXT),
    Case("dangling-symlink-overrides", "overrides/partials/gone.html",
         lambda repo: link(repo / "overrides/partials/gone.html", "/nonexistent/" + MARK)),
    Case("html-in-files", "data/files/evil.html",
         lambda repo: write(repo / "data/files/evil.html", f"<html><script>alert('{MARK}')</script></html>")),
    Case("svg-with-script", "data/files/findings/cover.svg",
         lambda repo: write(repo / "data/files/findings/cover.svg",
                            f'<svg xmlns="http://www.w3.org/2000/svg"><script>alert("{MARK}")</script></svg>')),
    Case("javascript-in-files", "data/files/council/app.js",
         lambda repo: write(repo / "data/files/council/app.js", f"alert('{MARK}');")),
    Case("pdf-that-is-html", "data/council/documents/annual-programme-1398.yml",
         lambda repo: write(repo / "data/files/council/annual-programme-1398.pdf",
                            f"<!doctype html><script>alert('{MARK}')</script>")),
    Case("image-with-wrong-extension", "data/findings/city-diplomacy-handbook.yml",
         lambda repo: write(repo / "data/files/findings/city-diplomacy-handbook-cover.png",
                            JPEG_HEAD + MARK.encode() + b"\x00" * 64)),
    Case("stray-file-in-data", "data/notes.html",
         lambda repo: write(repo / "data/notes.html", f"<script>{MARK}</script>")),
    Case("html-in-content", "content/x.html",
         lambda repo: write(repo / "content/x.html", f"<script>alert('{MARK}')</script>")),
    Case("script-in-page", "content/deputy.en.md",
         lambda repo: (repo / "content/deputy.en.md").write_text(
             (repo / "content/deputy.en.md").read_text(encoding="utf-8") + f"\n<script>alert('{MARK}')</script>\n",
             encoding="utf-8")),
    Case("attr-list-event-handler", "content/deputy.en.md",
         lambda repo: (repo / "content/deputy.en.md").write_text(
             (repo / "content/deputy.en.md").read_text(encoding="utf-8").replace(
                 "{#why-cities}", f'{{#why-cities onclick="alert(\'{MARK}\')"}}', 1), encoding="utf-8")),
    Case("attr-list-style", "content/contact.fa.md",
         lambda repo: (repo / "content/contact.fa.md").write_text(
             (repo / "content/contact.fa.md").read_text(encoding="utf-8").replace(
                 "{#which-office}", f'{{#which-office style="background:url(https://{MARK}.example)"}}', 1),
             encoding="utf-8")),
    Case("meta-refresh", "content/contact.en.md",
         lambda repo: (repo / "content/contact.en.md").write_text(
             (repo / "content/contact.en.md").read_text(encoding="utf-8")
             + f'\n<meta http-equiv="refresh" content="0;url=https://{MARK}.example/">\n', encoding="utf-8")),
    Case("javascript-link-in-page", "content/contact.ar.md",
         lambda repo: (repo / "content/contact.ar.md").write_text(
             (repo / "content/contact.ar.md").read_text(encoding="utf-8")
             + f"\n[click](javascript&#58;alert('{MARK}'))\n", encoding="utf-8")),
    Case("front-matter-alias-bomb", "content/index.fa.md",
         lambda repo: (repo / "content/index.fa.md").write_text(
             (repo / "content/index.fa.md").read_text(encoding="utf-8").replace(
                 "---\n", f"---\nx: &a [{MARK}, {MARK}]\ny: [*a, *a, *a]\n", 1), encoding="utf-8")),
]


def run_cli(repo: Path) -> tuple[subprocess.CompletedProcess, float]:
    """`portal validate data` in the copy; returns the result and the CPU time it used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([str(BIN / "portal"), "validate", "data"], cwd=repo, capture_output=True, text=True,
                            timeout=60)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return result, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def site_files_containing(site: Path, payload: str) -> list[str]:
    if not site.exists():
        return []
    needle = payload.encode()
    found = []
    for path in site.rglob("*"):
        if path.is_file() and not path.is_symlink() and needle in path.read_bytes():
            found.append(str(path.relative_to(site)))
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_change_is_refused_and_never_published(tmp_path, case):
    repo = repository_copy(tmp_path)
    case.plant(repo)

    result, cpu = run_cli(repo)
    output = result.stdout + result.stderr
    assert result.returncode == 1, f"{case.name}: portal validate accepted it:\n{output}"
    assert "Traceback" not in output, f"{case.name}: the validator crashed:\n{output}"
    assert f"{case.shown}:" in result.stdout, f"{case.name}: the message does not name {case.shown}:\n{output}"
    assert "error:" in result.stdout and "خطا:" in result.stdout, output
    assert cpu < 2.0, f"{case.name}: portal validate took {cpu:.1f} s of CPU time"

    site = tmp_path / "site"
    build = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)], cwd=repo,
                           capture_output=True, text=True, timeout=300,
                           env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    log = build.stdout + build.stderr
    assert build.returncode != 0, f"{case.name}: the build published the tree"
    assert "Traceback" not in log, f"{case.name}: the build crashed instead of refusing:\n{log[-3000:]}"
    assert case.shown in log, f"{case.name}: the build's message does not name {case.shown}:\n{log[-3000:]}"
    leaked = site_files_containing(site, case.payload)
    assert not leaked, f"{case.name}: the payload reached the site in {leaked}"


def test_alias_bomb_is_refused_at_its_first_anchor(tmp_path):
    repo = repository_copy(tmp_path)
    write(repo / "data/sister-cities/bomb.yml", alias_bomb())
    result, _ = run_cli(repo)
    assert "data/sister-cities/bomb.yml:2:7: error:" in result.stdout, result.stdout
    assert "anchors (&name) or aliases (*name)" in result.stdout
    assert "لنگر" in result.stdout


def test_deep_nesting_is_refused_where_it_goes_too_deep(tmp_path):
    repo = repository_copy(tmp_path)
    write(repo / "data/sister-cities/deep.yml", deep_nesting())
    result, _ = run_cli(repo)
    lines = [line for line in result.stdout.splitlines() if line.startswith("data/sister-cities/deep.yml")]
    assert len(lines) == 1 and ": error: The values here are nested deeper" in lines[0], result.stdout


def test_unreferenced_file_is_a_warning_and_is_not_published_while_referenced_files_are(tmp_path):
    repo = repository_copy(tmp_path)
    write(repo / "data/files/findings/unused-photo.png", PNG_HEAD + MARK.encode() + b"\x00" * 64)
    result, _ = run_cli(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "data/files/findings/unused-photo.png:1:1: warning:" in result.stdout, result.stdout
    site = tmp_path / "site"
    build = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)], cwd=repo,
                           capture_output=True, text=True, timeout=300,
                           env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PORTAL_TODAY="2026-11-25"))
    assert build.returncode == 0, build.stdout + build.stderr
    assert not (site / "files/findings/unused-photo.png").exists()
    assert not site_files_containing(site, MARK)
    published = sorted(p.relative_to(site / "files").as_posix() for p in (site / "files").rglob("*") if p.is_file())
    referenced = sorted(p.relative_to(repo / "data/files").as_posix()
                        for p in (repo / "data/files").rglob("*") if p.is_file() and "unused" not in p.name)
    assert published == referenced
    for name in published:   # byte for byte
        assert (site / "files" / name).read_bytes() == (repo / "data/files" / name).read_bytes()


def test_copy_refuses_a_link_even_without_the_validator(tmp_path):
    """The build's own copy checks every path again (a tree changed after validation)."""
    from portal.data_files import copy_published

    data = tmp_path / "data"
    (data / "files/council").mkdir(parents=True)
    os.symlink(SECRET, data / "files/council/a.pdf")
    (data / "files/council/b.pdf").write_bytes(b"%PDF-1.4\n")
    os.symlink(data / "files/council", data / "files/linked")
    site = tmp_path / "site"
    assert copy_published(data, site, ["council/b.pdf"]) == {"council/b.pdf": 9}
    for name in ("council/a.pdf", "linked/b.pdf", "../files/council/b.pdf"):
        with pytest.raises(ValueError):
            copy_published(data, site, [name])
    assert sorted(p.name for p in (site / "files").rglob("*")) == ["b.pdf", "council"]


@pytest.mark.parametrize("line", [
    "[x](javascript:alert(1))", "[x]( JAVASCRIPT:alert(1))", "[x](java&#x09;script:alert(1))",
    "[ref]: vbscript:msgbox", "![x](https://cdn.example/a.png)", "![x](//cdn.example/a.png)",
    "<iframe src=x>", "<base href=//evil.example>", "text <img src=x onerror=alert(1)>",
    "## Title {onclick=alert(1)}", "Para\n{: href=//evil.example }", "<!-- hidden -->",
])
def test_prose_refuses_each_trick(line):
    from portal.prose import check_page

    found = []
    check_page(f"---\ntitle: T\n---\n\n{line}\n", "content/p.en.md", lambda *args: found.append(args))
    assert found, f"accepted: {line}"
    assert all(problem[0] == "content/p.en.md" and problem[1] >= 5 for problem in found), found


@pytest.mark.parametrize("line", [
    "## Heading {#anchor}", "A [link](https://example.org) and [another](deputy.md#aims).",
    "Code: `<script>` is shown as text.", "```html\n<script>shown</script>\n```", "<https://example.org>",
    "![map](images/map.png)", "Write to [us](mailto:intl@example.org).", "Sets {n} and {x} in text.",
    "## عنوان {#heading lang=fa dir=rtl}",
])
def test_prose_accepts_ordinary_markdown(line):
    from portal.prose import check_page

    found = []
    check_page(f"---\ntitle: T\n---\n\n{line}\n", "content/p.en.md", lambda *args: found.append(args))
    assert not found, found


def test_page_content_is_sanitised_in_the_build_too():
    """What the validator might miss is cleaned from prose pages by the same policy as data texts."""
    from portal.sanitise import data_text, page_content

    dirty = ('<h2 id="a" onclick="x()">T</h2><script>x()</script><a href="javascript:x()">l</a>'
             '<meta http-equiv="refresh" content="0"><iframe src="//e"></iframe><p style="color:red">p</p>')
    for cleaner in (page_content, data_text):
        clean = cleaner.clean(dirty)
        for bad in ("onclick", "<script", "javascript:", "<meta", "<iframe", "style="):
            assert bad not in clean, (bad, clean)
