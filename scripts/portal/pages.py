"""Page models: which pages the data makes, and what each shows in each language.

`site_pages(dataset)` lists every generated page (lists, records, council views, open data,
search). A page's `context(lang)` returns plain values, already localised, for its template in
overrides/portal/; templates only lay them out. Nothing here knows MkDocs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from . import council, statute
from .localise import LANGUAGES, country_name, format_count, format_percent, language_name, sort_by, native_digits
from .present import pick, plain, rich, when, year_of
from .labels import label
from .ui import N_, gettext
from .worldmap import VIEWBOX_HEIGHT, VIEWBOX_WIDTH, project


@dataclass
class PageSpec:
    src_uri: str                      # without language suffix, e.g. "sister-cities/beijing.md"
    template: str                     # under overrides/, e.g. "portal/record.html"
    titles: dict                      # lang -> title
    build: Callable[[str], dict]      # lang -> template context
    descriptions: dict = field(default_factory=dict)
    source_path: str | None = None    # the YAML file a record page comes from ("edit this" link)
    record: object = None

    def url(self) -> str:
        return self.src_uri[: -len("index.md")] if self.src_uri.endswith("index.md") else self.src_uri[:-3] + "/"

    def markdown(self, lang: str) -> str:
        """The stand-in Markdown source: front matter only; the template renders the body."""
        title = self.titles[lang].replace('"', "'")
        description = self.descriptions.get(lang, "").replace('"', "'")
        lines = ["---", f"template: {self.template}", f'title: "{title}"']
        if description:
            lines.append(f'description: "{description}"')
        lines += ["---", ""]
        return "\n".join(lines)


def _titles(msgid: str, **values) -> dict:
    return {lang: gettext(lang)(msgid, **values) for lang in LANGUAGES}


def _names(mapping) -> dict:
    return {lang: plain(mapping, lang) for lang in LANGUAGES}


def _link(from_uri: str, to_uri: str) -> str:
    """A relative URL between two generated pages (directory URLs)."""
    def parts(uri):
        url = uri[: -len("index.md")] if uri.endswith("index.md") else uri[:-3] + "/"
        return [p for p in url.split("/") if p]
    a, b = parts(from_uri), parts(to_uri)
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return "../" * (len(a) - common) + "".join(p + "/" for p in b[common:]) or "./"


# ----------------------------------------------------------------------------- shared pieces
def _sources(record) -> list:
    return [{"title": s["title"], "publisher": s.get("publisher"), "url": s.get("url")} for s in record.get("sources", [])]


def _documents(record, lang: str, files_url: str, sizes: dict) -> list:
    out = []
    for doc in record.get("documents", []):
        file = doc.get("file")
        out.append({
            "title": pick(doc["title"], lang),
            "language": language_name(doc["language"], lang),
            "language_code": doc["language"],
            "href": files_url + file if file else doc.get("url"),
            "size": _size(sizes.get(file), lang) if file else None,
            "kind": (file or "").rsplit(".", 1)[-1].upper() if file else None,
        })
    return out


def _size(size: int | None, lang: str) -> str | None:
    if size is None:
        return None
    _ = gettext(lang)
    if size < 1024 * 1024:
        return _("{n} KB", n=format_count(max(1, round(size / 1024)), lang))
    return _("{n} MB", n=native_digits(f"{size / 1024 / 1024:.1f}", lang))


def _office(value: str | None, lang: str) -> dict | None:
    if not value:
        return None
    names = {
        "specialised-organisations": N_("Office for International Specialised Organisations and Forums"),
        "communications": N_("Office for Communications and Comparative Studies"),
        "foreign-relations": N_("Office for Foreign Relations and Cooperation"),
    }
    return {"name": gettext(lang)(names[value]), "anchor": value}


# ----------------------------------------------------------------------------- the site
def site_pages(data, file_sizes: dict | None = None) -> list[PageSpec]:
    sizes = file_sizes or {}
    records = data.records
    pages: list[PageSpec] = []
    pages += _sister_city_pages(records["sister-cities"], sizes)
    pages += _simple_collection(records["memberships"], "memberships", "Memberships",
                                lambda r: r["organisation"]["name"], sizes)
    pages += _simple_collection(records["exhibitions"], "exhibitions", "Exhibitions and events",
                                lambda r: r["title"], sizes)
    pages += _simple_collection(records["findings"], "findings", "Library", lambda r: r["title"], sizes)
    pages += _council_pages(records["council-members"], records["council-meetings"],
                            records["council-documents"], sizes)
    pages.append(PageSpec("open-data.md", "portal/open-data.html", _titles("Open data"),
                          lambda lang: {"kind": "open-data"}))
    pages.append(PageSpec("search.md", "portal/search.html", _titles("Search"),
                          lambda lang: {"kind": "search"}))
    return pages


RELATIONS = {"sister-city": N_("Sister city"), "friendship": N_("Friendship"), "cooperation-mou": N_("Cooperation memorandum")}
STATUSES = {"active": N_("Active"), "lapsed": N_("Lapsed"), "historical": N_("Historical"), "ended": N_("Ended")}


def _sister_city_pages(cities: dict, sizes: dict) -> list[PageSpec]:
    list_uri = "sister-cities/index.md"

    def city_summary(city, lang, from_uri):
        _ = gettext(lang)
        x, y = project(city["coordinates"]["lat"], city["coordinates"]["lon"])
        return {
            "id": city.id,
            "name": pick(city["name"], lang),
            "country": country_name(city["country"], lang),
            "country_code": city["country"],
            "relation": _(RELATIONS[city["relation"]]),
            "relation_code": city["relation"],
            "status": _(STATUSES[city["status"]]),
            "status_code": city["status"],
            "signed": when(city["signed_on"], lang),
            "signed_iso": city["signed_on"].iso,
            "year": year_of(city["signed_on"], lang),
            "year_label": native_digits(str(year_of(city["signed_on"], lang)), lang),
            "decade": city["signed_on"].start.year // 10 * 10,
            "href": _link(from_uri, f"sister-cities/{city.id}.md"),
            "x": x, "y": y,
            "example": city.example,
        }

    def list_context(lang):
        _ = gettext(lang)
        items = sort_by([city_summary(c, lang, list_uri) for c in cities.values()], lambda i: i["name"].text, lang)
        timeline: dict = {}
        for item in sorted(items, key=lambda i: i["signed_iso"]):
            timeline.setdefault(item["year_label"], []).append(item)
        def options(key, label_key):
            seen = {}
            for item in items:
                seen[item[key]] = item[label_key]
            return sort_by(list(seen.items()), lambda kv: str(kv[1]), lang)
        decades = sorted({i["decade"] for i in items})
        return {
            "kind": "sister-cities",
            "entries": items,
            "count": format_count(len(items), lang),
            "timeline": list(timeline.items()),
            "map": {"width": VIEWBOX_WIDTH, "height": VIEWBOX_HEIGHT},
            "filters": [
                {"name": "relation", "label": _("Relation"), "options": options("relation_code", "relation")},
                {"name": "country", "label": _("Country"), "options": options("country_code", "country")},
                {"name": "status", "label": _("Status"), "options": options("status_code", "status")},
                {"name": "decade", "label": _("Decade"),
                 "options": [(d, native_digits(f"{d}s" if lang == "en" else f"{d}", lang)) for d in decades]},
            ],
        }

    pages = [PageSpec(list_uri, "portal/sister-cities.html", _titles("Sister cities"), list_context)]
    for city in cities.values():
        uri = f"sister-cities/{city.id}.md"

        def record_context(lang, city=city, uri=uri):
            _ = gettext(lang)
            summary = city_summary(city, lang, uri)
            return {
                "kind": "sister-city",
                "item": summary,
                "facts": [
                    (_("Relation"), summary["relation"]),
                    (_("Status"), summary["status"]),
                    (_("Country"), summary["country"]),
                    (_("Signed"), summary["signed"]),
                    (_("Place signed"), pick(city.get("signed_in"), lang)),
                    (_("Valid until / review"), when(city.get("review_on"), lang)),
                ],
                "areas": [_(AREAS[a]) for a in city.get("areas", [])],
                "summary": rich(city.get("summary"), lang),
                "documents": _documents(city, lang, _link(uri, "index.md") + "files/", sizes),
                "activities": [
                    {"date": when(a["date"], lang), "title": pick(a["title"], lang),
                     "description": rich(a.get("description"), lang)}
                    for a in sorted(city.get("activities", []), key=lambda a: a["date"].start, reverse=True)
                ],
                "office": _office(city.get("office"), lang),
                "sources": _sources(city),
                "back": _link(uri, list_uri),
                "example": city.example,
            }

        pages.append(PageSpec(uri, "portal/sister-city.html", _names(city["name"]), record_context,
                              source_path=city.path, record=city))
    return pages


AREAS = {
    "urban-planning": N_("Urban planning"), "transport": N_("Transport"), "environment": N_("Environment"),
    "culture": N_("Culture"), "tourism": N_("Tourism"), "economy-investment": N_("Economy and investment"),
    "technical-engineering": N_("Technical and engineering services"), "smart-city": N_("Smart city"),
    "crisis-management": N_("Crisis management"), "education-research": N_("Education and research"),
    "health": N_("Health"), "sport": N_("Sport"), "youth": N_("Youth"), "urban-services": N_("Urban services"),
}


label_of = label


def _generic_facts(record, lang) -> list:
    """Label/value pairs for the simple fields of any record (dates, countries, texts)."""
    from .when import When
    _ = gettext(lang)
    skip = {"id", "example", "sources", "summary", "title", "name", "organisation", "documents", "links",
            "resolutions", "attendees", "agenda", "terms", "offices_held", "participation", "outcomes", "topics",
            "presented", "authors", "invited", "file", "url", "cover", "coordinates", "activities", "issue"}
    facts = []
    for key, value in record.data.items():
        if key in skip or value is None:
            continue
        field_label = _(label_of(key))
        if isinstance(value, When):
            shown = when(value, lang)
        elif key == "country":
            shown = country_name(value, lang)
        elif key == "language":
            shown = language_name(value, lang)
        elif key == "office":
            shown = _office(value, lang)["name"]
        elif isinstance(value, dict):
            shown = pick(value, lang)
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int):
            shown = format_count(value, lang)
        else:
            shown = _(label_of(value)) if isinstance(value, str) else str(value)
        facts.append((field_label, shown))
    return facts


def _simple_collection(records: dict, folder: str, title: str, name_of, sizes: dict) -> list[PageSpec]:
    list_uri = f"{folder}/index.md"

    def date_of(record):
        for key in ("starts_on", "published_on", "since", "held_on", "signed_on"):
            if record.get(key) is not None:
                return record[key]
        return None

    def item(record, lang, from_uri):
        d = date_of(record)
        return {
            "id": record.id,
            "name": pick(name_of(record), lang),
            "date": when(d, lang) if d else "",
            "date_iso": d.iso if d else "",
            "summary": pick(record.get("summary"), lang),
            "href": _link(from_uri, f"{folder}/{record.id}.md"),
            "example": record.example,
            "kind": gettext(lang)(label(str(record.get("kind") or record.get("type") or record.get("status") or ""))),
        }

    def list_context(lang):
        items = sorted((item(r, lang, list_uri) for r in records.values()), key=lambda i: i["date_iso"], reverse=True)
        return {"kind": folder, "entries": items, "count": format_count(len(items), lang)}

    pages = [PageSpec(list_uri, "portal/list.html", _titles(title), list_context)]
    for record in records.values():
        uri = f"{folder}/{record.id}.md"

        def record_context(lang, record=record, uri=uri):
            return {
                "kind": folder,
                "item": item(record, lang, uri),
                "facts": _generic_facts(record, lang),
                "summary": rich(record.get("summary"), lang),
                "texts": [(gettext(lang)(label(k)), rich(record.get(k), lang))
                          for k in ("participation", "outcomes") if record.get(k)],
                "topics": [gettext(lang)(TOPICS[t]) for t in record.get("topics", [])],
                "links": [{"title": pick(l["title"], lang), "url": l["url"]} for l in record.get("links", [])],
                "documents": _documents(record, lang, _link(uri, "index.md") + "files/", sizes),
                "office": _office(record.get("office"), lang),
                "sources": _sources(record),
                "back": _link(uri, list_uri),
                "example": record.example,
            }

        pages.append(PageSpec(uri, "portal/record.html", _names(name_of(record)), record_context,
                              source_path=record.path, record=record))
    return pages


TOPICS = {
    "urban-international-policy": N_("Urban international policy and relations"),
    "city-diplomacy": N_("City diplomacy"),
    "bilateral-relations": N_("Bilateral (city-to-city) relations and cooperation"),
    "multilateral-networks": N_("Multilateral and network urban relations"),
    "city-image-brand": N_("City image and brand"),
    "media-diplomacy": N_("International media diplomacy"),
    "global-city": N_("Global cultural, smart, knowledge-based and sustainable city"),
    "international-urban-organisations": N_("Specialised international urban organisations"),
    "foreign-investment": N_("Foreign investment"),
    "iranians-abroad": N_("Iranians abroad"),
    "diplomatic-skills": N_("Diplomatic knowledge and skills development"),
    "technical-engineering-services-export": N_("Export of technical and engineering services"),
    "urban-tourism": N_("Urban tourism"),
    "sustainable-international-finance": N_("Sustainable international finance"),
    "iranian-islamic-city-model": N_("The Iranian-Islamic model of city and city management"),
    "international-cooperation-knowledge": N_("Information and knowledge of international urban cooperation"),
    "urban-environment-cooperation": N_("Global cooperation on the urban environment"),
    "embassies-in-tehran": N_("Embassies, offices and diplomatic premises in Tehran"),
    "media-strategy": N_("Media strategy"),
    "foreign-residents": N_("Relations with foreign citizens and residents of Iran"),
}


def _council_pages(members: dict, meetings: dict, documents: dict, sizes: dict) -> list[PageSpec]:
    resignations = council.deemed_resignations(members, meetings) if members else {}
    facts = council.meeting_facts(meetings) if meetings else []
    compliance = council.compliance(facts)
    all_terms = council.terms(members) if members else []
    by_id = {f.id: f for f in facts}

    def member_rows(lang, from_uri):
        _ = gettext(lang)
        rows = []
        for member in members.values():
            member_terms = [t for t in all_terms if t.member == member.id]
            resigned = resignations.get(member.id)
            rows.append({
                "name": pick(member["name"], lang),
                "seat": _(SEATS[member["seat"]]),
                "ex_officio": member["seat"] in statute.EX_OFFICIO_SEATS,
                "chair": any(t.chair for t in member_terms),
                "terms": [(when(member["terms"][t.index]["from"], lang),
                           when(member["terms"][t.index].get("to"), lang) if member["terms"][t.index].get("to") else _("present"))
                          for t in member_terms],
                "current": bool(member_terms) and member_terms[-1].end is None and not resigned,
                "resigned": when_day(resigned.effective, lang) if resigned else None,
                "example": member.example,
            })
        return sort_by(rows, lambda r: r["name"].text, lang)

    def meeting_rows(lang, from_uri):
        _ = gettext(lang)
        rows = []
        for meeting in reversed(council.sorted_meetings(meetings)):
            f = by_id[meeting.id]
            rows.append({
                "number": format_count(meeting["number"], lang),
                "kind": _(label(meeting["kind"])),
                "date": when(meeting["held_on"], lang),
                "href": _link(from_uri, f"council/meetings/{meeting.id}.md"),
                "attendees": format_count(len(meeting.get("attendees", [])), lang),
                "agenda_days": format_count(f.agenda_notice_days, lang) if f.agenda_notice_days is not None else "—",
                "agenda_late": f.agenda_late,
                "minutes_days": format_count(f.minutes_delay_days, lang) if f.minutes_delay_days is not None else "—",
                "minutes_late": f.minutes_late,
                "resolutions": format_count(len(meeting.get("resolutions", [])), lang),
                "example": meeting.example,
            })
        return rows

    def compliance_view(lang):
        _ = gettext(lang)
        def pct(x):
            return format_percent(x, lang) if x is not None else "—"
        return [
            {"label": _("Agendas sent at least {n} days ahead", n=format_count(statute.AGENDA_NOTICE_DAYS, lang)),
             "value": pct(compliance.agenda_share), "article": _("Article 5-1")},
            {"label": _("Minutes delivered within {n} days", n=format_count(statute.MINUTES_DEADLINE_DAYS, lang)),
             "value": pct(compliance.minutes_share), "article": _("Article 5-5")},
            {"label": _("Ordinary meetings within {n} days of the previous one", n=format_count(statute.ORDINARY_INTERVAL_DAYS, lang)),
             "value": pct(compliance.gap_share), "article": _("Article 5-1")},
            {"label": _("Median days between ordinary meetings"),
             "value": native_digits(f"{compliance.median_gap:g}", lang) if compliance.median_gap is not None else "—",
             "article": _("Article 5-1")},
        ]

    def resolution_rows(lang, from_uri):
        rows = []
        _ = gettext(lang)
        for meeting in reversed(council.sorted_meetings(meetings)):
            for resolution in meeting.get("resolutions", []):
                rows.append({
                    "number": native_digits(str(resolution["number"]), lang),
                    "text": rich(resolution["text"], lang),
                    "responsible": pick(resolution.get("responsible"), lang),
                    "status": _(label(resolution["status"])),
                    "status_code": resolution["status"],
                    "meeting": format_count(meeting["number"], lang),
                    "date": when(meeting["held_on"], lang),
                    "href": _link(from_uri, f"council/meetings/{meeting.id}.md"),
                    "example": meeting.example,
                })
        return rows

    pages = [
        PageSpec("council/members/index.md", "portal/council-members.html", _titles("Members"),
                 lambda lang: {"kind": "council-members", "rows": member_rows(lang, "council/members/index.md"),
                               "compliance": compliance_view(lang)}),
        PageSpec("council/meetings/index.md", "portal/council-meetings.html", _titles("Meetings"),
                 lambda lang: {"kind": "council-meetings", "rows": meeting_rows(lang, "council/meetings/index.md"),
                               "compliance": compliance_view(lang)}),
        PageSpec("council/resolutions/index.md", "portal/council-resolutions.html", _titles("Resolutions"),
                 lambda lang: {"kind": "council-resolutions", "rows": resolution_rows(lang, "council/resolutions/index.md")}),
    ]
    pages += _simple_collection(documents, "council/documents", "Documents", lambda r: r["title"], sizes)
    for meeting in meetings.values():
        uri = f"council/meetings/{meeting.id}.md"

        def meeting_context(lang, meeting=meeting, uri=uri):
            _ = gettext(lang)
            f = by_id[meeting.id]
            names = {m: pick(members[m]["name"], lang) for m in meeting.get("attendees", []) if m in members}
            return {
                "kind": "council-meeting",
                "facts": [
                    (_("Number"), format_count(meeting["number"], lang)),
                    (_("Kind"), _(label(meeting["kind"]))),
                    (_("Date"), when(meeting["held_on"], lang)),
                    (_("Agenda sent"), when(meeting.get("agenda_sent_on"), lang)),
                    (_("Minutes sent"), when(meeting.get("minutes_sent_on"), lang) or _("not yet recorded")),
                    (_("Presided by"), pick(members[meeting["presided_by"]]["name"], lang) if meeting.get("presided_by") in members else None),
                ],
                "agenda_late": f.agenda_late, "minutes_late": f.minutes_late,
                "attendees": sort_by(list(names.values()), lambda n: n.text, lang),
                "invited": [pick(i["name"], lang) for i in meeting.get("invited", [])],
                "agenda": [pick(a, lang) for a in meeting.get("agenda", [])],
                "resolutions": [{"number": native_digits(str(r["number"]), lang), "text": rich(r["text"], lang),
                                 "status": _(label(r["status"])),
                                 "responsible": pick(r.get("responsible"), lang)} for r in meeting.get("resolutions", [])],
                "back": _link(uri, "council/meetings/index.md"),
                "example": meeting.example,
            }

        pages.append(PageSpec(uri, "portal/council-meeting.html",
                              {lang: gettext(lang)("Meeting {n}", n=format_count(meeting["number"], lang)) for lang in LANGUAGES},
                              meeting_context, source_path=meeting.path, record=meeting))
    return pages


SEATS = {
    "city-council-member": N_("Member of the Islamic City Council of Tehran (ex officio)"),
    "council-secretary": N_("Secretary of the council (ex officio)"),
    "center-deputy": N_("Deputy of the Tehran Urban Research and Planning Center (ex officio)"),
    "international-affairs-head": N_("Head of international affairs of the Municipality (ex officio)"),
    "expert": N_("Expert member"),
}


def when_day(day, lang):
    from .dates import format_date
    return format_date(day, lang)
