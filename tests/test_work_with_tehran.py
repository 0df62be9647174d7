"""Work with Tehran: a section for readers abroad, in three languages, each page naming its office,
with the office's contact details from data/offices/ (never from the prose)."""
from __future__ import annotations

import pytest

from conftest import ROOT
from site_html import parse
from test_production import production_site  # noqa: F401  (the production build, shared)

ROOT_OF = {"en": "", "fa": "fa/", "ar": "ar/"}
PAGES = ("", "cities/", "embassies/", "investors/", "experts-abroad/")
SECTION = {"en": "Work with Tehran", "fa": "همکاری با تهران", "ar": "التعاون مع طهران"}


@pytest.mark.parametrize("lang", list(ROOT_OF))
def test_the_section_is_in_the_navigation_and_every_page_exists(site_dir, lang):
    home = parse(site_dir / ROOT_OF[lang] / "index.html")
    labels = [" ".join(e.text_content().split()) for e in home.xpath("//nav[contains(@class,'md-nav')]//label|//nav[contains(@class,'md-nav')]//a")]
    assert SECTION[lang] in labels, labels
    for page in PAGES:
        tree = parse(site_dir / ROOT_OF[lang] / "work-with-tehran" / page / "index.html")
        assert tree.xpath("//h2[@id='responsible-office']"), f"{lang} {page}: no responsible office named"
        cards = tree.xpath("//section[contains(@class,'portal-contacts')]//div[contains(@class,'portal-card')]")
        assert cards, f"{lang} {page}: no contact card"
        for card in cards:   # the office's link, and its details from data/offices/ (examples in a preview)
            assert card.xpath(".//h3/a[contains(@href,'deputy/#')]")
            assert card.xpath(".//a[starts-with(@href,'mailto:')]") and card.xpath(".//*[contains(@class,'portal-badge--example')]")


def test_no_contact_detail_is_written_in_the_prose():
    for page in (ROOT / "content" / "work-with-tehran").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "@" not in text and "+98" not in text, f"{page.name}: contact details belong in data/offices/"


def test_production_points_to_the_municipalitys_site_until_the_details_are_supplied(production_site):  # noqa: F811
    tree = parse(production_site / "fa" / "work-with-tehran" / "cities" / "index.html")
    cards = tree.xpath("//section[contains(@class,'portal-contacts')]//div[contains(@class,'portal-card')]")
    assert cards and all(card.xpath(".//a[@href='https://www.tehran.ir/']") for card in cards)
    assert not tree.xpath("//a[starts-with(@href,'mailto:')]") and "example.org" not in tree.text_content()
