"""Rules between records, run after every file's structure is right.

References, dates in order, the examples a production build holds back, and the council
statute (applied to the records that are published). Each check adds Problems that point at the exact line of the offending value.
"""
from __future__ import annotations

import datetime as dt

import difflib

from . import council, statute
from .collections import BY_NAME
from .problems import WARNING
from .records import Record
from .schema_paths import references, values_at
from .today import reference_day
from .when import DAY

EXPIRY_NOTICE_DAYS = 90       # an agreement about to expire: time to renew it or let it lapse on purpose
FOLLOW_UP_DAYS = 365          # an agreement in force with nothing logged for a year


def check_all(data, production: bool) -> None:
    records = data.records
    _check_order(data)
    _check_source_followed(data)
    _check_copies(data)
    _report_held_back(data)
    _check_references(data)
    _check_agreements(data, reference_day())
    _check_council(data, records.get("council-members", {}), records.get("council-meetings", {}),
                   records.get("council-documents", {}))


def _add(data, record: Record, location: tuple, code: str, en: str, fa: str, severity="error") -> None:
    line, column = record.source.where(location)
    data.problems.add(record.path, line, column, code, en, fa, severity)


def _walk(value, here=()):
    """(path, value) for every value in a record."""
    yield here, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, here + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, here + (i,))


# (start field, end field) pairs, inside any mapping of a record
_ORDERED_PAIRS = (("starts_on", "ends_on"), ("from", "to"), ("signed_on", "review_on"))


def _check_order(data) -> None:
    for collection in data.records.values():
        for record in collection.values():
            for here, value in _walk(record.data):
                if not isinstance(value, dict):
                    continue
                for first, last in _ORDERED_PAIRS:
                    a, b = value.get(first), value.get(last)
                    if a is not None and b is not None and b.end < a.start:
                        _add(data, record, here + (last,), "end-before-start",
                             f"'{last}' ({b.iso}) is before '{first}' ({a.iso}). Check both dates; "
                             "the end cannot come before the start.",
                             f"«{last}» ({b.iso}) پیش از «{first}» ({a.iso}) است. هر دو تاریخ را بررسی کنید؛ "
                             "پایان نمی‌تواند پیش از آغاز باشد.")


def _check_references(data) -> None:
    """Every id a record names (a party's sister_city, a visit's agreements...) is a published record."""
    for name, collection in data.records.items():
        for path, target in references(name).items():
            folder = BY_NAME[target].folder
            for record in collection.values():
                for location, ref in values_at(record.data, path):
                    if ref in data.records.get(target, {}):
                        continue
                    if ref in data.file_ids.get(target, set()) and ref not in data.held_back.get(target, {}):
                        continue   # the file exists but has errors of its own, reported there
                    if ref in data.held_back.get(target, {}):
                        _add(data, record, location, "refers-to-example",
                             f"'{ref}' (data/{folder}/{ref}.yml) is held back from the public site (an example, or "
                             "a visit not yet announced), so a published record cannot refer to it.",
                             f"«{ref}» (data/{folder}/{ref}.yml) در سایت عمومی منتشر نمی‌شود (نمونه است یا سفری که هنوز "
                             "اعلام نشده)، پس رکورد منتشرشده نمی‌تواند به آن اشاره کند.")
                        continue
                    guess = difflib.get_close_matches(str(ref), list(data.records.get(target, {})), n=1, cutoff=0.6)
                    hint_en = f" Did you mean '{guess[0]}'?" if guess else ""
                    hint_fa = f" آیا منظورتان «{guess[0]}» است؟" if guess else ""
                    _add(data, record, location, "unknown-reference",
                         f"'{ref}' is not a record of data/{folder}/ (there is no data/{folder}/{ref}.yml).{hint_en}",
                         f"«{ref}» رکوردی در data/{folder}/ نیست (فایل data/{folder}/{ref}.yml وجود ندارد).{hint_fa}")


def _check_agreements(data, today) -> None:
    for agreement in data.records.get("agreements", {}).values():
        expires = agreement.get("expires_on")
        if agreement["status"] == "in-force" and expires is not None:
            left = (expires.end - today).days
            if 0 <= left <= EXPIRY_NOTICE_DAYS:
                _add(data, agreement, ("expires_on",), "agreement-expiring",
                     f"This agreement expires on {expires.iso}, in {left} days: renew it, or record that it lapses "
                     "(status: expired, once the day has passed).",
                     f"این توافق در {expires.iso}، {left} روز دیگر، پایان می‌یابد: آن را تمدید کنید یا پایانش را ثبت کنید "
                     "(پس از آن روز، status: expired).", WARNING)
            elif left < 0:
                _add(data, agreement, ("status",), "agreement-past-expiry",
                     f"The agreement says it expired on {expires.iso}, but its status is still in-force: write "
                     "status: expired, or record its renewal (a new expires_on).",
                     f"این توافق در {expires.iso} پایان یافته، اما وضعیتش هنوز in-force است: status: expired بنویسید "
                     "یا تمدید آن را ثبت کنید (expires_on تازه).", WARNING)
        if agreement["status"] == "in-force":
            dates = [entry["date"].end for entry in agreement.get("follow_up", [])]
            if agreement.get("signed_on") is not None:
                dates.append(agreement["signed_on"].end)
            if dates and (today - max(dates)).days > FOLLOW_UP_DAYS:
                last = max(dates)
                where = ("follow_up",) if agreement.get("follow_up") else ("status",)
                _add(data, agreement, where, "agreement-no-follow-up",
                     f"Nothing has been logged for this agreement since {last.isoformat()}, more than a year: add what "
                     "was done under 'follow_up' (date and action), or change its status if it is no longer in force.",
                     f"از {last.isoformat()}، بیش از یک سال، پیگیری‌ای برای این توافق ثبت نشده است: آنچه انجام شده را در "
                     "«follow_up» (تاریخ و اقدام) بنویسید، یا اگر دیگر نافذ نیست وضعیتش را تغییر دهید.", WARNING)


def _name_of(record) -> dict:
    """A record's name or title ({en, fa, ...}), wherever its collection keeps it."""
    for value in (record.get("name"), record.get("title"), (record.get("organisation") or {}).get("name")):
        if isinstance(value, dict):
            return value
    return {}


def _check_copies(data) -> None:
    """A copied record left half-changed is the commonest mistake of one file a record: warn when a
    record shares its name, its coordinates or a source address with another of its collection
    (a source shared by more than two records is a list page, cited on purpose), and when a
    source's address is not https."""
    from .textfold import fold

    insecure: dict = {}   # http:// source -> [(record, index)], across collections: one warning each
    for collection in data.records.values():
        seen: dict = {}
        cited: dict = {}
        for record in collection.values():
            for index, source in enumerate(record.get("sources", [])):
                url = source.get("url")
                if url:
                    cited.setdefault(url, []).append((record, index))
                    if url.startswith("http://"):
                        insecure.setdefault(url, []).append((record, index))
            keys = [(("name", lang), fold(text, lang).casefold().strip()) for lang, text in _name_of(record).items()
                    if lang in ("en", "fa") and isinstance(text, str)]
            coordinates = record.get("coordinates")
            if isinstance(coordinates, dict):
                keys.append((("coordinates",), (coordinates.get("lat"), coordinates.get("lon"))))
            for where, key in keys:
                other = seen.setdefault((where, key), record)
                if other is not record:
                    what = "coordinates" if where == ("coordinates",) else f"{where[1]} name"
                    what_fa = "مختصات" if where == ("coordinates",) else f"نام {where[1]}"
                    for mine, theirs in ((record, other), (other, record)):
                        location = ("coordinates",) if where == ("coordinates",) else _name_location(mine, where[1])
                        _add(data, mine, location, "same-as-another-record",
                             f"This record has the same {what} as {theirs.path}. If it was copied from that file, "
                             "change every value that belongs to the other record.",
                             f"{what_fa} این رکورد با {theirs.path} یکی است. اگر از آن فایل رونوشت شده، همهٔ مقدارهایی را که "
                             "مال آن رکوردند تغییر دهید.", WARNING)
        for url, uses in cited.items():
            if len(uses) == 2 and uses[0][0] is not uses[1][0] and uses[0][0].collection == uses[1][0].collection:
                for (mine, index), (theirs, _index) in (uses, uses[::-1]):
                    _add(data, mine, ("sources", index, "url"), "same-source-as-another-record",
                         f"This source ({url}) is also the source of {theirs.path}. If this record was copied from "
                         "that file, check that the source speaks of this record too.",
                         f"این منبع ({url}) منبع {theirs.path} هم هست. اگر این رکورد از آن فایل رونوشت شده، بررسی کنید که "
                         "منبع دربارهٔ این رکورد هم سخن می‌گوید.", WARNING)


    for url, uses in insecure.items():   # at its first use, once, however many records cite it
        record, index = min(uses, key=lambda use: use[0].path)
        others = f" (cited by {len(uses)} records)" if len(uses) > 1 else ""
        others_fa = f" (در {len(uses)} رکورد)" if len(uses) > 1 else ""
        _add(data, record, ("sources", index, "url"), "source-not-https",
             f"The source address {url}{others} starts with http://, which anyone on the way can alter. If the site "
             "opens with https://, write that; keep http:// only if it does not.",
             f"نشانی منبع {url}{others_fa} با http:// آغاز می‌شود که در میانهٔ راه قابل دست‌کاری است. اگر سایت با "
             "https:// باز می‌شود، همان را بنویسید؛ فقط اگر باز نمی‌شود http:// را نگه دارید.", WARNING)


def _name_location(record, lang: str) -> tuple:
    for field in ("name", "title"):
        if isinstance(record.get(field), dict):
            return (field, lang)
    return ("organisation", "name", lang)


def _check_source_followed(data) -> None:
    for collection in data.records.values():
        for record in collection.values():
            followed = record.get("source_followed")
            urls = [s.get("url") for s in record.get("sources", [])]
            if followed and followed["url"] not in urls:
                _add(data, record, ("source_followed", "url"), "unknown-followed-source",
                     f"'source_followed' names {followed['url']}, which is not one of this record's sources. "
                     "Copy the address exactly from 'sources' (or add that source there).",
                     f"«source_followed» به {followed['url']} اشاره می‌کند که جزو منابع این رکورد نیست. "
                     "نشانی را دقیقاً از «sources» رونویسی کنید (یا آن منبع را به «sources» بیفزایید).")


def _report_held_back(data) -> None:
    for collection in data.held_back.values():
        for record in collection.values():
            if not record.example:   # a planned visit before its publish_from day
                day = record["publish_from"]
                _add(data, record, ("publish_from",), "held-back",
                     f"Not published until {day.iso} ('publish_from'): the portal announces it from that day.",
                     f"تا {day.iso} منتشر نمی‌شود («publish_from»): پرتال از آن روز آن را اعلام می‌کند.", WARNING)
                continue
            _add(data, record, ("example",), "held-back",
                 "Held back: this record is marked 'example: true' (invented sample data), so the public site "
                 "does not publish it. Previews show it with an 'Example' badge. Replace it with real facts and "
                 "delete the 'example' line to publish it.",
                 "منتشر نمی‌شود: این رکورد با «example: true» نمونهٔ ساختگی علامت خورده است، پس سایت عمومی آن را "
                 "منتشر نمی‌کند. پیش‌نمایش‌ها آن را با برچسب «نمونه» نشان می‌دهند. برای انتشار، اطلاعات واقعی بنویسید و "
                 "سطر «example» را حذف کنید.", WARNING)


# ----------------------------------------------------------------------------- the council
def _check_council(data, members: dict, meetings: dict, documents: dict) -> None:
    for meeting in meetings.values():
        for field in ("held_on", "agenda_sent_on", "minutes_sent_on"):
            if meeting.get(field) is not None and meeting[field].precision != DAY:
                _add(data, meeting, (field,), "meeting-date-needs-day",
                     f"'{field}' needs the full date with the day (the statute counts days), e.g. 1398/02/24.",
                     f"«{field}» به تاریخ کامل با روز نیاز دارد (اساسنامه روزها را می‌شمارد)، مثلاً ۱۳۹۸/۰۲/۲۴.")
                return
    _check_terms(data, members)
    if not members:
        return   # no published roster: the pages say it is not yet published
    resignations = council.deemed_resignations(members, meetings)
    all_terms = council.terms(members)
    _check_composition(data, members, meetings, all_terms, resignations)
    _check_meetings(data, members, meetings, all_terms, resignations)


def _check_terms(data, members: dict) -> None:
    for member in members.values():
        for index, term in enumerate(member["terms"]):
            here = ("terms", index)
            if term.get("chair") and member["seat"] != statute.EXPERT_SEAT:
                _add(data, member, here + ("chair",), "chair-not-expert",
                     "Only an expert member can be the council's chair (statute, article 4, note 2).",
                     "فقط یکی از اعضای حقیقی (صاحب‌نظر) می‌تواند رئیس شورا باشد (اساسنامه، مادهٔ ۴، تبصرهٔ ۲).")
            if member["seat"] == statute.EXPERT_SEAT and term.get("to"):
                start, end = term["from"].start, term["to"].end
                if end > statute.expert_term_end(start):
                    _add(data, member, here + ("to",), "expert-term-too-long",
                         f"An expert member is appointed for one year (statute, article 4-B); this term runs "
                         f"from {start.isoformat()} to {end.isoformat()}. Record a renewal as a new term.",
                         f"عضو حقیقی برای مدت یک سال منصوب می‌شود (اساسنامه، مادهٔ ۴-ب)؛ این دوره از {start.isoformat()} "
                         f"تا {end.isoformat()} است. تمدید را به‌صورت دورهٔ جدید بنویسید.")


def _change_days(all_terms, meetings) -> list[dt.date]:
    """Days on which the council's composition can change, plus meeting days."""
    days = {t.start for t in all_terms}
    days |= {t.end + dt.timedelta(days=1) for t in all_terms if t.end}
    days |= {m["held_on"].start for m in meetings.values()}
    last = max([m["held_on"].start for m in meetings.values()] or [max(t.start for t in all_terms)])
    first = min(t.start for t in all_terms)
    return sorted(d for d in days if first <= d <= last)


def _check_composition(data, members, meetings, all_terms, resignations) -> None:
    reported: set = set()
    for day in _change_days(all_terms, meetings):
        current = council.in_office(all_terms, day, resignations)
        # Point at the term that starts (or the member whose change is) closest to that day.
        anchor = min(current or all_terms, key=lambda t: abs((t.start - day).days))
        record = members[anchor.member]
        where = ("terms", anchor.index)
        experts = [t for t in current if t.seat == statute.EXPERT_SEAT]
        chairs = [t for t in experts if t.chair]
        checks = [
            ("member-count", not statute.MIN_MEMBERS <= len(current) <= statute.MAX_MEMBERS,
             f"On {day.isoformat()} the council has {len(current)} members; the statute requires "
             f"{statute.MIN_MEMBERS} to {statute.MAX_MEMBERS} (article 4).",
             f"در تاریخ {day.isoformat()} شورا {len(current)} عضو دارد؛ اساسنامه {statute.MIN_MEMBERS} تا "
             f"{statute.MAX_MEMBERS} عضو می‌خواهد (مادهٔ ۴)."),
            ("expert-count", not statute.MIN_EXPERTS <= len(experts) <= statute.MAX_EXPERTS,
             f"On {day.isoformat()} the council has {len(experts)} expert members; the statute requires "
             f"{statute.MIN_EXPERTS} to {statute.MAX_EXPERTS} (article 4-B).",
             f"در تاریخ {day.isoformat()} شورا {len(experts)} عضو حقیقی دارد؛ اساسنامه {statute.MIN_EXPERTS} تا "
             f"{statute.MAX_EXPERTS} می‌خواهد (مادهٔ ۴-ب)."),
            ("chair-count", len(chairs) != statute.CHAIRS,
             f"On {day.isoformat()} the council has {len(chairs)} chairs; the statute requires exactly one "
             "expert member as chair (article 4, note 2).",
             f"در تاریخ {day.isoformat()} شورا {len(chairs)} رئیس دارد؛ اساسنامه دقیقاً یک رئیس از میان اعضای "
             "حقیقی می‌خواهد (مادهٔ ۴، تبصرهٔ ۲)."),
        ]
        for seat in statute.EX_OFFICIO_SEATS:
            holders = [t for t in current if t.seat == seat]
            checks.append((
                "ex-officio-seat", len(holders) != 1,
                f"On {day.isoformat()} the ex-officio seat '{seat}' is held by {len(holders)} members; "
                "each of the four ex-officio seats has exactly one holder (article 4-A).",
                f"در تاریخ {day.isoformat()} کرسی حقوقی «{seat}» {len(holders)} دارنده دارد؛ هر یک از چهار کرسی "
                "حقوقی دقیقاً یک دارنده دارد (مادهٔ ۴-الف).",
            ))
        for code, failed, en, fa in checks:
            if failed and code not in reported:
                reported.add(code)   # one message per rule: the first day it breaks
                _add(data, record, where, code, en, fa)


def _check_meetings(data, members, meetings, all_terms, resignations) -> None:
    seen_numbers: dict = {}
    seen_resolutions: dict = {}
    for meeting in council.sorted_meetings(meetings):
        day = meeting["held_on"].start
        number = meeting["number"]
        if number in seen_numbers:
            _add(data, meeting, ("number",), "duplicate-meeting-number",
                 f"Meeting number {number} is also used by {seen_numbers[number]}; each meeting has its own number.",
                 f"شمارهٔ جلسهٔ {number} در {seen_numbers[number]} هم به کار رفته است؛ هر جلسه شمارهٔ خودش را دارد.")
        seen_numbers[number] = meeting.path
        present = {t.member for t in council.in_office(all_terms, day, resignations)}
        attendees = meeting.get("attendees", [])
        for index, member_id in enumerate(attendees):
            here = ("attendees", index)
            if member_id not in members:
                continue   # not a published member: _check_references reports it
            if member_id in resignations and resignations[member_id].effective <= day and member_id not in present:
                missed = ", ".join(resignations[member_id].missed)
                _add(data, meeting, here, "attendee-resigned",
                     f"'{member_id}' missed three consecutive ordinary meetings ({missed}) and is deemed to have "
                     f"resigned (statute, article 5-6); they cannot be recorded as attending on {day.isoformat()}.",
                     f"«{member_id}» در سه جلسهٔ عادی متوالی ({missed}) غایب بوده و مستعفی شناخته می‌شود "
                     f"(اساسنامه، مادهٔ ۵-۶)؛ حضور او در جلسهٔ {day.isoformat()} را نمی‌توان ثبت کرد.")
            elif member_id not in present:
                _add(data, meeting, here, "attendee-not-in-office",
                     f"'{member_id}' is not a member of the council on {day.isoformat()} (no term covers that "
                     "date). Check the date, the member's terms, or record them under 'invited'.",
                     f"«{member_id}» در تاریخ {day.isoformat()} عضو شورا نیست (هیچ دوره‌ای این تاریخ را در بر نمی‌گیرد). "
                     "تاریخ، دوره‌های عضو یا ثبت او در «invited» را بررسی کنید.")
        chair = meeting.get("presided_by")
        if chair and chair in members:   # an unknown id is reported by _check_references
            if chair not in attendees:
                _add(data, meeting, ("presided_by",), "presider-absent",
                     f"'{chair}' presided the meeting but is not listed among the attendees; add them to 'attendees'.",
                     f"«{chair}» ریاست جلسه را داشته اما در فهرست حاضران نیست؛ او را به «attendees» بیفزایید.")
            else:
                roles = {t.member: t for t in council.in_office(all_terms, day, resignations)}
                term = roles.get(chair)
                if term and not (term.chair or term.seat == "council-secretary"):
                    _add(data, meeting, ("presided_by",), "presider-not-allowed",
                         "Meetings are presided by the chair, or by the secretary when the chair delegates or is "
                         "absent (statute, article 5-2).",
                         "ریاست جلسات با رئیس شوراست و در صورت تفویض یا غیبت او با دبیر شورا (اساسنامه، مادهٔ ۵-۲).")
        for index, resolution in enumerate(meeting.get("resolutions", [])):
            key = str(resolution["number"])
            if key in seen_resolutions:
                _add(data, meeting, ("resolutions", index, "number"), "duplicate-resolution",
                     f"Resolution number {key} is also used in {seen_resolutions[key]}.",
                     f"شمارهٔ مصوبهٔ {key} در {seen_resolutions[key]} هم به کار رفته است.")
            seen_resolutions[key] = meeting.path

    for facts in council.meeting_facts(meetings):
        meeting = meetings[facts.id]
        if facts.agenda_notice_days is not None and facts.agenda_notice_days < 0:
            _add(data, meeting, ("agenda_sent_on",), "agenda-after-meeting",
                 "The agenda is dated after the meeting; check the dates.",
                 "تاریخ ارسال دستور جلسه پس از جلسه است؛ تاریخ‌ها را بررسی کنید.")
        elif facts.agenda_late:
            _add(data, meeting, ("agenda_sent_on",), "agenda-late",
                 f"The agenda went out {facts.agenda_notice_days} days before the meeting; the statute asks for at "
                 f"least {statute.AGENDA_NOTICE_DAYS} (article 5-1). Recorded as a fact and shown in the compliance figures.",
                 f"دستور جلسه {facts.agenda_notice_days} روز پیش از جلسه ارسال شده؛ اساسنامه دست‌کم "
                 f"{statute.AGENDA_NOTICE_DAYS} روز می‌خواهد (مادهٔ ۵-۱). این واقعیت ثبت و در آمار رعایت اساسنامه نشان داده می‌شود.",
                 WARNING)
        if facts.minutes_delay_days is not None and facts.minutes_delay_days < 0:
            _add(data, meeting, ("minutes_sent_on",), "minutes-before-meeting",
                 "The minutes are dated before the meeting; check the dates.",
                 "تاریخ ارسال صورتجلسه پیش از جلسه است؛ تاریخ‌ها را بررسی کنید.")
        elif facts.minutes_late:
            _add(data, meeting, ("minutes_sent_on",), "minutes-late",
                 f"The minutes reached the secretariat {facts.minutes_delay_days} days after the meeting; the statute "
                 f"allows at most {statute.MINUTES_DEADLINE_DAYS} (article 5-5). Recorded as a fact and shown in the "
                 "compliance figures.",
                 f"صورتجلسه {facts.minutes_delay_days} روز پس از جلسه به دبیرخانه رسیده؛ اساسنامه حداکثر "
                 f"{statute.MINUTES_DEADLINE_DAYS} روز اجازه می‌دهد (مادهٔ ۵-۵). این واقعیت ثبت و در آمار رعایت اساسنامه نشان داده می‌شود.",
                 WARNING)
