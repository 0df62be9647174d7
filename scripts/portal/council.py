"""Facts about the council derived from its members and meetings, for checks and for pages.

Everything here is computed from validated records; the statute's numbers come from
portal.statute. The validator turns these facts into errors and warnings, the council pages
into the membership tables and the compliance panel.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import statute


@dataclass(frozen=True)
class Term:
    member: str
    index: int                 # position in the member's `terms` list (for messages)
    start: dt.date
    end: dt.date | None        # last day in office; None = still serving
    chair: bool
    seat: str

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class Resignation:
    member: str
    effective: dt.date                 # the day after the third missed ordinary meeting
    missed: list = field(default_factory=list)   # meeting ids


@dataclass
class MeetingFacts:
    id: str
    number: int
    kind: str
    held_on: dt.date
    agenda_notice_days: int | None     # days between agenda sent and meeting
    minutes_delay_days: int | None     # days between meeting and minutes sent
    gap_days: int | None               # days since the previous ordinary meeting (ordinary only)

    @property
    def agenda_late(self) -> bool:
        # Article 5-1 sets the week's notice for the fortnightly ordinary meetings; its note allows
        # extraordinary meetings for urgent matters, so their short notice is not a breach.
        return (self.kind == statute.ORDINARY and self.agenda_notice_days is not None
                and self.agenda_notice_days < statute.AGENDA_NOTICE_DAYS)

    @property
    def minutes_late(self) -> bool:
        return self.minutes_delay_days is not None and self.minutes_delay_days > statute.MINUTES_DEADLINE_DAYS

    @property
    def gap_over_rule(self) -> bool:
        return self.gap_days is not None and self.gap_days > statute.ORDINARY_INTERVAL_DAYS


def terms(members: dict) -> list[Term]:
    """Every term of every member; an expert term with no end lasts one year (article 4-B)."""
    result = []
    for member in members.values():
        seat = member["seat"]
        for index, term in enumerate(member["terms"]):
            start = term["from"].start
            end = term["to"].end if term.get("to") else None
            if end is None and seat == statute.EXPERT_SEAT:
                end = statute.expert_term_end(start)
            result.append(Term(member.id, index, start, end, bool(term.get("chair")), seat))
    return result


def sorted_meetings(meetings: dict) -> list:
    return sorted(meetings.values(), key=lambda m: (m["held_on"].start, m["number"]))


def in_office(all_terms: list[Term], day: dt.date, resignations: dict) -> list[Term]:
    """Terms covering `day`, leaving out members deemed resigned before it."""
    return [
        t for t in all_terms
        if t.covers(day) and not (t.member in resignations and resignations[t.member].effective <= day
                                  and t.start < resignations[t.member].effective)
    ]


def deemed_resignations(members: dict, meetings: dict) -> dict[str, Resignation]:
    """Members absent from three consecutive ordinary meetings while in office (article 5-6)."""
    all_terms = terms(members)
    ordinary = [m for m in sorted_meetings(meetings) if m["kind"] == statute.ORDINARY]
    result: dict[str, Resignation] = {}
    for member_id in members:
        streak: list = []
        for meeting in ordinary:
            day = meeting["held_on"].start
            if not any(t.member == member_id and t.covers(day) for t in all_terms):
                streak = []          # a new term starts a new count
                continue
            if member_id in meeting.get("attendees", []):
                streak = []
                continue
            streak.append(meeting.id)
            if len(streak) == statute.ABSENCES_FOR_RESIGNATION:
                result[member_id] = Resignation(member_id, day + dt.timedelta(days=1), list(streak))
                break
    return result


def meeting_facts(meetings: dict) -> list[MeetingFacts]:
    facts = []
    previous_ordinary: dt.date | None = None
    for meeting in sorted_meetings(meetings):
        day = meeting["held_on"].start
        agenda = meeting.get("agenda_sent_on")
        minutes = meeting.get("minutes_sent_on")
        gap = None
        if meeting["kind"] == statute.ORDINARY:
            gap = (day - previous_ordinary).days if previous_ordinary else None
            previous_ordinary = day
        facts.append(MeetingFacts(
            meeting.id, meeting["number"], meeting["kind"], day,
            (day - agenda.start).days if agenda else None,
            (minutes.start - day).days if minutes else None,
            gap,
        ))
    return facts


@dataclass
class Compliance:
    meetings: int
    agenda_known: int
    agenda_on_time: int
    minutes_known: int
    minutes_on_time: int
    gaps: list            # days between consecutive ordinary meetings
    gaps_within_rule: int

    @staticmethod
    def share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def agenda_share(self):
        return self.share(self.agenda_on_time, self.agenda_known)

    @property
    def minutes_share(self):
        return self.share(self.minutes_on_time, self.minutes_known)

    @property
    def gap_share(self):
        return self.share(self.gaps_within_rule, len(self.gaps))

    @property
    def median_gap(self):
        if not self.gaps:
            return None
        ordered = sorted(self.gaps)
        middle = len(ordered) // 2
        return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def compliance(facts: list[MeetingFacts]) -> Compliance:
    agenda = [f for f in facts if f.agenda_notice_days is not None and f.kind == statute.ORDINARY]
    minutes = [f for f in facts if f.minutes_delay_days is not None]
    gaps = [f.gap_days for f in facts if f.gap_days is not None]
    return Compliance(
        meetings=len(facts),
        agenda_known=len(agenda),
        agenda_on_time=sum(not f.agenda_late for f in agenda),
        minutes_known=len(minutes),
        minutes_on_time=sum(not f.minutes_late for f in minutes),
        gaps=gaps,
        gaps_within_rule=sum(g <= statute.ORDINARY_INTERVAL_DAYS for g in gaps),
    )
