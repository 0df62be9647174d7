"""`portal bench`: build the whole trilingual site at scale and report time, memory and size.

For each size it writes N synthetic (valid) records into one collection on top of the sample
data, runs the real `mkdocs build`, and measures wall time and the build's peak memory. In the
same run it builds the same number of plain Markdown pages (three languages, same theme and i18n
plugin, no data layer), so the ratio shows what the data layer itself costs.
"""
from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from . import languages

ROOT = Path(__file__).resolve().parents[2]

CITY = """\
id: {id}
name:
  en: Benchcity {n}
  fa: شهر آزمایشی {n}
  ar: مدينة تجريبية {n}
country: {country}
coordinates:
  lat: {lat}
  lon: {lon}
relation: {relation}
status: {status}
signed_on: {year}-{month:02d}-{day:02d}
office: specialised-organisations
summary:
  en: Benchcity {n} and Tehran cooperate in **urban transport** and culture.
  fa: شهر آزمایشی {n} و تهران در **حمل‌ونقل شهری** و فرهنگ همکاری می‌کنند.
"""
COUNTRIES = ["CN", "AM", "BY", "IQ", "TR", "RU", "IN", "BR", "ZA", "KR", "MY", "VE", "CU", "SY", "LB"]


def write_cities(data: Path, count: int) -> None:
    rng = random.Random(1398)          # the same data on every run
    folder = data / "sister-cities"
    for n in range(count):
        (folder / f"bench-{n:05d}.yml").write_text(CITY.format(
            id=f"bench-{n:05d}", n=n, country=rng.choice(COUNTRIES), lat=round(rng.uniform(-50, 70), 4),
            lon=round(rng.uniform(-170, 170), 4), relation=rng.choice(["sister-city", "friendship", "cooperation-mou"]),
            status=rng.choice(["active", "lapsed", "historical"]), year=rng.randint(1980, 2025),
            month=rng.randint(1, 12), day=rng.randint(1, 28)), encoding="utf-8")


def plain_site(folder: Path, pages: int) -> Path:
    """The same theme and languages, `pages` Markdown pages per language, no hooks, no data."""
    docs = folder / "docs"
    (docs / "cities").mkdir(parents=True)
    for lang in languages.codes():
        (docs / f"index.{lang}.md").write_text("# Home\n\nHello.\n", encoding="utf-8")
        for n in range(pages):
            (docs / "cities" / f"city-{n:05d}.{lang}.md").write_text(
                f"# Benchcity {n}\n\n| field | value |\n|---|---|\n| country | China |\n| signed | 2014 |\n\n"
                f"Benchcity {n} and Tehran cooperate in **urban transport** and culture.\n", encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    config.pop("hooks", None)
    # Like the portal, only the home page is in the navigation (every page in it would make
    # each page render the whole list: quadratic time).
    config["nav"] = [{"Home": "index.md"}]
    config["not_in_nav"] = "/cities/*"
    config["site_url"] = "https://example.org/"
    config["docs_dir"] = str(docs)
    for key in ("custom_dir", "favicon", "logo"):   # Material as it ships: no portal templates
        config["theme"].pop(key, None)
    config.pop("extra_css", None)
    config["strict"] = False
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return config_file


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure_child(args, env, cwd) -> tuple[float, float]:
    """Run in a fresh helper process so each build's peak memory is its own."""
    code = ("import resource,subprocess,sys,time,json;s=time.perf_counter();"
            "r=subprocess.run(json.loads(sys.argv[1]),capture_output=True,text=True);"
            "w=time.perf_counter()-s;m=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024;"
            "print(w,m) if r.returncode==0 else (print(r.stdout[-3000:],r.stderr[-3000:]),sys.exit(1))")
    import json
    out = subprocess.run([sys.executable, "-c", code, json.dumps(args)], env=env, cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"build failed:\n{out.stdout}\n{out.stderr}")
    wall, peak = out.stdout.split()[-2:]
    return float(wall), float(peak)


def serve_build(config_file: Path, site_dir: Path) -> float:
    """One build as `mkdocs serve` makes it after a change: configuration reloaded, same process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command="serve", dirty=False)
    start = time.perf_counter()
    build(config, serve_url="http://127.0.0.1:8000/")
    config.plugins.on_shutdown()
    return time.perf_counter() - start


def rebuild_times(edits: int = 3) -> list[float]:
    """Seconds per rebuild after one YAML edit at sample size, in one process as `mkdocs serve` does.

    Each rebuild reloads the configuration and calls MkDocs' build() again; the first build is
    not counted. A pause before each edit lets the previous build's search index finish, as
    it does while a person edits. Run in a child process (portal keeps caches per process).
    """
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="portal-serve-", ignore_cleanup_errors=True) as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data)
        os.environ.update(PORTAL_DATA=str(data), NO_MKDOCS_2_WARNING="1")

        def one_build() -> float:
            return serve_build(ROOT / "mkdocs.yml", Path(tmp) / "site")

        one_build()
        city = data / "sister-cities" / "beijing.yml"
        times = []
        for n in range(edits):
            time.sleep(3)
            text = city.read_text(encoding="utf-8")
            city.write_text(text.replace("summary:", f"# edit {n}\nsummary:", 1), encoding="utf-8")
            times.append(one_build())
        return times


def main(args) -> int:
    sizes = [int(s) for s in str(args.sizes).split(",")]
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PORTAL_TODAY="2026-11-25")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    # First, on a quiet disk: right after the large builds below, this machine writes slowly for a while.
    code = "from portal.bench import rebuild_times; print(*rebuild_times())"
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"rebuild measurement failed:\n{result.stderr[-3000:]}")
    print("mkdocs serve, rebuild after one YAML edit at sample size: "
          + ", ".join(f"{float(t):.2f} s" for t in result.stdout.split()) + "\n")
    repeat = max(1, int(args.repeat))
    print(f"Each size is built {repeat} times into a new folder: best and median wall time (this machine's disk and\n"
          "CPU vary from run to run); the plain stack once.\n")
    print("| records | pages | wall s best | wall s median | ms/page (best) | peak MB | output MB | plain wall s | plain peak MB | ratio (best / plain) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
            tmp = Path(tmp)
            data = tmp / "data"
            shutil.copytree(ROOT / "data", data)
            write_cities(data, size)
            runs = []
            for run in range(repeat):
                site = tmp / f"site-{run}"
                runs.append(measure_child([mkdocs, "build", "-q", "--site-dir", str(site)],
                                          dict(env, PORTAL_DATA=str(data)), ROOT))
            walls = sorted(wall for wall, _ in runs)
            best, median, peak = walls[0], walls[len(walls) // 2], max(p for _, p in runs)
            pages = sum(1 for _ in site.rglob("index.html"))
            plain_config = plain_site(tmp / "plain", size)
            plain_wall, plain_peak = measure_child([mkdocs, "build", "-q", "-f", str(plain_config),
                                                    "--site-dir", str(tmp / "plain-site")], env, tmp / "plain")
            print(f"| {size:,} | {pages:,} | {best:.1f} | {median:.1f} | {best / pages * 1000:.2f} | {peak:.0f} | "
                  f"{folder_bytes(site) / 1e6:.1f} | {plain_wall:.1f} | {plain_peak:.0f} | {best / plain_wall:.2f} |",
                  flush=True)
            if args.keep:
                kept = ROOT / ".cache" / f"bench-{size}"
                shutil.rmtree(kept, ignore_errors=True)
                shutil.copytree(site, kept)
    return 0
