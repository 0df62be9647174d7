"""Visits: delegations received in Tehran, the municipality's missions abroad, meetings online.

The list (filters by direction, country and year), a page per visit with who led it, the
meetings held, the agreements it produced and its photos, an Atom feed and an iCalendar of the
visits known to the day (month- or year-precision ones are left out of calendars, as exhibitions
are). A planned visit waits for its `publish_from` day (portal.validate holds it back until then).
"""
from __future__ import annotations

import datetime as dt

from .. import jsonld
from ..localise import sort_by
from ..present import pick, plain, rich, when, year_of
from ..ui import N_, gettext
from ..when import DAY
from .common import (
    Listing,
    labelled,
    PageSpec,
    count,
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
from .exhibitions import dates_text

LIST = "visits/index.md"
LISTINGS = (Listing("visits", "visits", N_("Visits and delegations"), N_("visit"),
                    N_("No visit is published yet."), nav="Relations", name_field="title", date_field="starts_on"),)

DIRECTIONS = {"incoming": N_("Delegation received in Tehran"), "outgoing": N_("Mission abroad"),
              "online": N_("Meeting online")}


def _leader(record, lang: str, with_role: bool = False):
    """Who led it: the name when a source gives it (with the role on the visit's page), else the role."""
    leader = record.get("led_by")
    if not leader:
        return None
    if not leader.get("name"):
        return pick(leader["role"], lang)
    if with_role:   # each part keeps its own language mark; the template joins them with the reader's comma
        return [pick(leader["name"], lang), pick(leader["role"], lang)]
    return pick(leader["name"], lang)


def item(record, ctx, lang: str, from_uri: str) -> dict:
    _ = gettext(lang)
    counterpart = party(record["counterpart"], ctx, lang, from_uri)
    starts = record["starts_on"]
    return {
        "id": record.id, "name": pick(record["title"], lang), "direction": labelled(DIRECTIONS, record, "direction", lang),
        "direction_code": record["direction"], "counterpart": counterpart,
        "dates": dates_text(record, lang), "sort_date": starts.start.isoformat(),
        "year": year_text(year_of(starts, lang), lang), "year_code": year_of(starts, lang),
        "led_by": _leader(record, lang),
        "href": link(from_uri, f"visits/{record.id}.md"), "example": record.example,
    }


def list_context(records: dict, ctx, lang: str) -> dict:
    _ = gettext(lang)
    items = sorted((item(r, ctx, lang, LIST) for r in records.values()), key=lambda i: i["sort_date"], reverse=True)
    countries = {i["counterpart"]["country_code"]: i["counterpart"]["country"] for i in items
                 if i["counterpart"]["country_code"]}
    return {
        "kind": "visits", "entries": items, "count": count(len(items), lang),
        "filters": [
            {"name": "direction", "label": _("Direction"),
             "options": [(code, _(label)) for code, label in DIRECTIONS.items()
                         if any(i["direction_code"] == code for i in items)]},
            {"name": "country", "label": _("Country"), "options": sort_by(list(countries.items()), lambda kv: kv[1], lang)},
            {"name": "year", "label": _("Year"),
             "options": sorted({(i["year_code"], i["year"]) for i in items}, reverse=True)},
        ],
    }


def record_context(record, ctx, lang: str, uri: str) -> dict:
    _ = gettext(lang)
    entry = item(record, ctx, lang, uri)
    leader = record.get("led_by")
    agreements = ctx.records["agreements"]
    return {
        "kind": "visit", "item": entry,
        "facts": [(_("Direction"), entry["direction"]), (_("Dates"), entry["dates"]),
                  (_("Led by"), _leader(record, lang, with_role=True) if leader else None)],
        "counterpart": entry["counterpart"],
        "purpose": rich(record.get("purpose"), lang),
        "meetings": [{"with": pick(m["with"], lang), "topic": pick(m.get("topic"), lang)} for m in record.get("meetings", [])],
        "agreements": [{"name": pick(agreements[a]["title"], lang), "href": link(uri, f"agreements/{a}.md"),
                        "date": when(agreements[a].get("signed_on"), lang)} for a in record.get("agreements", [])],
        "photos": [{"href": files_link(uri, lang) + p["file"], "caption": pick(p["caption"], lang)}
                   for p in record.get("photos", [])],
        "related": related(ctx, "visits", record.id, lang, uri),
        "office": office(record.get("office"), lang, uri), "sources": sources(record),
        "followed": followed(record, lang), "back": link(uri, LIST), "example": record.example,
        "jsonld": _jsonld(record, entry, lang),
    }


def _jsonld(record, entry: dict, lang: str) -> dict:
    counterpart = entry["counterpart"]
    online = record["direction"] == "online"
    return jsonld._clean({
        "@context": jsonld.CONTEXT, "@type": "Event", "name": plain(record["title"], lang),
        "startDate": jsonld._date(record["starts_on"]), "endDate": jsonld._date(record.get("ends_on")),
        "eventAttendanceMode": "https://schema.org/" + ("OnlineEventAttendanceMode" if online else
                                                        "OfflineEventAttendanceMode"),
        "location": None if online else {"@type": "Place", "name": "Tehran" if record["direction"] == "incoming"
                                         else str(counterpart["name"])},
        "organizer": jsonld.municipality(lang), "description": plain(record.get("purpose"), lang), "inLanguage": lang,
    })


def build(ctx) -> list[PageSpec]:
    records = ctx.records["visits"]
    return listed_records(records, "visits", ("portal/visits.html", "portal/visit.html"), N_("Visits and delegations"),
                          "title", lambda lang: list_context(records, ctx, lang),
                          lambda record, lang, uri: record_context(record, ctx, lang, uri))


# ----------------------------------------------------------------------------- feed and calendar
def _feed_entries(data, lang: str) -> list:
    from ..outputs.common import page_path
    from ..outputs.feeds import Entry

    _ = gettext(lang)
    out = []
    for record in data.records["visits"].values():
        starts = record["starts_on"]
        leader = record.get("led_by")
        out.append(Entry(
            key=f"visits/{record.id}", title=pick(record["title"], lang), href=page_path("visits", record.id, lang),
            day=starts.start, order=(record.id,),
            meta=[labelled(DIRECTIONS, record, "direction", lang), dates_text(record, lang),
                  (_("Led by"), _leader(record, lang) if leader else None)],
            body=rich(record.get("purpose"), lang),
            categories=[(record["direction"], labelled(DIRECTIONS, record, "direction", lang))]
            + ([("example", _("Example"))] if record.example else [])))
    return out


def _calendar(data, lang: str, *, site_url: str, generated_on: dt.date) -> bytes:
    from ..outputs.calendars import day_events
    from ..outputs.common import markdown_to_text

    _ = gettext(lang)

    def event_of(record):
        starts, ends = record["starts_on"], record.get("ends_on")
        if starts.precision != DAY:
            return None   # known only to the month or year: in the open data, not in calendars
        last = ends.start if ends is not None and ends.precision == DAY and ends.start >= starts.start else starts.start
        counterpart = record["counterpart"]
        named = counterpart.get("city") or counterpart.get("named")
        place = pick(named["name"], lang) if named else None
        purpose = pick(record.get("purpose"), lang)
        return (pick(record["title"], lang), starts.start, last, str(place) if place else "",
                [labelled(DIRECTIONS, record, "direction", lang), markdown_to_text(purpose.text) if purpose else ""],
                [labelled(DIRECTIONS, record, "direction", lang)])

    return day_events("visits", data.records["visits"], lang, site_url=site_url, generated_on=generated_on,
                      event_of=event_of)


def __getattr__(name: str):
    # Made when first asked for: portal.outputs imports the page modules, not the reverse.
    if name == "FEEDS":
        from ..outputs.feeds import Feed
        return (Feed("visits", N_("Tehran Municipality: visits and delegations"), N_("Visits and delegations"),
                     "visits", ("visits",), _feed_entries),)
    if name == "CALENDARS":
        from ..outputs.calendars import Calendar
        return (Calendar("visits", N_("Tehran Municipality: visits and delegations"),
                         N_("Delegations received in Tehran and missions of the municipality abroad, by day. Visits "
                            "known only to the month or the year are not in this calendar; they are in the open data."),
                         N_("Visits and delegations"), "visits", _calendar),)
    raise AttributeError(name)
