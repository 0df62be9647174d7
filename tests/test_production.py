"""Publishing builds in production mode: example records (invented sample data) are held back,
never shown; lists left without records say so; the statute applies to what is published.

Pull-request previews (development mode, the default) keep the examples, badged: the rest of the
suite builds that way.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from site_html import pages, parse
from portal.validate import PRODUCTION, validate

PORTAL = Path(sys.executable).parent / "portal"
EMPTY_LISTS = {   # list page -> its message in en, fa, ar
    "council/members": ("The council's roster is not yet published.", "فهرست اعضای شورا هنوز منتشر نشده است.",
                        "لم تُنشر قائمة أعضاء المجلس بعد."),
    "council/meetings": ("No meeting of the council is published yet.", "هنوز هیچ جلسه‌ای از شورا منتشر نشده است.",
                         "لم يُنشر أي اجتماع للمجلس بعد."),
    "council/resolutions": ("No resolution of the council is published yet.",
                            "هنوز هیچ مصوبه‌ای از شورا منتشر نشده است.", "لم يُنشر أي قرار للمجلس بعد."),
    "council/documents": ("No document of the council is published yet.", "هنوز هیچ سندی از شورا منتشر نشده است.",
                          "لم تُنشر أي وثيقة للمجلس بعد."),
}


def examples(data_dir: Path = ROOT / "data") -> dict[str, set]:
    found: dict[str, set] = {}
    for collection, records in validate(data_dir).records.items():
        found[collection] = {record_id for record_id, record in records.items() if record.example}
    return found


@pytest.fixture(scope="module")
def production_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("production") / "site"
    result = build_site(site, extra_env={"PORTAL_ENV": PRODUCTION})
    assert result.returncode == 0, f"the production build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return site


def test_sample_data_has_examples_to_hold_back():
    held = examples()
    assert sum(len(ids) for ids in held.values()) >= 40, held
    assert held["council-members"] and held["findings"]


def test_production_validation_holds_examples_back_with_a_warning_each():
    data = validate(ROOT / "data", environment=PRODUCTION)
    assert not data.problems.errors, "\n".join(p.render() for p in data.problems.errors)
    held = {p.path for p in data.problems.warnings if p.code == "held-back"}
    expected = {record.path for c in data.held_back.values() for record in c.values()}
    assert held == expected and len(held) == sum(len(ids) for ids in examples().values())
    assert not any(record.example for c in data.records.values() for record in c.values())


def test_held_back_command_lists_them_for_the_job_summary():
    result = subprocess.run([str(PORTAL), "held-back", "data"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "data/council/members/narges-sabetian.yml" in result.stdout
    assert "data/sister-cities/beijing.yml" not in result.stdout   # a real record


def test_no_example_reaches_the_public_site(production_site):
    site = production_site
    for collection, ids in examples().items():
        folder = {"council-members": "council/members", "council-meetings": "council/meetings",
                  "council-documents": "council/documents"}.get(collection, collection)
        for record_id in ids:
            for prefix in ("", "fa/", "ar/"):
                assert not (site / prefix / folder / record_id).exists(), f"{prefix}{folder}/{record_id} is published"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "narges-sabetian" not in sitemap and "meeting-01" not in sitemap
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        assert "portal-badge--example" not in html, f"{page.relative_to(site)} shows an example"
    for name in ("sister-cities", "findings", "council-members", "council-meetings"):
        records = json.loads((site / "data" / f"{name}.json").read_text(encoding="utf-8"))["records"]
        assert not any(r.get("example") for r in records), name
    search = " ".join(p.read_text(encoding="utf-8") for p in (site / "search-index").rglob("d/*.json"))
    assert "narges-sabetian" not in search and "Sabetian" not in search


def test_files_of_examples_are_not_published(production_site):
    # Every file in the sample data belongs to an example record today.
    assert not any(p.is_file() for p in (production_site / "files").rglob("*"))


@pytest.mark.parametrize("folder", list(EMPTY_LISTS))
def test_lists_without_records_say_so_in_every_language(production_site, folder):
    for index, prefix in enumerate(("", "fa/", "ar/")):
        tree = parse(production_site / prefix / folder / "index.html")
        notes = [" ".join(p.text_content().split()) for p in tree.xpath("//p[@class='portal-empty']")]
        assert notes == [EMPTY_LISTS[folder][index]], (prefix + folder, notes)
        assert not tree.xpath("//table"), f"{prefix}{folder}: an empty table is shown"


def test_real_records_are_all_published(production_site):
    real = [r for r in validate(ROOT / "data").records["sister-cities"].values() if not r.example]
    assert real
    for city in real:
        for prefix in ("", "fa/", "ar/"):
            assert (production_site / prefix / "sister-cities" / city.id / "index.html").exists()


def _copy(tmp_path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    return data


def _make_real(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("example: true\n", "", 1), encoding="utf-8")


def test_some_real_members_must_satisfy_the_statute(tmp_path):
    """One real member and the rest examples: the published council has 1 member, not 11 to 15."""
    data = _copy(tmp_path)
    _make_real(data / "council/members/narges-sabetian.yml")
    problems = validate(data, environment=PRODUCTION).problems
    assert any(p.code == "member-count" and "narges-sabetian" in p.path for p in problems.errors), \
        "\n".join(p.render() for p in problems)
    # The preview (examples kept) is unaffected: the whole sample council satisfies the statute.
    assert not validate(data).problems.errors


def test_a_real_meeting_cannot_name_example_members(tmp_path):
    data = _copy(tmp_path)
    _make_real(data / "council/meetings/meeting-01.yml")
    problems = validate(data, environment=PRODUCTION).problems.errors
    assert problems and all(p.code == "refers-to-example" and p.path.endswith("meeting-01.yml") for p in problems), \
        "\n".join(p.render() for p in problems)
    assert "held back from the public site" in problems[0].message_en and "نمونه" in problems[0].message_fa


def test_a_real_document_cannot_cite_an_example_meeting(tmp_path):
    data = _copy(tmp_path)
    _make_real(data / "council/documents/annual-programme-1398.yml")
    problems = validate(data, environment=PRODUCTION).problems.errors
    assert [p.code for p in problems] == ["refers-to-example"], "\n".join(p.render() for p in problems)


def test_readme_says_how_much_of_the_data_is_real():
    from portal.coverage import table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert table(validate(ROOT / "data")) in readme, "README's data table is stale: paste `portal coverage` into it"


def test_every_real_record_stands_on_a_source():
    from portal.coverage import rows

    missing = [path for *_, unsourced in rows(validate(ROOT / "data")) for path in unsourced]
    assert not missing, missing


def test_every_atlas_relation_is_a_real_record():
    """Tehran Municipality's atlas page names these sister cities and memoranda."""
    atlas = "http://atlas.tehran.ir/Default.aspx?tabid=252"
    cities = validate(ROOT / "data").records["sister-cities"]
    named = {"havana", "moscow", "minsk", "caracas", "seoul", "pretoria", "beijing", "istanbul", "sanaa", "kuwait",
             "khartoum", "brasilia", "dushanbe", "baghdad", "kabul", "paris", "milan", "st-petersburg"}
    found = {record_id for record_id, city in cities.items()
             if not city.example and any(s.get("url") == atlas for s in city.get("sources", []))}
    assert named - found == set(), sorted(named - found)
