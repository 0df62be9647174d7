"""`portal validate`: every kind of mistake is caught, at the right file, line and column, in words.

Each test copies the shipped sample data to a temporary folder, plants one mistake, and checks
the exact problem reported.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from portal.validate import validate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PORTAL = Path(sys.executable).parent / "portal"

CITY = """\
# a test city
id: testville
name:
  en: Testville
  fa: تست‌شهر
country: AM
coordinates:
  lat: 40.1
  lon: 44.5
relation: sister-city
status: active
signed_on: 2023-01-18
office: specialised-organisations
"""


@pytest.fixture
def data(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def plant(data: Path, text: str, folder="sister-cities", name="testville.yml") -> Path:
    path = data / folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_in(data: Path, file: Path | None = None, environment: str = "development"):
    result = validate(data, environment=environment)
    if file is None:
        return result.problems
    shown = os.path.relpath(file).replace(os.sep, "/")
    return [p for p in result.problems if p.path == shown]


def only_error(data: Path, file: Path):
    errors = [p for p in problems_in(data, file) if p.is_error]
    assert len(errors) == 1, "\n".join(p.render() for p in errors) or "no error reported"
    return errors[0]


def test_shipped_sample_data_is_valid():
    result = validate(DATA)
    assert not result.problems.errors, "\n".join(p.render() for p in result.problems.errors)
    assert sum(len(c) for c in result.records.values()) >= 40


def test_files_are_read_the_same_on_several_cores(data, monkeypatch):
    """Large data folders are read by forked workers: same records, same problems, same order."""
    import portal.validate as validate_module
    plant(data, CITY.replace("country: AM", "contry: AM"))
    plant(data, "id: broken\nname: [unclosed\n", name="broken.yml")
    serial = validate(data)
    original = validate_module._read_all
    monkeypatch.setattr(validate_module, "_read_all", lambda files: original(files, parallel_from=1))
    parallel = validate(data)
    assert [p.render() for p in parallel.problems] == [p.render() for p in serial.problems]
    assert len(serial.problems.errors) >= 2
    assert {c: list(r) for c, r in parallel.records.items()} == {c: list(r) for c, r in serial.records.items()}


def test_valid_planted_record_has_no_problem(data):
    file = plant(data, CITY)
    assert problems_in(data, file) == []


def test_yaml_syntax_error(data):
    file = plant(data, CITY.replace("status: active", "status: active: yes"))
    p = only_error(data, file)
    assert (p.line, p.code) == (11, "yaml-syntax")
    assert "colon" in p.message_en and "دونقطه" in p.message_fa


def test_duplicate_key(data):
    file = plant(data, CITY + "country: IR\n")
    p = only_error(data, file)
    assert (p.line, p.column, p.code) == (14, 1, "duplicate-key")
    assert "'country' is written twice" in p.message_en and "line 6" in p.message_en


def test_tab_indentation(data):
    file = plant(data, CITY.replace("  lat: 40.1", "\tlat: 40.1"))
    p = only_error(data, file)
    assert (p.line, p.code) == (8, "tab")


def test_unknown_field_suggests_the_right_name(data):
    file = plant(data, CITY.replace("country: AM", "contry: AM"))
    errors = [p for p in problems_in(data, file) if p.is_error]
    unknown = [p for p in errors if p.code == "unknown-field"][0]
    assert (unknown.line, unknown.column) == (6, 1)
    assert "Unknown field 'contry'. Did you mean 'country'?" in unknown.message_en
    assert "آیا منظورتان «country» است؟" in unknown.message_fa
    assert any(p.code == "missing-field" and "'country'" in p.message_en for p in errors)


def test_missing_required_field(data):
    file = plant(data, CITY.replace("relation: sister-city\n", ""))
    p = only_error(data, file)
    assert p.code == "missing-field" and p.line == 2   # the record's first line
    assert "The required field 'relation' is missing" in p.message_en


def test_wrong_type_explains_yaml_yes_no(data):
    file = plant(data, CITY.replace("country: AM", "country: NO"))
    p = only_error(data, file)
    assert (p.line, p.code) == (6, "wrong-type")
    assert "yes/no value" in p.message_en and "quotes" in p.message_en


def test_id_must_match_file_name(data):
    file = plant(data, CITY.replace("id: testville", "id: testvile"))
    p = only_error(data, file)
    assert (p.line, p.column, p.code) == (2, 5, "id-mismatch")
    assert "write id: testville" in p.message_en


def test_unknown_country_code(data):
    file = plant(data, CITY.replace("country: AM", "country: XY"))
    p = only_error(data, file)
    assert (p.line, p.code) == (6, "bad-country")
    assert "'XY' is not a country code" in p.message_en


def test_latitude_out_of_range(data):
    file = plant(data, CITY.replace("lat: 40.1", "lat: 140.1"))
    p = only_error(data, file)
    assert (p.line, p.column, p.code) == (8, 8, "out-of-range")
    assert "-90 to 90" in p.message_en


def test_end_before_start(data):
    file = plant(data, CITY + "review_on: 2020-01-01\n")
    p = only_error(data, file)
    assert (p.line, p.code) == (14, "end-before-start")


def test_malformed_url(data):
    file = plant(data, CITY + "sources:\n  - title: Somewhere\n    url: www.example.org/page\n")
    p = only_error(data, file)
    assert (p.line, p.column, p.code) == (16, 10, "bad-http-url")
    assert "https://" in p.message_en


def test_persian_text_with_arabic_letters_and_fix(data):
    file = plant(data, CITY.replace("fa: تست‌شهر", "fa: شهر كيان # comment kept"))
    p = only_error(data, file)
    assert (p.line, p.code) == (5, "bad-persian-text")
    assert "portal fix" in p.message_en
    before = file.read_text(encoding="utf-8")
    result = subprocess.run([str(PORTAL), "fix", str(data)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    after = file.read_text(encoding="utf-8")
    assert after == before.replace("شهر كيان", "شهر کیان"), "fix must change only the Persian letters"
    assert "# comment kept" in after
    assert problems_in(data, file) == []


def test_two_digit_year_suggests_the_full_year(data):
    file = plant(data, CITY.replace("signed_on: 2023-01-18", "signed_on: 85/5/22"))
    p = only_error(data, file)
    assert (p.line, p.code) == (12, "bad-portal-date")
    assert "1385/05/22" in p.message_en


def test_solar_hijri_dates_with_persian_digits_are_accepted(data):
    file = plant(data, CITY.replace("signed_on: 2023-01-18", 'signed_on: "۱۴۰۱/۱۰/۲۸"'))
    assert problems_in(data, file) == []
    record = validate(data).records["sister-cities"]["testville"]
    assert record["signed_on"].start.isoformat() == "2023-01-18"


def test_missing_document_file(data):
    file = plant(data, CITY + "documents:\n  - title: {en: MoU}\n    language: en\n    file: sister-cities/nothing.pdf\n")
    p = only_error(data, file)
    assert (p.line, p.code) == (17, "missing-file")


def test_raw_html_is_refused(data):
    file = plant(data, CITY + "summary:\n  en: Hello <script>alert(1)</script>\n")
    p = only_error(data, file)
    assert (p.line, p.code) == (15, "bad-markdown")


def test_invalid_isbn_check_digit(data):
    path = data / "findings"
    source = next(f for f in path.glob("*.yml") if "isbn:" in f.read_text())
    text = source.read_text()
    isbn = [l for l in text.splitlines() if l.startswith("isbn:")][0]
    wrong = isbn[:-1] + str((int(isbn.strip().strip('"')[-1]) + 1) % 10) + ('"' if isbn.endswith('"') else "")
    source.write_text(text.replace(isbn, wrong))
    p = only_error(data, source)
    assert p.code == "bad-isbn"


# ----------------------------------------------------------------------------- the statute
MEETINGS = "council/meetings"


def test_attendee_who_is_not_a_member(data):
    file = data / MEETINGS / "meeting-02.yml"
    text = file.read_text()
    file.write_text(text.replace("attendees:\n", "attendees:\n  - nobody-at-all\n", 1))
    p = [x for x in problems_in(data, file) if x.code == "unknown-reference"][0]
    assert "data/council/members/" in p.message_en
    line = text.splitlines().index("attendees:") + 2
    assert p.line == line, p.render()


def test_deemed_resigned_member_recorded_as_attending(data):
    file = data / MEETINGS / "meeting-07.yml"
    text = file.read_text()
    file.write_text(text.replace("attendees:\n", "attendees:\n  - mojtaba-nikbakht\n", 1))
    p = [x for x in problems_in(data, file) if x.is_error][0]
    assert p.code in ("attendee-resigned", "attendee-not-in-office"), p.render()
    assert "mojtaba-nikbakht" in p.message_en


def test_member_count_outside_statute(data):
    for name in ("shirin-azarnoush.yml", "hadi-sepehrara.yml"):
        (data / "council" / "members" / name).unlink()
        for meeting in (data / MEETINGS).glob("*.yml"):
            meeting.write_text(meeting.read_text().replace(f"  - {name[:-4]}\n", ""))
    codes = {p.code for p in problems_in(data) if p.is_error}
    assert "member-count" in codes or "expert-count" in codes, codes


def test_late_agenda_is_a_warning_not_an_error(data):
    problems = problems_in(data)
    late = [p for p in problems if p.code == "agenda-late"]
    assert late and all(not p.is_error for p in late)
    assert not problems.errors


# ----------------------------------------------------------------------------- the command
def test_command_exit_codes_and_annotations(data):
    ok = subprocess.run([str(PORTAL), "validate", str(data)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout
    plant(data, CITY.replace("country: AM", "contry: AM"))
    env = dict(os.environ, GITHUB_ACTIONS="true")
    bad = subprocess.run([str(PORTAL), "validate", str(data)], capture_output=True, text=True, env=env, cwd=data.parent)
    assert bad.returncode == 1
    assert "Traceback" not in bad.stdout + bad.stderr
    assert "data/sister-cities/testville.yml:6:1: error: Unknown field 'contry'" in bad.stdout
    assert "::error file=data/sister-cities/testville.yml,line=6,col=1" in bad.stdout
    assert "خطا: فیلد ناشناخته «contry»" in bad.stdout


def test_reports_all_problems_not_only_the_first(data):
    plant(data, CITY.replace("country: AM", "country: XY").replace("lat: 40.1", "lat: 400"))
    plant(data, "id: other\n", name="other.yml")
    problems = problems_in(data)
    assert len({p.path for p in problems.errors}) == 2
    assert len(problems.errors) >= 3


# ----------------------------------------------------------------------------- never crashes
yaml_text = st.one_of(
    st.text(alphabet=st.sampled_from(list("ab:- \n\t'\"[]{}#&*!|>%@`ي۱\x1f\ufeff") + ["\u200c", "ك"]), max_size=80),
    st.text(max_size=60),
    st.builds(lambda k, v: f"{k}: {v}\n", st.sampled_from(["id", "name", "country", "coordinates", "signed_on", "x"]),
              st.text(max_size=20)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=yaml_text)
def test_validator_never_crashes_on_arbitrary_yaml(tmp_path_factory, text):
    data = tmp_path_factory.mktemp("fuzz")
    for collection in ("sister-cities", "findings", "council/meetings"):
        (data / collection).mkdir(parents=True)
        (data / collection / "x.yml").write_text(text, encoding="utf-8")
    result = validate(data)          # must return, never raise
    assert all(p.line >= 1 and p.column >= 1 for p in result.problems)


# ------------------------------------------------------- the two schema engines agree
# validate.py asks jsonschema-rs whether a record is valid and python-jsonschema (the reference)
# for the errors of the ones it refuses: a record the fast check passed is never looked at again,
# so the two must give the same answer on every record, valid or not.

def _sample_values() -> list:
    from portal.collections import COLLECTIONS
    from portal.load import load_file
    from portal.problems import ProblemList
    values = []
    for collection in COLLECTIONS:
        for file in sorted((DATA / collection.folder).glob("*.yml")):
            values.append((collection, load_file(file, file.name, ProblemList()).value))
    return values


SAMPLE_VALUES = _sample_values()
_ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False), st.text(max_size=12),
    st.sampled_from(["", " ", "x", "<b>x</b>", "[a](javascript:alert(1))", "\u202eevil", "2019-13-45", "1398/13/01",
                     "2019", "98-01-01", "XX", "IR", "ftp://x", "https://example.org/a", "سلام", "مدينة", "978-0-306-40615-7",
                     "0378-5955", "sister-city", "active", "fa", "meeting-01", "member-01", "Lorem *ipsum*"]),
    st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.sampled_from(["en", "fa", "ar", "x"]), st.text(max_size=8), max_size=3),
)


def _places(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, path + (index,))


@st.composite
def _mutated_records(draw):
    import copy
    collection, value = draw(st.sampled_from(SAMPLE_VALUES))
    value = copy.deepcopy(value)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(_places(value))))
        if not path:
            continue
        parent = value
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["x", "en", "fa", "ar", "note", "url", "file", "issue", "year"]))] = draw(_ODD_VALUES)
        else:
            parent[path[-1]] = draw(_ODD_VALUES)
    return collection, value


def _verdicts(collection, value) -> tuple[bool, bool]:
    from portal.validate import fast_validator, schema_validator
    return fast_validator(collection).is_valid(value), not any(True for _ in schema_validator(collection).iter_errors(value))


def test_fast_schema_check_agrees_on_every_sample_record():
    assert len(SAMPLE_VALUES) >= 40
    assert all(_verdicts(c, v) == (True, True) for c, v in SAMPLE_VALUES)


@settings(max_examples=400, deadline=None)
@given(record=_mutated_records())
def test_fast_schema_check_agrees_with_python_jsonschema(record):
    collection, value = record
    fast, reference = _verdicts(collection, value)
    assert fast == reference, f"{collection.name}: jsonschema-rs says {fast}, python-jsonschema {reference}: {value!r}"
