"""The site in a real browser: Debian's Chromium, headless, driven by Playwright.

Language switching on a deep page, direction and screenshots of fa/ar, search with Persian and
Arabic letters and digits, keyboard access, and not a single request leaving the site's origin.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

LANGS = {"en": "", "fa": "fa/", "ar": "ar/"}


def test_language_switcher_keeps_the_deep_page(page, server):
    page.goto(f"{server}/fa/sister-cities/beijing/")
    page.hover(".portal-languages button")
    page.click(".portal-languages a[hreflang='ar']")
    page.wait_for_url(f"{server}/ar/sister-cities/beijing/")
    assert page.locator("html").get_attribute("lang") == "ar"
    page.hover(".portal-languages button")
    page.click(".portal-languages a[hreflang='en']")
    page.wait_for_url(f"{server}/sister-cities/beijing/")
    assert page.locator("h1").inner_text() == "Beijing"


@pytest.mark.parametrize("lang", ["en", "fa", "ar"])
def test_direction_and_screenshot_of_home(page, server, screenshots, lang):
    page.goto(f"{server}/{LANGS[lang]}")
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    expected = "rtl" if lang != "en" else "ltr"
    assert html.get_attribute("dir") == expected
    assert page.evaluate("getComputedStyle(document.querySelector('.md-content')).direction") == expected
    # In RTL the site title sits right of the navigation button, in LTR left of it.
    title = page.locator(".md-header__title").bounding_box()
    search = page.locator(".portal-search").bounding_box()
    assert (title["x"] > search["x"]) == (lang != "en"), f"{lang}: header order does not follow the direction"
    page.screenshot(path=str(screenshots / f"home-{lang}.png"), full_page=True)


def test_persian_search_folds_arabic_letters(page, server):
    page.goto(f"{server}/fa/")
    page.fill("#portal-search-q", "ديپلماسي بازيگران")      # Arabic yeh, as typed on an Arabic keyboard
    page.press("#portal-search-q", "Enter")
    page.wait_for_url("**/fa/search/?q=*")
    results = page.locator("[data-search-results] li a")
    results.first.wait_for(timeout=15000)
    urls = [urlsplit(a.get_attribute("href")).path for a in results.all()]
    assert "/fa/deputy/" in urls, f"دیپلماسی not found from ديپلماسي; results: {urls}"
    assert all(u.startswith("/fa/") for u in urls), f"a Persian search returned other languages: {urls}"
    # Excerpts mark the word as the page writes it, and the count is in Persian digits.
    assert "دیپلماسی" in page.locator("[data-search-results] mark").all_inner_texts()
    status = page.locator("[data-search-status]").inner_text()
    assert re.search("[۰-۹]", status) and not re.search("[0-9]", status), status


def test_ascii_digits_find_persian_digits(page, server, site_dir):
    page.goto(f"{server}/fa/search/?q=1398")
    results = page.locator("[data-search-results] li a")
    results.first.wait_for(timeout=15000)
    urls = [urlsplit(a.get_attribute("href")).path for a in results.all()]
    assert urls, "1398 found nothing"
    for url in urls:
        shown = (site_dir / url.strip("/") / "index.html").read_text(encoding="utf-8")
        assert "۱۳۹۸" in shown and url.startswith("/fa/"), f"{url} was found for 1398 but does not show ۱۳۹۸"
    text = page.locator("[data-search-results]").inner_text()
    assert "۱۳۹۸" in text and "1398" not in text, "excerpts should show Persian digits"
    marks = page.locator("[data-search-results] mark").all_inner_texts()
    assert marks and set(marks) == {"۱۳۹۸"}, marks


def test_arabic_search_finds_arabic_pages_only(page, server):
    page.goto(f"{server}/ar/search/?q=" + "دبلوماسية")
    results = page.locator("[data-search-results] li a")
    results.first.wait_for(timeout=15000)
    urls = [urlsplit(a.get_attribute("href")).path for a in results.all()]
    assert urls and all(u.startswith("/ar/") for u in urls), urls
    # و and ال are dropped from Arabic words: والدبلوماسية is found and marked too.
    marks = page.locator("[data-search-results] mark").all_inner_texts()
    assert any(m != "دبلوماسية" and m.endswith("دبلوماسية") for m in marks), marks


def test_no_request_leaves_the_origin(browser, server):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for path in ("/", "/fa/", "/ar/sister-cities/", "/fa/sister-cities/beijing/", "/fa/search/?q=تهران", "/ar/council/meetings/"):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
    context.close()
    foreign = [u for u in requests if not u.startswith(server) and not u.startswith("data:")]
    assert requests, "no requests were recorded"
    assert not foreign, f"requests left the site's origin: {foreign}"


def test_keyboard_reaches_language_switcher_and_search(page, server):
    page.goto(f"{server}/fa/deputy/")
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.closest('.portal-languages') ? 'languages' : document.activeElement.id")
        reached.add(focused)
        if {"languages", "portal-search-q"} <= reached:
            break
    assert "portal-search-q" in reached, "Tab never reaches the search box"
    assert "languages" in reached, "Tab never reaches the language switcher"
    # The switcher opens from the keyboard and its links are reachable.
    page.focus(".portal-languages button")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('hreflang')") in ("en", "fa", "ar")
