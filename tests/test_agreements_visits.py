"""Agreements and visits: the validator's rules, the pages, the cross-links, and the machinery.

A new agreement or visit file appears, with no other edit, on its own page in three languages,
on the partner city's page, in search, open data, feeds and calendars. A collection of its own
needs five files: its schema, its page module, its two templates and its data.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from conftest import ROOT, build_site
from site_html import LANGS, parse, search_index
from portal.validate import PRODUCTION, validate

ROOT_OF = {"en": "", "fa": "fa/", "ar": "ar/"}
BIN = Path(sys.executable).parent

AGREEMENT = """\
id: testville-mou-2024
title:
  en: Memorandum between Tehran and Testville
  fa: تفاهم‌نامهٔ تهران و تست‌آباد
  ar: مذكرة بين طهران وتستفيل
kind: memorandum
parties:
  - sister_city: yerevan
  - named:
      name:
        en: Testville Chamber of Commerce
        fa: اتاق بازرگانی تست‌آباد
      country: AM
tehran_body: district-06
signed_on: 2024-03-05
status: in-force
follow_up:
  - date: 2026-05-01
    action:
      en: Joint working group met
documents:
  - title:
      en: Text of the memorandum
      fa: متن تفاهم‌نامه
    language: fa
    file: council/annual-programme-1398.pdf
office: foreign-relations
"""
VISIT = """\
id: testville-delegation-2024
title:
  en: Testville delegation in Tehran
  fa: هیئت تست‌آباد در تهران
direction: incoming
starts_on: 2024-03-04
ends_on: 2024-03-06
counterpart:
  sister_city: yerevan
led_by:
  name:
    en: Anna Testian
    fa: آنا تستیان
  role:
    en: Deputy mayor
agreements:
  - testville-mou-2024
office: foreign-relations
"""


def copy_data(tmp_path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    return data


def problems(data: Path, environment="development"):
    return validate(data, environment=environment).problems


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# ----------------------------------------------------------------------------- the validator
def test_new_files_are_valid(tmp_path):
    data = copy_data(tmp_path)
    (data / "agreements/testville-mou-2024.yml").write_text(AGREEMENT, encoding="utf-8")
    (data / "visits/testville-delegation-2024.yml").write_text(VISIT, encoding="utf-8")
    assert not problems(data).errors, "\n".join(p.render() for p in problems(data).errors)


@pytest.mark.parametrize("change,needle,code", [
    (("sister_city: yerevan", "sister_city: yerevann"), "sister_city: yerevann", "unknown-reference"),
    (("  - named:\n", "  - sister_city: yerevan\n    organisation: uclg\n  - named:\n"), "organisation: uclg", None),
    (("tehran_body: district-06", "tehran_body: district-23"), "district-23", "not-allowed-value"),
    (("signed_on: 2024-03-05\n", ""), "status: in-force", "missing-field"),
])
def test_agreement_mistakes_are_refused_at_their_line(tmp_path, change, needle, code):
    data = copy_data(tmp_path)
    text = AGREEMENT.replace(*change)
    (data / "agreements/testville-mou-2024.yml").write_text(text, encoding="utf-8")
    found = [p for p in problems(data).errors if p.path.endswith("testville-mou-2024.yml")]
    assert found, f"accepted: {change}"
    if code == "unknown-reference":
        assert found[0].line == line_of(text, needle) and "Did you mean 'yerevan'?" in found[0].message_en
    if code:
        assert found[0].code == code, found[0].render()
    else:   # a party named two ways at once
        assert found[0].code == "one-of-these" and "exactly one of" in found[0].message_en


def test_an_agreement_under_negotiation_needs_no_date(tmp_path):
    data = copy_data(tmp_path)
    text = AGREEMENT.replace("signed_on: 2024-03-05\n", "").replace("status: in-force", "status: under-negotiation")
    (data / "agreements/testville-mou-2024.yml").write_text(text, encoding="utf-8")
    assert not [p for p in problems(data).errors if p.path.endswith("testville-mou-2024.yml")]


def test_a_visit_naming_an_unknown_agreement_is_refused(tmp_path):
    data = copy_data(tmp_path)
    (data / "visits/testville-delegation-2024.yml").write_text(VISIT, encoding="utf-8")
    found = [p for p in problems(data).errors if p.path.endswith("testville-delegation-2024.yml")]
    assert [p.code for p in found] == ["unknown-reference"]
    assert found[0].line == line_of(VISIT, "- testville-mou-2024") and "data/agreements/" in found[0].message_en


@pytest.mark.parametrize("today,expires,code", [
    ("2026-11-25", "2027-01-15", "agreement-expiring"),       # 51 days left
    ("2026-11-25", "2026-10-01", "agreement-past-expiry"),
    ("2026-11-25", "2027-06-01", None),
])
def test_expiry_warnings(tmp_path, monkeypatch, today, expires, code):
    monkeypatch.setenv("PORTAL_TODAY", today)
    data = copy_data(tmp_path)
    text = AGREEMENT.replace("status: in-force", f"status: in-force\nexpires_on: {expires}")
    (data / "agreements/testville-mou-2024.yml").write_text(text, encoding="utf-8")
    found = problems(data)
    assert not found.errors
    codes = {p.code for p in found.warnings if p.path.endswith("testville-mou-2024.yml")}
    assert (code in codes) if code else not codes & {"agreement-expiring", "agreement-past-expiry"}, codes


def test_in_force_without_follow_up_for_a_year_is_a_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2026-11-25")
    data = copy_data(tmp_path)
    (data / "agreements/testville-mou-2024.yml").write_text(AGREEMENT, encoding="utf-8")
    assert not [p for p in problems(data).warnings if p.code == "agreement-no-follow-up"
                and p.path.endswith("testville-mou-2024.yml")]   # followed up on 2026-05-01
    stale = AGREEMENT.replace("2026-05-01", "2025-05-01")
    (data / "agreements/testville-mou-2024.yml").write_text(stale, encoding="utf-8")
    found = [p for p in problems(data).warnings if p.code == "agreement-no-follow-up" and "testville" in p.path]
    assert [p.path.rsplit("/", 1)[1] for p in found] == ["testville-mou-2024.yml"]
    assert "2025-05-01" in found[0].message_en and "پیگیری" in found[0].message_fa


def test_a_planned_visit_waits_for_its_day(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2026-11-25")
    data = copy_data(tmp_path)
    (data / "agreements/testville-mou-2024.yml").write_text(AGREEMENT, encoding="utf-8")
    planned = VISIT.replace("office:", "publish_from: 2026-12-10\noffice:")
    (data / "visits/testville-delegation-2024.yml").write_text(planned, encoding="utf-8")
    result = validate(data)
    assert "testville-delegation-2024" in result.held_back["visits"]
    assert "testville-delegation-2024" not in result.records["visits"]
    warning = next(p for p in result.problems.warnings if p.path.endswith("testville-delegation-2024.yml"))
    assert warning.code == "held-back" and "2026-12-10" in warning.message_en
    monkeypatch.setenv("PORTAL_TODAY", "2026-12-10")
    assert "testville-delegation-2024" in validate(data).records["visits"]


def test_the_old_shape_of_visits_says_where_they_went(tmp_path):
    data = copy_data(tmp_path)
    city = data / "sister-cities/yerevan.yml"
    city.write_text(city.read_text(encoding="utf-8") + "activities:\n  - date: 2024-03\n    title:\n      en: Visit\n",
                    encoding="utf-8")
    found = [p for p in problems(data).errors if p.path.endswith("yerevan.yml")]
    assert found and found[0].code == "missing-field" and "data/visits/" in found[0].message_en


def test_production_cannot_link_a_real_visit_to_an_example(tmp_path):
    data = copy_data(tmp_path)
    (data / "agreements/testville-mou-2024.yml").write_text("example: true\n" + AGREEMENT, encoding="utf-8")
    (data / "visits/testville-delegation-2024.yml").write_text(VISIT, encoding="utf-8")
    found = [p for p in problems(data, PRODUCTION).errors if p.path.endswith("testville-delegation-2024.yml")]
    assert [p.code for p in found] == ["refers-to-example"]


# ----------------------------------------------------------------------------- the site
@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """The real data plus one new agreement and one new visit file: nothing else edited."""
    folder = tmp_path_factory.mktemp("grown")
    data = copy_data(folder)
    (data / "agreements/testville-mou-2024.yml").write_text(AGREEMENT, encoding="utf-8")
    (data / "visits/testville-delegation-2024.yml").write_text(VISIT, encoding="utf-8")
    site = folder / "site"
    result = build_site(site, data_dir=data)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return site


@pytest.mark.parametrize("lang,title,yerevan", [
    ("en", "Memorandum between Tehran and Testville", "Yerevan"),
    ("fa", "تفاهم‌نامهٔ تهران و تست‌آباد", "ایروان"),
    ("ar", "مذكرة بين طهران وتستفيل", "يريفان"),
])
def test_a_new_agreement_has_its_page_and_is_on_the_citys(grown, lang, title, yerevan):
    page = parse(grown / ROOT_OF[lang] / "agreements/testville-mou-2024/index.html")
    assert page.xpath("//h1")[0].text_content().strip() == title
    parties = [" ".join(li.text_content().split()) for li in page.xpath("//h2[@id='parties']/following-sibling::ul[1]/li")]
    assert yerevan in parties[0] and page.xpath("//h2[@id='parties']/following-sibling::ul[1]/li/a[contains(@href,'sister-cities/yerevan/')]")
    # the visit that followed it, generated from the visit's own file
    assert page.xpath("//h2[@id='visits']/following-sibling::ul[1]//a[contains(@href,'visits/testville-delegation-2024/')]")
    city = parse(grown / ROOT_OF[lang] / "sister-cities/yerevan/index.html")
    assert city.xpath("//h2[@id='agreements']/following-sibling::ul[1]//a[contains(@href,'agreements/testville-mou-2024/')]")
    assert city.xpath("//h2[@id='visits']/following-sibling::ul[1]//a[contains(@href,'visits/testville-delegation-2024/')]")
    listing = parse(grown / ROOT_OF[lang] / "agreements/index.html")
    assert listing.xpath("//ul[@data-filter-list]//a[contains(@href,'testville-mou-2024')]")


@pytest.mark.parametrize("lang,comma", [("en", ", "), ("fa", "، "), ("ar", "، ")])
def test_a_documents_language_kind_and_size_are_listed_with_the_languages_comma(grown, lang, comma):
    page = parse(grown / ROOT_OF[lang] / "agreements/testville-mou-2024/index.html")
    meta = page.xpath("//ul[@class='portal-downloads']/li/span[@class='portal-meta']")
    assert meta, f"{lang}: the memorandum's document is not listed"
    text = " ".join(meta[0].text_content().split())
    assert text.count(comma) == 2 and (lang == "en" or ", " not in text), f"{lang}: {text!r}"


def test_a_new_visit_is_in_search_open_data_feeds_and_calendars(grown, site_dir):
    for lang in LANGS:
        assert (grown / ROOT_OF[lang] / "visits/testville-delegation-2024/index.html").exists()
        _, docs = search_index(grown, lang)
        assert ROOT_OF[lang] + "visits/testville-delegation-2024/" in {url for url, _, _ in docs}
        feed = (grown / "feeds" / lang / "visits.xml").read_text(encoding="utf-8")
        assert "visits/testville-delegation-2024" in feed
        assert "agreements/testville-mou-2024" in (grown / "feeds" / lang / "agreements.xml").read_text(encoding="utf-8")
        calendar = icalendar.Calendar.from_ical((grown / "calendars" / lang / "visits.ics").read_bytes())
        events = {str(e["URL"]).rstrip("/").rsplit("/", 1)[1]: e for e in calendar.walk("VEVENT")}
        assert str(events["testville-delegation-2024"]["DTSTART"].dt) == "2024-03-04"
        assert str(events["testville-delegation-2024"]["DTEND"].dt) == "2024-03-07"
        assert "beijing-2014-mayor" not in events   # known to the month only: not in calendars
    rows = list(csv.DictReader(io.StringIO((grown / "data/visits.csv").read_text(encoding="utf-8-sig"))))
    assert any(r["id"] == "testville-delegation-2024" and r["counterpart_sister_city"] == "yerevan" for r in rows)
    agreements = json.loads((grown / "data/agreements.json").read_text(encoding="utf-8"))["records"]
    assert any(a["id"] == "testville-mou-2024" for a in agreements)
    def yerevan(site):
        geo = json.loads((site / "data/sister-cities.geojson").read_text(encoding="utf-8"))
        found = next(f["properties"] for f in geo["features"] if f["id"] == "yerevan")
        return found["agreements"], found["visits"]
    before, after = yerevan(site_dir), yerevan(grown)
    assert after == (before[0] + 1, before[1] + 1), (before, after)
    marker = parse(grown / "sister-cities/index.html").xpath("//svg//a[contains(@href,'yerevan')]/title")[0]
    assert f"Agreements: {after[0]}" in marker.text_content() and f"Visits and delegations: {after[1]}" in marker.text_content()


@pytest.mark.parametrize("lang,agreements,visits", [
    ("en", "Agreements", "Visits and delegations"), ("fa", "توافق‌ها", "سفرها و هیئت‌ها"),
    ("ar", "الاتفاقيات", "الزيارات والوفود")])
def test_the_collections_are_in_the_navigation_in_every_language(site_dir, lang, agreements, visits):
    home = parse(site_dir / ROOT_OF[lang] / "index.html")
    nav = {" ".join(a.text_content().split()): a.get("href") for a in home.xpath("//nav[contains(@class,'md-nav')]//a")}
    assert nav.get(agreements, "").endswith("agreements/") and nav.get(visits, "").endswith("visits/"), sorted(nav)


def test_beijing_shows_its_founding_agreement_and_the_mayors_visit(site_dir):
    city = parse(site_dir / "sister-cities/beijing/index.html")
    first = city.xpath("//h2[@id='agreements']/following-sibling::ul[1]/li")[0]
    assert "Founding agreement" in first.text_content()
    assert city.xpath("//h2[@id='visits']/following-sibling::ul[1]//a[contains(@href,'visits/beijing-2014-mayor/')]")
    assert not city.xpath("//h2[@id='activities']")   # the visit is no longer an activity


@pytest.mark.parametrize("lang,comma", [("en", ", "), ("fa", "، "), ("ar", "، ")])
def test_who_led_a_visit_is_written_with_the_languages_comma(site_dir, lang, comma):
    """Name and role joined as the reader's language writes a list (a Latin comma in Persian is a typo)."""
    page = parse(site_dir / ROOT_OF[lang] / "visits/beijing-2014-mayor/index.html")
    text = " ".join(page.xpath("string(//main)").split())
    name = {"en": "Mohammad Bagher Ghalibaf", "fa": "محمدباقر قالیباف", "ar": "Mohammad Bagher Ghalibaf"}[lang]   # no Arabic name in the record: English, its fallback
    assert name + comma in text, f"{lang}: {name!r} is not followed by {comma!r}"
    assert lang == "en" or name + ", " not in text
    if lang == "ar":   # the Arabic page shows the English name, marked as English
        marked = page.xpath("//dl[@class='portal-facts']//span[@class='portal-fallback'][@lang='en']/text()")
        assert name in marked, marked


# ----------------------------------------------------------------------------- the machinery
AWARD_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "x-portal": {"folder": "awards", "order": 55},
    "title": "Award", "description": "An award Tehran received.\n\nجایزه‌ای که تهران دریافت کرد.",
    "type": "object",
    "properties": {"id": {"$ref": "common.schema.json#/$defs/id"}, "example": {"$ref": "common.schema.json#/$defs/example"},
                   "title": {"$ref": "common.schema.json#/$defs/name"},
                   "received_on": {"$ref": "common.schema.json#/$defs/date"},
                   "city": {"type": "string", "x-refers-to": "sister-cities",
                            "description": "The city that gave it.\n\nشهری که آن را داد."},
                   "office": {"$ref": "common.schema.json#/$defs/office"}},
    "required": ["id", "title", "received_on", "office"], "additionalProperties": False,
}
AWARD_MODULE = '''"""Awards (a collection added by a test: five files)."""
from ..present import pick, when
from ..ui import N_
from .common import Listing, PageSpec, link, names, paged, titles

LISTINGS = (Listing("awards", "awards", N_("Awards"), N_("award"), N_("No award is published yet."), nav="Relations",
                    name_field="title", date_field="received_on"),)


def build(ctx):
    records = ctx.records["awards"]
    items = lambda lang: [{"name": pick(r["title"], lang), "date": when(r["received_on"], lang),
                           "href": link("awards/index.md", f"awards/{r.id}.md")} for r in records.values()]
    result = paged("awards/index.md", "portal/awards.html", titles("Awards"), len(records),
                   lambda lang: {"kind": "awards", "entries": items(lang)})
    for r in records.values():
        result.append(PageSpec(f"awards/{r.id}.md", "portal/award.html", names(r["title"]),
                               lambda lang, r=r: {"kind": "award", "date": when(r["received_on"], lang)},
                               source_path=r.path, record=r))
    return result
'''
AWARD_LIST = """{% extends "portal/layout.html" %}{% block body %}<ul class="portal-list">{% for a in portal.entries %}<li><a href="{{ a.href }}">{{ m.t(a.name) }}</a> {{ a.date }}</li>{% endfor %}</ul>{% endblock %}"""
AWARD_PAGE = """{% extends "portal/layout.html" %}{% block body %}<p>{{ portal.date }}</p>{% endblock %}"""
AWARD = """id: golden-gate-2024
title:
  en: Golden Gate of Cities
  fa: دروازهٔ زرین شهرها
received_on: 2024-05-01
city: yerevan
office: foreign-relations
"""


def test_a_new_collection_is_five_files(tmp_path):
    """Schema, page module, two templates, data: the collection is validated, built in three
    languages, in the navigation, in open data and search, and on the cited city's page."""
    repo = tmp_path / "repo"
    for name in ("content", "overrides", "data"):
        shutil.copytree(ROOT / name, repo / name)
    shutil.copytree(ROOT / "scripts", repo / "scripts", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    (repo / "build").mkdir()
    os.symlink(ROOT / "build" / "editor", repo / "build" / "editor")   # the staff editor's bundle (make editor)
    files = {
        "scripts/portal/schemas/awards.schema.json": json.dumps(AWARD_SCHEMA, ensure_ascii=False, indent=2),
        "scripts/portal/pages/awards.py": AWARD_MODULE,
        "overrides/portal/awards.html": AWARD_LIST,
        "overrides/portal/award.html": AWARD_PAGE,
        "data/awards/golden-gate-2024.yml": AWARD,
    }
    for path, text in files.items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(repo / "scripts"), NO_MKDOCS_2_WARNING="1", PORTAL_TODAY="2026-11-25")
    validated = subprocess.run([str(BIN / "portal"), "validate", "data"], cwd=repo, env=env, capture_output=True, text=True)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    broken = AWARD.replace("city: yerevan", "city: yerevam")
    (repo / "data/awards/golden-gate-2024.yml").write_text(broken, encoding="utf-8")
    refused = subprocess.run([str(BIN / "portal"), "validate", "data"], cwd=repo, env=env, capture_output=True, text=True)
    assert "golden-gate-2024.yml:6:7: error: 'yerevam' is not a record of data/sister-cities/" in refused.stdout
    (repo / "data/awards/golden-gate-2024.yml").write_text(AWARD, encoding="utf-8")
    built = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(repo / "site")], cwd=repo, env=env,
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    site = repo / "site"
    for lang in LANGS:
        assert (site / ROOT_OF[lang] / "awards/golden-gate-2024/index.html").exists()
        home = parse(site / ROOT_OF[lang] / "index.html")
        assert home.xpath("//nav[contains(@class,'md-nav')]//a[contains(@href,'awards/')]"), f"{lang}: not in the navigation"
        city = parse(site / ROOT_OF[lang] / "sister-cities/yerevan/index.html")
        assert city.xpath("//h2[@id='awards']/following-sibling::ul[1]//a[contains(@href,'awards/golden-gate-2024/')]")
        _, docs = search_index(site, lang)
        assert ROOT_OF[lang] + "awards/golden-gate-2024/" in {url for url, _, _ in docs}
    assert json.loads((site / "data/awards.json").read_text(encoding="utf-8"))["records"][0]["id"] == "golden-gate-2024"
    assert "golden-gate-2024" in (site / "data/awards.csv").read_text(encoding="utf-8-sig")
    assert "awards" in (site / "open-data/index.html").read_text(encoding="utf-8")
