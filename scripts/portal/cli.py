"""The `portal` command: validate, held-back, fix, translations, catalogue, coverage, changes, sources,
linkcheck, editor-config, bench.

Every subcommand works on a data folder (default: $PORTAL_DATA or ./data) and never prints a
traceback for bad data: problems are reported as `PATH:LINE:COLUMN: error: MESSAGE` lines.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def default_data_dir() -> Path:
    return Path(os.environ.get("PORTAL_DATA", "data"))


def cmd_validate(args) -> int:
    from .site_config import site_tree
    from .validate import validate

    # In a checkout (mkdocs.yml here), the prose and theme folders are checked with the data.
    data = validate(Path(args.data_dir or default_data_dir()), site=site_tree(Path.cwd()))
    in_github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in data.problems:
        print(problem.render())
        if in_github:
            print(problem.github_annotation())
    errors, warnings = len(data.problems.errors), len(data.problems.warnings)
    records = sum(len(c) for c in data.records.values())
    if errors:
        print(f"\n{errors} error(s), {warnings} warning(s): nothing can be published until the errors are fixed.\n"
              f"{errors} خطا و {warnings} هشدار: تا خطاها اصلاح نشوند، چیزی منتشر نمی‌شود.")
        return 1
    print(f"OK: {records} records valid, {warnings} warning(s).\n"
          f"درست است: {records} رکورد معتبر، {warnings} هشدار.")
    return 0


def cmd_held_back(args) -> int:
    """Markdown for a job summary: the example records a production build holds back."""
    from .site_config import site_tree
    from .validate import PRODUCTION, validate

    data = validate(Path(args.data_dir or default_data_dir()), environment=PRODUCTION, site=site_tree(Path.cwd()))
    held = sorted(record.path for collection in data.held_back.values() for record in collection.values())
    print("### Held back from the public site\n")
    if not held:
        print("Every record is real: production publishes them all.")
        return 0
    print(f"{len(held)} records are marked `example: true` (invented sample data). Previews show them with an "
          "'Example' badge; the public site does not publish them.\n")
    print("<details><summary>The files</summary>\n")
    print("\n".join(f"- `{path}`" for path in held))
    print("\n</details>")
    return 0


def cmd_fix(args) -> int:
    from .fix import fix_folder

    changed = fix_folder(Path(args.data_dir or default_data_dir()), dry_run=args.check)
    for path, count in changed:
        verb = "would fix" if args.check else "fixed"
        print(f"{path}: {verb} {count} Arabic letter(s) in Persian text")
    if not changed:
        print("Nothing to fix. / چیزی برای اصلاح نیست.")
    return 1 if (args.check and changed) else 0


def cmd_translations(args) -> int:
    from .translations import report

    return report(Path(args.data_dir or default_data_dir()), sys.stdout, args.format)


def cmd_catalogue(args) -> int:
    from .catalogues import update

    for lang, (done, total) in update(Path.cwd(), args.languages or None).items():
        print(f"scripts/portal/locale/{lang}/LC_MESSAGES/portal.po: {done} of {total} strings translated")
    return 0


def cmd_coverage(args) -> int:
    from .coverage import report

    return report(Path(args.data_dir or default_data_dir()), sys.stdout)


def cmd_changes(args) -> int:
    from .changes import summarise

    return summarise(args.base, Path(args.data_dir or default_data_dir()), sys.stdout)


def cmd_sources(args) -> int:
    from .linkcheck import sources

    return sources(Path(args.data_dir or default_data_dir()), sys.stdout, args.format)


def cmd_linkcheck(args) -> int:
    from .linkcheck import linkcheck

    return linkcheck(Path(args.data_dir or default_data_dir()), sys.stdout, args.format,
                     workers=args.workers, timeout=args.timeout, delay=args.delay)


def cmd_editor_config(args) -> int:
    from .editor import config_yaml

    sys.stdout.write(config_yaml())
    return 0


def cmd_bench(args) -> int:
    from .bench import main as bench_main

    return bench_main(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="portal", description="Tehran International Portal tools")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check every data file; exit 1 on any error")
    p.add_argument("data_dir", nargs="?")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("held-back", help="the example records a production build holds back (Markdown)")
    p.add_argument("data_dir", nargs="?")
    p.set_defaults(func=cmd_held_back)

    p = sub.add_parser("fix", help="rewrite Arabic ي/ك as Persian ی/ک in Persian text, keeping layout")
    p.add_argument("data_dir", nargs="?")
    p.add_argument("--check", action="store_true", help="only report; exit 1 if something would change")
    p.set_defaults(func=cmd_fix)

    p = sub.add_parser("translations", help="list missing translations")
    p.add_argument("data_dir", nargs="?")
    p.add_argument("--format", choices=["text", "markdown"], default="text")
    p.set_defaults(func=cmd_translations)

    p = sub.add_parser("catalogue", help="extract the interface strings; create or update each language's catalogue")
    p.add_argument("languages", nargs="*", help="language codes (default: every configured language but the default)")
    p.set_defaults(func=cmd_catalogue)

    p = sub.add_parser("coverage", help="real records, examples and records without a source, per collection (Markdown)")
    p.add_argument("data_dir", nargs="?")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("changes", help="what a change adds or alters, in plain words (Markdown)")
    p.add_argument("--base", required=True, help="git ref to compare with, e.g. origin/main")
    p.add_argument("data_dir", nargs="?")
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("sources", help="every source address the records cite, with the records citing it")
    p.add_argument("data_dir", nargs="?")
    p.add_argument("--format", choices=["text", "markdown"], default="text")
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("linkcheck", help="check every source address: ok, moved, gone, unreachable (report only)")
    p.add_argument("data_dir", nargs="?")
    p.add_argument("--format", choices=["text", "markdown"], default="text")
    p.add_argument("--workers", type=int, default=8, help="requests at once, over all hosts")
    p.add_argument("--timeout", type=float, default=15.0, help="seconds per request")
    p.add_argument("--delay", type=float, default=1.0, help="seconds between two requests to one host")
    p.set_defaults(func=cmd_linkcheck)

    p = sub.add_parser("editor-config", help="print the staff editor's configuration (/admin/config.yml)")
    p.set_defaults(func=cmd_editor_config)

    p = sub.add_parser("bench", help="build the site at scale and report time and memory")
    p.add_argument("--sizes", default="100,1000,3000")
    p.add_argument("--repeat", default=3, help="builds per size (best and median are reported)")
    p.add_argument("--keep", action="store_true")
    p.set_defaults(func=cmd_bench)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
