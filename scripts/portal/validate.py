"""Validate the data folder: structure (JSON Schema), then rules between records and the statute.

`validate(data_dir)` reads every collection, reports every problem it finds (not only the
first) as Problems with file, line and column, and returns the records when there is no error.
"""
from __future__ import annotations

import difflib
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema_rs
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from . import data_files, languages, rules, site_tree
from .collections import COLLECTIONS, Collection, all_schema_files, load_schema
from .dates import DateError
from .forked import Forked, cores
from .formats import FormatProblem, checker
from .load import Loaded, load_file
from .problems import ProblemList
from .records import build_record
from .schema_paths import max_depth
from .site_config import SiteTree
from .today import reference_day

PRODUCTION = "production"


@dataclass
class Dataset:
    """Everything read from a data folder, valid or not."""

    root: Path
    loaded: dict = field(default_factory=dict)     # collection name -> {id: Loaded}
    records: dict = field(default_factory=dict)    # collection name -> {id: Record}; what is published
    held_back: dict = field(default_factory=dict)  # collection name -> {id: Record}; examples, in production
    file_ids: dict = field(default_factory=dict)   # collection name -> ids of every file read, valid or not
    problems: ProblemList = field(default_factory=ProblemList)

    @property
    def shown_root(self) -> str:
        return _shown(self.root)


def _shown(path: Path) -> str:
    """Paths relative to the current folder when possible, with forward slashes."""
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # pragma: no cover - other drive on Windows
        return path.as_posix()


def _registry() -> Registry:
    resources = [(name, Resource.from_contents(load_schema(name))) for name in all_schema_files()]
    return Registry().with_resources(resources)


_VALIDATORS: dict[str, Draft202012Validator] = {}


def schema_validator(collection: Collection) -> Draft202012Validator:
    """python-jsonschema: the reference, whose errors become the messages people read."""
    if collection.name not in _VALIDATORS:
        _VALIDATORS[collection.name] = Draft202012Validator(
            collection.schema(), registry=_registry(), format_checker=checker
        )
    return _VALIDATORS[collection.name]


# jsonschema-rs (compiled, same JSON Schema 2020-12) answers "is this record valid?" ten times
# faster; only a record it refuses goes through python-jsonschema, for the errors. Both get the
# same schemas and the same format checks; tests/test_validator.py checks that they agree.
_SCHEMA_BASE = "https://schemas.portal.invalid/"
_FAST_VALIDATORS: dict = {}


class _FormatOfOtherTypes:
    """python-jsonschema applies a `format` to values of any type (a date may be the number
    2008); jsonschema-rs to strings only. This keyword, added beside every `format` in the fast
    engine's copy of the schemas, checks the other types the same way."""

    def __init__(self, parent_schema, value, schema_path):
        self.format = value

    def validate(self, instance):
        if not isinstance(instance, str) and not checker.conforms(instance, self.format):
            raise ValueError(f"not a valid {self.format}")


def _with_format_of_other_types(schema):
    if isinstance(schema, dict):
        copy = {key: _with_format_of_other_types(value) for key, value in schema.items()}
        if isinstance(schema.get("format"), str):
            copy["portal-format-of-other-types"] = schema["format"]
        return copy
    if isinstance(schema, list):
        return [_with_format_of_other_types(item) for item in schema]
    return schema


@functools.lru_cache(maxsize=1)
def _fast_registry():
    """Every schema file, for the $refs between them: made once for all collections."""
    return jsonschema_rs.Registry([(_SCHEMA_BASE + name, _with_format_of_other_types(load_schema(name)))
                                   for name in all_schema_files()])


def _forget_validators() -> None:
    """Another configuration's languages: schemas, and so validators, change."""
    _VALIDATORS.clear()
    _FAST_VALIDATORS.clear()
    _fast_registry.cache_clear()


languages.on_change(_forget_validators)


def fast_validator(collection: Collection):
    if collection.name not in _FAST_VALIDATORS:
        formats = {name: (lambda value, name=name: checker.conforms(value, name)) for name in checker.checkers}
        _FAST_VALIDATORS[collection.name] = jsonschema_rs.validator_for(
            _with_format_of_other_types(collection.schema()), registry=_fast_registry(),
            base_uri=_SCHEMA_BASE + collection.schema_file, formats=formats, validate_formats=True,
            ignore_unknown_formats=False, keywords={"portal-format-of-other-types": _FormatOfOtherTypes})
    return _FAST_VALIDATORS[collection.name]


def validate(data_dir: Path, environment: str | None = None, site: SiteTree | None = None) -> Dataset:
    """Every problem of the data folder, and of the site's prose and theme folders when `site` is given."""
    environment = environment or os.environ.get("PORTAL_ENV", "development")
    data = Dataset(Path(data_dir))
    problems = data.problems
    for collection in COLLECTIONS:
        data.loaded[collection.name] = {}
        data.records[collection.name] = {}
        data.held_back[collection.name] = {}
    if site is not None:
        site_tree.check_site(site, _shown, problems.add)
    if not data.root.is_dir():
        problems.add(_shown(data.root), 1, 1, "no-data-folder",
                     f"The data folder '{_shown(data.root)}' does not exist.",
                     f"پوشهٔ دادهٔ «{_shown(data.root)}» وجود ندارد.")
        return data
    site_tree.check_data(data.root, _shown, problems.add)
    if data.root.is_symlink():
        problems.sort()
        return data   # reported by check_data; nothing behind a link is read

    files = []
    for collection in COLLECTIONS:
        folder = data.root / collection.folder
        parts = Path(collection.folder).parts
        through_link = any((data.root.joinpath(*parts[:n])).is_symlink() for n in range(1, len(parts) + 1))
        if folder.is_dir() and not through_link:
            # Links are reported by site_tree.check_data and never read.
            files += [(collection, file) for file in sorted(folder.iterdir())
                      if not file.is_symlink() and file.is_file() and not file.name.startswith(".")]
    for collection, file in files:
        data.file_ids.setdefault(collection.name, set()).add(file.stem)
    for (collection, file), (loaded, found) in zip(files, _read_all(files)):
        problems.extend(found)
        if loaded is not None:
            data.loaded[collection.name][file.stem] = loaded

    # Records are built only from files whose structure is right; rules between records follow,
    # on what is published: in production, examples (invented sample data) are held back.
    # A planned visit waits for its `publish_from` day in every mode (protocol).
    production = environment == PRODUCTION
    today = reference_day()
    for collection in COLLECTIONS:
        for record_id, loaded in data.loaded[collection.name].items():
            record = build_record(collection.name, loaded)
            waiting = record.get("publish_from") is not None and record["publish_from"].start > today
            target = data.held_back if (production and record.example) or waiting else data.records
            target[collection.name][record_id] = record
    data_files.check(data, problems.add)
    rules.check_all(data, production=production)
    problems.sort()
    return data


def _read_one(collection: Collection, file: Path) -> tuple[Loaded | None, ProblemList]:
    """One file: its name, its YAML and its structure. The Loaded is None if any of them is wrong."""
    problems = ProblemList()
    shown = _shown(file)
    if file.suffix in (".yaml", ".YML", ".Yml") or file.suffix.lower() != ".yml":
        problems.add(shown, 1, 1, "file-name",
                     f"Data files must end in .yml (lowercase); rename '{file.name}' to "
                     f"'{file.stem.lower()}.yml'.",
                     f"نام فایل‌های داده باید به .yml (با حروف کوچک) ختم شود؛ نام «{file.name}» را به "
                     f"«{file.stem.lower()}.yml» تغییر دهید.")
        return None, problems
    loaded = load_file(file, shown, problems, max_depth(collection.name))
    if loaded is None or not _check_structure(collection, file, loaded, problems):
        return None, problems
    return loaded, problems


def _read_some(files: list) -> list:
    return [_read_one(collection, file) for collection, file in files]


def _read_all(files: list, parallel_from: int = 600) -> list:
    """Every file read and checked, in order; on every core when there are many (the work is per file)."""
    workers = cores()
    if len(files) < parallel_from or workers == 1:
        return _read_some(files)
    shares = [Forked(_read_some, files[index::workers]) for index in range(workers)]
    results: list = [None] * len(files)
    for index, share in enumerate(shares):
        results[index::workers] = share.result()
    return results


def _check_structure(collection: Collection, file: Path, loaded: Loaded, problems: ProblemList) -> bool:
    ok = True
    value = loaded.value
    if not isinstance(value, dict):
        problems.add(loaded.path, 1, 1, "not-a-record",
                     "The file must hold one record: lines of 'field: value', starting at the left edge.",
                     "فایل باید یک رکورد داشته باشد: سطرهایی به شکل «فیلد: مقدار» که از ابتدای سطر شروع می‌شوند.")
        return False
    if not fast_validator(collection).is_valid(value):
        validator = schema_validator(collection)
        for error in sorted(validator.iter_errors(value), key=lambda e: list(map(str, e.absolute_path))):
            ok = False
            _report_schema_error(error, validator.schema, loaded, problems)
    record_id = value.get("id")
    if isinstance(record_id, str) and record_id != file.stem:
        ok = False
        line, column = loaded.where(("id",))
        problems.add(loaded.path, line, column, "id-mismatch",
                     f"The id '{record_id}' does not match the file name '{file.name}'. The id must be "
                     f"the file name without .yml: write id: {file.stem} (or rename the file).",
                     f"شناسهٔ «{record_id}» با نام فایل «{file.name}» یکی نیست. شناسه باید همان نام فایل بدون .yml باشد: "
                     f"بنویسید id: {file.stem} (یا نام فایل را تغییر دهید).")
    return ok


# ----------------------------------------------------------------------------- messages
_TYPE_WORDS = {
    "string": ("text", "متن"), "integer": ("a whole number", "عدد صحیح"), "number": ("a number", "عدد"),
    "boolean": ("true or false", "true یا false"), "object": ("a group of fields", "گروهی از فیلدها"),
    "array": ("a list (lines starting with '- ')", "فهرست (سطرهایی که با '- ' شروع می‌شوند)"),
    "null": ("nothing", "هیچ"),
}


def _found_words(value) -> tuple[str, str]:
    if value is None:
        return ("nothing (the field is empty)", "هیچ (فیلد خالی است)")
    if isinstance(value, bool):
        return (f"a yes/no value ({str(value).lower()}); YAML reads words like no, yes, on, off that way — "
                "put the text in quotes", f"یک مقدار بله/خیر ({str(value).lower()})؛ YAML کلماتی مانند no و yes و on و off را چنین می‌خواند — متن را داخل گیومه بگذارید")
    if isinstance(value, dict):
        return ("a group of fields", "گروهی از فیلدها")
    if isinstance(value, list):
        return ("a list", "یک فهرست")
    if isinstance(value, (int, float)):
        return (f"the number {value}", f"عدد {value}")
    return (f"'{value}'", f"«{value}»")


def _describe(schema: dict) -> tuple[str, str]:
    """The field's own plain-language description, English and Persian parts."""
    text = schema.get("description", "") if isinstance(schema, dict) else ""
    en, _, fa = text.partition("\n\n")
    return en.strip(), fa.strip()


def _report_schema_error(error, root_schema: dict, loaded: Loaded, problems: ProblemList) -> None:
    location = tuple(error.absolute_path)
    field = ".".join(str(p) for p in location) or "(the record)"
    kind = error.validator
    found_en, found_fa = _found_words(error.instance)
    desc_en, desc_fa = _describe(error.schema)
    line, column = loaded.where(location)
    code = f"schema-{kind}"

    if "propertyNames" in error.absolute_schema_path:   # a localised text's key: a configured language
        key = str(error.instance)
        k_line, k_column = loaded.key_where(location + (key,))
        codes = list(languages.data_codes())
        guess = difflib.get_close_matches(key, codes, n=1, cutoff=0.5)
        hint_en = f" Did you mean '{guess[0]}'?" if guess else ""
        hint_fa = f" آیا منظورتان «{guess[0]}» است؟" if guess else ""
        problems.add(loaded.path, k_line, k_column, "unknown-language",
                     f"'{key}' in '{field}' is not one of the portal's languages ({', '.join(codes)}, as listed in "
                     f"mkdocs.yml). A text's keys are language codes.{hint_en}",
                     f"«{key}» در «{field}» جزو زبان‌های پرتال نیست ({'، '.join(codes)}، طبق mkdocs.yml). کلیدهای "
                     f"هر متن کد زبان‌اند.{hint_fa}")
        return
    if kind == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        for name in missing:
            sub = _property_schema(error.schema, name, root_schema)
            d_en, d_fa = _describe(sub)
            where = f" in '{field}'" if location else ""
            where_fa = f" در «{field}»" if location else ""
            problems.add(loaded.path, line, column, "missing-field",
                         f"The required field '{name}' is missing{where}." + (f" It is: {d_en}" if d_en else ""),
                         f"فیلد الزامی «{name}»{where_fa} نوشته نشده است." + (f" این فیلد: {d_fa}" if d_fa else ""))
        return
    if kind == "additionalProperties":
        allowed = sorted((error.schema.get("properties") or {}).keys())
        for name in sorted(set(error.instance) - set(allowed)):
            k_line, k_column = loaded.key_where(location + (name,))
            guess = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            hint_en = f" Did you mean '{guess[0]}'?" if guess else ""
            hint_fa = f" آیا منظورتان «{guess[0]}» است؟" if guess else ""
            if name in ("proxy", "proxies", "represented_by", "substitute"):
                hint_en += " Members attend in person; the statute allows no proxies (article 4, note 3)."
                hint_fa += " اعضا باید شخصاً شرکت کنند؛ اساسنامه نماینده را نمی‌پذیرد (مادهٔ ۴، تبصرهٔ ۳)."
            problems.add(loaded.path, k_line, k_column, "unknown-field",
                         f"Unknown field '{name}'.{hint_en} Allowed here: {', '.join(allowed)}.",
                         f"فیلد ناشناخته «{name}».{hint_fa} فیلدهای مجاز در این‌جا: {', '.join(allowed)}.")
        return
    if kind == "format" and isinstance(error.cause, (FormatProblem, DateError)):
        cause = error.cause
        problems.add(loaded.path, line, column, "bad-" + str(error.validator_value),
                     f"'{field}': {cause.message_en}", f"«{field}»: {cause.message_fa}")
        return
    if kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        exp_en = " or ".join(_TYPE_WORDS[t][0] for t in expected)
        exp_fa = " یا ".join(_TYPE_WORDS[t][1] for t in expected)
        problems.add(loaded.path, line, column, "wrong-type",
                     f"'{field}' should be {exp_en}, but it is {found_en}." + (f" It is: {desc_en}" if desc_en else ""),
                     f"«{field}» باید {exp_fa} باشد، اما {found_fa} است." + (f" این فیلد: {desc_fa}" if desc_fa else ""))
        return
    if kind == "enum":
        options = [str(o) for o in error.validator_value]
        guess = difflib.get_close_matches(str(error.instance), options, n=1, cutoff=0.5)
        hint_en = f" Did you mean '{guess[0]}'?" if guess else ""
        hint_fa = f" آیا منظورتان «{guess[0]}» است؟" if guess else ""
        problems.add(loaded.path, line, column, "not-allowed-value",
                     f"'{field}' is {found_en}, which is not one of the allowed values: {', '.join(options)}.{hint_en}",
                     f"«{field}» برابر {found_fa} است که جزو مقدارهای مجاز نیست: {', '.join(options)}.{hint_fa}")
        return
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        low, high = _bounds(error.parent_schema if hasattr(error, "parent_schema") else error.schema)
        problems.add(loaded.path, line, column, "out-of-range",
                     f"'{field}' is {found_en}, which is out of range ({low} to {high})." + (f" It is: {desc_en}" if desc_en else ""),
                     f"«{field}» برابر {found_fa} است که خارج از محدوده است ({low} تا {high})." + (f" این فیلد: {desc_fa}" if desc_fa else ""))
        return
    if kind == "maxProperties" and error.validator_value == 1:   # a party: exactly one way of naming it
        options = ", ".join(sorted((error.schema.get("properties") or {})))
        problems.add(loaded.path, line, column, "one-of-these",
                     f"'{field}' gives {', '.join(sorted(error.instance))}: write exactly one of {options}.",
                     f"«{field}» این‌ها را دارد: {'، '.join(sorted(error.instance))}؛ دقیقاً یکی از {options} را بنویسید.")
        return
    if kind in ("minLength", "minItems", "minProperties"):
        problems.add(loaded.path, line, column, "empty",
                     f"'{field}' is empty; write something or remove the field." + (f" It is: {desc_en}" if desc_en else ""),
                     f"«{field}» خالی است؛ چیزی بنویسید یا فیلد را حذف کنید." + (f" این فیلد: {desc_fa}" if desc_fa else ""))
        return
    if kind == "uniqueItems":
        problems.add(loaded.path, line, column, "repeated-item",
                     f"The list '{field}' has the same item more than once; keep each item once.",
                     f"در فهرست «{field}» یک مورد بیش از یک بار آمده است؛ هر مورد را یک بار بنویسید.")
        return
    if kind == "oneOf" and isinstance(error.instance, dict) and {"file", "url"} & set(error.instance) | {"x"}:
        problems.add(loaded.path, line, column, "file-or-url",
                     f"'{field}' needs exactly one of 'file' (a file in data/files/) or 'url' (a web address), not both and not neither.",
                     f"«{field}» دقیقاً به یکی از «file» (فایلی در data/files/) یا «url» (نشانی وب) نیاز دارد، نه هر دو و نه هیچ‌کدام.")
        return
    if kind == "not" and error.validator_value == {}:
        # `{"not": {}}` marks a field that is not allowed in this record (e.g. `issue` on a book).
        problems.add(loaded.path, line, column, "field-not-allowed",
                     f"The field '{field}' is not allowed here." + (f" It is: {desc_en}" if desc_en else ""),
                     f"فیلد «{field}» در این‌جا مجاز نیست." + (f" این فیلد: {desc_fa}" if desc_fa else ""))
        return
    if kind == "pattern":
        problems.add(loaded.path, line, column, "bad-form",
                     f"'{field}' is {found_en}, which is not in the expected form." + (f" Expected: {desc_en}" if desc_en else ""),
                     f"«{field}» برابر {found_fa} است که به شکل مورد انتظار نیست." + (f" شکل درست: {desc_fa}" if desc_fa else ""))
        return
    problems.add(loaded.path, line, column, code,
                 f"'{field}' is not valid: {error.message}",
                 f"«{field}» معتبر نیست: {error.message}")


def _property_schema(schema: dict, name: str, root: dict) -> dict:
    sub = (schema.get("properties") or {}).get(name, {})
    if "description" not in sub and "$ref" in sub:
        file, _, pointer = sub["$ref"].partition("#")
        target = load_schema(file) if file else root
        for part in pointer.strip("/").split("/"):
            target = target.get(part, {}) if part else target
        return target
    return sub


def _bounds(schema: dict) -> tuple:
    return schema.get("minimum", schema.get("exclusiveMinimum", "")), schema.get("maximum", schema.get("exclusiveMaximum", ""))
