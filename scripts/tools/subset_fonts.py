#!/usr/bin/env python3
"""Subset the Vazirmatn font (SIL OFL 1.1) for the portal's Persian and Arabic pages.

The site never loads fonts from a CDN: the subset WOFF2 files are checked in
under ``overrides/assets/fonts/``. This script regenerates them, and the
README.md and OFL.txt beside them, from an unpacked copy of the ``vazirmatn``
npm package.

Usage::

    cd /tmp && npm pack vazirmatn && mkdir vazirmatn && tar xzf vazirmatn-*.tgz -C vazirmatn
    .venv/bin/pip install fonttools brotli
    .venv/bin/python scripts/tools/subset_fonts.py /tmp/vazirmatn/package

SOURCE may be the package root (the folder holding ``package.json`` and
``fonts/ttf/``), its ``package/`` parent, or a folder holding the static
``Vazirmatn-Regular.ttf`` and ``Vazirmatn-Bold.ttf`` files directly.

What is kept (Latin letters and digits are left out on purpose: English text
and Latin runs use the system font stack):

* U+0020-002F, U+003A-0040  space and basic ASCII punctuation
* U+00AB, U+00BB            guillemets
* U+0600-06FF               Arabic block: Persian letters, Arabic-Indic and
                            Extended Arabic-Indic digits, U+066B/U+066C
                            separators, harakat, tatweel
* U+200C-200F               ZWNJ, ZWJ, LRM, RLM
* U+2010-2027               dashes, quotes, bullet, ellipsis

The Arabic presentation forms (U+FB50-FDFF, U+FE70-FEFF) are not mapped:
all OpenType layout features are kept (``--layout-features=*``), so the
contextual forms are reached through GSUB from the base letters.

``UNICODES`` below is what the files hold. The @font-face unicode-range in
``overrides/assets/stylesheets/fonts.css`` names only the Arabic-script part
(U+0600-06FF, U+200C-200F) and « »: that range decides when a browser downloads
the font, and English pages should not download it for their spaces and dashes.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = REPO_ROOT / "overrides" / "assets" / "fonts"

# Same ranges as the @font-face unicode-range in fonts.css.
UNICODES = "U+0020-002F,U+003A-0040,U+00AB,U+00BB,U+0600-06FF,U+200C-200F,U+2010-2027"

# Name records kept: 0-6 (copyright, family, subfamily, unique id, full name,
# version, PostScript name), 13-14 (licence description and URL) and 256 (the
# UI name of the ss01 "Farsi Digits" stylistic set, referenced from GSUB).
NAME_IDS = "0,1,2,3,4,5,6,13,14,256"

# weight -> source file name in the npm package
WEIGHTS = {400: "Vazirmatn-Regular.ttf", 700: "Vazirmatn-Bold.ttf"}

MAX_BYTES = 35 * 1024


def pyftsubset_args(src: Path, dst: Path) -> list[str]:
    """The pyftsubset command-line arguments for one weight."""
    return [
        str(src),
        f"--unicodes={UNICODES}",
        "--layout-features=*",
        "--flavor=woff2",
        "--no-hinting",
        f"--name-IDs={NAME_IDS}",
        "--name-languages=1033",
        f"--output-file={dst}",
    ]


def find_ttf_dir(source: Path) -> Path:
    for cand in (source, source / "fonts" / "ttf", source / "package" / "fonts" / "ttf"):
        if all((cand / name).is_file() for name in WEIGHTS.values()):
            return cand
    raise SystemExit(
        f"error: {source} holds no {' / '.join(WEIGHTS.values())} "
        "(looked in ., fonts/ttf/ and package/fonts/ttf/)"
    )


def find_package_root(ttf_dir: Path) -> Path | None:
    for cand in (ttf_dir, *ttf_dir.parents[:3]):
        if (cand / "package.json").is_file():
            return cand
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="unpacked vazirmatn npm package (or its fonts/ttf folder)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help=f"output folder (default: {OUT_DIR})")
    args = parser.parse_args(argv)

    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont
        import brotli  # noqa: F401  (needed by --flavor=woff2)
    except ImportError as exc:
        raise SystemExit(f"error: {exc}; install with: .venv/bin/pip install fonttools brotli")

    ttf_dir = find_ttf_dir(args.source.resolve())
    pkg_root = find_package_root(ttf_dir)
    pkg_name, pkg_version = "vazirmatn", "unknown"
    if pkg_root is not None:
        meta = json.loads((pkg_root / "package.json").read_text(encoding="utf-8"))
        pkg_name, pkg_version = meta.get("name", pkg_name), meta.get("version", pkg_version)

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    results = []  # (weight, file name, size, command, codepoint count)
    for weight, src_name in WEIGHTS.items():
        dst = out / f"vazirmatn-arabic-{weight}.woff2"
        cmd = pyftsubset_args(ttf_dir / src_name, dst)
        subset.main(cmd)
        size = dst.stat().st_size
        font = TTFont(dst)
        n_cp = len(font.getBestCmap())
        if any(0x41 <= cp <= 0x5A or 0x61 <= cp <= 0x7A for cp in font.getBestCmap()):
            raise SystemExit(f"error: {dst.name} still maps Latin letters")
        shown = ["pyftsubset", f"{src_name}"] + [a for a in cmd[1:] if not a.startswith("--output-file")]
        shown.append(f"--output-file={dst.name}")
        results.append((weight, dst.name, size, " ".join(shlex.quote(a) for a in shown), n_cp))
        flag = "" if size <= MAX_BYTES else "  (over the 35 KB target!)"
        print(f"{dst.relative_to(REPO_ROOT) if dst.is_relative_to(REPO_ROOT) else dst}: {size} bytes, {n_cp} code points{flag}")

    licence = None
    for cand in ([pkg_root / "OFL.txt"] if pkg_root else []) + [ttf_dir / "OFL.txt"]:
        if cand.is_file():
            licence = cand
            break
    if licence is not None:
        shutil.copyfile(licence, out / "OFL.txt")
    else:
        print("warning: OFL.txt not found in the source; keep the existing one", file=sys.stderr)

    write_readme(out, pkg_name, pkg_version, results)
    return 0


def write_readme(out: Path, pkg_name: str, pkg_version: str, results) -> None:
    lines = [
        "# Vazirmatn (subset)",
        "",
        "Generated by `scripts/tools/subset_fonts.py`; re-run it rather than editing by hand.",
        "",
        "- Font: Vazirmatn by Saber Rastikerdar and the Vazirmatn Project Authors, "
        "licensed under the SIL Open Font License 1.1 (see `OFL.txt`).",
        f"- Source: npm package `{pkg_name}` version `{pkg_version}`, static files "
        + ", ".join(f"`fonts/ttf/{n}`" for n in WEIGHTS.values())
        + ".",
        f"- Unicode range kept: `{UNICODES.replace(',', ', ')}`",
        "  (Latin letters and digits are left out: Latin text uses the system font stack).",
        "- Used by `overrides/assets/stylesheets/fonts.css`, whose `unicode-range` names only the "
        "Arabic-script characters and « » (so English pages do not download the font).",
        "",
        "## Regenerate",
        "",
        "```sh",
        "cd /tmp && npm pack vazirmatn && mkdir -p vazirmatn && tar xzf vazirmatn-*.tgz -C vazirmatn",
        ".venv/bin/pip install fonttools brotli",
        ".venv/bin/python scripts/tools/subset_fonts.py /tmp/vazirmatn/package",
        "```",
        "",
        "## Files",
        "",
        "| file | weight | bytes | code points |",
        "| --- | --- | --- | --- |",
    ]
    for weight, name, size, _cmd, n_cp in results:
        lines.append(f"| `{name}` | {weight} | {size} ({size / 1024:.1f} KiB) | {n_cp} |")
    lines += ["", "## Exact pyftsubset commands", ""]
    for _weight, _name, _size, cmd, _n in results:
        lines += ["```sh", cmd, "```", ""]
    (out / "README.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
