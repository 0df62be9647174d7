#!/usr/bin/env python3
"""Subset Noto Sans SC (SIL OFL 1.1) for the portal's pages in Chinese (simplified script).

The portal never loads fonts from a CDN. A script the self-hosted Vazirmatn and the system font
stack do not cover gets a subset of a Noto font from a packaged source, checked in under
overrides/assets/fonts/ and linked only by pages of a language in that script (portal.fonts,
overrides/assets/stylesheets/fonts-hans.css, whose unicode-range names only Chinese characters
and punctuation). A full Chinese font is megabytes; the subset holds the characters the portal's
Chinese pages can show without new data: CLDR's Chinese names of countries, languages, scripts,
months, days, time zones and the date patterns, the Chinese interface catalogue when there is
one, and every Chinese text in the data folder at the time. Characters outside it fall back to
the reader's system font. Re-run it when Chinese data or translations are added.

Like Google Fonts' CJK fonts, the subset is cut into slices, each an @font-face with the
unicode-range of its own characters, so a page downloads only the slices it needs: the first
holds what nearly every Chinese page shows (Material's own strings, the date words 年月日, the
language's name, the countries of the records) and is preloaded; the others follow in code-point order. The stylesheet
fonts-hans.css is written with them.

Usage (fontTools and brotli are tools, not dependencies of the site):

    cd /tmp && npm pack @fontsource/noto-sans-sc@5.3.0 && mkdir -p noto && tar xzf fontsource-noto-sans-sc-5.3.0.tgz -C noto
    python3 -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools brotli babel pyyaml
    /tmp/ft/bin/python scripts/tools/subset_cjk_font.py /tmp/noto/package [DATA_DIR]
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import yaml
from babel import Locale

REPO_ROOT = Path(__file__).resolve().parents[2]
FONTS = REPO_ROOT / "overrides" / "assets" / "fonts"
STYLESHEET = REPO_ROOT / "overrides" / "assets" / "stylesheets" / "fonts-hans.css"
SLICE = 48   # characters a slice: a page downloads only the slices of the characters it shows
SOURCE = "files/noto-sans-sc-chinese-simplified-400-normal.woff2"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e]")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif hasattr(value, "pattern"):
        yield value.pattern


def characters(data_dir: Path) -> set[str]:
    found: set[str] = set()
    zh = Locale.parse("zh")
    for part in (zh.territories, zh.languages, zh.scripts, zh.months, zh.days, zh.eras, zh.date_formats,
                 zh.datetime_skeletons, zh.interval_formats, zh.time_zones, zh.meta_zones, zh.list_patterns):
        for text in _strings(dict(part)):
            found.update(_CJK.findall(text))
    catalogue = REPO_ROOT / "scripts/portal/locale/zh/LC_MESSAGES/portal.po"
    if catalogue.exists():
        found.update(_CJK.findall(catalogue.read_text(encoding="utf-8")))
    for file in sorted(data_dir.rglob("*.yml")):
        for text in _strings(yaml.safe_load(file.read_text(encoding="utf-8")) or {}):
            found.update(_CJK.findall(text))
    return found


# Material's strings that a page shows as text (not only as an ARIA label): the search box's
# placeholder, "back to top", the table of contents' title, the footer's previous and next.
MATERIAL_SHOWN = ("search.placeholder", "top", "toc", "footer.next", "footer.previous")


def core(data_dir: Path) -> set[str]:
    """What nearly every Chinese page shows: Material's visible Chinese strings, the date words
    (CLDR's y年M月d日), the language's name, and the names of the countries the records are in
    (lists and record pages show them)."""
    found = set("年月日至中文")
    for partial in sorted(REPO_ROOT.glob(".venv/lib/python*/site-packages/material/templates/partials/languages/zh.html")):
        text = partial.read_text(encoding="utf-8")
        for key in MATERIAL_SHOWN:
            match = re.search(rf'"{re.escape(key)}": "([^"]*)"', text)
            if match:
                found.update(_CJK.findall(match.group(1)))
    zh = Locale.parse("zh")
    for file in sorted(data_dir.rglob("*.yml")):
        record = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        if isinstance(record, dict) and isinstance(record.get("country"), str):
            found.update(_CJK.findall(zh.territories.get(record["country"], "")))
    return found


def _subset(package: Path, characters: str, unicodes: str, out: Path) -> None:
    text_file = out.with_suffix(".txt")
    text_file.write_text(characters, encoding="utf-8")
    try:
        subprocess.run([sys.executable, "-m", "fontTools.subset", str(package / SOURCE), f"--text-file={text_file}",
                        *([f"--unicodes={unicodes}"] if unicodes else []), "--layout-features=*", "--flavor=woff2", "--no-hinting",
                        "--name-IDs=0,1,2,3,4,5,6,13,14", "--name-languages=1033", f"--output-file={out}"], check=True)
    finally:
        text_file.unlink()


def _ranges(characters: str) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in characters)


FACE = """@font-face {{
  font-family: "Noto Sans SC";
  font-style: normal;
  font-weight: 400;
  font-display: swap;
  src: url("../fonts/{name}") format("woff2");
  unicode-range: {ranges};
}}
"""
HEADER = """/* Noto Sans SC for pages in Chinese (simplified script), linked only by those pages
   (portal.fonts). Written by scripts/tools/subset_cjk_font.py: do not edit. The subset holds the
   Chinese characters the portal can show ({count}), in slices whose unicode-range names their own
   characters, so a page downloads only the slices it shows; the first is preloaded. */
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="the unpacked @fontsource/noto-sans-sc package")
    parser.add_argument("data_dir", type=Path, nargs="?", default=REPO_ROOT / "data")
    args = parser.parse_args()
    found = characters(args.data_dir)
    (REPO_ROOT / "scripts/tools/noto-sans-sc-characters.txt").write_text("".join(sorted(found)) + "\n", encoding="utf-8")
    for old in FONTS.glob("noto-sans-sc-400-*.woff2"):
        old.unlink()
    first = core(args.data_dir)
    rest = sorted(found - first)
    slices = ["".join(sorted(first))] + ["".join(rest[i:i + SLICE]) for i in range(0, len(rest), SLICE)]
    css = [HEADER.format(count=len(found | first))]
    for number, chars in enumerate(slices):
        name = f"noto-sans-sc-400-{number}.woff2"
        _subset(args.package, chars, "", FONTS / name)
        css.append(FACE.format(name=name, ranges=_ranges(chars)))
        print(f"{name}: {len(chars)} characters, {(FONTS / name).stat().st_size} bytes")
    css.append('\nhtml body { font-family: "Vazirmatn", "Noto Sans SC", var(--md-text-font-family); }\n')
    STYLESHEET.write_text("\n".join(css), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
