"""Read one YAML data file into plain Python values, remembering where every value came from.

PyYAML builds values without positions and silently keeps the last of two duplicate keys, so
this module composes the node tree (the C composer when available) and builds values itself:
every mapping key and value gets a (line, column) so the validator can point at the exact spot.

A data file is untrusted input (anyone can open a pull request), so reading it is bounded: files
over MAX_BYTES are refused unread, anchors and aliases (`&a`, `*a`: the "billion laughs" pattern
expands a few lines into billions of values) are refused before anything is built, and values
nested deeper than the collection's schema allows are refused where the nesting goes too deep.

Scalars follow YAML 1.1 as PyYAML does, with two deliberate exceptions:
- mapping keys are always the text written (`no:` stays "no", not False);
- timestamps stay text (`2019-04-26`), because dates are parsed by portal.dates together with
  Solar Hijri dates, which YAML does not know.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

from .problems import ProblemList

try:  # libyaml is several times faster on large data folders
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Loader

Path_ = tuple  # a location inside a record: ("documents", 0, "title", "fa")

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_scalar_constructor = SafeConstructor()
_LEADING_TAB = re.compile(r"^[ ]*\t", re.MULTILINE)
MAX_BYTES = 1024 * 1024    # a record file; long texts belong in a document under data/files/
DEPTH_SLACK = 2
# Where an anchor (&name) or an alias (*name) could start a node. Markdown's **bold** matches too:
# a match only means the file is scanned, event by event, for real anchors and aliases.
_MAYBE_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,])[&*][^\s\[\]{},]", re.MULTILINE)


@dataclass
class Loaded:
    """A parsed file: its value plus where each part of it was written."""

    path: str                      # as shown to people (relative, forward slashes)
    value: object = None
    positions: dict = field(default_factory=dict)      # Path_ -> (line, col) of the value
    key_positions: dict = field(default_factory=dict)  # Path_ -> (line, col) of the key
    text: str = ""

    def where(self, location: Path_) -> tuple[int, int]:
        """The best position for a location: the value, else its key, else the nearest parent."""
        location = tuple(location)
        while True:
            if location in self.positions:
                return self.positions[location]
            if location in self.key_positions:
                return self.key_positions[location]
            if not location:
                return (1, 1)
            location = location[:-1]

    def key_where(self, location: Path_) -> tuple[int, int]:
        location = tuple(location)
        return self.key_positions.get(location) or self.where(location)


class _Shifted:
    """Problems of a text that starts further down its file: lines counted from the file's top."""

    def __init__(self, problems: ProblemList, offset: int):
        self._problems, self._offset = problems, offset

    def add(self, path, line, column, *rest, **named) -> None:
        self._problems.add(path, line + self._offset, column, *rest, **named)


class _TooDeep(Exception):
    def __init__(self, node):
        self.node = node


def load_file(file: Path, shown_as: str, problems: ProblemList, max_depth: int | None = None) -> Loaded | None:
    """Parse `file`; on any problem add it to `problems` and return None.

    `max_depth` is how many mappings and lists deep a record may nest (from its schema)."""
    size = file.stat().st_size
    if size > MAX_BYTES:
        problems.add(
            shown_as, 1, 1, "file-too-large",
            f"The file is {size / 1024 / 1024:.1f} MB; a record file may be at most 1 MB. A record holds "
            "facts and short texts: put a long text in a PDF document under data/files/ and link it.",
            f"حجم این فایل {size / 1024 / 1024:.1f} مگابایت است؛ فایل هر رکورد حداکثر ۱ مگابایت می‌تواند باشد. "
            "رکورد واقعیت‌ها و متن‌های کوتاه را نگه می‌دارد: متن بلند را در یک سند PDF در data/files/ بگذارید و به آن پیوند دهید.",
        )
        return None
    with open(file, "rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        problems.add(
            shown_as, line, 1, "not-utf8",
            "The file is not saved as UTF-8 text. Save it again with UTF-8 encoding "
            "(GitHub's web editor always does).",
            "این فایل با رمزگذاری UTF-8 ذخیره نشده است. آن را دوباره با رمزگذاری UTF-8 ذخیره کنید "
            "(ویرایشگر وب گیت‌هاب همیشه چنین می‌کند).",
        )
        return None
    return load_text(text, shown_as, problems, max_depth)


def load_text(text: str, shown_as: str, problems: ProblemList, max_depth: int | None = None,
              line_offset: int = 0) -> Loaded | None:
    """Parse YAML text (a file's, or a Markdown page's front matter starting after `line_offset`
    lines); on any problem add it to `problems` and return None."""
    if line_offset:
        problems = _Shifted(problems, line_offset)
    loaded = Loaded(shown_as)
    loaded.text = text

    tab = _LEADING_TAB.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        column = tab.end() - tab.start()
        problems.add(
            shown_as, line, column, "tab",
            "A Tab character is used to indent this line. YAML needs spaces: replace the Tab "
            "with spaces (two per level).",
            "در تورفتگی این سطر از کلید Tab استفاده شده است. YAML فقط فاصله (Space) می‌پذیرد: "
            "Tab را با فاصله جایگزین کنید (هر سطح دو فاصله).",
        )
        return None

    try:
        if _MAYBE_ANCHOR_OR_ALIAS.search(text) and _anchor_or_alias(text, shown_as, problems):
            return None
        node = yaml.compose(text, Loader=_Loader)
    except yaml.composer.ComposerError as err:
        _syntax_problem(err, shown_as, problems, multiple=True)
        return None
    except yaml.MarkedYAMLError as err:
        _syntax_problem(err, shown_as, problems)
        return None
    except yaml.reader.ReaderError as err:   # a control character YAML does not allow
        line = text.count("\n", 0, err.position) + 1
        column = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        code = f"U+{err.character:04X}" if isinstance(err.character, int) else repr(err.character)
        problems.add(
            shown_as, line, column, "control-character",
            f"The file contains an invisible control character ({code}) that YAML does not allow. "
            "Delete it (retype the text around it).",
            f"فایل یک نویسهٔ کنترلی نامرئی ({code}) دارد که YAML نمی‌پذیرد. آن را حذف کنید (متن اطراف را دوباره بنویسید).",
        )
        return None
    except yaml.YAMLError as err:            # anything else the parser refuses: still a plain message
        problems.add(shown_as, 1, 1, "yaml-syntax", f"The file is not well-formed YAML ({err}).",
                     f"ساختار YAML این فایل درست نیست ({err}).")
        return None
    if node is None:
        problems.add(
            shown_as, 1, 1, "empty-file",
            "The file is empty. Copy an existing record of this collection as a model.",
            "فایل خالی است. یکی از رکوردهای موجود همین مجموعه را الگو قرار دهید.",
        )
        return None

    duplicates: list = []
    try:
        # One or two levels too deep is an ordinary mistake that the schema explains better ("should
        # be text"); beyond that the file is refused before it is built any further.
        loaded.value = _build(node, (), loaded, duplicates, (max_depth or 62) + DEPTH_SLACK)
    except _TooDeep as err:
        mark = err.node.start_mark
        problems.add(
            shown_as, mark.line + 1, mark.column + 1, "too-deep",
            f"The values here are nested deeper than a record of this kind can be (at most {max_depth} levels "
            "of fields and lists). Check the indentation of this line and the lines above it.",
            f"مقدارها در این‌جا بیش از حدِ مجاز برای این نوع رکورد تودرتو شده‌اند (حداکثر {max_depth} سطح فیلد و فهرست). "
            "تورفتگی این سطر و سطرهای بالای آن را بررسی کنید.",
        )
        return None
    except yaml.constructor.ConstructorError as err:   # e.g. a `!tag` or a malformed number
        mark = err.problem_mark or err.context_mark
        problems.add(
            shown_as, (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1, "yaml-value",
            f"A value cannot be read ({err.problem}). Remove any '!' at the start of a value, or put the "
            "value in quotes.",
            f"یک مقدار خوانده نمی‌شود ({err.problem}). علامت '!' را از آغاز مقدار بردارید یا مقدار را داخل گیومه بگذارید.",
        )
        return None
    for location, first, second in duplicates:
        name = location[-1]
        problems.add(
            shown_as, second[0], second[1], "duplicate-key",
            f"The field '{name}' is written twice in the same place (first on line {first[0]}). "
            "Only one can be kept: delete or merge one of them.",
            f"فیلد «{name}» دو بار در یک جا نوشته شده است (بار اول در سطر {first[0]}). "
            "فقط یکی پذیرفته می‌شود: یکی را حذف یا با دیگری یکی کنید.",
        )
    return None if duplicates else loaded


def _anchor_or_alias(text: str, shown_as: str, problems: ProblemList) -> bool:
    """Refuses the first anchor or alias, found in the parser's events before any node is built."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            problems.add(
                shown_as, mark.line + 1, mark.column + 1, "yaml-anchor",
                f"This file uses a YAML {'alias' if sign == '*' else 'anchor'} ('{sign}{event.anchor}'). Data files "
                "do not accept anchors (&name) or aliases (*name): write each value out in full. (Staff never "
                "need them, and a few of them can make a file expand into billions of values.)",
                f"این فایل از {'ارجاع' if sign == '*' else 'لنگر'} YAML ('{sign}{event.anchor}') استفاده می‌کند. فایل‌های داده "
                "لنگر (&نام) و ارجاع (*نام) نمی‌پذیرند: هر مقدار را کامل بنویسید. (ویرایش داده هرگز به آن‌ها نیاز ندارد و "
                "چند تا از آن‌ها می‌تواند فایلی را به میلیاردها مقدار بدل کند.)",
            )
            return True
    return False


def _build(node, location: Path_, loaded: Loaded, duplicates: list, depth_left: int):
    loaded.positions[location] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if depth_left <= 0:
            raise _TooDeep(node)
        depth_left -= 1
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            here = location + (key,)
            key_pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                duplicates.append((here, loaded.key_positions[here], key_pos))
                continue
            loaded.key_positions[here] = key_pos
            result[key] = _build(value_node, here, loaded, duplicates, depth_left)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, location + (i,), loaded, duplicates, depth_left) for i, item in enumerate(node.value)]
    if node.tag == _TIMESTAMP:
        return node.value
    return _scalar_constructor.construct_object(node, deep=True)


# Plain-words versions of the parser's most common complaints.
_SYNTAX_HINTS = [
    ("mapping values are not allowed",
     "A colon (:) appears inside a value. If the text itself contains ': ', put the whole value "
     "in double quotes.",
     "درون یک مقدار دونقطه (:) آمده است. اگر خود متن ': ' دارد، کل مقدار را داخل گیومهٔ انگلیسی \"...\" بگذارید."),
    ("could not find expected ':'",
     "A line is missing the ':' after a field name, or its indentation does not match the lines "
     "around it.",
     "در یک سطر پس از نام فیلد دونقطه (:) نیامده یا تورفتگی آن با سطرهای اطراف هم‌خوان نیست."),
    ("found unexpected end of stream",
     "A quotation mark is opened and never closed.",
     "یک گیومه باز شده و بسته نشده است."),
    ("did not find expected key",
     "The indentation of this line does not match the lines around it (or a list item '-' is "
     "misplaced).",
     "تورفتگی این سطر با سطرهای اطراف هم‌خوان نیست (یا علامت '-' فهرست جای درستی ندارد)."),
    ("exceeded maximum nesting depth",
     "The values are nested far too deep (brackets [ or { opened again and again). A record is a few levels "
     "of fields and lists: rewrite this part like the other records of the collection.",
     "مقدارها بیش از اندازه تودرتو شده‌اند (کروشه‌های [ یا { پیاپی باز شده‌اند). هر رکورد چند سطح فیلد و فهرست است: "
     "این بخش را مانند رکوردهای دیگر همین مجموعه بنویسید."),
    ("did not find expected '-' indicator",
     "This list item is not indented like the other items of the list.",
     "تورفتگی این مورد فهرست با موارد دیگر همان فهرست یکسان نیست."),
]


def _syntax_problem(err: yaml.MarkedYAMLError, shown_as: str, problems: ProblemList, multiple=False):
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = str(err.problem or "")
    if multiple:
        en = "The file holds more than one YAML document ('---' in the middle). Keep one record per file."
        fa = "این فایل بیش از یک سند YAML دارد (خط '---' در میانه). در هر فایل فقط یک رکورد بنویسید."
    else:
        for needle, en, fa in _SYNTAX_HINTS:
            if needle in problem:
                break
        else:
            en = f"The file is not well-formed YAML ({problem})."
            fa = f"ساختار YAML این فایل درست نیست ({problem})."
    problems.add(shown_as, line, column, "yaml-syntax", en, fa)
