"""International exhibitions and events: upcoming and past, with what Tehran presented."""
from __future__ import annotations

import datetime as dt

from .. import jsonld
from ..dates import format_date_range
from ..localise import country_name
from ..present import pick, rich, when
from ..ui import N_, gettext
from ..when import DAY
from .common import Listing, PageSpec, followed, count, link, names, office, sources, titles, value_label

LIST = "exhibitions/index.md"
LISTINGS = (Listing("exhibitions", "exhibitions", N_("Exhibitions and events"), N_("exhibition or event"),
                    N_("No exhibition or event is published yet."), name_field="title", date_field="starts_on"),)


def dates_text(record, lang: str) -> str:
    start, end = record["starts_on"], record.get("ends_on")
    if end and start.precision == DAY and end.precision == DAY and end.start != start.start:
        return format_date_range(start.start, end.start, lang)
    return when(start, lang)


def item(record, lang: str, from_uri: str) -> dict:
    return {
        "id": record.id, "name": pick(record["title"], lang), "kind": value_label(record["kind"], lang),
        "dates": dates_text(record, lang), "sort_date": record["starts_on"].start.isoformat(),
        "place": gettext(lang)(", ").join(x for x in (str(pick(record["city"], lang) or ""), country_name(record["country"], lang)) if x),
        "href": link(from_uri, f"exhibitions/{record.id}.md"), "example": record.example,
    }


def build(ctx) -> list[PageSpec]:
    return pages(ctx.records["exhibitions"], ctx.today)


def pages(records: dict, today: dt.date) -> list[PageSpec]:
    def is_upcoming(record) -> bool:
        return (record.get("ends_on") or record["starts_on"]).end >= today

    def list_context(lang):
        upcoming = sorted((item(r, lang, LIST) for r in records.values() if is_upcoming(r)), key=lambda i: i["sort_date"])
        past = sorted((item(r, lang, LIST) for r in records.values() if not is_upcoming(r)),
                      key=lambda i: i["sort_date"], reverse=True)
        return {"kind": "exhibitions", "upcoming": upcoming, "past": past, "count": count(len(records), lang)}

    def record_context(record, lang, uri):
        _ = gettext(lang)
        entry = item(record, lang, uri)
        country = country_name(record["country"], lang)
        return {
            "kind": "exhibition", "item": entry,
            "facts": [(_("Kind"), entry["kind"]), (_("Dates"), entry["dates"]), (_("City"), pick(record["city"], lang)),
                      (_("Country"), country), (_("Venue"), pick(record.get("venue"), lang)),
                      (_("Organiser"), pick(record.get("organiser"), lang))],
            "presented": [value_label(p, lang) for p in record.get("presented", [])],
            "texts": [(_("Tehran's participation"), rich(record.get("participation"), lang)),
                      (_("Outcomes"), rich(record.get("outcomes"), lang))],
            "links": [{"title": pick(l["title"], lang), "url": l["url"]} for l in record.get("links", [])],
            "office": office(record.get("office"), lang, uri), "sources": sources(record),
            "followed": followed(record, lang),
            "back": link(uri, LIST), "example": record.example,
            "jsonld": jsonld.exhibition(record, lang, country),
        }

    result = [PageSpec(LIST, "portal/exhibitions.html", titles("Exhibitions and events"), list_context)]
    for record in records.values():
        uri = f"exhibitions/{record.id}.md"
        result.append(PageSpec(uri, "portal/exhibition.html", names(record["title"]),
                               lambda lang, r=record, u=uri: record_context(r, lang, u),
                               source_path=record.path, record=record))
    return result
