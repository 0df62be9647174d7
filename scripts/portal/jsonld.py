"""schema.org descriptions (JSON-LD) of records, for search engines and other portals.

Each function returns a plain dict; templates embed it as <script type="application/ld+json">.
Dates use the precision the source gave (When.iso for day/month/year; a Solar Hijri month or
year becomes its first day only where schema.org needs a date).
"""
from __future__ import annotations

from . import languages
from .present import plain
from .when import When

CONTEXT = "https://schema.org"


def _date(value: When | None) -> str | None:
    if value is None:
        return None
    return value.iso if "/" not in value.iso else value.start.isoformat()


def _clean(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def municipality(lang: str) -> dict:
    # The site's copyright line of the language (mkdocs.yml), which names the deputy's office.
    name = languages.get(lang).copyright or languages.default().copyright
    return {"@type": "GovernmentOrganization", "name": name,
            "address": {"@type": "PostalAddress", "addressLocality": "Tehran", "addressCountry": "IR"}}


def sister_city(city, lang: str, country: str) -> dict:
    return _clean({
        "@context": CONTEXT, "@type": "City", "name": plain(city["name"], lang),
        "alternateName": [v for k, v in city["name"].items() if k != lang and v],
        "geo": {"@type": "GeoCoordinates", "latitude": city["coordinates"]["lat"],
                "longitude": city["coordinates"]["lon"]},
        "containedInPlace": {"@type": "Country", "name": country, "identifier": city["country"]},
        "description": plain(city.get("summary"), lang),
    })


def membership(record, lang: str) -> dict:
    org = record["organisation"]
    return _clean({
        "@context": CONTEXT, **municipality(lang),
        "memberOf": _clean({"@type": "OrganizationRole", "startDate": _date(record.get("since")),
                            "memberOf": _clean({"@type": "Organization", "name": plain(org["name"], lang),
                                                "alternateName": org.get("acronym"), "url": org.get("website")})}),
    })


def exhibition(record, lang: str, country: str) -> dict:
    end = record.get("ends_on") or record["starts_on"]
    return _clean({
        "@context": CONTEXT, "@type": "ExhibitionEvent" if record["kind"] == "exhibition" else "Event",
        "name": plain(record["title"], lang),
        "startDate": _date(record["starts_on"]), "endDate": _date(end),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "location": _clean({"@type": "Place", "name": plain(record.get("venue"), lang) or plain(record["city"], lang),
                            "address": {"@type": "PostalAddress", "addressLocality": plain(record["city"], lang),
                                        "addressCountry": record["country"]}}),
        "organizer": _clean({"@type": "Organization", "name": plain(record.get("organiser"), lang)}) if record.get("organiser") else None,
        "description": plain(record.get("participation"), lang) or plain(record.get("outcomes"), lang),
    })


FINDING_TYPES = {"book": "Book", "film": "Movie", "cd": "CreativeWork", "periodical-issue": "PublicationIssue",
                 "report": "Report", "article": "Article"}


def finding(record, lang: str, url: str | None = None, image: str | None = None) -> dict:
    kind = FINDING_TYPES[record["type"]]
    people = [{"@type": "Person", "name": plain(a, lang)} for a in record.get("authors", [])]
    data = {
        "@context": CONTEXT, "@type": kind, "name": plain(record["title"], lang),
        "inLanguage": record["language"], "datePublished": _date(record["published_on"]),
        "description": plain(record["summary"], lang),
        "publisher": _clean({"@type": "Organization", "name": plain(record.get("publisher"), lang)}) if record.get("publisher") else municipality(lang),
        "isbn": record.get("isbn"), "numberOfPages": record.get("pages"), "image": image, "url": url,
        "keywords": record.get("topics"),
    }
    if kind == "Movie":
        data["director"] = people
        if record.get("duration_minutes"):
            data["duration"] = f"PT{record['duration_minutes']}M"
    elif kind == "Article":
        data["headline"] = data["name"]
        data["author"] = people
    else:
        data["author"] = people
    if kind == "PublicationIssue" and record.get("issue"):
        data["issueNumber"] = record["issue"].get("number")
        data["isPartOf"] = _clean({"@type": "Periodical", "issn": record.get("issn"),
                                   "name": plain(record["title"], lang)})
    return _clean(data)


def council_meeting(meeting, lang: str, title: str) -> dict:
    start = meeting["held_on"].start.isoformat()
    if meeting.get("time"):
        start += f"T{meeting['time']}:00+03:30"
    return _clean({
        "@context": CONTEXT, "@type": "Event", "name": title, "startDate": start,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": plain(meeting.get("place"), lang) or "Tehran",
                     "address": {"@type": "PostalAddress", "addressLocality": "Tehran", "addressCountry": "IR"}},
        "organizer": municipality(lang),
    })


def council_document(record, lang: str) -> dict:
    return _clean({
        "@context": CONTEXT, "@type": "Report", "name": plain(record["title"], lang),
        "datePublished": _date(record["published_on"]), "inLanguage": record["language"],
        "description": plain(record.get("summary"), lang), "publisher": municipality(lang),
        "keywords": record.get("topics"),
    })
