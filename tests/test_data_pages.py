"""Data pages in the built site: right records, localised dates, collation order, JSON-LD, escaping."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import lxml.html
import pytest

from conftest import build_site
from portal.pages import site_pages
from portal.present import markdown_to_safe_html
from portal.validate import validate
from site_html import LANGS, parse, search_index

ROOT_OF = {"en": "", "fa": "fa/", "ar": "ar/"}


def page_of(site, lang, path):
    return parse(site / ROOT_OF[lang] / path / "index.html")


def texts(html, xpath):
    return [" ".join(e.text_content().split()) for e in html.xpath(xpath)]


@pytest.mark.parametrize("lang,expected", [
    ("en", "18 January 2023"), ("fa", "۲۸ دی ۱۴۰۱"), ("ar", "١٨ يناير ٢٠٢٣")])
def test_sister_city_date_in_the_readers_calendar(site_dir, lang, expected):
    html = page_of(site_dir, lang, "sister-cities/yerevan")
    facts = " ".join(texts(html, "//dl[contains(@class,'portal-facts')]"))
    assert expected in facts, f"{lang}: signed date not shown as {expected!r}: {facts}"


@pytest.mark.parametrize("lang,name,country", [
    ("en", "Beijing", "China"), ("fa", "پکن", "چین"), ("ar", "بكين", "الصين")])
def test_sister_city_list_has_the_records_in_each_language(site_dir, lang, name, country):
    html = page_of(site_dir, lang, "sister-cities")
    rows = texts(html, "//ul[contains(@class,'portal-list')]/li")
    assert any(name in r and country in r for r in rows), rows
    assert len(rows) == len(list((site_dir / "sister-cities").iterdir())) - 1 or len(rows) >= 7


def test_month_precision_dates_are_not_made_precise(site_dir):
    # Minsk signed in November 2006: no day may appear, in any language.
    for lang, expected in (("en", "November 2006"), ("ar", "نوفمبر ٢٠٠٦")):
        facts = " ".join(texts(page_of(site_dir, lang, "sister-cities/minsk"), "//dl"))
        assert expected in facts, facts
    fa = " ".join(texts(page_of(site_dir, "fa", "sister-cities/minsk"), "//dl"))
    assert "آبان" in fa and "آذر" in fa and "۱۳۸۵" in fa, f"November 2006 spans Aban–Azar 1385: {fa}"


def test_persian_list_follows_persian_alphabetical_order(site_dir):
    html = page_of(site_dir, "fa", "sister-cities")
    names = texts(html, "//ul[contains(@class,'portal-list')]/li/a/strong")
    from portal.localise import sort_by
    assert names == sort_by(names, None, "fa"), names
    # the order is not code-point order for these names (پ after ب, etc.)
    assert "پکن" in names and "پرتوریا" in names


def test_every_record_has_a_page_in_every_language(site_dir):
    data = validate(Path("data"))
    for spec in site_pages(data):
        if spec.record is None:
            continue
        for lang in LANGS:
            path = site_dir / ROOT_OF[lang] / spec.src_uri[:-3] / "index.html"
            assert path.exists(), f"missing {path}"


@pytest.mark.parametrize("path,kind,required", [
    ("sister-cities/beijing", "City", {"name", "geo"}),
    ("exhibitions/tehran-sister-cities-festival-2022", "Event", {"name", "startDate", "location"}),
    ("findings/city-diplomacy-handbook", "Book", {"name", "author", "isbn", "datePublished"}),
    ("council/meetings/meeting-01", "Event", {"name", "startDate", "location"}),
])
def test_jsonld_parses_and_has_required_properties(site_dir, path, kind, required):
    for lang in LANGS:
        html = page_of(site_dir, lang, path)
        scripts = html.xpath("//script[@type='application/ld+json']/text()")
        assert scripts, f"{lang}/{path}: no JSON-LD"
        data = json.loads(scripts[0])
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == kind or (kind == "Event" and data["@type"].endswith("Event"))
        assert required <= set(data), f"{lang}/{path}: JSON-LD lacks {required - set(data)}"
        if kind == "Event":
            assert "address" in data["location"]


def test_open_graph_tags(site_dir):
    html = page_of(site_dir, "fa", "sister-cities/beijing")
    og = {m.get("property"): m.get("content") for m in html.xpath("//meta[starts-with(@property,'og:')]")}
    assert og["og:title"] == "پکن" and og["og:locale"] == "fa_IR" and og["og:url"].endswith("/fa/sister-cities/beijing/")


def test_council_compliance_panel_shows_statute_figures(site_dir):
    html = page_of(site_dir, "en", "council/meetings")
    panel = " ".join(texts(html, "//section[contains(@class,'portal-compliance')]"))
    assert "Agendas sent at least 7 days ahead" in panel and "%" in panel, panel
    assert "Article 5-5" in panel


def test_deemed_resignation_is_shown(site_dir):
    html = page_of(site_dir, "en", "council/members")
    rows = texts(html, "//tr[contains(., 'Deemed resigned')]")
    assert rows, "the member absent from three consecutive ordinary meetings is not shown as deemed resigned"


def test_markdown_subset_is_sanitised():
    """Markup written in a Markdown field stays text; only the subset's elements are made."""
    html = markdown_to_safe_html("**bold** <script>alert(1)</script> [x](javascript:alert(1)) <b onclick=x>y</b> "
                                 "[ok](https://example.org)")
    tree = lxml.html.fragment_fromstring(str(html), create_parent="div")
    assert [e.tag for e in tree.iter()] == ["div", "p", "strong", "a"], str(html)
    assert tree.xpath("//a/@href") == ["https://example.org"] and tree.xpath("//a/@rel") == ["noopener external"]
    assert "<script>alert(1)</script>" in tree.text_content(), "raw HTML should be shown as the text it is"


def test_text_from_data_is_escaped_in_pages(tmp_path):
    """A title with markup shows as text: the build bypasses nothing (validator refuses HTML in
    Markdown fields, and templates escape plain fields)."""
    data = tmp_path / "data"
    shutil.copytree("data", data)
    city = (data / "sister-cities" / "yerevan.yml").read_text(encoding="utf-8")
    (data / "sister-cities" / "yerevan.yml").write_text(
        city.replace("  en: Yerevan\n", "  en: \"Yerevan & <i>Co</i>\"\n", 1), encoding="utf-8")
    problems = validate(data).problems.errors
    # One error, in the file: records that name Yerevan are not blamed for its mistake.
    assert [p.code for p in problems] == ["bad-plain-text"], [p.render() for p in problems]


def test_new_sister_city_appears_everywhere(tmp_path, site_dir):
    """One YAML file added: list, map, timeline, its own page in three languages, search, sitemap."""
    data = tmp_path / "data"
    shutil.copytree("data", data)
    text = (data / "sister-cities" / "yerevan.yml").read_text(encoding="utf-8")
    text = (text.replace("id: yerevan", "id: testville").replace("en: Yerevan", "en: Testville")
            .replace("fa: ایروان", "fa: تست‌آباد").replace("ar: يريفان", "ar: تستفيل")
            .replace("lat: 40.1792", "lat: 10.5").replace("lon: 44.4991", "lon: 10.5")
            .replace("signed_on: 2023-01-18", "signed_on: 2024-03-05"))
    (data / "sister-cities" / "testville.yml").write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(site, data_dir=data)
    assert result.returncode == 0, result.stderr[-2000:]
    for lang, name in (("en", "Testville"), ("fa", "تست‌آباد"), ("ar", "تستفيل")):
        page = site / ROOT_OF[lang] / "sister-cities" / "testville" / "index.html"
        assert page.exists(), f"no {lang} page"
        assert parse(page).xpath("//h1")[0].text_content().strip() == name
        listing = parse(site / ROOT_OF[lang] / "sister-cities" / "index.html")
        assert listing.xpath("//ul[contains(@class,'portal-list')]//a[contains(@href,'testville')]"), f"{lang}: not in the list"
        assert listing.xpath("//svg//a[contains(@href,'testville')]/circle"), f"{lang}: no marker on the map"
        timeline = " ".join(texts(listing, "//ol[contains(@class,'portal-timeline')]"))
        assert name in timeline, f"{lang}: not on the timeline"
    sitemap = (site / "sitemap.xml").read_text()
    assert "https://tehran-intl.github.io/fa/sister-cities/testville/" in sitemap
    for lang, word in (("en", "testville"), ("fa", "تستآباد"), ("ar", "تستفيل")):
        words, docs = search_index(site, lang)
        _, before = search_index(site_dir, lang)
        added = {url for url, _, _ in docs} - {url for url, _, _ in before}
        assert added == {ROOT_OF[lang] + "sister-cities/testville/"}, f"{lang}: the index gained {added}"
        assert word in words, f"{lang}: the new city's name is not a word of the search index"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path,file", [
    ("sister-cities/beijing", "sister-cities/beijing.yml"),       # the collection's first record: rendered by MkDocs
    ("sister-cities/yerevan", "sister-cities/yerevan.yml"),       # filled into the collection's frame
    ("council/meetings/meeting-07", "council/meetings/meeting-07.yml"),
])
def test_record_pages_link_to_their_own_file_for_corrections(site_dir, lang, path, file):
    links = page_of(site_dir, lang, path).xpath("//p[@class='portal-edit']/a/@href")
    assert links == [f"https://github.com/tehran-intl/portal/edit/main/data/{file}"], links
