#!/usr/bin/env python3
"""Move a visit recorded as a sister city's `activity` into data/visits/, its one home.

One-off tool of the move that made visits a collection (README: "Agreements and visits"): the
activity's date, title and description become a visit file whose counterpart is the city; the
activity leaves the city's file (comments and layout of the rest kept, with ruamel.yaml); the
city's sources are copied, since they stated the visit. Direction and who led it are not in an
activity: pass them, from the sources.

    .venv/bin/python scripts/tools/move_activity_to_visit.py data/sister-cities/beijing.yml 0 \\
        --id beijing-2014-mayor --direction outgoing \\
        --leader-en "Mohammad Bagher Ghalibaf" --leader-fa "محمدباقر قالیباف" \\
        --role-en "Mayor of Tehran" --role-fa "شهردار تهران"
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ruamel.yaml import YAML


def _plain(value):
    """ruamel's commented containers as plain dicts and lists, for a fresh file."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value) if not isinstance(value, (int, float, bool)) else value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("city", type=Path)
    parser.add_argument("index", type=int, help="the activity's position in the list, from 0")
    parser.add_argument("--id", required=True)
    parser.add_argument("--direction", required=True, choices=["incoming", "outgoing", "online"])
    parser.add_argument("--leader-en"), parser.add_argument("--leader-fa")
    parser.add_argument("--role-en"), parser.add_argument("--role-fa")
    parser.add_argument("--office", default="foreign-relations")
    args = parser.parse_args()

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096   # long texts and addresses stay on one line, as written
    yaml.indent(mapping=2, sequence=4, offset=2)
    city = yaml.load(args.city.read_text(encoding="utf-8"))
    activity = city["activities"].pop(args.index)
    if not city["activities"]:
        del city["activities"]
    visit = {"id": args.id, "title": _plain(activity["title"]), "direction": args.direction,
             "starts_on": str(activity["date"]), "counterpart": {"sister_city": str(city["id"])}}
    if args.leader_en and args.leader_fa:
        visit["led_by"] = {"name": {"en": args.leader_en, "fa": args.leader_fa},
                           "role": {k: v for k, v in (("en", args.role_en), ("fa", args.role_fa)) if v}}
    if activity.get("description"):
        visit["purpose"] = _plain(activity["description"])
    visit["office"] = args.office
    if city.get("sources"):
        visit["sources"] = _plain(city["sources"])

    target = args.city.parents[1] / "visits" / f"{args.id}.yml"
    if target.exists():
        print(f"{target} exists already", file=sys.stderr)
        return 1
    target.parent.mkdir(exist_ok=True)
    with target.open("w", encoding="utf-8") as handle:
        handle.write(f"# {visit['title'].get('fa', '')}\n# {visit['title'].get('en', '')}\n")
        yaml.dump(visit, handle)
    with args.city.open("w", encoding="utf-8") as handle:
        yaml.dump(city, handle)
    print(f"{args.city}: activity {args.index} moved to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
