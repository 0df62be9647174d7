"""Sister cities: the list with filters, the map and the timeline; a page per city."""
from __future__ import annotations

from .. import jsonld
from ..localise import country_name, sort_by
from ..present import pick, rich, when, year_of
from ..ui import N_, gettext
from ..worldmap import VIEWBOX_HEIGHT, VIEWBOX_WIDTH, locator_box, project
from .common import (
    PAGE_SIZE,
    Listing,
    PageSpec,
    related,
    count,
    documents,
    files_link,
    followed,
    link,
    office,
    listed_records,
    sources,
    value_label,
    year_text,
)

LIST = "sister-cities/index.md"
LISTINGS = (Listing("sister-cities", "sister-cities", N_("Sister cities"), N_("sister city"),
                    N_("No partner city is published yet."), name_field="name", date_field="signed_on"),)

RELATIONS = {"sister-city": N_("Sister city"), "friendship": N_("Friendship"),
             "cooperation-mou": N_("Cooperation memorandum")}
AREAS = {
    "urban-planning": N_("Urban planning"), "transport": N_("Transport"), "environment": N_("Environment"),
    "culture": N_("Culture"), "tourism": N_("Tourism"), "economy-investment": N_("Economy and investment"),
    "technical-engineering": N_("Technical and engineering services"), "smart-city": N_("Smart city"),
    "crisis-management": N_("Crisis management"), "education-research": N_("Education and research"),
    "health": N_("Health"), "sport": N_("Sport"), "youth": N_("Youth"), "urban-services": N_("Urban services"),
}


def summary(city, lang: str, from_uri: str) -> dict:
    _ = gettext(lang)
    x, y = project(city["coordinates"]["lat"], city["coordinates"]["lon"])
    signed = city.get("signed_on")
    return {
        "id": city.id,
        "name": pick(city["name"], lang),
        "country": country_name(city["country"], lang),
        "country_code": city["country"],
        "relation": _(RELATIONS[city["relation"]]),
        "relation_code": city["relation"],
        "status": value_label(city["status"], lang),
        "status_code": city["status"],
        # A relation whose date no source gives has none: it is listed, out of the timeline.
        "signed": when(signed, lang) if signed else _("date not recorded"),
        "signed_iso": signed.iso if signed else None,
        "sort_date": signed.start.isoformat() if signed else None,
        "year": year_text(year_of(signed, lang), lang) if signed else None,
        "decade": signed.start.year // 10 * 10 if signed else "",
        "href": link(from_uri, f"sister-cities/{city.id}.md"),
        "x": x, "y": y,
        "example": city.example,
    }


def _options(items: list, key: str, label_key: str, lang: str) -> list:
    seen = {item[key]: item[label_key] for item in items}
    return sort_by(list(seen.items()), lambda kv: str(kv[1]), lang)


def _cited(ctx, city_id: str, lang: str) -> str:
    """"Agreements: 2 · Visits and delegations: 3" for a city's map marker (pages.common.related)."""
    if ctx is None:
        return ""
    _ = gettext(lang)
    tally: dict = {}
    for source, _record in ctx.cited_by.get(("sister-cities", city_id), []):
        tally[source] = tally.get(source, 0) + 1
    return " · ".join(f"{_(ctx.listings[name].title)}: {count(n, lang)}" for name, n in tally.items() if name in ctx.listings)


def list_context(cities: dict, lang: str, ctx=None) -> dict:
    _ = gettext(lang)
    items = sort_by([{**summary(c, lang, LIST), "cited": _cited(ctx, c.id, lang)} for c in cities.values()],
                    lambda i: i["name"].text, lang)
    timeline: dict = {}
    for item in sorted((i for i in items if i["sort_date"]), key=lambda i: i["sort_date"]):
        timeline.setdefault(item["year"], []).append(item)
    if len(items) > PAGE_SIZE:   # a list in pages: the timeline counts the relations of each year
        timeline = {year: _("Relations signed: {n}", n=count(len(group), lang)) for year, group in timeline.items()}
    decades = sorted({i["decade"] for i in items if i["decade"] != ""})
    return {
        "kind": "sister-cities",
        "entries": items,
        "count": count(len(items), lang),
        "timeline": list(timeline.items()),
        "map": {"width": VIEWBOX_WIDTH, "height": VIEWBOX_HEIGHT},
        "filters": [
            {"name": "relation", "label": _("Relation"), "options": _options(items, "relation_code", "relation", lang)},
            {"name": "country", "label": _("Country"), "options": _options(items, "country_code", "country", lang)},
            {"name": "status", "label": _("Status"), "options": _options(items, "status_code", "status", lang)},
            {"name": "decade", "label": _("Decade"),
             "options": [(d, _("{decade}s", decade=year_text(d, lang))) for d in decades]},
        ],
    }


def record_context(city, lang: str, uri: str, sizes: dict, ctx=None) -> dict:
    _ = gettext(lang)
    item = summary(city, lang, uri)
    left, top, width, height = locator_box(city["coordinates"]["lat"], city["coordinates"]["lon"])
    return {
        "kind": "sister-city",
        "item": item,
        # The locator references the one world outline every map shares (cached after the first).
        "locator": {"box": f"{left} {top} {width} {height}", "width": VIEWBOX_WIDTH, "height": VIEWBOX_HEIGHT,
                    "radius": round(width / 60, 1)},
        "facts": [
            (_("Relation"), item["relation"]),
            (_("Status"), item["status"]),
            (_("Country"), item["country"]),
            (_("Signed"), when(city.get("signed_on"), lang)),
            (_("Place signed"), pick(city.get("signed_in"), lang)),
            (_("Valid until / review"), when(city.get("review_on"), lang)),
        ],
        "areas": [_(AREAS[a]) for a in city.get("areas", [])],
        "summary": rich(city.get("summary"), lang),
        "documents": documents(city, lang, files_link(uri, lang), sizes),
        "activities": [
            {"date": when(a["date"], lang), "title": pick(a["title"], lang), "description": rich(a.get("description"), lang)}
            for a in sorted(city.get("activities", []), key=lambda a: a["date"].start, reverse=True)
        ],
        "related": related(ctx, "sister-cities", city.id, lang, uri) if ctx else [],
        "office": office(city.get("office"), lang, uri),
        "sources": sources(city),
        "followed": followed(city, lang),
        "back": link(uri, LIST),
        "example": city.example,
        "jsonld": jsonld.sister_city(city, lang, item["country"]),
    }


def build(ctx) -> list[PageSpec]:
    return pages(ctx.records["sister-cities"], ctx.sizes, ctx)


def pages(cities: dict, sizes: dict, ctx=None) -> list[PageSpec]:
    return listed_records(cities, "sister-cities", ("portal/sister-cities.html", "portal/sister-city.html"),
                          N_("Sister cities"), "name", lambda lang: list_context(cities, lang, ctx),
                          lambda city, lang, uri: record_context(city, lang, uri, sizes, ctx))

