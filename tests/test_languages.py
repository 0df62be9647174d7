"""Another language is configuration: Russian and Chinese added to a copy of mkdocs.yml.

The portal's languages are one list, the i18n plugin's `languages` in mkdocs.yml. These tests add
`ru` and `zh` (simplified script) to a temporary copy of the real configuration, with no other
change than two names in the data, and build the whole site: every page exists in both, dates
follow CLDR, untranslated texts are shown in a fallback language marked with its own lang and
dir, search works in both scripts, Chinese pages get their own font subset. Nothing here is
published: the real mkdocs.yml keeps English, Persian and Arabic.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from site_html import parse
from portal import languages

BIN = Path(sys.executable).parent
NEW = {"ru": "Русский", "zh": "中文"}
BEIJING = {"ru": "Пекин", "zh": "北京"}


def config_with(text: str, entries: dict[str, bool]) -> str:
    """mkdocs.yml with more languages (code -> built?) at the end of the i18n plugin's list."""
    added = "".join(f"        - locale: {code}\n          name: {NEW[code]}\n          build: {str(built).lower()}\n"
                    for code, built in entries.items())
    assert "\nnav:\n" in text
    return text.replace("\nnav:\n", added + "\nnav:\n", 1)


def repository_copy(folder: Path, entries: dict[str, bool]) -> Path:
    for name in ("content", "overrides", "data"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "scripts").mkdir()
    shutil.copy(ROOT / "scripts/mkdocs_hooks.py", folder / "scripts/mkdocs_hooks.py")
    shutil.copy(ROOT / "babel.cfg", folder / "babel.cfg")
    (folder / "mkdocs.yml").write_text(config_with((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), entries),
                                       encoding="utf-8")
    beijing = folder / "data/sister-cities/beijing.yml"
    names = "".join(f"  {code}: {BEIJING[code]}\n" for code in entries)
    beijing.write_text(beijing.read_text(encoding="utf-8").replace("  ar: بكين\ncountry:", f"  ar: بكين\n{names}country:", 1),
                       encoding="utf-8")
    return folder


def build(repo: Path) -> Path:
    site = repo / "site"
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)], cwd=repo,
                            capture_output=True, text=True, timeout=900,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PORTAL_TODAY="2026-11-25"))
    assert result.returncode == 0, f"the build with more languages failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return site


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return repository_copy(tmp_path_factory.mktemp("languages"), {"ru": True, "zh": True})


@pytest.fixture(scope="module")
def site(repo) -> Path:
    return build(repo)


def pages_of(site: Path, root: str) -> set[str]:
    base = site / root if root else site
    found = set()
    for page in base.rglob("index.html"):
        relative = page.relative_to(base).as_posix()
        if not root and relative.split("/")[0] in ("fa", "ar", "ru", "zh", "search-index", "assets", "files", "admin"):
            continue
        found.add(relative)
    return found


def text_of(site: Path, path: str) -> str:
    return " ".join(parse(site / path).text_content().split())


def test_the_real_configuration_lists_english_persian_and_arabic():
    assert languages.codes() == ("en", "fa", "ar")
    assert [lang.direction for lang in languages.built()] == ["ltr", "rtl", "rtl"]
    assert languages.get("fa").calendar == "persian" and languages.get("ar").digits == "٠١٢٣٤٥٦٧٨٩"


def test_the_schema_file_lists_the_configured_languages():
    """common.schema.json (read as is by VS Code) names the same languages as mkdocs.yml."""
    static = json.loads((ROOT / "scripts/portal/schemas/common.schema.json").read_text(encoding="utf-8"))
    assert static["$defs"]["languageCode"]["enum"] == list(languages.data_codes())


def test_every_page_exists_in_each_new_language(site):
    english = pages_of(site, "")
    assert len(english) > 50
    for code in NEW:
        assert pages_of(site, code) == english, f"{code}: pages missing or extra"


@pytest.mark.parametrize("code", list(NEW))
def test_pages_carry_their_language_and_direction(site, code):
    html = (site / code / "sister-cities/beijing/index.html").read_text(encoding="utf-8")
    assert re.search(rf'<html lang="{code}" dir="ltr"', html)
    tree = parse(site / code / "sister-cities/beijing/index.html")
    assert tree.xpath("//h1")[0].text_content().strip() == BEIJING[code]


def test_dates_follow_cldr_long_formats(site):
    assert "27 февраля 2014 г." in text_of(site, "ru/sister-cities/beijing/index.html")
    assert "2014年2月27日" in text_of(site, "zh/sister-cities/beijing/index.html")
    assert "27 February 2014" in text_of(site, "sister-cities/beijing/index.html")


@pytest.mark.parametrize("code", list(NEW))
def test_untranslated_texts_fall_back_marked(site, code):
    tree = parse(site / code / "sister-cities/beijing/index.html")
    summary = tree.xpath("//div[contains(@class, 'portal-rich')]")[0]
    assert summary.get("lang") == "en" and summary.get("dir") == "ltr"
    assert "Not yet translated" in summary.text_content()
    # A prose page without content/deputy.<code>.md: the English page, marked as such.
    prose = parse(site / code / "deputy/index.html")
    body = prose.xpath("//div[@data-search-body]")[0]
    assert body.get("lang") == "en" and body.get("dir") == "ltr"
    assert prose.xpath("//p[@class='portal-fallback-note']")


def test_language_switcher_hreflang_and_sitemap_list_the_new_languages(site):
    tree = parse(site / "zh/sister-cities/beijing/index.html")
    switcher = {a.get("hreflang"): a.get("dir") for a in tree.xpath("//div[contains(@class,'portal-languages')]//a")}
    assert switcher == {"en": "ltr", "fa": "rtl", "ar": "rtl", "ru": "ltr", "zh": "ltr"}
    hreflang = {link.get("hreflang") for link in tree.xpath("//link[@rel='alternate'][@hreflang]")}
    assert hreflang == {"en", "fa", "ar", "ru", "zh", "x-default"}
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/ru/sister-cities/beijing/" in sitemap and 'hreflang="zh"' in sitemap


def test_open_data_feeds_and_calendars_per_language(site):
    table = list(csv.DictReader(io.StringIO((site / "data/sister-cities.csv").read_text(encoding="utf-8-sig"))))
    beijing = next(row for row in table if row["id"] == "beijing")
    assert beijing["name_ru"] == "Пекин" and beijing["name_zh"] == "北京"
    geo = json.loads((site / "data/sister-cities.geojson").read_text(encoding="utf-8"))
    props = next(f["properties"] for f in geo["features"] if f["id"] == "beijing")
    assert props["name_zh"] == "北京" and props["url_ru"].endswith("/ru/sister-cities/beijing/")
    for code in NEW:
        assert (site / "feeds" / code / "relations.xml").exists()
        assert (site / "calendars" / code / "exhibitions.ics").exists()
        assert (site / "search-index" / code / "index.json").exists()


def test_chinese_pages_get_their_font_and_english_pages_do_not(site):
    zh = (site / "zh/sister-cities/beijing/index.html").read_text(encoding="utf-8")
    en = (site / "sister-cities/beijing/index.html").read_text(encoding="utf-8")
    assert "assets/stylesheets/fonts-hans.css" in zh and "noto-sans-sc-400-0.woff2" in zh
    assert "fonts-hans" not in en and "noto-sans" not in en and "vazirmatn" not in en


def test_the_published_site_leaves_out_fonts_of_scripts_it_does_not_use(site_dir, site):
    assert not list((site_dir / "assets/fonts").glob("noto-sans-sc-*"))
    assert (site / "assets/fonts/noto-sans-sc-400-0.woff2").exists()


def test_search_finds_a_chinese_name_by_two_characters_and_folds_russian(site):
    from test_search_index import NodeSearch

    search = NodeSearch()
    try:
        _, found = search(site, "zh", "北京")
        assert "/zh/sister-cities/beijing/" in [href for href, _, _ in found]
        _, found = search(site, "ru", "ПЕКИН")
        assert [href for href, _, _ in found][:1] == ["/ru/sister-cities/beijing/"]
    finally:
        search.proc.stdin.close()
        search.proc.wait(timeout=10)


def test_the_validator_accepts_configured_languages_only(repo, tmp_path):
    """`ru` is a language of the copy's configuration, not of the real one; `rus` of neither."""
    shown = "data/sister-cities/beijing.yml"
    ok = subprocess.run([str(BIN / "portal"), "validate", "data"], cwd=repo, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout
    data = tmp_path / "data"
    shutil.copytree(repo / "data", data)
    refused = subprocess.run([str(BIN / "portal"), "validate", str(data)], cwd=ROOT, capture_output=True, text=True)
    assert refused.returncode == 1
    assert re.search(r"beijing\.yml:\d+:3: error: 'ru' in 'name' is not one of the portal's languages", refused.stdout)
    beijing = repo / shown
    original = beijing.read_text(encoding="utf-8")
    try:
        beijing.write_text(original.replace("  ru: Пекин\n", "  rus: Пекин\n"), encoding="utf-8")
        typo = subprocess.run([str(BIN / "portal"), "validate", "data"], cwd=repo, capture_output=True, text=True)
        line = original.splitlines().index("  ru: Пекин") + 1
        assert f"{shown}:{line}:3: error: 'rus' in 'name' is not one of the portal's languages" in typo.stdout
        assert "Did you mean 'ru'?" in typo.stdout
    finally:
        beijing.write_text(original, encoding="utf-8")


def test_a_language_can_wait_unpublished_while_its_coverage_is_reported(tmp_path):
    repo = repository_copy(tmp_path, {"ru": False})
    report = subprocess.run([str(BIN / "portal"), "translations", "data"], cwd=repo, capture_output=True, text=True)
    assert report.returncode == 0, report.stderr
    assert re.search(r"^ru: \d+/\d+ texts translated \(not published yet", report.stdout, re.M), report.stdout
    site = build(repo)
    assert not (site / "ru").exists()
    html = (site / "sister-cities/beijing/index.html").read_text(encoding="utf-8")
    assert 'hreflang="ru"' not in html


def test_one_command_makes_a_new_languages_catalogue(repo):
    shutil.copytree(ROOT / "scripts/portal", repo / "scripts/portal", ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run([str(BIN / "portal"), "catalogue", "ru"], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    catalogue = repo / "scripts/portal/locale/ru/LC_MESSAGES/portal.po"
    assert catalogue.exists()
    text = catalogue.read_text(encoding="utf-8")
    assert 'msgid "Sister cities"' in text and "Language: ru" in text
    assert re.search(r"ru/LC_MESSAGES/portal.po: 0 of \d{3} strings translated", result.stdout), result.stdout


@pytest.fixture(scope="module")
def site_server(site):
    from conftest import _serve

    yield from _serve(site)


@pytest.mark.browser
@pytest.mark.parametrize("code", list(NEW))
@pytest.mark.parametrize("path", ["", "deputy/", "sister-cities/", "sister-cities/beijing/", "council/meetings/",
                                  "open-data/"])
def test_new_languages_are_accessible_and_within_the_weight_budget(browser, site_server, code, path):
    from axe_playwright_python.sync_playwright import Axe
    from test_browser_quality import PAGE_BUDGET, WCAG, _transfer

    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    sizes = _transfer(page, f"{site_server}/{code}/{path}")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    context.close()
    violations = [f"{v['id']}: {v['help']} ({v['nodes'][0]['target']})" for v in results.response["violations"]]
    assert not violations, f"{code}/{path}: " + "; ".join(violations)
    assert not problems, f"{code}/{path}: console errors: {problems}"
    assert sum(sizes.values()) <= PAGE_BUDGET, f"{code}/{path}: {sum(sizes.values()) / 1024:.0f} KB gzipped"


@pytest.mark.browser
def test_first_chinese_search_is_light(browser, site_server):
    from test_browser_quality import SEARCH_BUDGET, _transfer

    context = browser.new_context()
    page_only = sum(_transfer(context.new_page(), f"{site_server}/zh/search/").values())
    context.close()
    context = browser.new_context()
    page = context.new_page()
    sizes = _transfer(page, f"{site_server}/zh/search/?q=北京")
    page.locator("[data-search-results] li").first.wait_for(timeout=15000)
    first = page.locator("[data-search-results] li a").first.get_attribute("href")
    context.close()
    extra = sum(sizes.values()) - page_only
    print(f"zh 北京: first search +{extra / 1024:.1f} KB gzipped")
    assert first.endswith("/zh/sister-cities/beijing/")
    assert extra <= SEARCH_BUDGET
