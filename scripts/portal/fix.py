"""`portal fix`: rewrite Arabic ي/ى/ك as Persian ی/ک inside Persian (`fa`) texts, in place.

Only the characters inside each `fa:` value change: the file's comments, quoting, indentation
and every other byte stay as they were, because replacements are made at the value's exact
span in the original text (PyYAML's node marks), not by re-writing the YAML.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .formats import ARABIC_YEH_KAF

_TO_PERSIAN = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})


def _persian_spans(node, spans: list) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "fa" and isinstance(value, yaml.ScalarNode):
                spans.append((value.start_mark.index, value.end_mark.index))
            else:
                _persian_spans(value, spans)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _persian_spans(item, spans)


def fix_text(text: str) -> tuple[str, int]:
    """The text with Persian values corrected, and how many letters changed."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return text, 0          # `portal validate` reports the syntax error; nothing to fix safely
    spans: list = []
    if root is not None:
        _persian_spans(root, spans)
    changed = 0
    parts, last = [], 0
    for start, end in sorted(spans):
        segment = text[start:end]
        changed += len(ARABIC_YEH_KAF.findall(segment))
        parts += [text[last:start], segment.translate(_TO_PERSIAN)]
        last = end
    parts.append(text[last:])
    return "".join(parts), changed


def fix_folder(data_dir: Path, dry_run: bool = False) -> list[tuple[str, int]]:
    results = []
    for file in sorted(Path(data_dir).rglob("*.yml")):
        raw = file.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        fixed, count = fix_text(text)
        if count:
            results.append((file.as_posix(), count))
            if not dry_run:
                file.write_bytes(fixed.encode("utf-8"))
    return results
