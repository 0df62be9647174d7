"""Agreements: memoranda, agreements, contracts and programmes with other cities and organisations.

The list (filters by kind, status and country), a page per agreement with its parties, follow-up
log and the visits that led to it or followed it, an Atom feed of the newest. A sister city's and
a membership's pages list the agreements that name them (pages.common.related).
"""
from __future__ import annotations

from .. import jsonld
from ..localise import sort_by
from ..present import pick, plain, rich, when, year_of
from ..ui import N_, gettext
from .common import (
    Listing,
    labelled,
    PageSpec,
    count,
    documents,
    files_link,
    followed,
    link,
    office,
    listed_records,
    party,
    related,
    sources,
    year_text,
)
from .sister_cities import AREAS

LIST = "agreements/index.md"
LISTINGS = (Listing("agreements", "agreements", N_("Agreements"), N_("agreement"),
                    N_("No agreement is published yet."), nav="Relations", name_field="title",
                    date_field="signed_on"),)

KINDS = {"memorandum": N_("Memorandum of understanding"), "agreement": N_("Agreement"), "contract": N_("Contract"),
         "programme": N_("Cooperation programme"), "protocol": N_("Protocol")}
STATUSES = {"in-force": N_("In force"), "expired": N_("Expired"), "terminated": N_("Terminated"),
            "under-negotiation": N_("Under negotiation")}
DISTRICT = N_("District {n} of Tehran Municipality")
BODIES = {"municipality": N_("Tehran Municipality"), "city-council": N_("Islamic City Council of Tehran"),
          "international-affairs-centre": N_("Centre for Communication and International Affairs, Tehran Municipality"),
          "urban-railway-company": N_("Tehran Urban and Suburban Railway Company")}


def body_label(code: str, lang: str) -> str:
    _ = gettext(lang)
    if code.startswith("district-"):
        from ..localise import format_count
        return _(DISTRICT, n=format_count(int(code.split("-")[1]), lang))
    return _(BODIES[code])


def item(record, ctx, lang: str, from_uri: str) -> dict:
    _ = gettext(lang)
    signed = record.get("signed_on")
    parties = [party(p, ctx, lang, from_uri) for p in record["parties"]]
    return {
        "id": record.id, "name": pick(record["title"], lang), "kind": labelled(KINDS, record, "kind", lang),
        "kind_code": record["kind"], "status": labelled(STATUSES, record, "status", lang), "status_code": record["status"],
        "signed": when(signed, lang) if signed else _("not signed yet"),
        "sort_date": signed.start.isoformat() if signed else "9999",
        "year": year_text(year_of(signed, lang), lang) if signed else "",
        "parties": parties, "countries": " ".join(sorted({p["country_code"] for p in parties if p["country_code"]})),
        "href": link(from_uri, f"agreements/{record.id}.md"), "example": record.example,
    }


def list_context(records: dict, ctx, lang: str) -> dict:
    _ = gettext(lang)
    items = sorted((item(r, ctx, lang, LIST) for r in records.values()), key=lambda i: i["sort_date"], reverse=True)

    def options(key: str, label_key: str) -> list:
        return sort_by(list({i[key]: i[label_key] for i in items}.items()), lambda kv: str(kv[1]), lang)

    countries = {p["country_code"]: p["country"] for i in items for p in i["parties"] if p["country_code"]}
    return {
        "kind": "agreements", "entries": items, "count": count(len(items), lang),
        "filters": [
            {"name": "kind", "label": _("Kind"), "options": options("kind_code", "kind")},
            {"name": "status", "label": _("Status"), "options": options("status_code", "status")},
            {"name": "country", "label": _("Country"),
             "options": sort_by(list(countries.items()), lambda kv: kv[1], lang)},
        ],
    }


def record_context(record, ctx, lang: str, uri: str) -> dict:
    _ = gettext(lang)
    entry = item(record, ctx, lang, uri)
    return {
        "kind": "agreement", "item": entry,
        "facts": [(_("Kind"), entry["kind"]), (_("Status"), entry["status"]),
                  (_("Signed"), when(record.get("signed_on"), lang)), (_("Place signed"), pick(record.get("signed_in"), lang)),
                  (_("Expires"), when(record.get("expires_on"), lang)),
                  (_("Signed for Tehran by"), body_label(record["tehran_body"], lang))],
        "parties": entry["parties"],
        "founding": bool(record.get("founding")),
        "areas": [_(AREAS[a]) for a in record.get("areas", [])],
        "summary": rich(record.get("summary"), lang),
        "follow_up": [{"date": when(f["date"], lang), "action": pick(f["action"], lang)}
                      for f in sorted(record.get("follow_up", []), key=lambda f: f["date"].start, reverse=True)],
        "documents": documents(record, lang, files_link(uri, lang), ctx.sizes),
        "related": related(ctx, "agreements", record.id, lang, uri),
        "office": office(record.get("office"), lang, uri), "sources": sources(record),
        "followed": followed(record, lang), "back": link(uri, LIST), "example": record.example,
        "jsonld": _jsonld(record, entry, lang),
    }


def _jsonld(record, entry: dict, lang: str) -> dict:
    """schema.org has no type for an agreement between cities: a CreativeWork of the municipality,
    about its parties."""
    return jsonld._clean({
        "@context": jsonld.CONTEXT, "@type": "CreativeWork", "name": plain(record["title"], lang),
        "genre": entry["kind"], "dateCreated": jsonld._date(record.get("signed_on")),
        "expires": jsonld._date(record.get("expires_on")), "author": jsonld.municipality(lang),
        "about": [{"@type": "Place" if p["country_code"] else "Organization", "name": str(p["name"])}
                  for p in entry["parties"]],
        "description": plain(record.get("summary"), lang), "inLanguage": lang,
    })


def build(ctx) -> list[PageSpec]:
    records = ctx.records["agreements"]
    return listed_records(records, "agreements", ("portal/agreements.html", "portal/agreement.html"), N_("Agreements"),
                          "title", lambda lang: list_context(records, ctx, lang),
                          lambda record, lang, uri: record_context(record, ctx, lang, uri))


# ----------------------------------------------------------------------------- feed
def _feed_entries(data, lang: str) -> list:
    from ..outputs.common import page_path
    from ..outputs.feeds import Entry

    _ = gettext(lang)
    out = []
    for record in data.records["agreements"].values():
        signed = record.get("signed_on")
        if signed is None:
            continue   # under negotiation: no news yet
        out.append(Entry(
            key=f"agreements/{record.id}", title=pick(record["title"], lang), href=page_path("agreements", record.id, lang),
            day=signed.start, order=(record.id,),
            meta=[labelled(KINDS, record, "kind", lang), (_("Signed"), when(signed, lang)), labelled(STATUSES, record, "status", lang)],
            body=rich(record.get("summary"), lang),
            categories=[(record["kind"], labelled(KINDS, record, "kind", lang))]
            + ([("example", _("Example"))] if record.example else [])))
    return out


def _feeds():
    from ..outputs.feeds import Feed

    return (Feed("agreements", N_("Tehran Municipality: agreements"), N_("New agreements"), "agreements",
                 ("agreements",), _feed_entries),)


def __getattr__(name: str):
    # FEEDS is made when first asked for: portal.outputs imports the page modules, not the reverse.
    if name == "FEEDS":
        return _feeds()
    raise AttributeError(name)
