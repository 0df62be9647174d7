"""The site at 3,000 more sister cities: every record written once in each language, from its
collection's page frame; long lists in pages whose filters still cover everything; the page
weight budget kept. The build itself is timed by `portal bench`, not here."""
from __future__ import annotations

import gzip
import json
import re
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import ROOT, SCALE
from lxml import html as lxml_html
from test_browser_quality import PAGE_BUDGET, SEARCH_BUDGET, _transfer, first_search

ROOTS = {"en": "", "fa": "fa/", "ar": "ar/"}
BENCH_IDS = {f"bench-{n:05d}" for n in range(SCALE)}


def _city_count(site) -> int:
    return sum(1 for p in (site / "sister-cities").glob("*/index.html") if p.parent.name != "page")


def test_every_record_has_its_page_in_every_language_and_in_the_sitemap(scale_site):
    for lang, root in ROOTS.items():
        written = {p.parent.name for p in (scale_site / root / "sister-cities").glob("*/index.html")}
        missing = BENCH_IDS - written
        assert not missing, f"{lang}: {len(missing)} record pages missing, e.g. {sorted(missing)[:3]}"
    sitemap = (scale_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(locs) == len(set(locs)), "the sitemap lists a page twice"
    for lang, root in ROOTS.items():
        listed = {urlsplit(u).path.split("/")[-2] for u in locs if urlsplit(u).path.startswith(f"/{root}sister-cities/bench-")}
        assert listed == BENCH_IDS, f"{lang}: {len(BENCH_IDS - listed)} record pages are not in the sitemap"
    assert gzip.decompress((scale_site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap


def test_no_page_frame_is_left_in_the_site(scale_site):
    assert not list(scale_site.rglob("portal-frame-sentinel")), "a page frame folder was published"
    leaking = [str(p.relative_to(scale_site)) for p in scale_site.rglob("*.html")
               if "portal-frame" in p.read_text(encoding="utf-8")]
    assert not leaking, f"pages still holding a frame sentinel: {leaking[:5]}"


@pytest.mark.parametrize("lang", list(ROOTS))
def test_a_record_filled_into_its_frame_is_its_own_page(scale_site, lang):
    """Title, heading, canonical, alternates, switcher and JSON-LD all name this record."""
    record = "bench-01234"
    path = scale_site / ROOTS[lang] / "sister-cities" / record / "index.html"
    doc = lxml_html.fromstring(path.read_bytes())
    name = {"en": "Benchcity 1234", "fa": "شهر آزمایشی 1234", "ar": "مدينة تجريبية 1234"}[lang]
    assert doc.get("lang") == lang and doc.get("dir") == ("ltr" if lang == "en" else "rtl")
    assert doc.findtext(".//title").startswith(name)
    assert doc.xpath("string(//h1)") == name
    assert doc.xpath("string(//link[@rel='canonical']/@href)").endswith(f"/{ROOTS[lang]}sister-cities/{record}/")
    alternates = {a.get("hreflang"): urlsplit(a.get("href")).path for a in doc.xpath("//link[@rel='alternate'][@hreflang]")}
    assert alternates == {"en": f"/sister-cities/{record}/", "fa": f"/fa/sister-cities/{record}/",
                          "ar": f"/ar/sister-cities/{record}/", "x-default": f"/sister-cities/{record}/"}
    here = f"https://example.org/{ROOTS[lang]}sister-cities/{record}/"
    switcher = {a.get("hreflang"): urlsplit(urljoin(here, a.get("href"))).path
                for a in doc.xpath("//a[contains(@class, 'md-select__link')]")}
    assert switcher == {k: v for k, v in alternates.items() if k != "x-default"}, switcher
    jsonld = json.loads(doc.xpath("string(//script[@type='application/ld+json'])"))
    assert name in json.dumps(jsonld, ensure_ascii=False)
    # This data folder is outside the repository: there is no file on GitHub to suggest a correction to.
    assert not doc.xpath("//p[@class='portal-edit']"), "an edit link to a file outside the repository"


def test_long_lists_come_in_pages_of_100(scale_site):
    total = _city_count(scale_site)
    pages = -(-total // 100)
    for lang, root in ROOTS.items():
        first = lxml_html.fromstring((scale_site / root / "sister-cities" / "index.html").read_bytes())
        assert len(first.xpath("//ul[@data-filter-list='rows']/li")) == 100
        assert len(first.xpath("//svg[@data-filter-list='markers']/a")) == 100
        links = first.xpath("//nav[@data-pages]//a")
        assert len(links) == pages and links[0].get("aria-current") == "page", f"{lang}: {len(links)} page links"
        last = lxml_html.fromstring((scale_site / root / "sister-cities" / "page" / str(pages) / "index.html").read_bytes())
        assert len(last.xpath("//ul[@data-filter-list='rows']/li")) == total - 100 * (pages - 1)
        for a in last.xpath("//ul[@data-filter-list='rows']/li//a"):   # links from the deeper page resolve
            assert (scale_site / root / "sister-cities" / "page" / str(pages) / a.get("href") / "index.html").resolve().is_file()


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(ROOTS))
@pytest.mark.parametrize("path", ["sister-cities/", "sister-cities/page/2/", "sister-cities/bench-01234/"])
def test_first_visit_fits_the_budget_at_scale(browser, scale_server, lang, path):
    context = browser.new_context()
    sizes = _transfer(context.new_page(), f"{scale_server}/{ROOTS[lang]}{path}")
    context.close()
    total = sum(sizes.values())
    assert total <= PAGE_BUDGET, f"{lang} {path}: {total / 1024:.0f} KB gzipped > {PAGE_BUDGET // 1024} KB"


@pytest.mark.browser
def test_a_filter_covers_every_page_of_the_list(browser, scale_site, scale_server):
    """Filtering on page 2 brings every page's rows and markers in, then shows all matches."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{scale_server}/fa/sister-cities/page/2/")
    page.select_option("select[name=country]", "CN")
    page.locator("nav[data-pages]").wait_for(state="hidden", timeout=30000)
    rows = page.locator("ul[data-filter-list=rows] > li")
    shown = page.locator("ul[data-filter-list=rows] > li:not([hidden])")
    markers = page.locator("svg[data-filter-list=markers] > a:visible")
    all_rows, shown_rows, shown_markers = rows.count(), shown.count(), markers.count()
    href = shown.nth(shown_rows - 1).locator("a").first.get_attribute("href")
    count_text = page.locator("[data-filter-count]").inner_text()
    page.goto(href)
    title = page.locator("h1").inner_text()
    context.close()
    assert all_rows == _city_count(scale_site)
    china = sum(1 for p in (scale_site.parent / "data" / "sister-cities").glob("*.yml")
                if re.search(r"^country: CN$", p.read_text(encoding="utf-8"), re.M))
    assert shown_rows == shown_markers == china, (shown_rows, shown_markers, china)
    assert "۰۱۲۳۴۵۶۷۸۹"[shown_rows % 10] in count_text, f"the count shows {count_text!r}"
    assert title, f"{href} did not open a city page"
    assert not errors, errors


def test_search_index_from_the_writers_equals_one_read_from_the_pages(scale_site, tmp_path):
    """Record pages are indexed in the processes that write them; nothing may be lost on the way."""
    import shutil

    from portal.search_index import build_search_index

    copy = tmp_path / "site"
    shutil.copytree(scale_site, copy, ignore=shutil.ignore_patterns("search-index", "files", "data", "feeds", "calendars"))
    assert build_search_index(copy) > 3 * SCALE
    for built in (scale_site / "search-index").rglob("*.json"):
        assert built.read_bytes() == (copy / "search-index" / built.relative_to(scale_site / "search-index")).read_bytes(), built


@pytest.mark.browser
@pytest.mark.parametrize("lang,query", [("en", "tehran"), ("fa", "تهران"), ("ar", "طهران"),
                                        ("en", "benchcity transport"), ("fa", "شهر آزمایشی ۱۲"), ("ar", "مدينة تجريبية")])
def test_first_search_fits_the_budget_at_scale(browser, scale_server, lang, query):
    extra, index = first_search(browser, scale_server, lang, query)
    assert any("/t/" in n for n in index), f"{lang} {query}: no index shard was loaded"
    assert extra <= SEARCH_BUDGET, f"{lang} {query}: the first search costs {extra / 1024:.0f} KB gzipped"


def test_open_data_made_in_the_background_equals_open_data_made_in_process(scale_site, monkeypatch):
    """At this size open data is made in a forked process while MkDocs renders; same bytes."""
    from mkdocs.config import load_config

    from portal import outputs
    from portal.today import reference_day
    from portal.validate import validate

    monkeypatch.setenv("PORTAL_TODAY", "2026-11-25")   # as conftest.build_site
    config = load_config(str(ROOT / "mkdocs.yml"))
    expected = outputs.build_outputs(validate(scale_site.parent / "data"), site_url=config.site_url,
                                     licence=config.extra["licence"], generated_on=reference_day())
    assert len(expected) > 20
    for path, content in expected.items():
        assert (scale_site / path).read_bytes() == content, path
