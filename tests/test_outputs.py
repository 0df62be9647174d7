"""Open data and feeds (portal.outputs), each read back with a real, independent parser.

JSON with json, CSV with Python's csv after the byte-order mark, GeoJSON with the geojson
package, the Data Package with frictionless, calendars with icalendar, feeds with feedparser
(and lxml for xml:lang). Known records are checked in every language; two builds, and a build
from a fresh copy of data/, must give the same bytes; a city added to data/ must appear in
every output that lists cities and change nothing else.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import feedparser
import frictionless
import geojson
import icalendar
import pytest
import yaml
from lxml import etree

from portal.collections import COLLECTIONS, load_schema
from portal.languages import codes

LANGUAGES = codes()
from portal.outputs import build_outputs, feed_links, open_data_context, resolve_href, write_outputs
from portal.validate import validate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SITE_URL = "https://tehran-intl.github.io/"
GENERATED_ON = dt.date(2026, 11, 25)
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

YEREVAN = {"en": "Yerevan", "fa": "ایروان", "ar": "يريفان"}


def _licence() -> dict:
    """extra.licence from mkdocs.yml (its !ENV tags read as plain values)."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    return config["extra"]["licence"]


LICENCE = _licence()


def _build(data, generated_on=GENERATED_ON) -> dict[str, bytes]:
    return build_outputs(data, site_url=SITE_URL, licence=LICENCE, generated_on=generated_on)


def _load(folder: Path):
    data = validate(folder, environment="development")
    assert not data.problems.errors, "\n".join(p.render() for p in data.problems.errors)
    return data


@pytest.fixture(scope="module")
def data():
    return _load(DATA)


@pytest.fixture(scope="module")
def outputs(data):
    return _build(data)


@pytest.fixture(scope="module")
def site(outputs, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    write_outputs(outputs, folder)
    return folder


def _csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _feed(outputs, lang, name):
    parsed = feedparser.parse(outputs[f"feeds/{lang}/{name}.xml"])
    assert not parsed.bozo, f"feeds/{lang}/{name}.xml: {parsed.get('bozo_exception')}"
    return parsed


def _calendar(outputs, lang, name) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(outputs[f"calendars/{lang}/{name}.ics"])


def _events(calendar) -> dict:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


# ----------------------------------------------------------------------------- the set of files
def test_every_download_is_built(outputs):
    expected = {"data/datapackage.json", "data/sister-cities.geojson", "data/council-resolutions.csv"}
    for collection in COLLECTIONS:
        expected |= {f"data/{collection.name}.json", f"data/{collection.name}.csv",
                     f"data/schemas/{collection.name}.schema.json"}
    expected.add("data/schemas/common.schema.json")
    for lang in LANGUAGES:
        expected |= {f"calendars/{lang}/exhibitions.ics", f"calendars/{lang}/council-meetings.ics",
                     f"calendars/{lang}/visits.ics", f"feeds/{lang}/findings.xml", f"feeds/{lang}/resolutions.xml",
                     f"feeds/{lang}/relations.xml", f"feeds/{lang}/agreements.xml", f"feeds/{lang}/visits.xml"}
    assert set(outputs) == expected
    assert all(isinstance(content, bytes) and content for content in outputs.values())


def test_write_outputs_writes_every_file(outputs, site):
    for path, content in outputs.items():
        assert (site / path).read_bytes() == content


# ----------------------------------------------------------------------------- JSON
def test_json_has_every_record_with_the_schemas_field_names(outputs, data):
    for collection in COLLECTIONS:
        document = json.loads(outputs[f"data/{collection.name}.json"])
        assert document["collection"] == collection.name
        assert document["licence"] == LICENCE
        ids = [r["id"] for r in document["records"]]
        assert ids == sorted(data.records[collection.name])
        allowed = set(collection.schema()["properties"])
        for record in document["records"]:
            assert set(record) <= allowed, f"{collection.name}/{record['id']}: {set(record) - allowed}"
            assert next(iter(record)) == "id"      # keys in the schema's order


def test_json_known_record_and_date_precision(outputs):
    cities = {r["id"]: r for r in json.loads(outputs["data/sister-cities.json"])["records"]}
    assert cities["yerevan"]["name"] == YEREVAN
    assert cities["yerevan"]["signed_on"] == "2023-01-18"
    assert cities["yerevan"]["coordinates"] == {"lat": 40.1792, "lon": 44.4991}
    events = {r["id"]: r for r in json.loads(outputs["data/exhibitions.json"])["records"]}
    assert events["tehran-sister-cities-festival-2022"]["starts_on"] == "2022-07"      # only the month
    findings = {r["id"]: r for r in json.loads(outputs["data/findings.json"])["records"]}
    # Tir 1399: a Solar Hijri month is given as its Gregorian interval
    assert findings["city-diplomacy-quarterly-5-2"]["published_on"] == "2020-06-21/2020-07-21"
    meetings = {r["id"]: r for r in json.loads(outputs["data/council-meetings.json"])["records"]}
    assert meetings["meeting-01"]["held_on"] == "2019-05-14"
    assert meetings["meeting-01"]["time"] == "16:00"


def test_json_schemas_are_published_as_used(outputs):
    for path, content in outputs.items():
        if path.startswith("data/schemas/"):
            assert json.loads(content) == load_schema(path.rsplit("/", 1)[1])


# ----------------------------------------------------------------------------- CSV
def test_csv_opens_in_excel_with_persian_and_arabic(outputs):
    for path, content in outputs.items():
        if path.endswith(".csv"):
            assert content.startswith(b"\xef\xbb\xbf"), f"{path} has no UTF-8 byte-order mark"
            header = content.split(b"\r\n", 1)[0]
            assert b"\n" not in header, f"{path}: lines must end with CRLF"
    rows = {r["id"]: r for r in _csv_rows(outputs["data/sister-cities.csv"])}
    yerevan = rows["yerevan"]
    assert (yerevan["name_en"], yerevan["name_fa"], yerevan["name_ar"]) == ("Yerevan", "ایروان", "يريفان")
    assert (yerevan["coordinates_lat"], yerevan["coordinates_lon"]) == ("40.1792", "44.4991")
    assert yerevan["signed_on"] == "2023-01-18"
    assert yerevan["example"] == "false"
    assert yerevan["areas"] == "transport | urban-planning | culture | environment"
    assert yerevan["signed_in_ar"] == "طهران"


def test_csv_one_row_per_record_and_columns_from_the_schema(outputs, data):
    for collection in COLLECTIONS:
        rows = _csv_rows(outputs[f"data/{collection.name}.csv"])
        assert [r["id"] for r in rows] == sorted(data.records[collection.name])
        columns = list(rows[0])
        for name in collection.schema()["properties"]:
            if (collection.name, name) == ("council-meetings", "resolutions"):
                assert not any(c.startswith("resolutions") for c in columns)
                continue
            assert any(c == name or c.startswith(name + "_") for c in columns), f"{collection.name}.{name}"


def test_resolutions_table_one_row_per_resolution(outputs, data):
    rows = _csv_rows(outputs["data/council-resolutions.csv"])
    count = sum(len(m.get("resolutions", [])) for m in data.records["council-meetings"].values())
    assert len(rows) == count
    first = next(r for r in rows if r["meeting_id"] == "meeting-01" and r["number"] == "1-1")
    assert first["meeting_held_on"] == "2019-05-14"
    assert first["status"] == "implemented"
    assert first["responsible_fa"] == "دبیر شورا"
    assert first["text_en"].startswith("Ordinary meetings are held every other Tuesday")


# ----------------------------------------------------------------------------- Data Package
def test_frictionless_validates_the_data_package(site, outputs):
    report = frictionless.validate(str(site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    package = json.loads(outputs["data/datapackage.json"])
    assert package["licenses"][0] == {"name": LICENCE["id"], "path": LICENCE["url"], "title": LICENCE["name"]}
    paths = {resource["path"] for resource in package["resources"]}
    assert paths == {p.removeprefix("data/") for p in outputs if p.endswith(".csv")}


def test_data_package_fields_match_the_csv_headers(outputs):
    package = json.loads(outputs["data/datapackage.json"])
    for resource in package["resources"]:
        header = next(csv.reader(io.StringIO(outputs["data/" + resource["path"]].decode("utf-8-sig"))))
        assert header == [f["name"] for f in resource["schema"]["fields"]]
        types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        if resource["name"] == "sister-cities":
            assert types["coordinates_lat"] == "number"
            assert types["example"] == "boolean"
            assert types["signed_on"] == "string"      # some cities are known only to the month
        if resource["name"] == "council-meetings":
            assert types["held_on"] == "date" and types["number"] == "integer"


def test_frictionless_reads_persian_through_the_bom(site):
    resource = frictionless.Resource(str(site / "data" / "sister-cities.csv"))
    rows = {row["id"]: row for row in resource.read_rows()}
    assert rows["yerevan"]["name_fa"] == "ایروان"


# ----------------------------------------------------------------------------- GeoJSON
def test_geojson_feature_per_city(outputs, data):
    collection = geojson.loads(outputs["data/sister-cities.geojson"].decode("utf-8"))
    assert collection.is_valid, collection.errors()
    assert collection["type"] == "FeatureCollection"
    features = {f["id"]: f for f in collection["features"]}
    assert set(features) == set(data.records["sister-cities"])
    yerevan = features["yerevan"]
    assert yerevan["geometry"]["type"] == "Point"
    assert list(yerevan["geometry"]["coordinates"]) == [44.4991, 40.1792]      # [lon, lat]
    for lang in LANGUAGES:
        assert yerevan["properties"][f"name_{lang}"] == YEREVAN[lang]
    props = yerevan["properties"]
    assert (props["country"], props["relation"], props["status"], props["signed_on"]) == (
        "AM", "sister-city", "active", "2023-01-18")
    assert props["url_en"] == SITE_URL + "sister-cities/yerevan/"
    assert props["url_fa"] == SITE_URL + "fa/sister-cities/yerevan/"
    assert "crs" not in collection


# ----------------------------------------------------------------------------- iCalendar
def test_calendars_parse_with_the_required_properties(outputs):
    for lang in LANGUAGES:
        for name in ("exhibitions", "council-meetings"):
            calendar = _calendar(outputs, lang, name)
            assert str(calendar["VERSION"]) == "2.0"
            assert calendar["PRODID"] and str(calendar["CALSCALE"]) == "GREGORIAN"
            assert calendar["X-WR-CALNAME"]
            for event in calendar.walk("VEVENT"):
                assert str(event["UID"]).endswith("@tehran-intl.github.io")
                stamp = event["DTSTAMP"].dt
                assert isinstance(stamp, dt.datetime) and stamp.utcoffset() == dt.timedelta(0)
            assert outputs[f"calendars/{lang}/{name}.ics"].count(b"\r\n") > 10


def test_council_meeting_at_its_tehran_time(outputs):
    for lang in LANGUAGES:
        calendar = _calendar(outputs, lang, "council-meetings")
        timezones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
        assert timezones == ["Asia/Tehran"]
        meeting = _events(calendar)["council-meetings-meeting-01@tehran-intl.github.io"]
        start = meeting["DTSTART"]
        assert start.params["TZID"] == "Asia/Tehran"
        assert start.dt.replace(tzinfo=None) == dt.datetime(2019, 5, 14, 16, 0)
        # May 2019 was Iran's summer time (+04:30): 16:00 in Tehran is 11:30 UTC.
        assert start.dt.astimezone(dt.timezone.utc) == dt.datetime(2019, 5, 14, 11, 30, tzinfo=dt.timezone.utc)
    fa = _events(_calendar(outputs, "fa", "council-meetings"))["council-meetings-meeting-01@tehran-intl.github.io"]
    assert "۱" in str(fa["SUMMARY"]) and fa["SUMMARY"].params["LANGUAGE"] == "fa"


def test_exhibitions_are_all_day_and_month_only_events_are_left_out(outputs):
    for lang in LANGUAGES:
        calendar = _calendar(outputs, lang, "exhibitions")
        assert not calendar.walk("VTIMEZONE")          # no timed event, no time zone
        events = _events(calendar)
        innoprom = events["exhibitions-innoprom-2019@tehran-intl.github.io"]
        assert innoprom["DTSTART"].dt == dt.date(2019, 7, 8)
        assert innoprom["DTEND"].dt == dt.date(2019, 7, 12)       # exclusive: the day after 11 July
        assert innoprom["DTSTART"].params.get("VALUE") == "DATE"
        # July 2022, month precision: documented rule, not in the calendar
        assert "exhibitions-tehran-sister-cities-festival-2022@tehran-intl.github.io" not in events
    titles = {"en": "Smart City Expo World Congress 2019", "fa": "نمایشگاه و کنگرهٔ جهانی شهر هوشمند ۲۰۱۹",
              "ar": "المعرض والمؤتمر العالمي للمدن الذكية ٢٠١٩"}
    for lang, title in titles.items():
        event = _events(_calendar(outputs, lang, "exhibitions"))["exhibitions-smart-city-expo-2019@tehran-intl.github.io"]
        assert str(event["SUMMARY"]) == title
        assert str(event["URL"]).endswith(("" if lang == "en" else f"{lang}/") + "exhibitions/smart-city-expo-2019/")


# ----------------------------------------------------------------------------- Atom
def test_feeds_parse_in_every_language(outputs):
    for lang in LANGUAGES:
        for name in ("findings", "resolutions", "relations"):
            parsed = _feed(outputs, lang, name)
            assert parsed.version == "atom10"
            assert parsed.feed.language == lang
            assert parsed.feed.id == f"tag:tehran-intl.github.io,2019:feeds/{lang}/{name}"
            assert 0 < len(parsed.entries) <= 50
            days = [entry.updated_parsed for entry in parsed.entries]
            assert days == sorted(days, reverse=True), "newest first"
            assert all(e.id.startswith(f"tag:tehran-intl.github.io,2019:{lang}/") for e in parsed.entries)
            assert len({e.id for e in parsed.entries}) == len(parsed.entries)


def test_relations_feed_has_the_city_in_the_readers_language(outputs):
    for lang in LANGUAGES:
        entries = {e.id: e for e in _feed(outputs, lang, "relations").entries}
        yerevan = entries[f"tag:tehran-intl.github.io,2019:{lang}/sister-cities/yerevan"]
        assert yerevan.title == YEREVAN[lang]
        assert yerevan.link == SITE_URL + ("" if lang == "en" else f"{lang}/") + "sister-cities/yerevan/"
        assert yerevan.updated.startswith("2023-01-18T00:00:00+03:30")
        assert f"tag:tehran-intl.github.io,2019:{lang}/memberships/asian-mayors-forum" in entries
        # a membership whose joining date no source gives is not news of the day it did not happen
        assert f"tag:tehran-intl.github.io,2019:{lang}/memberships/metropolis" not in entries


def test_findings_feed_titles_in_persian_and_marked_fallbacks(outputs):
    fa = {e.id.rsplit("/", 1)[1]: e for e in _feed(outputs, "fa", "findings").entries}
    assert fa["city-diplomacy-quarterly-5-2"].title == "فصلنامهٔ مطالعات دیپلماسی شهری، سال پنجم، شمارهٔ ۲"
    # No Arabic title: the Arabic feed shows the English one, marked as English.
    root = etree.fromstring(outputs["feeds/ar/findings.xml"])
    for entry in root.iter(f"{ATOM}entry"):
        if entry.findtext(f"{ATOM}id").endswith("/city-diplomacy-quarterly-5-2"):
            title = entry.find(f"{ATOM}title")
            assert title.get(XML_LANG) == "en"
            assert title.text == "City Diplomacy Studies Quarterly, Volume 5, Number 2"
            break
    else:
        pytest.fail("the finding is missing from the Arabic feed")


def test_resolutions_feed(outputs):
    entries = {e.id: e for e in _feed(outputs, "fa", "resolutions").entries}
    entry = entries["tag:tehran-intl.github.io,2019:fa/council/meetings/meeting-01/resolutions/1-1"]
    assert entry.link == SITE_URL + "fa/council/meetings/meeting-01/"
    assert "سه‌شنبه‌ها" in entry.summary
    assert "۱-۱" in entry.title


# ----------------------------------------------------------------------------- determinism
def test_two_builds_give_the_same_bytes(data, outputs):
    assert _build(data) == outputs


def test_a_fresh_copy_of_the_data_gives_the_same_bytes(outputs, tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    assert _build(_load(copy)) == outputs


def test_a_later_build_day_changes_nothing(data, outputs):
    later = GENERATED_ON + dt.timedelta(days=1)
    assert _build(data, generated_on=later) == outputs


# ----------------------------------------------------------------------------- a new record
def test_a_city_added_to_data_appears_everywhere_and_changes_nothing_else(outputs, tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    text = (DATA / "sister-cities" / "yerevan.yml").read_text(encoding="utf-8")
    text = (text.replace("id: yerevan", "id: testville")
            .replace("en: Yerevan", "en: Testville").replace("fa: ایروان", "fa: تست‌ویل")
            .replace("ar: يريفان", "ar: تستفيل")
            .replace("lat: 40.1792", "lat: 41.5").replace("lon: 44.4991", "lon: 45.5"))
    (copy / "sister-cities" / "testville.yml").write_text(text, encoding="utf-8")
    new = _build(_load(copy))

    cities = {r["id"]: r for r in json.loads(new["data/sister-cities.json"])["records"]}
    assert cities["testville"]["name"]["fa"] == "تست‌ویل"
    rows = {r["id"]: r for r in _csv_rows(new["data/sister-cities.csv"])}
    assert rows["testville"]["name_ar"] == "تستفيل"
    features = {f["id"]: f for f in geojson.loads(new["data/sister-cities.geojson"].decode())["features"]}
    assert list(features["testville"]["geometry"]["coordinates"]) == [45.5, 41.5]
    names = {"en": "Testville", "fa": "تست‌ویل", "ar": "تستفيل"}
    for lang in LANGUAGES:
        titles = [e.title for e in _feed(new, lang, "relations").entries]
        assert names[lang] in titles
    site = tmp_path / "site"
    write_outputs(new, site)
    assert frictionless.validate(str(site / "data" / "datapackage.json")).valid

    changed = {path for path in new if new[path] != outputs.get(path)}
    assert changed == {"data/sister-cities.json", "data/sister-cities.csv", "data/sister-cities.geojson",
                       "data/datapackage.json"} | {f"feeds/{lang}/relations.xml" for lang in LANGUAGES}


# ----------------------------------------------------------------------------- the Open data page
@pytest.mark.parametrize("lang", LANGUAGES)
def test_open_data_page_lists_every_download(data, outputs, lang):
    context = open_data_context(data, outputs, lang)
    listed = [resolve_href(lang, d["href"]) for d in context["downloads"]]
    assert sorted(listed) == sorted(outputs), set(outputs) ^ set(listed)
    assert "other" not in [g["id"] for g in context["groups"]]
    for download in context["downloads"]:
        assert download["format"] and download["size"] and download["updated"] and download["label"]
        assert download["licence"]["url"] == LICENCE["url"]
        assert download["bytes"] == len(outputs[resolve_href(lang, download["href"])])
    # hrefs are relative to the page: open-data/ (en) or fa/open-data/, ar/open-data/
    depth = "../" if lang == "en" else "../../"
    assert all(d["href"].startswith(depth) for d in context["downloads"])
    assert all(not d["href"].startswith(depth + "../") for d in context["downloads"])


def test_open_data_page_is_localised(data, outputs):
    fa = open_data_context(data, outputs, "fa")
    groups = {g["id"]: g for g in fa["groups"]}
    assert groups["sister-cities"]["title"] == "شهرهای خواهرخوانده"
    assert groups["sister-cities"]["page_href"] == "../sister-cities/"
    csv_row = next(d for d in groups["sister-cities"]["downloads"] if d["format"] == "CSV")
    assert any("۰" <= ch <= "۹" for ch in csv_row["size"]) and not any(ch.isascii() and ch.isdigit() for ch in csv_row["size"])
    assert csv_row["updated"] == "۹ مهر ۱۴۰۴"          # the newest date in the sister cities: 1 October 2025
    ar = open_data_context(data, outputs, "ar")
    feeds = [d for d in ar["downloads"] if d["format"] == "Atom"]
    assert len(feeds) == 5 * len(LANGUAGES) and feeds[0]["lang"] == "ar"      # the reader's language first
    formats = {d["format"] for d in ar["downloads"]}
    assert formats == {"JSON", "CSV", "GeoJSON", "JSON Schema", "Data Package", "iCalendar", "Atom"}
    en = open_data_context(data, outputs, "en")
    assert en["licence"]["short"] == "CC BY 4.0"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_links_for_the_head(outputs, lang):
    links = feed_links(lang)
    assert {link["type"] for link in links} == {"application/atom+xml", "text/calendar"}
    for link in links:
        assert link["href"] in outputs
        assert f"/{lang}/" in link["href"]
        assert link["title"]
    if lang == "fa":
        assert any("شهرداری تهران" in link["title"] for link in links)
