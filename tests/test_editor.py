"""The staff editor at /admin/ (issue 16): Sveltia CMS bundled from npm, its configuration
generated from the JSON Schemas, driven in Chromium in its Persian interface.

GitHub cannot be reached here. The browser tests block every host but the site's own and record
what the editor attempted, and they edit through the editor's local-repository mode: the browser's
folder picker is replaced by a folder of the origin private file system (OPFS) holding a copy of
data/ and a .git folder. That mode reads the real /admin/config.yml (GitHub backend, editorial
workflow); only where the files go differs (that folder, instead of a branch `cms/...` and a pull
request), which is README's one manual check.
"""
from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout, expect

from conftest import BIN, ROOT, build_site
from portal import collections as portal_collections
from portal import editor
from portal.collections import COLLECTIONS, Collection, load_schema
from portal.load import load_text
from portal.problems import ProblemList
from portal.schema_paths import paths_to
from site_html import pages

COMMON = "common.schema.json"
LOCALISED = ("name", "text", "longText")
SVELTIA_SCHEMA = ROOT / "node_modules" / "@sveltia" / "cms" / "schema" / "sveltia-cms.json"
GITHUB_HOSTS = {"api.github.com", "www.githubstatus.com"}
LOCAL_REPOSITORY = "کار با مخزن محلی"         # "Work with Local Repository"
TOKEN_SIGN_IN = "ورود با استفاده از توکن دسترسی"  # "Sign In with Access Token"
SAVE = "ذخیره"
NEW = "ایجاد ورودی جدید"   # "Create new entry"


# --------------------------------------------------------------------------- the configuration


def _follow(schema: dict, file: str) -> tuple[dict, str, str | None]:
    """(schema with its $ref followed, its file, the common definition's name or None)."""
    if "$ref" not in schema:
        return schema, file, None
    ref_file, _, pointer = schema["$ref"].partition("#")
    target_file = ref_file or file
    target = load_schema(target_file)
    for part in pointer.strip("/").split("/"):
        target = target[part]
    name = pointer.rsplit("/", 1)[-1] if target_file == COMMON else None
    return {**target, **{k: v for k, v in schema.items() if k != "$ref"}}, target_file, name


def check_fields(fields: list[dict], schema: dict, file: str, where: str) -> int:
    """Assert that `fields` are the schema's properties, one each, with the schema's `required`,
    selects for enums, one field per language for localised texts; returns how many were checked."""
    properties = schema.get("properties") or {}
    required = set(schema.get("required", []))
    by_name = {f["name"]: f for f in fields}
    assert list(by_name) == list(properties), f"{where}: fields {list(by_name)} are not the schema's {list(properties)}"
    checked = 0
    for name, sub in properties.items():
        checked += check_field(by_name[name], sub, file, name in required, f"{where}.{name}")
    return checked


def check_field(field: dict, sub: dict, file: str, required: bool, where: str) -> int:
    assert field.get("required") is required, f"{where}: required is {field.get('required')}, the schema says {required}"
    assert field.get("label"), f"{where}: no label"
    sub, file, definition = _follow(sub, file)
    widget = field.get("widget")
    if definition in LOCALISED:
        assert widget == "object", f"{where}: a localised text is an object of languages"
        assert [f["name"] for f in field["fields"]] == list(editor.languages()), f"{where}: not one field per language"
        for lang_field in field["fields"]:
            assert lang_field["required"] is (lang_field["name"] in sub.get("required", [])), f"{where}.{lang_field['name']}"
            assert lang_field["widget"] == ("text" if definition == "longText" else "string"), f"{where}.{lang_field['name']}"
        return 1 + len(field["fields"])
    if definition == "reference" and "x-refers-to" in sub:
        assert widget == "relation" and field["collection"] == sub["x-refers-to"] and field["value_field"] == "id", where
        assert sub["x-refers-to"] in [c.name for c in portal_collections.COLLECTIONS], where
        return 1
    if definition == "date":
        assert widget == "string" and field["pattern"][0] == load_schema(COMMON)["$defs"]["date"]["pattern"], where
        return 1
    if definition == "file":
        assert widget in ("file", "image"), where
        if "pattern" in sub and re.search(sub["pattern"], "a/b.pdf") is None:   # images only (cover)
            assert widget == "image" and "application/pdf" not in field["accept"], where
        return 1
    if "enum" in sub:
        assert widget == "select" and [o["value"] for o in field["options"]] == sub["enum"], f"{where}: not a select of {sub['enum']}"
        return 1
    if sub.get("type") == "array":
        items, items_file, items_definition = _follow(sub["items"], file)
        if items_definition == "reference" and "x-refers-to" in items:
            assert widget == "relation" and field.get("multiple") is True, f"{where}: ids of records are a multiple choice"
            assert field["collection"] == items["x-refers-to"] and field.get("min", 0) == sub.get("minItems", 0), where
            return 1
        if "enum" in items:
            assert widget == "select" and field.get("multiple") is True, f"{where}: a set of codes is a multiple select"
            assert [o["value"] for o in field["options"]] == items["enum"], where
            return 1
        assert widget == "list", f"{where}: an array is a list"
        if "fields" in field:
            return 1 + check_fields(field["fields"], items, items_file, where + "[]")
        return 1 + check_field(field["field"], sub["items"], file, True, where + "[]")
    if sub.get("type") == "object" or "properties" in sub:
        assert widget == "object", where
        return 1 + check_fields(field["fields"], sub, file, where)
    if sub.get("type") == "boolean":
        assert widget == "boolean", where
    elif sub.get("type") in ("integer", "number"):
        assert widget == "number" and field["value_type"] == ("int" if sub["type"] == "integer" else "float"), where
    elif definition in ("country", "language"):
        assert widget == "select" and field["options"], where
    else:
        assert widget == "string", where
        if "pattern" in sub and sub.get("format") != "http-url":
            assert field["pattern"][0] == sub["pattern"], f"{where}: not the validator's pattern"
    return 1


def check_config(config: dict, collections) -> int:
    by_name = {c["name"]: c for c in config["collections"]}
    assert list(by_name) == [c.name for c in collections], "one editor collection per data folder, in order"
    checked = 0
    for collection in collections:
        entry = by_name[collection.name]
        assert entry["folder"] == f"data/{collection.folder}" and entry["extension"] == "yml"
        assert entry["identifier_field"] == "id" and entry["slug"] == "{{fields.id}}", "file name = id"
        assert entry["media_folder"] == f"/data/files/{collection.folder.split('/')[0]}"
        checked += check_fields(entry["fields"], collection.schema(), collection.schema_file, collection.name)
    return checked


def test_every_schema_property_has_its_field():
    config = editor.config()
    checked = check_config(config, COLLECTIONS)
    assert checked >= 240   # every property of the seven schemas, languages included
    backend = {k: v for k, v in config["backend"].items() if k != "commit_messages"}
    assert backend == {"name": "github", "repo": "tehran-intl/portal", "branch": "main", "auth_methods": ["token"]}
    assert config["publish_mode"] == "editorial_workflow"
    assert config["output"]["omit_empty_optional_fields"] is True
    assert config["output"]["yaml"]["quote"] == "double"


def test_labels_are_persian_then_english_and_every_code_has_a_persian_word():
    config = editor.config()

    def walk(fields, where):
        for field in fields:
            persian, _, english = field["label"].partition(" — ")
            assert english and re.search("[\u0600-\u06ff]", persian), f"{where}.{field['name']}: label {field['label']!r}"
            for option in field.get("options", []):
                if field["name"] in ("country", "language"):
                    continue
                assert re.search("[\u0600-\u06ff]", option["label"]) and option["label"].endswith(f"— {option['value']}"), \
                    f"{where}.{field['name']}: option {option['label']!r} (explain each code in the description, `code (فارسی)`)"
            walk(field.get("fields", []), f"{where}.{field['name']}")
            if "field" in field:
                walk([field["field"]], f"{where}.{field['name']}")

    for collection in config["collections"]:
        walk(collection["fields"], collection["name"])


def test_files_upload_within_the_allowlist():
    config = editor.config()
    findings = {c["name"]: c for c in config["collections"]}["findings"]
    fields = {f["name"]: f for f in findings["fields"]}
    assert fields["file"]["media_libraries"]["default"]["config"]["max_file_size"] == 20 * 1024 * 1024
    assert fields["cover"]["widget"] == "image"
    assert fields["cover"]["media_libraries"]["default"]["config"]["max_file_size"] == 2 * 1024 * 1024
    assert set(fields["cover"]["accept"].split(",")) == {".png", ".jpg", ".jpeg", ".webp", "image/png", "image/jpeg", "image/webp"}
    council = {c["name"]: c for c in config["collections"]}["council-documents"]
    assert council["media_folder"] == "/data/files/council" and council["public_folder"] == "/council"
    for collection in config["collections"]:
        for path in paths_to(collection["name"], "file"):
            assert path, collection["name"]


def test_config_is_valid_for_the_editor():
    """Against the JSON schema that ships in the Sveltia CMS package (draft-07)."""
    schema = json.loads(SVELTIA_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(editor.config())]
    assert not errors, "\n".join(errors[:10])
    broken = editor.config()
    broken["publish_mode"] = "sometimes"
    broken["collections"][0]["fields"][0]["required"] = "yes"
    assert len(list(validator.iter_errors(broken))) >= 2, "the editor's schema should refuse a broken configuration"


def test_editor_config_command_prints_the_configuration():
    result = subprocess.run([str(BIN / "portal"), "editor-config"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(result.stdout) == editor.config()


@pytest.fixture
def awards(tmp_path, monkeypatch):
    """A collection that does not exist yet, added the way a new collection is: one schema file
    with its `x-portal` place (collections are discovered from the schema folder)."""
    schemas = tmp_path / "schemas"
    shutil.copytree(portal_collections.SCHEMA_DIR, schemas)
    (schemas / "awards.schema.json").write_text(json.dumps({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "x-portal": {"folder": "awards", "order": 9999},
        "title": "Award",
        "description": "An award Tehran received.\n\nجایزه‌ای که تهران دریافت کرده است.",
        "type": "object",
        "properties": {
            "id": {"$ref": "common.schema.json#/$defs/id"},
            "title": {"$ref": "common.schema.json#/$defs/name"},
            "kind": {"enum": ["prize", "mention"],
                     "description": "prize or mention.\n\nprize (جایزه) یا mention (تقدیرنامه)."},
            "received_on": {"$ref": "common.schema.json#/$defs/date"},
            "text": {"$ref": "common.schema.json#/$defs/file"},
        },
        "required": ["id", "title", "kind", "received_on"],
        "additionalProperties": False,
    }), encoding="utf-8")
    load_schema.cache_clear()
    monkeypatch.setattr(portal_collections, "SCHEMA_DIR", schemas)
    monkeypatch.setattr(portal_collections, "COLLECTIONS", portal_collections._discover())
    yield portal_collections.COLLECTIONS
    monkeypatch.undo()
    load_schema.cache_clear()


def test_a_new_collection_appears_without_changing_the_editor(awards):
    assert awards[-1].name == "awards", "discovered from its schema file alone"
    config = editor.config()
    check_config(config, awards)
    new = config["collections"][-1]
    assert new["name"] == "awards" and new["folder"] == "data/awards"
    kind = {f["name"]: f for f in new["fields"]}["kind"]
    assert [o["label"] for o in kind["options"]] == ["جایزه — prize", "تقدیرنامه — mention"]


# --------------------------------------------------------------------------- /admin/ in the site


def test_admin_has_its_own_policy_and_is_not_indexed(site_dir):
    html = (site_dir / "admin" / "index.html").read_text(encoding="utf-8")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    assert policy == editor.content_security_policy()
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["connect-src"].split() == ["'self'", "blob:", "data:", "https://api.github.com", "https://www.githubstatus.com"]
    assert "'unsafe-eval'" not in policy and "script-src 'self';" in policy + ";"
    assert '<meta name="robots" content="noindex">' in html
    assert yaml.safe_load((site_dir / "admin" / "config.yml").read_text(encoding="utf-8")) == editor.config()
    # Nothing in the bundle names a CDN (the fonts, the locales, the code highlighter are all in it).
    for script in (site_dir / "admin" / "assets").glob("*.js"):
        text = script.read_text(encoding="utf-8", errors="replace")
        assert "cdn.jsdelivr.net" not in text, f"{script.name} loads from jsDelivr"
    # The public pages keep the portal's policy.
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "api.github.com" not in home and "'unsafe-inline'" not in home


def test_admin_is_left_out_of_the_public_pages(site_dir):
    assert not [p for p in pages(site_dir) if "admin" in p.relative_to(site_dir).parts]
    assert "/admin/" not in (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    for lang in ("en", "fa", "ar"):
        for shard in (site_dir / "search-index" / lang / "d").glob("*.json"):
            assert "admin/" not in shard.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- in the browser

PICKER = """
window.showDirectoryPicker = async () =>
  (await navigator.storage.getDirectory()).getDirectoryHandle('repository', { create: true });
"""

FILL_REPOSITORY = """
async (files) => {
  const root = await navigator.storage.getDirectory();
  try { await root.removeEntry('repository', { recursive: true }); } catch (e) {}
  const repository = await root.getDirectoryHandle('repository', { create: true });
  for (const [path, data] of files) {
    const parts = path.split('/');
    let folder = repository;
    for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, { create: true });
    const writable = await (await folder.getFileHandle(parts.at(-1), { create: true })).createWritable();
    await writable.write(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
    await writable.close();
  }
}
"""

READ_REPOSITORY = """
async () => {
  const files = {};
  const walk = async (folder, prefix) => {
    for await (const [name, handle] of folder.entries()) {
      if (handle.kind === 'directory') {
        await walk(handle, `${prefix}${name}/`);
      } else {
        const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
        let text = '';
        for (const byte of bytes) text += String.fromCharCode(byte);
        files[`${prefix}${name}`] = btoa(text);
      }
    }
  };
  await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('repository'), '');
  return files;
}
"""


def repository_files() -> list[tuple[str, str]]:
    """data/ and a .git folder, as (path, base64) for FILL_REPOSITORY."""
    files = [(".git/HEAD", base64.b64encode(b"ref: refs/heads/main\n").decode())]
    for path in sorted((ROOT / "data").rglob("*")):
        if path.is_file():
            files.append((path.relative_to(ROOT).as_posix(), base64.b64encode(path.read_bytes()).decode()))
    return files


class Session:
    """One browser context on /admin/, Persian, with every host but the site blocked."""

    def __init__(self, browser, server: str):
        self.server = server
        self.context = browser.new_context(locale="fa-IR", viewport={"width": 1400, "height": 1000})
        self.context.add_init_script(PICKER)
        self.attempted: list[str] = []   # requests to other hosts, all refused
        self.console: list = []
        self.context.route(lambda url: not url.startswith(server), self._refuse)
        self.page = self.context.new_page()
        self.page.on("console", lambda message: self.console.append(message))
        self.page.on("pageerror", lambda error: self.console.append(error))

    def _refuse(self, route):
        self.attempted.append(route.request.url)
        route.abort()

    def errors(self, allowed_hosts=frozenset()) -> list[str]:
        """Console errors, except the browser's own report of a refused request to an allowed host."""
        found = []
        for message in self.console:
            if not hasattr(message, "type"):
                found.append(f"page error: {message}")
            elif message.type == "error":
                host = urlsplit(message.location.get("url", "")).hostname
                if not (message.text.startswith("Failed to load resource") and host in allowed_hosts):
                    found.append(message.text)
        return found

    def hosts(self) -> set[str]:
        return {urlsplit(url).hostname for url in self.attempted}

    def close(self):
        self.context.close()


class Form:
    """The editor's entry form, field by field (fields are `section[data-key-path]`; the editor
    renders them as they scroll into view)."""

    def __init__(self, page):
        self.page = page

    def field(self, path: str):
        found = self.page.locator(f'section[data-key-path="{path}"]')
        for attempt in range(120):
            if found.count():
                return found.first
            self.page.mouse.move(700, 500)   # over the form, which scrolls on its own
            self.page.mouse.wheel(0, -100_000 if attempt == 60 else 300)   # down, then once more from the top
            self.page.wait_for_timeout(100)
        raise AssertionError(f"no field {path} in the form")

    def new(self, collection: str):
        """A new entry's form (the editor sets its draft up just after the form shows: wait for it)."""
        self.page.evaluate(f"location.hash = '#/collections/{collection}/new'")
        self.field("id").locator("input").wait_for()
        self.page.wait_for_timeout(500)

    def fill(self, path: str, text: str):
        box = self.field(path).locator("input, textarea").first
        box.fill(text)
        expect(box).to_have_value(text)

    def choose(self, path: str, option: str):
        field = self.field(path)
        radio = field.get_by_role("radio", name=option, exact=True)
        if radio.count():
            radio.click()
            return
        # The option list re-renders as it opens (an option can be detached under the click):
        # close it (a click on the field's title; Escape would close the whole entry), open it
        # again and click the option if it is not chosen yet, a few times at most.
        for attempt in range(3):
            if not self.page.get_by_role("listbox").count():
                field.get_by_role("combobox").first.click()
            choice = self.page.get_by_role("option", name=option, exact=True)
            try:
                if choice.get_attribute("aria-selected", timeout=10_000) != "true":
                    choice.click(timeout=10_000)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
                field.locator("h4").first.click()
        if self.page.get_by_role("listbox").count():   # a multiple select stays open
            field.locator("h4").first.click()

    def add(self, path: str):
        """Tick an optional object's box, or add an item to a list."""
        field = self.field(path)
        button = field.locator('button[data-label^="افزودن"]')
        if button.count():
            button.first.click()
        else:
            field.get_by_role("checkbox").first.click()

    def upload(self, path: str, file: Path):
        self.field(path).locator("input[type=file]").first.set_input_files(str(file))

    def save(self):
        self.page.get_by_role("button", name=SAVE, exact=True).click()
        self.page.get_by_role("button", name=NEW, exact=True).wait_for()   # back to the collection


def open_local_repository(session: Session, route: str = "") -> Form:
    page = session.page
    page.goto(session.server + "/")
    page.evaluate(FILL_REPOSITORY, repository_files())
    page.goto(session.server + "/admin/" + route)
    page.get_by_role("button", name=LOCAL_REPOSITORY, exact=True).click()
    page.get_by_role("button", name=NEW, exact=True).wait_for()
    return Form(page)


def test_admin_loads_in_persian_from_the_site_only(browser, server):
    session = Session(browser, server)
    try:
        page = session.page
        served = []
        page.on("request", lambda request: served.append(request.url))
        page.goto(server + "/admin/")
        page.get_by_role("button", name=TOKEN_SIGN_IN, exact=True).wait_for()
        page.get_by_role("button", name=LOCAL_REPOSITORY, exact=True).wait_for()
        assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["fa", "rtl"]
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        page.wait_for_timeout(1000)   # let the status check and the fonts finish
        assert all(url.startswith(server) or urlsplit(url).hostname in GITHUB_HOSTS for url in served), served
        assert session.hosts() == {"www.githubstatus.com"}, session.attempted   # GitHub's status, refused here
        fonts = [url for url in served if url.endswith(".woff2")]
        assert fonts and all(url.startswith(server + "/admin/assets/") for url in fonts), fonts
        assert not session.errors(GITHUB_HOSTS), session.errors(GITHUB_HOSTS)

        # Signing in with a token asks GitHub's API and nothing else.
        page.get_by_role("button", name=TOKEN_SIGN_IN, exact=True).click()
        page.get_by_role("textbox", name="توکن دسترسی شخصی").fill("github_pat_" + "0" * 70)   # "personal access token"
        page.get_by_role("button", name="ورود", exact=True).click()
        page.get_by_text("Failed to fetch").wait_for()
        assert "https://api.github.com/user" in session.attempted
        assert session.hosts() == GITHUB_HOSTS, session.attempted
    finally:
        session.close()


# The records staff create through the forms (test_created_*): a sister city with Solar Hijri
# dates in Persian digits, a finding with a PDF uploaded from the computer, a council meeting.
NEW_CITY, NEW_FINDING, NEW_MEETING = "testograd", "urban-report-2024", "meeting-14"
UPLOAD_NAME = "Urban Report 2024.pdf"   # the editor makes it urban-report-2024.pdf
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def create_city(form: Form):
    form.new("sister-cities")
    form.fill("id", NEW_CITY)
    form.fill("name.en", "Testograd")
    form.fill("name.fa", "تستوگراد")
    form.fill("name.ar", "تستوغراد")
    form.choose("country", "روسیه — Russia (RU)")
    form.fill("coordinates.lat", "56.1234")
    form.fill("coordinates.lon", "50.5678")
    form.choose("relation", "خواهرخواندگی — sister-city")
    form.choose("status", "رابطه برقرار است — active")
    form.fill("signed_on", "۱۴۰۱/۱۰/۲۸")
    form.add("signed_in")
    form.fill("signed_in.fa", "تهران")
    form.choose("areas", "فرهنگ — culture")
    form.choose("areas", "گردشگری — tourism")
    form.choose("office", "ادارهٔ امور سازمان‌ها و مجامع تخصصی بین‌المللی — specialised-organisations")
    form.add("summary")
    form.fill("summary.fa", "تستوگراد و تهران در دی ۱۴۰۱ خواهرخوانده شدند.\n\nهمکاری در **فرهنگ** و گردشگری.")
    form.fill("summary.en", "Testograd and Tehran became sister cities in January 2023.")
    form.add("activities")
    form.choose("activities.0.kind", "رویداد — event")
    form.fill("activities.0.date", "1401/05")
    form.fill("activities.0.title.fa", "هفتهٔ فرهنگی تستوگراد در تهران")
    form.add("sources")
    form.fill("sources.0.title", "Testograd and Tehran sign a twinning agreement")
    form.fill("sources.0.url", "https://example.org/testograd-tehran")
    form.save()


def create_finding(form: Form, upload: Path):
    form.new("findings")
    form.fill("id", NEW_FINDING)
    form.choose("type", "گزارش — report")
    form.fill("title.en", "Urban Report 2024")
    form.fill("title.fa", "گزارش شهری ۲۰۲۴")
    form.fill("published_on", "1403/02")
    form.choose("language", "فارسی — Persian (fa)")
    form.fill("summary.fa", "خلاصهٔ **گزارش** شهری.\n\nبند دوم.")
    form.choose("topics", "دیپلماسی شهری — city-diplomacy")
    form.upload("file", upload)
    form.field("file").get_by_text("urban-report-2024.pdf").wait_for()
    form.fill("pages", "120")
    form.save()


def member_label(member: str) -> str:
    name = yaml.safe_load((ROOT / f"data/council/members/{member}.yml").read_text(encoding="utf-8"))["name"]
    return f"{name['fa']} — {name['en']} ({member})"


def create_meeting(form: Form):
    form.new("council-meetings")
    previous = yaml.safe_load((ROOT / "data/council/meetings/meeting-13.yml").read_text(encoding="utf-8"))
    form.fill("id", NEW_MEETING)
    form.fill("number", "14")
    form.choose("kind", "جلسهٔ عادی که هر دو هفته یک بار برگزار می‌شود (بند ۵-۱) — ordinary")
    form.fill("held_on", "۱۳۹۸/۰۹/۲۶")
    form.fill("time", "16:00")
    form.choose("presided_by", member_label(previous["presided_by"]))   # chosen by name, written as ids
    for member in previous["attendees"]:
        form.choose("attendees", member_label(member))
    form.add("agenda")
    form.fill("agenda.0.fa", "گزارش دبیر دربارهٔ برنامهٔ سالانه")
    form.fill("agenda.0.en", "The secretary's report on the annual programme")
    form.save()


def _failure_screenshot() -> Path:
    folder = ROOT / "test-output"
    folder.mkdir(exist_ok=True)
    return folder / "editor-failure.png"


def example_restored(text: str, original: dict) -> str:
    """The saved file with `example` as it was before the round trip toggled it."""
    if original.get("example") and "\nexample: true\n" not in text:
        first, _, rest = text.partition("\n")
        return f"{first}\nexample: true\n{rest}"
    if not original.get("example"):
        return text.replace("\nexample: true\n", "\n", 1)
    return text


def validate(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "portal"), "validate", str(data)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def edited(browser, server, tmp_path_factory):
    """One editing session through the real editor in Persian: the three new records, then every
    existing record opened and saved. Sveltia saves only a changed entry, so each record is
    changed in the one field whose meaning is known (the `example` switch, flipped); everything
    else goes through the editor's own YAML parser, form state and writer untouched, and the test
    puts `example` back as it was. Returns what was written and the two data folders made from it."""
    work = tmp_path_factory.mktemp("editor")
    upload = work / UPLOAD_NAME
    upload.write_bytes(PDF)
    session = Session(browser, server)
    timings = {}
    try:
        start = time.perf_counter()
        form = open_local_repository(session, "#/collections/sister-cities")
        assert session.page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["fa", "rtl"]
        create_city(form)
        create_finding(form, upload)
        create_meeting(form)
        timings["create"] = time.perf_counter() - start

        start = time.perf_counter()
        originals = {}
        for collection in COLLECTIONS:
            for path in sorted((ROOT / "data" / collection.folder).glob("*.yml")):
                session.page.evaluate(f"location.hash = '#/collections/{collection.name}/entries/{path.stem}'")
                form.field("example").get_by_role("switch").click()
                form.save()
                originals[path.relative_to(ROOT).as_posix()] = path
        timings["round trip"] = time.perf_counter() - start
        written = {path: base64.b64decode(data) for path, data in session.page.evaluate(READ_REPOSITORY).items()}
        errors = session.errors(GITHUB_HOSTS)
        hosts = session.hosts()
    except Exception:
        session.page.screenshot(path=str(_failure_screenshot()))   # what the editor showed
        raise
    finally:
        session.close()

    # The editor's files for the existing records, `example` as it was: only those records.
    round_trip = work / "round-trip" / "data"
    shutil.copytree(ROOT / "data", round_trip)
    for relative, original in originals.items():
        text = written[relative].decode("utf-8")
        data = load_text(original.read_text(encoding="utf-8"), relative, ProblemList()).value
        (round_trip.parent / relative).write_text(example_restored(text, data), encoding="utf-8")
    # The repository as it was, plus everything the editor created.
    created = work / "created" / "data"
    shutil.copytree(ROOT / "data", created)
    new_files = sorted(p for p in written if p.startswith("data/") and not (ROOT / p).exists())
    for relative in new_files:
        (created.parent / relative).parent.mkdir(parents=True, exist_ok=True)
        (created.parent / relative).write_bytes(written[relative])
    return {"written": written, "new": new_files, "originals": originals, "round_trip": round_trip,
            "created": created, "errors": errors, "hosts": hosts, "timings": timings, "work": work}


def test_the_session_left_the_site_only_for_github(edited):
    assert edited["hosts"] <= GITHUB_HOSTS, edited["hosts"]
    assert not edited["errors"], edited["errors"]


def test_created_files_are_named_by_id_and_written_as_staff_would(edited):
    assert edited["new"] == ["data/council/meetings/meeting-14.yml", "data/files/findings/urban-report-2024.pdf",
                             "data/findings/urban-report-2024.yml", "data/sister-cities/testograd.yml"]
    assert edited["written"]["data/files/findings/urban-report-2024.pdf"] == PDF
    city = edited["written"]["data/sister-cities/testograd.yml"].decode("utf-8")
    assert city.startswith('id: "testograd"\nname:\n  en: "Testograd"\n  fa: "تستوگراد"\n  ar: "تستوغراد"\ncountry: "RU"\n'), city
    assert 'signed_on: "۱۴۰۱/۱۰/۲۸"' in city and 'date: "1401/05"' in city, city
    assert not re.search(r"^(example|review_on):", city, re.M) and '""' not in city and "null" not in city, city
    value = yaml.safe_load(city)   # PyYAML's own reading: the dates stay strings
    assert value["signed_on"] == "۱۴۰۱/۱۰/۲۸" and value["coordinates"] == {"lat": 56.1234, "lon": 50.5678}
    properties = list(load_schema("sister-cities.schema.json")["properties"])
    assert list(value) == [p for p in properties if p in value], "keys in the schema's order"
    finding = yaml.safe_load(edited["written"]["data/findings/urban-report-2024.yml"])
    assert finding["file"] == "findings/urban-report-2024.pdf" and finding["pages"] == 120
    assert finding["summary"] == {"fa": "خلاصهٔ **گزارش** شهری.\n\nبند دوم."}
    assert "office" not in finding, "the default office is what leaving it out means"
    meeting = yaml.safe_load(edited["written"]["data/council/meetings/meeting-14.yml"])
    assert meeting["number"] == 14 and meeting["time"] == "16:00" and len(meeting["attendees"]) == 11


def test_created_records_validate_and_appear_in_three_languages(edited):
    result = validate(edited["created"])
    assert result.returncode == 0 and "error:" not in result.stdout, result.stdout + result.stderr
    site = edited["work"] / "created-site"
    result = build_site(site, data_dir=edited["created"])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    expected = {"sister-cities/testograd": ("Testograd", "تستوگراد", "تستوغراد"),
                "findings/urban-report-2024": ("Urban Report 2024", "گزارش شهری ۲۰۲۴", "Urban Report 2024"),
                "council/meetings/meeting-14": ("14", "۱۴", "١٤")}
    for page, names in expected.items():
        for prefix, name in zip(("", "fa/", "ar/"), names):
            html = (site / prefix / page / "index.html").read_text(encoding="utf-8")
            assert name in html, f"{prefix}{page}: {name} is not on the page"
    assert (site / "files" / "findings" / "urban-report-2024.pdf").read_bytes() == PDF
    fa_city = (site / "fa" / "sister-cities" / "testograd" / "index.html").read_text(encoding="utf-8")
    assert "۱۴۰۱" in fa_city and "<strong>فرهنگ</strong>" in fa_city


def test_every_record_round_trips_to_the_same_values(edited):
    assert len(edited["originals"]) == sum(len(list((ROOT / "data" / c.folder).glob("*.yml"))) for c in COLLECTIONS)
    for relative, original in edited["originals"].items():
        collection = next(c for c in COLLECTIONS if relative.startswith(f"data/{c.folder}/"))
        before = load_text(original.read_text(encoding="utf-8"), relative, ProblemList()).value
        problems = ProblemList()
        after = load_text((edited["round_trip"].parent / relative).read_text(encoding="utf-8"), relative, problems).value
        assert not list(problems), [p.render() for p in problems]
        # A year written 2005 comes back "2005": the same date to the validator and the pages.
        for path in paths_to(collection.name, "date"):
            for holder_before, holder_after, key in _places(before, after, path):
                holder_before[key] = str(holder_before[key])
                holder_after[key] = str(holder_after[key])
        assert after == before, f"{relative} changed in the editor"
    result = validate(edited["round_trip"])
    assert result.returncode == 0 and "error:" not in result.stdout, result.stdout + result.stderr


def _places(before, after, path):
    """(container before, container after, key) for every value at `path` (ANY = each list item)."""
    if not path:
        return []
    head, rest = path[0], path[1:]
    keys = range(min(len(before), len(after))) if head == "*" and isinstance(before, list) else [head]
    found = []
    for key in keys:
        try:
            inner_before, inner_after = before[key], after[key]
        except (KeyError, IndexError, TypeError):
            continue
        found += [(before, after, key)] if not rest else _places(inner_before, inner_after, rest)
    return found


def test_every_record_renders_the_same_page(edited, site_dir):
    """Every public page (record pages, and the lists and council pages that show records without
    a page of their own, such as members), built from the editor's files, against the real build."""
    site = edited["work"] / "round-trip-site"
    result = build_site(site, data_dir=edited["round_trip"])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    expected = [p.relative_to(site_dir) for p in pages(site_dir)]
    assert [p.relative_to(site) for p in pages(site)] == expected
    record_pages = 0
    for page in expected:
        assert _comparable(site / page) == _comparable(site_dir / page), f"{page} renders differently"
        record_pages += any(page.parent.as_posix().endswith(r[len("data/"):-len(".yml")]) for r in edited["originals"])
    assert record_pages >= 3 * 40, record_pages   # every record that has a page, in three languages


def _comparable(page: Path) -> str:
    """A page without its link to the record's file on GitHub and its last-changed date from git
    (data kept outside the repository, as the edited copy is, has neither)."""
    html = page.read_text(encoding="utf-8")
    html = re.sub(r'<p class="portal-updated">.*?</p>\s*', "", html, flags=re.S)
    return re.sub(r'<p class="portal-edit">\s*<a [^>]*href="https://github\.com/[^"]*/edit/main/[^"]*"[^>]*>.*?</a>\s*</p>\s*',
                  "", html, flags=re.S)
