"""Layouts that hold: every page template, in three languages, at a phone's and a desktop's width.

Measured in Chromium: nothing wider than the screen, tags as pills on lines, tables that fit or
scroll inside their own box, header and navigation mirrored right to left, no text clipped, the
skip link first in the tab order. A screenshot of each case goes to test-output/screenshots/
(a CI artifact) for a reviewer to look at.
"""
from __future__ import annotations

import pytest

from test_browser_quality import ROOTS, TEMPLATES, url

pytestmark = pytest.mark.browser
WIDTHS = (390, 1280)

# Everything measured in one evaluation per page: the problems found, as readable lines.
MEASURE = """() => {
  const problems = [];
  const doc = document.documentElement;
  const width = doc.clientWidth;
  if (doc.scrollWidth > width + 1) problems.push(`page is ${doc.scrollWidth - width}px wider than the screen`);
  for (const li of document.querySelectorAll('.portal-tags > li')) {
    const range = document.createRange(); range.selectNodeContents(li);
    const text = range.getBoundingClientRect().width;
    // a long tag may wrap onto two lines; a short one must not stretch across the page
    if (range.getClientRects().length === 1 && li.getBoundingClientRect().width > text + 40) problems.push(`tag "${li.textContent.trim()}" is ${Math.round(li.getBoundingClientRect().width)}px wide for ${Math.round(text)}px of text`);
  }
  for (const wrap of document.querySelectorAll('.portal-table-wrap')) {
    const box = wrap.getBoundingClientRect();
    if (box.left < -1 || box.right > width + 1) problems.push(`a table's box (${Math.round(box.left)}..${Math.round(box.right)}) leaves the screen`);
  }
  for (const el of document.querySelectorAll('article h1, article h2, article p, article li, article dd, article dt, article td, article th, article figcaption')) {
    if (el.closest('.md-visually-hidden, .portal-visually-hidden')) continue;   // hidden on purpose, for screen readers
    const style = getComputedStyle(el);
    if (['hidden', 'clip'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
      problems.push(`text clipped in <${el.tagName.toLowerCase()}>: "${el.textContent.trim().slice(0, 40)}"`);
  }
  return problems;
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", list(ROOTS))
def test_every_template_holds_its_layout(browser, server, screenshots, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    found = []
    for name in TEMPLATES:
        page.goto(url(server, lang, name))
        page.wait_for_load_state("networkidle")
        found += [f"{name}: {problem}" for problem in page.evaluate(MEASURE)]
        page.screenshot(path=str(screenshots / f"layout-{width}-{name}-{lang}.png"), full_page=True)
    context.close()
    assert not found, f"{lang} at {width}px:\n" + "\n".join(found)


@pytest.mark.parametrize("lang", list(ROOTS))
def test_header_and_navigation_mirror_right_to_left(browser, server, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url(server, lang, "sister-city"))
    logo = page.locator(".md-header__button.md-logo").bounding_box()
    search = page.locator(".portal-search").bounding_box()
    tabs = page.locator(".md-tabs__item").all()
    first, last = tabs[0].bounding_box(), tabs[-1].bounding_box()
    context.close()
    if lang == "en":
        assert logo["x"] < search["x"] and first["x"] < last["x"]
    else:   # the logo on the right, the search on the left, the first tab rightmost
        assert logo["x"] > search["x"] and first["x"] > last["x"], (lang, logo, search, first, last)


@pytest.mark.parametrize("lang", list(ROOTS))
def test_the_skip_link_comes_first_on_every_template(browser, server, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    missing = []
    for name in TEMPLATES:
        page.goto(url(server, lang, name))
        page.keyboard.press("Tab")
        first = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href'), "
                              "document.activeElement.textContent.trim()]")
        if "md-skip" not in first[0] or first[1] != "#portal-content":
            missing.append(f"{name}: the first Tab reached {first}")
            continue
        page.keyboard.press("Enter")
        inside = page.evaluate("location.hash === '#portal-content' && !!document.querySelector('article#portal-content h1')")
        if not inside:
            missing.append(f"{name}: the skip link did not lead to the content")
    context.close()
    assert not missing, f"{lang}:\n" + "\n".join(missing)


def test_typing_in_the_persian_search_box_offers_beijing(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/fa/")
    page.click("#portal-search-q")
    page.keyboard.type("پک")
    page.locator("#portal-suggest li").first.wait_for(timeout=5000)
    box = page.locator("#portal-search-q")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "true"
    options = page.locator("#portal-suggest li[role=option]").all_inner_texts()
    assert options[0] == "پکن", options
    assert "پیشنهاد" in page.locator(".portal-search [aria-live]").inner_text()   # the count is announced
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "portal-suggest-0"
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false" and not page.locator("#portal-suggest li").count()
    page.keyboard.type("ن")
    page.locator("#portal-suggest li").first.wait_for(timeout=5000)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")                       # the chosen suggestion, before any results page
    page.wait_for_url("**/fa/sister-cities/beijing/")
    context.close()
    assert not errors, errors


def test_without_javascript_the_search_box_still_leads_to_results(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/fa/")
    page.fill("#portal-search-q", "پکن")
    page.keyboard.press("Enter")
    page.wait_for_url("**/fa/search/?q=*")
    context.close()


@pytest.mark.parametrize("site", ["sample", "scale"])
def test_the_first_suggestion_is_light(browser, request, site):
    """What the first suggestion costs (the titles index and one file), with the sample data and
    with 3,000 more sister cities."""
    from test_browser_quality import _transfer

    server = request.getfixturevalue("server" if site == "sample" else "scale_server")
    context = browser.new_context()
    page = context.new_page()
    _transfer(page, f"{server}/fa/")
    sizes = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(__import__("gzip").compress(r.body(), 9)))
            if "/search-index/" in r.url else None)
    page.click("#portal-search-q")
    page.keyboard.type("پک")
    page.locator("#portal-suggest li").first.wait_for(timeout=15000)
    context.close()
    total = sum(sizes.values())
    print(f"{site}: first suggestion {total / 1024:.1f} KB gzipped ({len(sizes)} files)")
    assert 0 < total <= 25 * 1024, f"{site}: the first suggestion costs {total / 1024:.1f} KB gzipped"


def test_record_pages_print_without_navigation_and_with_link_addresses(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/fa/council/meetings/meeting-05/")
    page.emulate_media(media="print")
    hidden = page.evaluate("['.md-header', '.md-sidebar--primary', '.md-footer', '.portal-edit']"
                           ".map(s => document.querySelector(s)).filter(Boolean).map(e => getComputedStyle(e).display)")
    direction = page.evaluate("getComputedStyle(document.querySelector('article')).direction")
    page.goto(f"{server}/sister-cities/beijing/")
    page.emulate_media(media="print")
    after = page.evaluate("getComputedStyle(document.querySelector('.portal-sources a'), '::after').content")
    context.close()
    assert set(hidden) == {"none"}, hidden
    assert direction == "rtl"
    assert "https://" in after, after
