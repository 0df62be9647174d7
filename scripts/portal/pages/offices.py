"""The offices' contact details (data/offices/), shown on the pages that name an office.

A prose page names its office in its front matter (`office: foreign-relations`, or a list) and
uses the template portal/office-page.html; the contact card comes from the office's record, so
an address or a telephone number is written once. Records marked `example: true` (the seeds give
no contact details) are held back in production, where the card points to the municipality's
website instead.
"""
from __future__ import annotations

from ..present import pick
from ..ui import N_, gettext
from .common import OFFICES, Listing, PageSpec, link

LISTINGS = (Listing("offices", "contact", N_("Contact details of the offices"), N_("office's contact details"),
                    N_("The offices' contact details are not yet published."), record_pages=False),)


def build(ctx) -> list[PageSpec]:
    return []   # shown on prose pages (contact_cards), not on pages of their own


def contact_cards(records: dict, offices, lang: str, from_uri: str) -> list[dict]:
    """One card per office named by a page, in the reader's language."""
    _ = gettext(lang)
    cards = []
    for code in ([offices] if isinstance(offices, str) else list(offices or [])):
        record = records.get("offices", {}).get(code)
        cards.append({
            "name": _(OFFICES[code]), "href": f"{link(from_uri, 'deputy.md')}#{code}",
            "address": pick(record.get("address"), lang) if record else None,
            "phone": record.get("phone") if record else None, "email": record.get("email") if record else None,
            "website": record.get("website") if record else None, "hours": pick(record.get("hours"), lang) if record else None,
            "example": record.example if record else False, "published": record is not None,
        })
    return cards
