"""The staff editor at /admin/ (Sveltia CMS): its configuration, generated from the JSON Schemas.

Nothing here is typed by hand per collection or per field: every collection of
portal.collections.COLLECTIONS becomes an editor collection, and every property of its schema
(following `$ref`s into common.schema.json) becomes one form field:

- labels `فارسی — English` from the property's `title` or else the first clause of each half of
  its description ("English\\n\\nفارسی"); hints from the whole description, Persian first;
- `required` from the schema; `select` from enums (option labels from the `code (فارسی)` or
  `code: فارسی` explanations in the description, no `default`: the editor would write it into
  records that leave the field out), countries and languages as selects of the codes the
  validator and the pages accept; a `reference` with `x-refers-to` as a choice among that
  collection's records, written as their ids;
- the shared definitions `name`, `text` and `longText` as one field per language of
  `languages()`; dates and times as text with the validator's own pattern (Jalali and partial
  dates are valid, which no date picker offers); files upload into data/files/<folder>/ within
  portal.data_files' allowlist.

The editor writes YAML (output.yaml.quote: double, so 2014-02-27 stays a string; empty optional
fields left out; keys in the schema's order). `portal editor-config` prints the configuration;
the build writes it to /admin/config.yml with the bundled editor (build/editor/, `make editor`)
and /admin/'s own Content-Security-Policy (write_admin).
"""
from __future__ import annotations

import re
import shutil
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from . import collections as portal_collections
from .collections import Collection, resolve_ref
from .data_files import ACCEPTED, IMAGES, MB

COMMON = "common.schema.json"
REFERS_TO = "x-refers-to"   # beside a `reference`: the collection whose record it names

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "build" / "editor"      # what `make editor` (Vite) writes
ADMIN = "admin"                          # the editor's folder in the site

# Where the editor may connect and load from; nothing else (the public pages allow only 'self').
GITHUB_API = "https://api.github.com"
GITHUB_STATUS = "https://www.githubstatus.com"
GITHUB_IMAGES = ("https://avatars.githubusercontent.com", "https://raw.githubusercontent.com",
                 "https://private-user-images.githubusercontent.com")

DATE_HINT = ("Write 2023-01-18, or Solar Hijri 1401/10/28 (Persian digits too: ۱۴۰۱/۱۰/۲۸); only the month or "
             "year when that is all the source says: 2006-11, 1401/05, 2008.")
DATE_HINT_FA = ("به شکل 2023-01-18 یا خورشیدی 1401/10/28 بنویسید (رقم فارسی هم درست است: ۱۴۰۱/۱۰/۲۸)؛ اگر منبع فقط "
                "ماه یا سال را می‌گوید، همان را: 2006-11، 1401/05، 2008.")


def languages() -> tuple[str, ...]:
    """The languages a localised text has a field for, in the order they are written.

    The one place the editor asks: every language mkdocs.yml configures (portal.languages),
    published or not yet, since data may carry texts of a language being translated."""
    from . import languages as configured

    return configured.data_codes()


# --------------------------------------------------------------------------- descriptions

# Where the first clause of a description ends (not at "e.g." or "no.").
_SHORT_END = re.compile(r"(?<!e\.g)(?<!i\.e)(?<!\bno)(?<!\bvol)\.(?:\s|$)|:\s|;\s|؛|،\s|,\s|\s\(")


def halves(text: str | None) -> tuple[str, str]:
    """(English, Persian) of a schema title or description written "English\\n\\nفارسی"."""
    if not text:
        return "", ""
    english, _, persian = text.partition("\n\n")
    return english.strip(), persian.strip()


def short(text: str) -> str:
    """The first clause of a description: up to its first full stop, colon, comma or bracket."""
    match = _SHORT_END.search(text)
    return (text[:match.start()] if match else text).strip().rstrip(".").strip()


def label_of(fallback: str, *sources: tuple[str, str | None]) -> str:
    """`فارسی — English` from the first of (kind, text) that has text: a `title` is used whole,
    a `description` by its first clause."""
    for kind, text in sources:
        english, persian = halves(text)
        if english:
            if kind == "description":
                english, persian = short(english), short(persian)
            return f"{persian} — {english}" if persian else english
    return fallback


# First-strong isolate: the English half of a hint is laid out as one left-to-right run inside the
# right-to-left Persian interface (its full stops and brackets stay where they belong).
_ISOLATE = "\u2068{}\u2069"


def hint_of(description: str | None) -> str:
    """A whole description, Persian first, the English half isolated for the bidi algorithm."""
    english, persian = halves(description)
    return "\n\n".join(part for part in (persian, _ISOLATE.format(english) if english else "") if part)


def option_label(code: str, *descriptions: str | None) -> str:
    """`فارسی — code` for an enum value, from the Persian half of the first description that
    explains it ("code (فارسی)" or "code: فارسی؛"), or the code alone."""
    escaped = re.escape(code)
    for description in descriptions:
        persian = halves(description)[1]
        for pattern in (rf"(?<![\w-]){escaped}\s*\(([^()]+)\)", rf"(?<![\w-]){escaped}:\s*([^؛.]+)"):
            match = re.search(pattern, persian)
            if match:
                return f"{match.group(1).strip()} — {code}"
    return code


# --------------------------------------------------------------------------- schema to fields


def _ref_name(schema: dict, file: str) -> str | None:
    """The common.schema.json definition a schema points at ("date", "name", ...), if any."""
    ref = schema.get("$ref", "")
    target = ref.partition("#")[0] or file
    if target == COMMON and "#/$defs/" in ref:
        return ref.rsplit("/", 1)[-1]
    return None


def _follow(schema: dict, file: str) -> tuple[dict, dict, str, str | None]:
    """A property's schema with its `$ref` followed: (the definition overridden by the keywords
    written beside the reference, the definition alone, its file, its name in common.schema.json)."""
    if "$ref" not in schema:
        return schema, {}, file, None
    name = _ref_name(schema, file)
    target, target_file = resolve_ref(schema, file)
    merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    if "pattern" in schema and "pattern" in target and schema["pattern"] != target["pattern"]:
        merged["patterns"] = [target["pattern"], schema["pattern"]]
    return merged, target, target_file, name


class Fields:
    """Form fields of one collection, from its schema."""

    def __init__(self, collection: Collection):
        self.collection = collection
        self.file_folder = collection.folder.split("/")[0]   # data/files/<first folder of the collection>/

    def record(self) -> list[dict]:
        schema = self.collection.schema()
        return self.properties(schema, self.collection.schema_file)

    def properties(self, schema: dict, file: str) -> list[dict]:
        required = set(schema.get("required", []))
        return [self.field(name, sub, file, name in required) for name, sub in (schema.get("properties") or {}).items()]

    def field(self, name: str, schema: dict, file: str, required: bool) -> dict:
        merged, target, file, definition = _follow(schema, file)
        label = label_of(name, ("title", schema.get("title")), ("description", schema.get("description")),
                         ("title", target.get("title")), ("description", target.get("description")))
        field = {"name": name, "label": label, "required": required}
        hint = hint_of(merged.get("description"))
        if hint:
            field["hint"] = hint
        field.update(self.widget(merged, target, file, definition))
        if "field" in field:   # a list of single values: its items are labelled like the list
            field["field"]["label"] = label
        return field

    def widget(self, schema: dict, target: dict, file: str, definition: str | None) -> dict:
        kind = schema.get("type")
        if definition in ("name", "text", "longText"):
            return self.localised(schema, file, multiline=definition == "longText")
        if definition == "reference" and schema.get(REFERS_TO):
            return self.relation(schema[REFERS_TO])
        if definition == "date":
            return {"widget": "string", "pattern": [schema["pattern"], f"{DATE_HINT_FA} / {DATE_HINT}"]}
        if definition == "file":
            return self.file(schema)
        if definition == "country":
            return self.select(_country_options())
        if definition == "language":
            return self.select(_language_options())
        if "enum" in schema:
            return self.select([{"label": option_label(str(v), schema.get("description"), target.get("description")),
                                 "value": v} for v in schema["enum"]])
        if kind == "array":
            return self.array(schema, file)
        if kind == "object" or "properties" in schema:
            return {"widget": "object", "fields": self.properties(schema, file)}
        if kind == "boolean":
            return {"widget": "boolean"}
        if kind in ("integer", "number"):
            widget = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
            for key, option in (("minimum", "min"), ("maximum", "max")):
                if key in schema:
                    widget[option] = schema[key]
            if kind == "number":
                widget["step"] = 0.0001
            return widget
        widget: dict = {"widget": "string"}
        if schema.get("format") == "http-url":
            widget.update(type="url", pattern=["^https?://\\S+$", "نشانی کامل با https:// — A full address starting with https://"])
        elif "pattern" in schema:
            widget["pattern"] = [schema["pattern"], "شکل این مقدار درست نیست (راهنمای زیر فیلد را ببینید) — "
                                                    "This value is not in the expected form (see the hint)"]
        if "maxLength" in schema:
            widget["maxlength"] = schema["maxLength"]
        return widget

    @staticmethod
    def select(options: list[dict]) -> dict:
        # No `default`: the editor would write it into every record that leaves the field out (a
        # schema's default is what leaving it out means, as its description says).
        return {"widget": "select", "options": options}

    def array(self, schema: dict, file: str) -> dict:
        items, target, items_file, definition = _follow(schema.get("items") or {}, file)
        if definition == "reference" and items.get(REFERS_TO):   # ids of other records: one choice of several
            widget = {**self.relation(items[REFERS_TO]), "multiple": True}
        elif "enum" in items:   # a set of codes: one select with several values
            widget = {"widget": "select", "multiple": True,
                      "options": [{"label": option_label(str(v), schema.get("description"), items.get("description"),
                                                         target.get("description")), "value": v}
                                  for v in items["enum"]]}
        elif definition not in ("name", "text", "longText") and (items.get("type") == "object" or "properties" in items):
            widget = {"widget": "list", "fields": self.properties(items, items_file)}
            summary = _summary_of(items)
            if summary:
                widget["summary"] = summary
        else:   # a list of single values (texts, ids): each item is the value itself
            item = self.field("item", schema["items"], file, True)
            item.pop("hint", None)
            widget = {"widget": "list", "field": item}
        if "minItems" in schema:
            widget["min"] = schema["minItems"]
        return widget

    def relation(self, collection_name: str) -> dict:
        """A choice among another collection's records, stored as their id (`x-refers-to`)."""
        target = next((c for c in portal_collections.COLLECTIONS if c.name == collection_name), None)
        if target is None:
            raise ValueError(f"{self.collection.name}: x-refers-to names {collection_name!r}, which is not a collection")
        properties = target.schema().get("properties") or {}
        named = next((n for n in ("name", "title") if properties.get(n, {}).get("$ref", "").endswith("/name")), None)
        langs = [lang for lang in ("fa", "en") if lang in languages()]
        if named:
            shown = " — ".join("{{fields.%s.%s}}" % (named, lang) for lang in langs) + " ({{fields.id}})"
            search = ["id", *(f"{named}.{lang}" for lang in langs)]
        else:
            shown, search = "{{fields.id}}", ["id"]
        return {"widget": "relation", "collection": collection_name, "value_field": "id",
                "display_fields": [shown], "search_fields": search}

    def localised(self, schema: dict, file: str, multiline: bool) -> dict:
        required = set(schema.get("required", []))
        properties = schema.get("properties") or {}
        fields = []
        other = schema.get("additionalProperties") if isinstance(schema.get("additionalProperties"), dict) else {}
        for lang in languages():
            sub = _follow(properties.get(lang, other), file)[0]
            field = {"name": lang, "label": _language_label(lang), "required": lang in required,
                     "widget": "text" if multiline else "string"}
            hint = hint_of(sub.get("description"))
            if multiline:
                hint = "\n\n".join(filter(None, [hint, "مارک‌داون ساده مجاز است، HTML نه. — Simple Markdown, no HTML."]))
            if hint:
                field["hint"] = hint
            fields.append(field)
        return {"widget": "object", "fields": fields}

    def file(self, schema: dict) -> dict:
        patterns = schema.get("patterns") or [schema["pattern"]]
        allowed = {ext: kind for ext, kind in ACCEPTED.items() if all(re.search(p, f"a/b.{ext}") for p in patterns)}
        images_only = set(allowed) <= set(IMAGES)
        largest = max(kind.max_bytes for kind in allowed.values())
        return {
            "widget": "image" if images_only else "file",
            "choose_url": False,
            "accept": ",".join(sorted({_MIME[ext] for ext in allowed} | {f".{ext}" for ext in allowed})),
            "media_libraries": {"default": {"config": {"max_file_size": largest, "slugify_filename": True}}},
            "pattern": [_FILE_VALUE, f"نام فایل: حروف کوچک انگلیسی، رقم و خط تیره ({', '.join(allowed)}، حداکثر "
                                     f"{largest // MB} مگابایت) — File name: lowercase English letters, digits and "
                                     f"hyphens ({', '.join(allowed)}, up to {largest // MB} MB)"],
        }


_MIME = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}
# What the editor checks in a file field: the name of a file being uploaded (after the editor has
# made it lowercase ASCII) or the value (folder/name.ext as records write it; /folder/name.ext as
# the editor holds it before editor/main.js drops the slash on save).
_FILE_VALUE = r"^(/?[a-z0-9]+(-[a-z0-9]+)*/)?[a-z0-9]+([-.][a-z0-9]+)*\.(pdf|png|jpg|jpeg|webp)$"


def _summary_of(items: dict) -> str | None:
    """What a collapsed list item shows: its title (Persian, else English) or its first text."""
    properties = items.get("properties") or {}
    for name in ("title", "name", "role", "number", "from", "date"):
        if name in properties:
            ref = properties[name].get("$ref", "")
            if ref.endswith(("/text", "/name")):
                lang = "fa" if "fa" in languages() else languages()[0]
                return "{{fields.%s.%s}}" % (name, lang)
            return "{{fields.%s}}" % name
    return None


@cache
def _language_label(lang: str) -> str:
    from babel import Locale

    return f"{Locale('fa').languages.get(lang, lang)} — {Locale('en').languages.get(lang, lang)} ({lang})"


@cache
def _country_options() -> list[dict]:
    from babel import Locale

    from .localise import country_codes, sort_by

    fa, en = Locale("fa").territories, Locale("en").territories
    codes = sort_by(sorted(country_codes()), lambda code: fa.get(code, code), "fa")
    return [{"label": f"{fa.get(code, code)} — {en.get(code, code)} ({code})", "value": code} for code in codes]


@cache
def _language_options() -> list[dict]:
    from babel import Locale

    from .localise import sort_by

    fa, en = Locale("fa").languages, Locale("en").languages
    codes = sort_by([c for c in en if re.fullmatch(r"[a-z]{2}", c) and c in fa], lambda code: fa[code], "fa")
    return [{"label": f"{fa[code]} — {en[code]} ({code})", "value": code} for code in codes]


# --------------------------------------------------------------------------- the configuration


def _site(root: Path) -> dict:
    from .site_config import read_config

    return read_config(Path(root) / "mkdocs.yml")


def repository(root: Path = ROOT) -> str:
    """owner/name of the GitHub repository, from mkdocs.yml's extra.repository."""
    url = (_site(root).get("extra") or {}).get("repository", "")
    match = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?/?", url)
    if not match:
        raise ValueError(f"mkdocs.yml extra.repository must be https://github.com/OWNER/NAME, not {url!r}")
    return match.group(1)


def _collection(collection: Collection) -> dict:
    schema = collection.schema()
    english, persian = halves(schema.get("description"))
    fields = Fields(collection).record()
    summary = next((f"{{{{fields.{f['name']}.fa}}}} — {{{{fields.{f['name']}.en}}}}" for f in fields
                    if f["name"] in ("name", "title") and f.get("widget") == "object"), "{{fields.id}}")
    return {
        "name": collection.name,
        "label": _collection_label(collection, schema),
        "description": f"{persian}\n\n{english}".strip(),
        "folder": f"data/{collection.folder}",
        # Files upload into data/files/<the collection's first folder>/ (council/ for the council).
        "media_folder": f"/data/files/{Fields(collection).file_folder}",
        "public_folder": f"/{Fields(collection).file_folder}",
        "extension": "yml",
        "format": "yml",
        "identifier_field": "id",
        "slug": "{{fields.id}}",
        "summary": summary,
        "create": True,
        "delete": False,
        "publish": False,
        "editor": {"preview": False},
        "fields": fields,
    }


def _collection_label(collection: Collection, schema: dict) -> str:
    """`فارسی — English` from the schema's title (its Persian half, or else the first clause of
    the Persian description)."""
    english, persian = halves(schema.get("title"))
    persian = persian or short(halves(schema.get("description"))[1])
    english = english or collection.name
    return f"{persian} — {english}" if persian else english


def config(root: Path = ROOT) -> dict:
    """The editor's configuration (what /admin/config.yml holds)."""
    site = _site(root)
    site_url = site.get("site_url") or "/"
    logo = site.get("theme", {}).get("logo")
    return {
        "app_title": "ویرایشگر پورتال بین‌الملل شهرداری تهران — Tehran International Portal editor",
        "site_url": site_url,
        **({"logo": {"src": urlsplit(site_url).path.rstrip("/") + "/" + logo}} if logo else {}),
        "backend": {
            "name": "github",
            "repo": repository(root),
            "branch": "main",
            "auth_methods": ["token"],
            # Commit messages and pull request titles name the record's file, as reviewers see it.
            "commit_messages": {
                "create": "Add {{path}} (form editor, {{author-login}})",
                "update": "Update {{path}} (form editor, {{author-login}})",
                "delete": "Delete {{path}} (form editor, {{author-login}})",
                "uploadMedia": "Add {{path}} (form editor, {{author-login}})",
                "deleteMedia": "Delete {{path}} (form editor, {{author-login}})",
            },
        },
        "publish_mode": "editorial_workflow",
        "media_folder": "data/files",
        "public_folder": "/",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "output": {
            "omit_empty_optional_fields": True,
            "yaml": {"quote": "double", "indent_size": 2, "indent_sequences": True},
        },
        # Read when called: a collection added to portal.collections appears with no change here.
        "collections": [_collection(c) for c in portal_collections.COLLECTIONS],
    }


def config_yaml(root: Path = ROOT) -> str:
    head = ("# Generated from scripts/portal/schemas/ by `portal editor-config` (scripts/portal/editor.py).\n"
            "# Do not edit: change the schemas.\n")
    # libyaml's emitter when PyYAML has it (the same text, a fifth of the time: this runs on every
    # `mkdocs serve` rebuild), PyYAML's own otherwise.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return head + yaml.dump(config(root), Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


# --------------------------------------------------------------------------- /admin/ in the site


def content_security_policy() -> str:
    """/admin/'s own policy: the site, GitHub's API and status page, GitHub's image hosts.
    Inline styles (the editor's components set them); blob: and data: images for previews of
    files being uploaded, blob: frames for a PDF's preview in the asset library; no 'unsafe-eval',
    no other host."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        " ".join(["img-src 'self' data: blob:", *GITHUB_IMAGES]),
        "font-src 'self'",
        # blob: the editor reads a file being uploaded from its blob: URL; data: it fetches its
        # built-in logo (a data: URL) before it reads config.yml
        f"connect-src 'self' blob: data: {GITHUB_API} {GITHUB_STATUS}",
        "frame-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


class MissingBundle(RuntimeError):
    pass


def write_admin(site: Path, root: Path = ROOT, bundle: Path = BUNDLE) -> Path:
    """The editor at <site>/admin/: the bundle `make editor` built, its page with /admin/'s own
    Content-Security-Policy, and config.yml generated from the schemas. Returns the folder."""
    page = bundle / "index.html"
    if not page.is_file():
        raise MissingBundle(f"{bundle} has no editor bundle: run `make editor` (npm ci and Vite; Node >= 20.19).")
    admin = Path(site) / ADMIN
    shutil.rmtree(admin, ignore_errors=True)
    shutil.copytree(bundle, admin, ignore=shutil.ignore_patterns(".vite", "index.html"))
    html = page.read_text(encoding="utf-8")
    charset = '<meta charset="utf-8">'
    if charset not in html or 'name="robots" content="noindex"' not in html:
        raise MissingBundle(f"{page} lacks its charset or robots meta tag: rebuild it with `make editor`.")
    csp = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">'
    (admin / "index.html").write_text(html.replace(charset, f"{charset}\n{csp}", 1), encoding="utf-8")
    (admin / "config.yml").write_text(config_yaml(root), encoding="utf-8")
    return admin
