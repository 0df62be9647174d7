"""iCalendar feeds (RFC 5545): exhibitions and events, and the Strategic Council's meetings.

Decisions:
- One calendar per language (calendars/en/, calendars/fa/, calendars/ar/): RFC 5545 allows a
  single SUMMARY per event, and a Persian reader's calendar app should show Persian titles.
  The texts carry LANGUAGE= with the language they are really in (an untranslated Arabic
  title falls back to English and says so). The UID is the same in every language
  ("<collection>-<id>@tehran-intl.github.io"): it is one event, so a client given two
  languages of it updates one event instead of showing it twice.
- Exhibitions are all-day events (VALUE=DATE, DTEND exclusive: the last day + 1).
- An event known only to the month or the year (the Festival of Tehran's Sister Cities, July
  2022) is left out: a calendar has no way to say "some days in July", and a month-long bar
  would claim what the source does not. It stays in the JSON and CSV; the calendar's
  description says so.
- A meeting with a start time is DTSTART;TZID=Asia/Tehran with the VTIMEZONE built from the
  tz database, so the 2019-2022 meetings fall in Iran's former summer time correctly. The
  minutes record no end time, so no DTEND (RFC 5545: the event ends when it starts) rather
  than an invented one. A meeting without a time is all-day.
- DTSTAMP is the newest date in the collection (outputs.common.as_of) at 00:00 UTC, so the
  file changes only when the data does.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import icalendar

from ..labels import label
from ..localise import country_name, format_count
from ..present import pick
from ..ui import N_, gettext
from ..when import DAY
from .common import ID_AUTHORITY, TEHRAN, absolute, as_of, markdown_to_text, page_path

PRODID = "-//Tehran Municipality//International Portal//EN"

CALENDARS = {
    "exhibitions": {
        "name": N_("Tehran Municipality: exhibitions and events"),
        "description": N_("International exhibitions, summits and events in which Tehran took part or "
                          "which it hosted. Events known only to the month or the year are not in this "
                          "calendar; they are in the open data."),
        "collection": "exhibitions",
    },
    "council-meetings": {
        "name": N_("Tehran Municipality: Strategic Council meetings"),
        "description": N_("Meetings of the Strategic Council of International Relations and City Diplomacy "
                          "of Tehran, at their time in Tehran."),
        "collection": "council-meetings",
    },
}

def calendar_path(name: str, lang: str) -> str:
    return f"calendars/{lang}/{name}.ics"


def uid(collection: str, record_id: str) -> str:
    return f"{collection}-{record_id}@{ID_AUTHORITY}"


def _text(event, key: str, value, lang: str) -> None:
    """Add a localised text with the language it is really in."""
    if value:
        event.add(key, str(value), parameters={"LANGUAGE": value.lang if hasattr(value, "lang") else lang})


def _new_calendar(name: str, lang: str, site_url: str) -> icalendar.Calendar:
    _ = gettext(lang)
    spec = all_calendars()[name]
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", _(spec.title), parameters={"LANGUAGE": lang})
    cal.add("description", _(spec.description), parameters={"LANGUAGE": lang})
    cal.add("x-wr-calname", _(spec.title))          # the name Apple, Google and Outlook show
    cal.add("x-wr-caldesc", _(spec.description))
    cal.add("x-wr-timezone", "Asia/Tehran")
    cal.add("url", absolute(site_url, page_path(spec.collection, None, lang)))
    cal.add("source", absolute(site_url, calendar_path(name, lang)), parameters={"VALUE": "URI"})
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    return cal


def _common(event, collection: str, record, lang: str, site_url: str, stamp: dt.datetime) -> None:
    event.add("uid", uid(collection, record.id))
    event.add("dtstamp", stamp)
    event.add("url", absolute(site_url, page_path(collection, record.id, lang)))
    event.add("transp", "TRANSPARENT")     # information, not time the subscriber is busy


def _description(lang: str, record, lines: list[str]) -> str:
    _ = gettext(lang)
    head = [_("Invented sample data, not a published fact")] if record.example else []
    return "\n\n".join(head + [line for line in lines if line])


def exhibitions_calendar(data, lang: str, *, site_url: str, generated_on: dt.date) -> bytes:
    _ = gettext(lang)
    records = data.records["exhibitions"]
    stamp = dt.datetime.combine(as_of(records.values(), generated_on), dt.time(0), dt.timezone.utc)
    cal = _new_calendar("exhibitions", lang, site_url)
    for record_id in sorted(records):
        record = records[record_id]
        starts = record["starts_on"]
        if starts.precision != DAY:
            continue            # known only to the month or year: see the module's docstring
        ends = record.get("ends_on")
        last = ends.start if ends is not None and ends.precision == DAY and ends.start >= starts.start else starts.start
        event = icalendar.Event()
        _text(event, "summary", pick(record["title"], lang), lang)
        event.add("dtstart", starts.start)
        event.add("dtend", last + dt.timedelta(days=1))
        place = [pick(record.get("venue"), lang), pick(record["city"], lang)]
        location = gettext(lang)(", ").join([str(p) for p in place if p] + [country_name(record["country"], lang)])
        event.add("location", location, parameters={"LANGUAGE": lang})
        participation = pick(record.get("participation"), lang)
        event.add("description", _description(lang, record, [
            _(label(record["kind"])),
            markdown_to_text(participation.text) if participation else "",
            absolute(site_url, page_path("exhibitions", record.id, lang)),
        ]), parameters={"LANGUAGE": participation.lang if participation else lang})
        event.add("categories", [_(label(record["kind"]))])
        _common(event, "exhibitions", record, lang, site_url, stamp)
        cal.add_component(event)
    return cal.to_ical()


def meetings_calendar(data, lang: str, *, site_url: str, generated_on: dt.date) -> bytes:
    _ = gettext(lang)
    records = data.records["council-meetings"]
    stamp = dt.datetime.combine(as_of(records.values(), generated_on), dt.time(0), dt.timezone.utc)
    cal = _new_calendar("council-meetings", lang, site_url)
    for record_id in sorted(records):
        record = records[record_id]
        held = record["held_on"]
        if held.precision != DAY:
            continue
        event = icalendar.Event()
        event.add("summary", _("Strategic Council meeting {n}", n=format_count(record["number"], lang)),
                  parameters={"LANGUAGE": lang})
        if record.get("time"):
            hours, minutes = (int(part) for part in record["time"].split(":"))
            event.add("dtstart", dt.datetime.combine(held.start, dt.time(hours, minutes), TEHRAN))
        else:
            event.add("dtstart", held.start)
            event.add("dtend", held.start + dt.timedelta(days=1))
        _text(event, "location", pick(record.get("place"), lang), lang)
        agenda = [f"{format_count(i, lang)}. {pick(item, lang)}" for i, item in enumerate(record.get("agenda", []), 1)]
        event.add("description", _description(lang, record, [
            _(label(record["kind"])),
            _("Agenda") + ":\n" + "\n".join(agenda) if agenda else "",
            absolute(site_url, page_path("council-meetings", record.id, lang)),
        ]), parameters={"LANGUAGE": lang})
        event.add("categories", [_(label(record["kind"]))])
        _common(event, "council-meetings", record, lang, site_url, stamp)
        cal.add_component(event)
    # VTIMEZONE for Asia/Tehran, from the tz database, only when a timed event needs it; as
    # Calendar.add_missing_timezones() would place it, but computed once for all languages.
    for position, tzid in enumerate(sorted(cal.get_missing_tzids())):
        cal.subcomponents.insert(position, _vtimezone(tzid))
    return cal.to_ical()


@functools.lru_cache(maxsize=None)
def _vtimezone(tzid: str) -> icalendar.Timezone:
    return icalendar.Timezone.from_tzid(tzid)


@dataclass(frozen=True)
class Calendar:
    """One iCalendar file per language. A page module may declare more in its CALENDARS."""

    name: str                 # calendars/<lang>/<name>.ics
    title: str                # msgid
    description: str          # msgid
    label: str                # msgid: what the Open data page calls it
    collection: str           # whose list page the calendar's URL points at
    build: object             # (data, lang, *, site_url, generated_on) -> bytes


BUILT_IN = (
    Calendar("exhibitions", CALENDARS["exhibitions"]["name"], CALENDARS["exhibitions"]["description"],
             N_("Exhibitions and events"), "exhibitions", exhibitions_calendar),
    Calendar("council-meetings", CALENDARS["council-meetings"]["name"], CALENDARS["council-meetings"]["description"],
             N_("Strategic Council meetings"), "council-meetings", meetings_calendar),
)


def all_calendars() -> dict[str, Calendar]:
    """The built-in calendars, then those the page modules declare, by name."""
    from ..pages import modules

    calendars = list(BUILT_IN) + [c for module in modules() for c in getattr(module, "CALENDARS", ())]
    return {calendar.name: calendar for calendar in calendars}


def day_events(name: str, records: dict, lang: str, *, site_url: str, generated_on: dt.date, event_of) -> bytes:
    """A calendar of records known to the day: `event_of(record)` gives (summary, first day, last
    day, location, description lines, categories), or None to leave the record out."""
    stamp = dt.datetime.combine(as_of(records.values(), generated_on), dt.time(0), dt.timezone.utc)
    cal = _new_calendar(name, lang, site_url)
    collection = all_calendars()[name].collection
    for record_id in sorted(records):
        record = records[record_id]
        found = event_of(record)
        if found is None:
            continue
        summary, first, last, location, lines, categories = found
        event = icalendar.Event()
        _text(event, "summary", summary, lang)
        event.add("dtstart", first)
        event.add("dtend", last + dt.timedelta(days=1))
        if location:
            event.add("location", location, parameters={"LANGUAGE": lang})
        event.add("description", _description(lang, record, [*lines, absolute(site_url, page_path(collection, record.id, lang))]),
                  parameters={"LANGUAGE": lang})
        if categories:
            event.add("categories", categories)
        _common(event, collection, record, lang, site_url, stamp)
        cal.add_component(event)
    return cal.to_ical()
