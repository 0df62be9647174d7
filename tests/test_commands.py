"""The commands CI runs (README, Makefile, workflows): pr-summary and translations work on a real repository."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

PORTAL = Path(sys.executable).parent / "portal"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_change_summary_names_what_a_pull_request_adds(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree("data", repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    yerevan = (repo / "data/sister-cities/yerevan.yml").read_text(encoding="utf-8")
    (repo / "data/sister-cities/testville.yml").write_text(
        yerevan.replace("id: yerevan", "id: testville").replace("en: Yerevan", "en: Testville"), encoding="utf-8")
    minsk = repo / "data/sister-cities/minsk.yml"
    minsk.write_text(minsk.read_text(encoding="utf-8").replace("status: active", "status: lapsed"), encoding="utf-8")
    (repo / "data/findings/city-diplomacy-handbook.yml").unlink()
    result = subprocess.run([str(PORTAL), "changes", "--base", "HEAD", "data"], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "new sister city: Testville (en, fa, ar)" in out, out
    assert "changed sister city: Minsk — status" in out, out
    assert "removed publication: City Diplomacy: A Handbook for Urban Managers" in out, out


def test_translation_report_lists_missing_languages_with_lines(tmp_path):
    data = tmp_path / "data"
    shutil.copytree("data", data)
    city = data / "sister-cities" / "yerevan.yml"
    city.write_text(city.read_text(encoding="utf-8").replace("  ar: يريفان\n", "", 1), encoding="utf-8")
    result = subprocess.run([str(PORTAL), "translations", str(data)], capture_output=True, text=True)
    assert result.returncode == 0
    line = next(l for l in result.stdout.splitlines() if "yerevan.yml" in l and "'name'" in l)
    assert "sister-cities/yerevan.yml:5:3: missing ar in 'name'" in line, line
    markdown = subprocess.run([str(PORTAL), "translations", "--format", "markdown", str(data)], capture_output=True, text=True)
    assert "| ar |" in markdown.stdout and "of" in markdown.stdout


def test_bench_reports_builds_and_serve_rebuilds():
    """`portal bench` (README) at a tiny size: one row of its table and the rebuild times."""
    result = subprocess.run([str(PORTAL), "bench", "--sizes", "20", "--repeat", "1"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("| 20 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert len(cells) == 13 and int(cells[1]) == 20 + 10 + 5 and int(cells[2].replace(",", "")) > 3 * 35, row
    wall, cpu = float(cells[3]), float(cells[5])
    assert wall > 0 and cpu > 0, row
    times = result.stdout.split("rebuild after one YAML edit at sample size:")[1].splitlines()[0]
    assert times.count(" s") == 3, times
