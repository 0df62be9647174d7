"""Memberships of international city organisations: roles and offices held over time."""
from __future__ import annotations

from .. import jsonld
from ..localise import sort_by
from ..present import pick, rich, when
from ..ui import N_, gettext
from .common import (
    Listing,
    followed,
    PageSpec,
    related,
    count,
    link,
    names,
    office,
    paged,
    sources,
    titles,
    value_label,
)

LIST = "memberships/index.md"
LISTINGS = (Listing("memberships", "memberships", N_("Memberships"), N_("membership"),
                    N_("No membership is published yet.")),)


def _offices(record, lang: str) -> list:
    _ = gettext(lang)
    rows = []
    for held in sorted(record.get("offices_held", []), key=lambda h: h["from"].start, reverse=True):
        rows.append({"role": value_label(held["role"], lang), "from": when(held["from"], lang),
                     "to": when(held.get("to"), lang) if held.get("to") else _("present"),
                     "current": held.get("to") is None, "note": pick(held.get("note"), lang)})
    return rows


def item(record, lang: str, from_uri: str) -> dict:
    org = record["organisation"]
    offices = _offices(record, lang)
    current = [o["role"] for o in offices if o["current"]]
    return {
        "id": record.id, "name": pick(org["name"], lang), "acronym": org.get("acronym"),
        "website": org.get("website"), "since": when(record.get("since"), lang),
        "status": value_label(record["status"], lang), "status_code": record["status"],
        "roles": current, "href": link(from_uri, f"memberships/{record.id}.md"), "example": record.example,
    }


def build(ctx) -> list[PageSpec]:
    return pages(ctx.records["memberships"], ctx)


def pages(records: dict, ctx=None) -> list[PageSpec]:
    def list_context(lang):
        items = sort_by([item(r, lang, LIST) for r in records.values()], lambda i: i["name"].text, lang)
        return {"kind": "memberships", "entries": items, "count": count(len(items), lang)}

    def record_context(record, lang, uri):
        _ = gettext(lang)
        entry = item(record, lang, uri)
        return {
            "kind": "membership", "item": entry,
            "facts": [(_("Organisation"), entry["name"]), (_("Acronym"), entry["acronym"]),
                      (_("Member since"), entry["since"]), (_("Status"), entry["status"])],
            "website": entry["website"], "offices": _offices(record, lang),
            "summary": rich(record.get("summary"), lang), "office": office(record.get("office"), lang, uri),
            "related": related(ctx, "memberships", record.id, lang, uri) if ctx else [],
            "sources": sources(record), "followed": followed(record, lang), "back": link(uri, LIST),
            "example": record.example,
            "jsonld": jsonld.membership(record, lang),
        }

    result = paged(LIST, "portal/memberships.html", titles("Memberships"), len(records), list_context)
    for record in records.values():
        uri = f"memberships/{record.id}.md"
        result.append(PageSpec(uri, "portal/membership.html", names(record["organisation"]["name"]),
                               lambda lang, r=record, u=uri: record_context(r, lang, u),
                               source_path=record.path, record=record))
    return result
