"""The library of published findings: filters by type, topic, year and language; a page per item
with its cover (or an icon of its type), summary, download or link, and a citation to copy."""
from __future__ import annotations

from .. import jsonld
from ..localise import language_name, native_digits, sort_by
from ..present import pick, plain, rich, when, year_of
from ..ui import N_, gettext
from .common import (
    Listing,
    followed,
    sources,
    PageSpec,
    count,
    files_link,
    link,
    names,
    office,
    paged,
    size_text,
    titles,
    value_label,
    year_text,
)

LIST = "findings/index.md"
LISTINGS = (Listing("findings", "findings", N_("Library"), N_("publication"), N_("No publication is in the library yet."),
                    name_field="title", date_field="published_on"),)

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
# Material's bundled icons (inlined as SVG by the template: no extra request).
ICONS = {"book": "material/book-open-variant", "film": "material/filmstrip", "cd": "material/disc",
         "periodical-issue": "material/newspaper-variant-outline", "report": "material/file-chart-outline",
         "article": "material/file-document-outline"}


def topic_label(topic: str, lang: str) -> str:
    return gettext(lang)(TOPICS[topic])


def citation(record, lang: str) -> str:
    """A plain citation in the reader's language: Authors (Year). Title. Publisher. ISBN/ISSN."""
    authors = "; ".join(plain(a, lang) for a in record.get("authors", []))
    year = year_text(year_of(record["published_on"], lang), lang)
    parts = [f"{authors} ({year})." if authors else f"({year}).", plain(record["title"], lang) + "."]
    if record.get("issue"):
        issue = record["issue"]
        parts.append(native_digits(f"{issue.get('volume', '')}({issue.get('number', '')}).".lstrip("("), lang))
    if record.get("publisher"):
        parts.append(plain(record["publisher"], lang) + ".")
    if record.get("isbn"):
        parts.append(f"ISBN {record['isbn']}.")
    if record.get("issn"):
        parts.append(f"ISSN {record['issn']}.")
    return " ".join(parts)


def item(record, lang: str, from_uri: str) -> dict:
    return {
        "id": record.id, "name": pick(record["title"], lang), "type": value_label(record["type"], lang),
        "type_code": record["type"], "icon": ICONS[record["type"]],
        "date": when(record["published_on"], lang), "sort_date": record["published_on"].start.isoformat(),
        "year": year_text(year_of(record["published_on"], lang), lang),
        "year_code": str(year_of(record["published_on"], lang)),
        "language": language_name(record["language"], lang), "language_code": record["language"],
        "topics": record["topics"], "href": link(from_uri, f"findings/{record.id}.md"), "example": record.example,
    }


def build(ctx) -> list[PageSpec]:
    return pages(ctx.records["findings"], ctx.sizes)


def pages(records: dict, sizes: dict) -> list[PageSpec]:
    def list_context(lang):
        _ = gettext(lang)
        items = sorted((item(r, lang, LIST) for r in records.values()), key=lambda i: i["sort_date"], reverse=True)
        def options(key, label_key):
            return sort_by(list({i[key]: i[label_key] for i in items}.items()), lambda kv: kv[1], lang)
        topics = sort_by(list({t for i in items for t in i["topics"]}), lambda t: topic_label(t, lang), lang)
        years = sorted({(i["year_code"], i["year"]) for i in items}, reverse=True)
        return {
            "kind": "findings", "entries": items, "count": count(len(items), lang),
            "filters": [
                {"name": "type", "label": _("Type"), "options": options("type_code", "type")},
                {"name": "topic", "label": _("Topic"), "options": [(t, topic_label(t, lang)) for t in topics]},
                {"name": "year", "label": _("Year"), "options": years},
                {"name": "language", "label": _("Language of the work"), "options": options("language_code", "language")},
            ],
        }

    def record_context(record, lang, uri):
        _ = gettext(lang)
        entry = item(record, lang, uri)
        files = files_link(uri, lang)
        file = record.get("file")
        issue = record.get("issue") or {}
        return {
            "kind": "finding", "item": entry,
            "cover": files + record["cover"] if record.get("cover") else None,
            "facts": [
                (_("Type"), entry["type"]),
                (_("Authors"), _(", ").join(plain(a, lang) for a in record.get("authors", []))),
                (_("Published"), entry["date"]), (_("Language of the work"), entry["language"]),
                (_("Publisher"), pick(record.get("publisher"), lang)),
                (_("Original title"), record.get("original_title")),
                (_("Volume and issue"), native_digits(f"{issue.get('volume', '—')} / {issue.get('number', '—')}", lang) if issue else None),
                (_("Pages"), count(record["pages"], lang) if record.get("pages") else None),
                (_("Duration (minutes)"), count(record["duration_minutes"], lang) if record.get("duration_minutes") else None),
                ("ISBN", record.get("isbn")), ("ISSN", record.get("issn")),
            ],
            "summary": rich(record["summary"], lang),
            "topics": [topic_label(t, lang) for t in record["topics"]],
            "download": {"href": files + file, "size": size_text(sizes.get(file), lang),
                         "kind": file.rsplit(".", 1)[-1].upper()} if file else None,
            "url": record.get("url"),
            "citation": citation(record, lang),
            "office": office(record.get("office") or "communications", lang, uri),
            "back": link(uri, LIST), "example": record.example,
            "sources": sources(record), "followed": followed(record, lang),
            "jsonld": jsonld.finding(record, lang),
        }

    result = paged(LIST, "portal/findings.html", titles("Library"), len(records), list_context)
    for record in records.values():
        uri = f"findings/{record.id}.md"
        result.append(PageSpec(uri, "portal/finding.html", names(record["title"]),
                               lambda lang, r=record, u=uri: record_context(r, lang, u),
                               source_path=record.path, record=record))
    return result
