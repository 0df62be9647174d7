"""Accessibility, page weight, console and layout gates, measured in Chromium on every page template."""
from __future__ import annotations

import gzip

import pytest

pytestmark = pytest.mark.browser

TEMPLATES = {
    "home": "", "content": "deputy/", "sister-cities": "sister-cities/", "sister-city": "sister-cities/beijing/",
    "memberships": "memberships/", "membership": "memberships/asian-mayors-forum/",
    "exhibitions": "exhibitions/", "exhibition": "exhibitions/tehran-sister-cities-festival-2022/",
    "findings": "findings/", "finding": "findings/city-diplomacy-handbook/",
    "council-members": "council/members/", "council-meetings": "council/meetings/",
    "council-meeting": "council/meetings/meeting-05/", "council-resolutions": "council/resolutions/",
    "council-documents": "council/documents/", "council-document": "council/documents/annual-programme-1398/",
    "open-data": "open-data/", "search": "search/?q=tehran",
    "agreements": "agreements/", "agreement": "agreements/beijing-sister-city-2014/",
    "visits": "visits/", "visit": "visits/beijing-2014-mayor/", "work-with-tehran": "work-with-tehran/cities/",
    "accessibility": "accessibility/", "site-map": "site-map/",
}
ROOTS = {"en": "", "fa": "fa/", "ar": "ar/"}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGE_BUDGET = 150 * 1024
# The first search in any language may transfer at most this much more than the search page
# itself (which brings search.js): index.json, the shards of the query's words, the documents of
# the first results.
SEARCH_BUDGET = 100 * 1024
CASES = [(lang, name) for lang in ROOTS for name in TEMPLATES]


def url(server, lang, name):
    path = TEMPLATES[name]
    if name == "search":
        path = "search/?q=" + {"en": "tehran", "fa": "تهران", "ar": "طهران"}[lang]
    return f"{server}/{ROOTS[lang]}{path}"


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe
    return Axe()


@pytest.mark.parametrize("lang,name", CASES)
def test_no_accessibility_violation_and_no_console_error(browser, server, axe, lang, name):
    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url(server, lang, name))
    page.wait_for_load_state("networkidle")
    if name == "search":
        page.locator("[data-search-results] li").first.wait_for(timeout=15000)
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    context.close()
    violations = [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
                  for v in results.response["violations"]]
    assert not violations, f"{lang} {name}:\n" + "\n".join(violations)
    assert not problems, f"{lang} {name}: console errors or CSP violations: {problems}"


def test_404_page_is_accessible(browser, server, axe):
    page = browser.new_page()
    page.goto(f"{server}/404.html")
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    page.close()
    assert not results.response["violations"], [v["id"] for v in results.response["violations"]]


def _transfer(page, target) -> dict:
    """Bytes each response would take gzipped (what a server with compression sends)."""
    sizes = {}

    def record(response):
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            return
        compressed = response.url.endswith((".woff2", ".png", ".jpg", ".webp"))
        sizes[response.url] = len(body) if compressed else len(gzip.compress(body, 9))

    page.on("response", record)
    page.goto(target)
    page.wait_for_load_state("networkidle")
    return sizes


@pytest.mark.parametrize("lang,name", [c for c in CASES if c[1] != "search"])
def test_first_visit_fits_the_page_weight_budget(browser, server, lang, name):
    context = browser.new_context()
    page = context.new_page()
    sizes = _transfer(page, url(server, lang, name))
    context.close()
    total = sum(sizes.values())
    assert total <= PAGE_BUDGET, f"{lang} {name}: {total / 1024:.0f} KB gzipped > 150 KB: " + \
        ", ".join(f"{u.rsplit('/', 1)[-1]}={s // 1024}KB" for u, s in sorted(sizes.items(), key=lambda x: -x[1])[:6])


def first_search(browser, server, lang, query) -> tuple[int, dict]:
    """Gzipped bytes the first search for `query` adds to the search page, and the index files it fetched."""
    context = browser.new_context()
    page_only = sum(_transfer(context.new_page(), f"{server}/{ROOTS[lang]}search/").values())
    context.close()
    context = browser.new_context()
    page = context.new_page()
    sizes = _transfer(page, f"{server}/{ROOTS[lang]}search/?q={query}")
    page.locator("[data-search-results] li").first.wait_for(timeout=15000)
    context.close()
    index = {u.split("/search-index/", 1)[1]: s for u, s in sizes.items() if "/search-index/" in u}
    extra = sum(sizes.values()) - page_only
    print(f"{lang} {query}: first search +{extra / 1024:.1f} KB gzipped; index files: "
          + ", ".join(f"{name} {size / 1024:.1f}" for name, size in sorted(index.items())))
    return extra, index


@pytest.mark.parametrize("lang", list(ROOTS))
def test_first_search_fits_its_budget(browser, server, lang):
    query = {"en": "tehran", "fa": "تهران", "ar": "طهران"}[lang]
    extra, index = first_search(browser, server, lang, query)
    assert f"{lang}/index.json" in index and any("/t/" in n for n in index) and any("/d/" in n for n in index), \
        f"{lang}: the search did not load its index, shards and documents: {sorted(index)}"
    assert extra <= SEARCH_BUDGET, f"{lang}: the first search costs {extra / 1024:.0f} KB gzipped more than the search page"


@pytest.mark.parametrize("lang", list(ROOTS))
def test_narrow_screen_loses_nothing(browser, server, screenshots, lang):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    for name in ("home", "sister-cities", "memberships", "exhibitions", "findings", "council-members",
                 "council-meetings", "council-resolutions", "council-documents", "finding", "sister-city"):
        page.goto(url(server, lang, name))
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{lang} {name}: the page is {overflow}px wider than a 320px screen"
        page.screenshot(path=str(screenshots / f"320-{name}-{lang}.png"), full_page=True)
    context.close()


def test_text_zoom_200_percent(browser, server, screenshots):
    context = browser.new_context(viewport={"width": 640, "height": 900})
    page = context.new_page()
    page.goto(url(server, "fa", "sister-city"))
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.screenshot(path=str(screenshots / "zoom200-sister-city-fa.png"), full_page=True)
    context.close()
    assert overflow <= 1, f"text at 200% overflows by {overflow}px"


def test_skip_link_and_visible_focus(page, server):
    page.goto(url(server, "fa", "content"))
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.className")
    assert "md-skip" in skip, f"the first Tab should reach the skip link, reached {skip!r}"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + getComputedStyle(document.activeElement).visibility")
    assert "none" not in outline.split("visible")[0] or "visible" in outline
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash"), "the skip link did not move to the content"


def test_filters_and_map_markers_work_by_keyboard(page, server):
    page.goto(url(server, "en", "sister-cities"))
    page.focus("select[name=country]")
    page.keyboard.press("ArrowDown")       # the first country, chosen from the keyboard
    shown = page.locator("ul.portal-list li:not([hidden])").count()
    total = page.locator("ul.portal-list li").count()
    assert 0 < shown < total, f"the country filter shows {shown} of {total}"
    markers = page.locator("a.portal-map__marker:visible").count()
    assert markers == shown, f"the map shows {markers} markers for {shown} listed cities"
    page.select_option("select[name=country]", "")
    marker = page.locator("a.portal-map__marker[href*='beijing']")
    marker.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/sister-cities/beijing/")
    assert page.locator("h1").inner_text() == "Beijing"


def test_library_filter_by_topic(page, server):
    page.goto(url(server, "fa", "findings"))
    total = page.locator("ul.portal-list li").count()
    page.select_option("select[name=topic]", "city-diplomacy")
    shown = page.locator("ul.portal-list li:not([hidden])").count()
    assert 0 < shown < total


def test_download_link_is_reachable_and_served(page, server):
    page.goto(url(server, "ar", "council-document"))
    link = page.locator("a[download]").first
    link.focus()
    assert page.evaluate("document.activeElement.hasAttribute('download')")
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok and response.headers["content-type"] in ("application/pdf", "application/octet-stream")
