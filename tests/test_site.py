"""The built site's HTML: languages, direction, alternates, sitemap, privacy, theme strings."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from site_html import LANGS, SITE_URL, language_of, pages, parse, search_index, url_of


def test_build_is_strict_and_clean(built):
    _, log = built
    assert "WARNING" not in log, f"mkdocs build printed warnings:\n{log}"


def test_every_language_has_every_page(site_dir):
    by_lang = {lang: set() for lang in LANGS}
    for page in pages(site_dir):
        lang = language_of(site_dir, page)
        rel = page.relative_to(site_dir).as_posix()
        by_lang[lang].add(rel[3:] if lang != "en" else rel)
    assert by_lang["en"], "no English pages were built"
    assert by_lang["en"] == by_lang["fa"] == by_lang["ar"], (
        f"pages missing in a language: fa lacks {sorted(by_lang['en'] - by_lang['fa'])[:5]}, "
        f"ar lacks {sorted(by_lang['en'] - by_lang['ar'])[:5]}")


def test_html_lang_and_dir_on_every_page(site_dir):
    for page in pages(site_dir):
        lang = language_of(site_dir, page)
        html = parse(page)
        assert html.get("lang") == lang, f"{page}: <html lang={html.get('lang')!r}>, expected {lang!r}"
        expected = "rtl" if lang in ("fa", "ar") else "ltr"
        assert html.get("dir") == expected, f"{page}: <html dir={html.get('dir')!r}>, expected {expected!r}"


def test_hreflang_alternates_and_canonical_on_every_page(site_dir):
    for page in pages(site_dir):
        html = parse(page)
        links = {l.get("hreflang"): l.get("href") for l in html.xpath("//head/link[@rel='alternate'][@hreflang]")}
        assert set(links) >= {"en", "fa", "ar", "x-default"}, f"{page}: hreflang alternates are {sorted(links)}"
        for lang, href in links.items():
            assert href.startswith(SITE_URL), f"{page}: hreflang {lang} is not absolute: {href}"
        me = url_of(site_dir, page)
        assert links[language_of(site_dir, page)] == me, f"{page}: its own alternate is {links[language_of(site_dir, page)]}, expected {me}"
        assert links["x-default"] == links["en"]
        canonical = html.xpath("//head/link[@rel='canonical']/@href")
        assert canonical == [me], f"{page}: canonical {canonical}, expected {me}"


def test_alternates_point_at_the_same_page(site_dir):
    page = site_dir / "fa" / "council" / "index.html"
    links = {l.get("hreflang"): l.get("href") for l in parse(page).xpath("//head/link[@rel='alternate'][@hreflang]")}
    assert links["en"] == SITE_URL + "council/"
    assert links["ar"] == SITE_URL + "ar/council/"


def test_sitemap_lists_every_page_with_alternates(site_dir):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(site_dir / "sitemap.xml")
    listed = {}
    for url in tree.getroot().findall("s:url", ns):
        loc = url.find("s:loc", ns).text
        listed[loc] = {l.get("hreflang") for l in url.findall("x:link", ns)}
    for page in pages(site_dir):
        url = url_of(site_dir, page)
        if url.endswith("/search/"):
            continue
        assert url in listed, f"{url} is not in sitemap.xml"
        assert listed[url] >= {"en", "fa", "ar"}, f"{url} has alternates {listed[url]} in sitemap.xml"


def test_no_resource_is_loaded_from_another_origin(site_dir):
    """Scripts, styles, fonts and images all come from the site itself (no CDN, no Google Fonts)."""
    for page in pages(site_dir):
        html = parse(page)
        for el in html.xpath("//script[@src]|//link[@rel='stylesheet' or @rel='preconnect' or @rel='preload' or @rel='icon']|//img|//image|//iframe|//source"):
            ref = el.get("src") or el.get("href") or ""
            assert not re.match(r"^(https?:)?//", ref), f"{page}: loads {ref} from another origin"
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, f"{page} mentions Google Fonts"


def test_fonts_are_self_hosted(site_dir):
    css = (site_dir / "assets" / "stylesheets" / "fonts.css").read_text()
    for weight in ("400", "700"):
        assert f"vazirmatn-arabic-{weight}.woff2" in css
        assert (site_dir / "assets" / "fonts" / f"vazirmatn-arabic-{weight}.woff2").stat().st_size > 5000


def test_theme_strings_are_in_the_page_language(site_dir):
    expected = {"en": ("Search", "Relations"), "fa": ("جستجو", "روابط"), "ar": ("بحث", "العلاقات")}
    for lang, (search, nav_item) in expected.items():
        page = site_dir / ("" if lang == "en" else lang) / "deputy" / "index.html"
        html = parse(page)
        placeholder = html.xpath("//input[@id='portal-search-q']/@placeholder")
        assert placeholder and placeholder[0] == search, f"{lang}: search placeholder is {placeholder}"
        nav_text = " ".join(html.xpath("//nav[contains(@class,'md-tabs')]//text()"))
        assert nav_item in nav_text, f"{lang}: navigation tabs lack {nav_item!r}"
        copyright = " ".join(html.xpath("//div[contains(@class,'md-copyright')]//text()"))
        assert {"en": "Tehran Municipality", "fa": "شهرداری تهران", "ar": "بلدية طهران"}[lang] in copyright, copyright


def test_language_switcher_links_the_same_deep_page(site_dir):
    page = site_dir / "fa" / "sister-cities" / "beijing" / "index.html"
    links = {a.get("hreflang"): a.get("href") for a in parse(page).xpath("//div[contains(@class,'portal-languages')]//a")}
    assert links == {"en": "../../../sister-cities/beijing/", "fa": "./", "ar": "../../../ar/sister-cities/beijing/"}, links


def test_search_index_is_split_by_language(site_dir):
    """Each language's index holds that language's pages, every one but the search page, and
    its words are folded for that language (textfold: no Arabic yeh or kaf in Persian, no
    Persian ones in Arabic, no Persian or Arabic-Indic digits, no ZWNJ)."""
    expected = {lang: set() for lang in LANGS}
    for page in pages(site_dir):
        rel = page.parent.relative_to(site_dir).as_posix()
        url = "" if rel == "." else rel + "/"
        if not url.endswith("search/") and "data-search-body" in page.read_text(encoding="utf-8"):
            expected[language_of(site_dir, page)].add(url)
    assert len(expected["en"]) == len(expected["fa"]) == len(expected["ar"]) > 40, {k: len(v) for k, v in expected.items()}
    unfolded = {"en": "يك\u200c۱٣", "fa": "يك\u200c۱٣", "ar": "یک\u200c۱٣"}
    tehran = {"en": "tehran", "fa": "تهران", "ar": "طهران"}
    for lang in LANGS:
        words, docs = search_index(site_dir, lang)
        assert {url for url, _, _ in docs} == expected[lang], f"{lang}: the index and the pages differ"
        assert tehran[lang] in words, f"{lang}: {tehran[lang]} is not a word of the index"
        assert not [w for w in words if set(w) & set(unfolded[lang])], f"{lang}: words not folded"


def test_search_index_built_in_memory_equals_one_read_from_the_pages(site_dir, tmp_path):
    """The build indexes pages as it renders them (records in their writer processes); reading
    the finished pages from disk must give the same files, byte for byte."""
    import shutil

    from portal.search_index import build_search_index

    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy, ignore=shutil.ignore_patterns("search-index"))
    build_search_index(copy)
    built = sorted(p.relative_to(site_dir / "search-index") for p in (site_dir / "search-index").rglob("*") if p.is_file())
    read = sorted(p.relative_to(copy / "search-index") for p in (copy / "search-index").rglob("*") if p.is_file())
    assert built == read and len(built) > 10
    for name in built:
        assert (site_dir / "search-index" / name).read_bytes() == (copy / "search-index" / name).read_bytes(), name


def test_404_page_is_english_and_its_switcher_leads_home(site_dir):
    doc = parse(site_dir / "404.html")
    assert doc.get("lang") == "en" and doc.get("dir") == "ltr"
    links = {a.get("hreflang"): a.get("href") for a in doc.xpath("//a[contains(@class, 'md-select__link')]")}
    assert links == {"en": "/", "fa": "/fa/", "ar": "/ar/"}, links


def test_material_search_files_are_not_published(site_dir):
    """The portal's own search replaces Material's lunr search; its 36 files are left out."""
    scripts = site_dir / "assets" / "javascripts"
    assert (scripts / "search.js").is_file()
    assert not (scripts / "lunr").exists() and not list(scripts.glob("workers/search.*"))
