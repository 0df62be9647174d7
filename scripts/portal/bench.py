"""`portal bench`: build the whole trilingual site at scale and report time, memory and size.

For each size it writes N generated (valid, realistic) sister cities, with memoranda and visits
linked to them, on top of the sample data, runs the real `mkdocs build`, and measures wall time,
CPU time and peak memory. In the same run it builds the same number of plain Markdown pages (three languages, same theme and i18n
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

# A generated record reads like a real one: a summary of several sentences in three languages,
# areas, activities, documents and sources, so page size and Markdown work are those of real data.
SUMMARY = {
    "en": ("Benchcity {n} and Tehran signed their relation in {year}, when the mayors of the two cities met "
           "during an official visit and agreed to cooperate, on the basis of equality and mutual benefit, in "
           "**urban transport**, culture, urban planning and the environment. Since then delegations have "
           "travelled both ways, experts of the two municipalities have exchanged experience of metro "
           "building, waste management and air quality, and cultural weeks have been held in both cities. "
           "The office follows the relation up each year and reports to the deputy for international affairs."),
    "fa": ("شهر آزمایشی {n} و تهران رابطهٔ خود را در سال {year} امضا کردند، هنگامی که شهرداران دو شهر در "
           "سفری رسمی دیدار کردند و توافق کردند بر پایهٔ برابری و منافع متقابل در **حمل‌ونقل شهری**، فرهنگ، "
           "برنامه‌ریزی شهری و محیط زیست همکاری کنند. از آن زمان هیئت‌هایی از هر دو سو سفر کرده‌اند، "
           "کارشناسان دو شهرداری تجربه‌های خود را در ساخت مترو، مدیریت پسماند و کیفیت هوا به اشتراک "
           "گذاشته‌اند و هفته‌های فرهنگی در هر دو شهر برگزار شده است."),
    "ar": ("وقّعت المدينة التجريبية {n} وطهران علاقتهما في عام {year} حين التقى رئيسا بلديتي المدينتين في "
           "زيارة رسمية واتفقا على التعاون، على أساس المساواة والمنفعة المتبادلة، في **النقل الحضري** "
           "والثقافة والتخطيط الحضري والبيئة. ومنذ ذلك الحين تبادلت المدينتان الوفود والخبرات."),
}
COUNTRIES = ["CN", "AM", "BY", "IQ", "TR", "RU", "IN", "BR", "ZA", "KR", "MY", "VE", "CU", "SY", "LB"]
AREAS = ["urban-planning", "transport", "environment", "culture", "tourism", "economy-investment"]


def _text(texts: dict, **values) -> dict:
    return {lang: text.format(**values) for lang, text in texts.items()}


def _source(kind: str, n: int, year: int) -> dict:
    return {"title": f"Tehran and Benchcity {n}: {kind} ({year})", "publisher": "Benchcity News Agency",
            "url": f"https://news.example.org/{kind}/{n:05d}", "accessed_on": "2026-11-20", "language": "en"}


def city_record(n: int, rng: random.Random) -> dict:
    year, month, day = rng.randint(1980, 2025), rng.randint(1, 12), rng.randint(1, 28)
    name = {"en": f"Benchcity {n}", "fa": f"شهر آزمایشی {n}", "ar": f"مدينة تجريبية {n}"}
    return {
        "id": f"bench-{n:05d}", "name": name, "country": rng.choice(COUNTRIES),
        "coordinates": {"lat": round(rng.uniform(-50, 70), 4), "lon": round(rng.uniform(-170, 170), 4)},
        "relation": rng.choice(["sister-city", "friendship", "cooperation-mou"]),
        "status": rng.choice(["active", "lapsed", "historical"]),
        "signed_on": f"{year}-{month:02d}-{day:02d}", "signed_in": dict(name),  # a shared object would be dumped as a YAML anchor
        "areas": rng.sample(AREAS, 4), "office": "specialised-organisations",
        "summary": _text(SUMMARY, n=n, year=year),
        "activities": [
            {"kind": "event", "date": f"{min(year + 2, 2025)}-{month:02d}",
             "title": {"en": f"Tehran cultural week in Benchcity {n}", "fa": f"هفتهٔ فرهنگی تهران در شهر آزمایشی {n}"},
             "description": {"en": "Exhibitions of Iranian crafts, a film programme and a concert of Persian music.",
                             "fa": "نمایشگاه صنایع دستی ایران، برنامهٔ فیلم و کنسرت موسیقی ایرانی."}},
            {"kind": "exchange", "date": min(year + 4, 2025),
             "title": {"en": "Exchange of metro and air-quality experts", "fa": "تبادل کارشناسان مترو و کیفیت هوا"}},
        ],
        "documents": [{"title": {"en": "Text of the agreement", "fa": "متن توافق‌نامه"}, "language": "fa",
                       "url": f"https://documents.example.org/benchcity-{n:05d}.pdf"}],
        "sources": [_source("signing", n, year), _source("relation", n, year)],
    }


def agreement_record(n: int, city: dict) -> dict:
    """The memorandum that founded a generated city's relation, with a follow-up log."""
    year = int(str(city["signed_on"])[:4])
    return {
        "id": f"bench-{n:05d}-memorandum", "kind": "memorandum", "parties": [{"sister_city": city["id"]}],
        "title": {"en": f"Memorandum between Tehran and Benchcity {n}", "fa": f"تفاهم‌نامهٔ تهران و شهر آزمایشی {n}",
                  "ar": f"مذكرة تفاهم بين طهران والمدينة التجريبية {n}"},
        "tehran_body": "municipality", "founding": True, "signed_on": city["signed_on"], "status": "in-force",
        "areas": list(city["areas"]), "summary": _text(SUMMARY, n=n, year=year),
        "follow_up": [{"date": f"{y}-03", "action": {"en": "Yearly review of the joint programme by both offices.",
                                                      "fa": "بازبینی سالانهٔ برنامهٔ مشترک از سوی دو دفتر."}}
                      for y in (2024, 2025, 2026)],
        "office": "foreign-relations", "sources": [_source("memorandum", n, year)],
    }


def visit_record(n: int, city: dict) -> dict:
    """A delegation from a generated city to Tehran, which followed its memorandum."""
    year = max(int(str(city["signed_on"])[:4]), 2015)
    return {
        "id": f"bench-{n:05d}-visit", "direction": "incoming", "starts_on": f"{year}-05-10", "ends_on": f"{year}-05-13",
        "title": {"en": f"Delegation of Benchcity {n} in Tehran", "fa": f"سفر هیئت شهر آزمایشی {n} به تهران"},
        "counterpart": {"sister_city": city["id"]},
        "led_by": {"name": {"en": f"Mayor {n}", "fa": f"شهردار {n}"}, "role": {"en": f"Mayor of Benchcity {n}",
                                                                              "fa": f"شهردار شهر آزمایشی {n}"}},
        "purpose": _text(SUMMARY, n=n, year=year),
        "meetings": [{"with": {"en": "The Mayor of Tehran", "fa": "شهردار تهران"},
                      "topic": {"en": "Metro and air quality", "fa": "مترو و کیفیت هوا"}}],
        "agreements": [f"bench-{n:05d}-memorandum"], "office": "foreign-relations",
        "sources": [_source("visit", n, year)],
    }


def _write(folder: Path, record: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{record['id']}.yml").write_text(
        yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def write_cities(data: Path, count: int, related: bool = False) -> int:
    """`count` generated sister cities; with `related`, also the memorandum of every other city and
    a visit for every fourth (cross-linked, as real ones are). Returns how many records were written."""
    rng = random.Random(1398)          # the same data on every run
    written = 0
    for n in range(count):
        city = city_record(n, rng)
        _write(data / "sister-cities", city)
        written += 1
        if related and n % 2 == 0:
            _write(data / "agreements", agreement_record(n, city))
            written += 1
        if related and n % 4 == 0:
            _write(data / "visits", visit_record(n, city))
            written += 1
    return written


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


def measure_child(args, env, cwd) -> tuple[float, float, float]:
    """Run in a fresh helper process so each build's peak memory and CPU time are its own.

    Returns wall seconds, CPU seconds (user + system, the build's forked workers included) and
    the peak resident memory of its largest process in MB (workers share the parent's pages).
    """
    code = ("import resource,subprocess,sys,time,json;s=time.perf_counter();"
            "r=subprocess.run(json.loads(sys.argv[1]),capture_output=True,text=True);"
            "w=time.perf_counter()-s;u=resource.getrusage(resource.RUSAGE_CHILDREN);"
            "print(w,u.ru_utime+u.ru_stime,u.ru_maxrss/1024) if r.returncode==0 else "
            "(print(r.stdout[-3000:],r.stderr[-3000:]),sys.exit(1))")
    import json
    out = subprocess.run([sys.executable, "-c", code, json.dumps(args)], env=env, cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"build failed:\n{out.stdout}\n{out.stderr}")
    wall, cpu, peak = out.stdout.split()[-3:]
    return float(wall), float(cpu), float(peak)


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
    print(f"Each size is N sister cities, a founding memorandum for every second one and a visit for every\n"
          f"fourth, on top of the sample data. Each is built {repeat} times into a new folder: best and median\n"
          "wall time (this machine's disk and CPU vary from run to run), CPU time (user + system, the build's\n"
          "forked workers included) of the best run; the plain stack once. Peak MB is the largest process.\n")
    print("| cities | records added | pages | wall s best | wall s median | CPU s | ms/page (best) | peak MB | output MB "
          "| plain wall s | plain CPU s | plain peak MB | ratio (best / plain) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
            tmp = Path(tmp)
            data = tmp / "data"
            shutil.copytree(ROOT / "data", data)
            added = write_cities(data, size, related=True)
            runs = []
            for run in range(repeat):
                site = tmp / f"site-{run}"
                runs.append(measure_child([mkdocs, "build", "-q", "--site-dir", str(site)],
                                          dict(env, PORTAL_DATA=str(data)), ROOT))
            runs.sort()
            (best, cpu, _), median, peak = runs[0], runs[len(runs) // 2][0], max(p for _, _, p in runs)
            pages = sum(1 for _ in site.rglob("index.html"))
            plain_config = plain_site(tmp / "plain", size)
            plain_wall, plain_cpu, plain_peak = measure_child([mkdocs, "build", "-q", "-f", str(plain_config),
                                                               "--site-dir", str(tmp / "plain-site")], env, tmp / "plain")
            print(f"| {size:,} | {added:,} | {pages:,} | {best:.1f} | {median:.1f} | {cpu:.1f} | {best / pages * 1000:.2f} "
                  f"| {peak:.0f} | {folder_bytes(site) / 1e6:.1f} | {plain_wall:.1f} | {plain_cpu:.1f} | {plain_peak:.0f} "
                  f"| {best / plain_wall:.2f} |", flush=True)
            if args.keep:
                kept = ROOT / ".cache" / f"bench-{size}"
                shutil.rmtree(kept, ignore_errors=True)
                shutil.copytree(site, kept)
    return 0
