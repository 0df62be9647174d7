"""The Strategic Council: members, meetings, resolutions, documents and the compliance panel."""
from __future__ import annotations

from .. import council as facts_of, jsonld, statute
from ..dates import format_date
from .. import languages
from ..localise import format_percent, language_name, native_digits, sort_by
from ..present import pick, rich, when
from ..today import reference_day
from ..ui import N_, gettext
from .common import Listing, PageSpec, count, files_link, link, names, size_text, titles, value_label, year_text
from .findings import topic_label

SEATS = {
    "city-council-member": N_("Member of the Islamic City Council of Tehran (ex officio)"),
    "council-secretary": N_("Secretary of the council (ex officio)"),
    "center-deputy": N_("Deputy of the Tehran Urban Research and Planning Center (ex officio)"),
    "international-affairs-head": N_("Head of international affairs of the Municipality (ex officio)"),
    "expert": N_("Expert member"),
}
MEMBERS, MEETINGS = "council/members/index.md", "council/meetings/index.md"
RESOLUTIONS, DOCUMENTS = "council/resolutions/index.md", "council/documents/index.md"
LISTINGS = (
    Listing("council-members", "council/members", N_("Strategic Council members"), N_("council member"),
            N_("The council's roster is not yet published."), record_pages=False),
    Listing("council-meetings", "council/meetings", N_("Strategic Council meetings"), N_("council meeting"),
            N_("No meeting of the council is published yet."), date_field="held_on"),
    Listing("council-resolutions", "council/resolutions", N_("Strategic Council resolutions"), N_("resolution"),
            N_("No resolution of the council is published yet."), record_pages=False,
            is_empty=lambda records: not any(m.get("resolutions") for m in records["council-meetings"].values())),
    Listing("council-documents", "council/documents", N_("Strategic Council documents"), N_("council document"),
            N_("No document of the council is published yet."), name_field="title", date_field="published_on"),
)


def build(ctx) -> list[PageSpec]:
    return pages(ctx.records["council-members"], ctx.records["council-meetings"], ctx.records["council-documents"],
                 ctx.sizes)


def pages(members: dict, meetings: dict, documents: dict, sizes: dict) -> list[PageSpec]:
    resignations = facts_of.deemed_resignations(members, meetings) if members else {}
    meeting_facts = {f.id: f for f in facts_of.meeting_facts(meetings)}
    compliance = facts_of.compliance(list(meeting_facts.values()))
    all_terms = facts_of.terms(members) if members else []
    ordered = list(reversed(facts_of.sorted_meetings(meetings)))

    def member_rows(lang):
        _ = gettext(lang)
        rows = []
        for member in members.values():
            terms = member["terms"]
            resigned = resignations.get(member.id)
            last = [t for t in all_terms if t.member == member.id][-1]
            rows.append({
                "name": pick(member["name"], lang), "seat": _(SEATS[member["seat"]]),
                "ex_officio": member["seat"] in statute.EX_OFFICIO_SEATS,
                "chair": any(t.get("chair") for t in terms),
                "terms": [(when(t["from"], lang), when(t["to"], lang) if t.get("to") else _("present")) for t in terms],
                "current": not resigned and (last.end is None or last.end >= reference_day()),
                "resigned": format_date(resigned.effective, lang) if resigned else None,
                "affiliation": pick(member.get("affiliation"), lang), "example": member.example,
            })
        current = sort_by([r for r in rows if r["current"]], lambda r: r["name"].text, lang)
        past = sort_by([r for r in rows if not r["current"]], lambda r: r["name"].text, lang)
        return current, past

    def compliance_view(lang):
        _ = gettext(lang)
        def pct(x):
            return format_percent(x, lang) if x is not None else "—"
        return [
            {"label": _("Agendas sent at least {n} days ahead", n=count(statute.AGENDA_NOTICE_DAYS, lang)),
             "value": pct(compliance.agenda_share), "article": _("Article 5-1"),
             "detail": _("{a} of {b} ordinary meetings", a=count(compliance.agenda_on_time, lang), b=count(compliance.agenda_known, lang))},
            {"label": _("Minutes delivered within {n} days", n=count(statute.MINUTES_DEADLINE_DAYS, lang)),
             "value": pct(compliance.minutes_share), "article": _("Article 5-5"),
             "detail": _("{a} of {b} meetings", a=count(compliance.minutes_on_time, lang), b=count(compliance.minutes_known, lang))},
            {"label": _("Ordinary meetings within {n} days of the previous one", n=count(statute.ORDINARY_INTERVAL_DAYS, lang)),
             "value": pct(compliance.gap_share), "article": _("Article 5-1"),
             "detail": _("{a} of {b} intervals", a=count(compliance.gaps_within_rule, lang), b=count(len(compliance.gaps), lang))},
            {"label": _("Median days between ordinary meetings"),
             "value": native_digits(f"{compliance.median_gap:g}", lang) if compliance.median_gap is not None else "—",
             "article": _("Article 5-1"), "detail": _("the statute asks for a meeting every two weeks")},
        ]

    def meeting_title(meeting, lang):
        _ = gettext(lang)
        return _("Meeting {n}", n=count(meeting["number"], lang))

    def meeting_rows(lang):
        rows = []
        for meeting in ordered:
            f = meeting_facts[meeting.id]
            rows.append({
                "number": count(meeting["number"], lang), "kind": value_label(meeting["kind"], lang),
                "date": when(meeting["held_on"], lang), "href": link(MEETINGS, f"council/meetings/{meeting.id}.md"),
                "attendees": count(len(meeting.get("attendees", [])), lang),
                "agenda_days": count(f.agenda_notice_days, lang) if f.agenda_notice_days is not None else "—",
                "agenda_late": f.agenda_late,
                "minutes_days": count(f.minutes_delay_days, lang) if f.minutes_delay_days is not None else "—",
                "minutes_late": f.minutes_late,
                "gap": count(f.gap_days, lang) if f.gap_days is not None else "—", "gap_over": f.gap_over_rule,
                "resolutions": count(len(meeting.get("resolutions", [])), lang), "example": meeting.example,
            })
        return rows

    def resolution_rows(lang, from_uri):
        rows = []
        for meeting in ordered:
            for resolution in meeting.get("resolutions", []):
                rows.append({
                    "number": native_digits(str(resolution["number"]), lang), "text": rich(resolution["text"], lang),
                    "responsible": pick(resolution.get("responsible"), lang),
                    "status": value_label(resolution["status"], lang), "status_code": resolution["status"],
                    "due": when(resolution.get("due_on"), lang),
                    "meeting": count(meeting["number"], lang), "date": when(meeting["held_on"], lang),
                    "href": link(from_uri, f"council/meetings/{meeting.id}.md"), "example": meeting.example,
                })
        return rows

    def status_counts(lang):
        totals: dict = {}
        for meeting in ordered:
            for resolution in meeting.get("resolutions", []):
                totals[resolution["status"]] = totals.get(resolution["status"], 0) + 1
        return [(value_label(k, lang), count(v, lang), k) for k, v in sorted(totals.items())]

    def members_context(lang):
        current, past = member_rows(lang)
        return {"kind": "council-members", "current": current, "past": past,
                "counts": {"current": count(len(current), lang)}}

    def meeting_context(meeting, lang, uri):
        _ = gettext(lang)
        f = meeting_facts[meeting.id]
        attendees = [pick(members[m]["name"], lang) for m in meeting.get("attendees", []) if m in members]
        absent = [pick(t_member["name"], lang) for t_member in members.values()
                  if t_member.id not in meeting.get("attendees", [])
                  and any(t.member == t_member.id for t in facts_of.in_office(all_terms, meeting["held_on"].start, resignations))]
        presider = members.get(meeting.get("presided_by"))
        return {
            "kind": "council-meeting",
            "facts": [
                (_("Number"), count(meeting["number"], lang)), (_("Kind"), value_label(meeting["kind"], lang)),
                (_("Date"), when(meeting["held_on"], lang)), (_("Time"), native_digits(meeting["time"], lang) if meeting.get("time") else None),
                (_("Place"), pick(meeting.get("place"), lang)),
                (_("Agenda sent"), when(meeting.get("agenda_sent_on"), lang)),
                (_("Minutes sent"), when(meeting.get("minutes_sent_on"), lang) or _("not yet recorded")),
                (_("Presided by"), pick(presider["name"], lang) if presider else None),
            ],
            "agenda_late": f.agenda_late, "minutes_late": f.minutes_late,
            "attendees": sort_by(attendees, lambda n: n.text, lang), "absent": sort_by(absent, lambda n: n.text, lang),
            "invited": [pick(i["name"], lang) for i in meeting.get("invited", [])],
            "agenda": [pick(a, lang) for a in meeting.get("agenda", [])],
            "resolutions": [{"number": native_digits(str(r["number"]), lang), "text": rich(r["text"], lang),
                             "status": value_label(r["status"], lang), "status_code": r["status"],
                             "responsible": pick(r.get("responsible"), lang)} for r in meeting.get("resolutions", [])],
            "back": link(uri, MEETINGS), "example": meeting.example,
            "jsonld": jsonld.council_meeting(meeting, lang, meeting_title(meeting, lang)),
        }

    def document_item(record, lang, from_uri):
        return {"id": record.id, "name": pick(record["title"], lang), "kind": value_label(record["kind"], lang),
                "date": when(record["published_on"], lang), "sort_date": record["published_on"].start.isoformat(),
                "href": link(from_uri, f"council/documents/{record.id}.md"), "example": record.example}

    def documents_context(lang):
        items = sorted((document_item(r, lang, DOCUMENTS) for r in documents.values()),
                       key=lambda i: i["sort_date"], reverse=True)
        groups: dict = {}
        for i in items:
            groups.setdefault(i["kind"], []).append(i)
        return {"kind": "council-documents", "groups": sort_by(list(groups.items()), lambda kv: kv[0], lang)}

    def document_context(record, lang, uri):
        _ = gettext(lang)
        files = files_link(uri, lang)
        file = record.get("file")
        meeting = meetings.get(record.get("adopted_in"))
        return {
            "kind": "council-document", "item": document_item(record, lang, uri),
            "facts": [(_("Kind"), value_label(record["kind"], lang)), (_("Published"), when(record["published_on"], lang)),
                      (_("Year covered"), year_text(record["year"], lang) if record.get("year") else None),
                      (_("Language"), language_name(record["language"], lang)),
                      (_("Adopted in meeting"), meeting_title(meeting, lang) if meeting else None)],
            "adopted_href": link(uri, f"council/meetings/{meeting.id}.md") if meeting else None,
            "summary": rich(record.get("summary"), lang),
            "topics": [topic_label(t, lang) for t in record.get("topics", [])],
            "download": {"href": files + file, "size": size_text(sizes.get(file), lang),
                         "kind": file.rsplit(".", 1)[-1].upper()} if file else None,
            "url": record.get("url"), "back": link(uri, DOCUMENTS), "example": record.example,
            "jsonld": jsonld.council_document(record, lang),
        }

    result = [
        PageSpec(MEMBERS, "portal/council-members.html", titles("Members"), members_context),
        PageSpec(MEETINGS, "portal/council-meetings.html", titles("Meetings"),
                 lambda lang: {"kind": "council-meetings", "rows": meeting_rows(lang), "compliance": compliance_view(lang)}),
        PageSpec(RESOLUTIONS, "portal/council-resolutions.html", titles("Resolutions"),
                 lambda lang: {"kind": "council-resolutions", "rows": resolution_rows(lang, RESOLUTIONS),
                               "statuses": status_counts(lang)}),
        PageSpec(DOCUMENTS, "portal/council-documents.html", titles("Documents"), documents_context),
    ]
    for meeting in meetings.values():
        uri = f"council/meetings/{meeting.id}.md"
        result.append(PageSpec(uri, "portal/council-meeting.html",
                               {lang: meeting_title(meeting, lang) for lang in languages.codes()},
                               lambda lang, m=meeting, u=uri: meeting_context(m, lang, u),
                               source_path=meeting.path, record=meeting))
    for record in documents.values():
        uri = f"council/documents/{record.id}.md"
        result.append(PageSpec(uri, "portal/council-document.html", names(record["title"]),
                               lambda lang, r=record, u=uri: document_context(r, lang, u),
                               source_path=record.path, record=record))
    return result
