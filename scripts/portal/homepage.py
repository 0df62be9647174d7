"""The home page's model: the numbers that matter and the latest of each collection."""
from __future__ import annotations

from . import council
from .localise import format_count
from .pages import link as _link
from .today import reference_day
from .present import pick, when
from .ui import gettext


MAP_MARKERS = 100


def context(data, lang: str) -> dict:
    _ = gettext(lang)
    records = data.records
    home = "index.md"
    cities = records["sister-cities"]
    memberships = records["memberships"]
    findings = records["findings"]
    today = reference_day()
    numbers = [
        {"value": format_count(sum(c["status"] == "active" for c in cities.values()), lang),
         "label": _("partner cities"), "href": _link(home, "sister-cities/index.md")},
        {"value": format_count(sum(m["status"] == "active" for m in memberships.values()), lang),
         "label": _("international networks"), "href": _link(home, "memberships/index.md")},
        {"value": format_count(len(records["exhibitions"]), lang),
         "label": _("exhibitions and events"), "href": _link(home, "exhibitions/index.md")},
        {"value": format_count(len(findings), lang),
         "label": _("publications in the library"), "href": _link(home, "findings/index.md")},
    ]
    newest = sorted(findings.values(), key=lambda r: r["published_on"].start, reverse=True)[:3]
    upcoming = sorted((e for e in records["exhibitions"].values() if (e.get("ends_on") or e["starts_on"]).end >= today),
                      key=lambda e: e["starts_on"].start)
    past = sorted((e for e in records["exhibitions"].values() if (e.get("ends_on") or e["starts_on"]).end < today),
                  key=lambda e: e["starts_on"].start, reverse=True)
    event = (upcoming or past or [None])[0]
    resolutions = []
    for meeting in reversed(council.sorted_meetings(records["council-meetings"])):
        for resolution in meeting.get("resolutions", []):
            resolutions.append({"text": pick(resolution["text"], lang), "date": when(meeting["held_on"], lang),
                                "href": _link(home, f"council/meetings/{meeting.id}.md")})
    # The partner cities on the world map (the same outline and projection as the list's map):
    # relations in force, newest first, as many as a list page shows.
    from .localise import country_name
    from .worldmap import VIEWBOX_HEIGHT, VIEWBOX_WIDTH, project

    active = sorted((c for c in cities.values() if c["status"] == "active"),
                    key=lambda c: (c.get("signed_on").start.toordinal() if c.get("signed_on") else 0, c.id), reverse=True)
    markers = []
    for city in active[:MAP_MARKERS]:
        x, y = project(city["coordinates"]["lat"], city["coordinates"]["lon"])
        markers.append({"name": pick(city["name"], lang), "country": country_name(city["country"], lang), "x": x, "y": y,
                        "href": _link(home, f"sister-cities/{city.id}.md")})
    return {
        "kind": "home",
        "map": {"width": VIEWBOX_WIDTH, "height": VIEWBOX_HEIGHT, "markers": markers,
                "all": _link(home, "sister-cities/index.md"), "more": len(active) > MAP_MARKERS},
        "numbers": numbers,
        "findings": [{"title": pick(f["title"], lang), "date": when(f["published_on"], lang),
                      "href": _link(home, f"findings/{f.id}.md")} for f in newest],
        "event": {"title": pick(event["title"], lang), "date": when(event["starts_on"], lang),
                  "upcoming": bool(upcoming), "href": _link(home, f"exhibitions/{event.id}.md")} if event else None,
        "resolutions": resolutions[:3],
    }
