"""The only module that knows MkDocs: it feeds the portal's validated data to an MkDocs build.

Loaded through `hooks:` in mkdocs.yml (via scripts/mkdocs_hooks.py, so that its caches live as
long as the process, across `mkdocs serve` rebuilds). mkdocs-static-i18n builds the site once per language
(English, then Persian and Arabic from its post-build), so every event below runs once per
language; the data is read and validated once per change of the data folder.

- on_config: validate data/ ($PORTAL_DATA); any error stops the build with the validator's messages.
- on_files: add the generated pages (lists, records, council views) in all three languages, as
  suffixed files the i18n plugin pairs like hand-written ones; their Markdown is front matter
  only and their template (overrides/portal/) renders the page model.
- on_page_context: give templates the page model for the current language and the UI strings.
- on_post_page: `dir` on <html> (Material puts it on <body> only) and the Content-Security-Policy.
- on_post_build (last language): copy data/files/, write open data and the search index.
"""
from __future__ import annotations

import logging
import os
import shutil
import threading
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from portal import homepage, outputs, pages
from portal.today import reference_day
from portal.finish_html import finish_page
from portal.localise import LANGUAGES
from portal.search_index import build_search_index
from portal.ui import gettext
from portal.validate import validate

log = logging.getLogger("mkdocs.hooks.portal")

class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the whole process (all languages, serve rebuilds)."""

    def __init__(self):
        self._code: dict = {}

    def load_bytecode(self, bucket):
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket):
        self._code[bucket.key] = bucket.bytecode_to_string()


_BYTECODE_CACHE = _MemoryBytecodeCache()
_state: dict = {"fingerprint": None, "data": None, "specs": {}, "contents": {}}


def _data_dir(config) -> Path:
    root = Path(config.config_file_path).parent
    return (root / os.environ.get("PORTAL_DATA", "data")).resolve()


def _fingerprint(folder: Path) -> tuple:
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*") if p.is_file()))


def _language(config) -> str:
    return config.plugins["i18n"].current_language


def _dataset(config):
    folder = _data_dir(config)
    fingerprint = _fingerprint(folder) if folder.is_dir() else ()
    if fingerprint != _state["fingerprint"]:
        data = validate(folder)
        if data.problems.errors:
            report = "\n".join(p.render() for p in data.problems)
            raise PluginError(f"The data in {folder} has errors; nothing is built.\n{report}")
        for warning in data.problems.warnings:
            log.info(warning.render().splitlines()[0])
        sizes = {str(p.relative_to(folder / "files")): p.stat().st_size
                 for p in (folder / "files").rglob("*") if p.is_file()} if (folder / "files").is_dir() else {}
        files = outputs.build_outputs(data, site_url=config.site_url, licence=config.extra["licence"],
                                      generated_on=reference_day())
        specs = pages.site_pages(data, sizes, extra={
            "open-data.md": lambda lang: outputs.open_data_context(data, files, lang)})
        _state.update(fingerprint=fingerprint, data=data, sizes=sizes, outputs=files,
                      specs={s.src_uri: s for s in specs})
    return _state["data"]


def on_startup(command, dirty):
    # Under `mkdocs serve` the search index is written after the pages are served (see on_post_build).
    _state["serving"] = command == "serve"


def on_config(config):
    _dataset(config)
    return config


def on_serve(server, config, builder):
    server.watch(str(_data_dir(config)))
    server.watch(str(Path(config.config_file_path).parent / "scripts" / "portal"))
    return server


@event_priority(50)   # before the i18n plugin (-100), which pairs files by language suffix
def on_files(files, config):
    _dataset(config)
    contents = {}
    for spec in _state["specs"].values():
        stem = spec.src_uri[:-3]
        for lang in LANGUAGES:
            src_uri = f"{stem}.{lang}.md"
            contents[src_uri] = spec.markdown(lang)
            file = File.generated(config, src_uri, content=contents[src_uri])
            # The i18n plugin only handles files inside docs_dir; this path is never read.
            file.abs_src_path = os.path.join(config.docs_dir, src_uri)
            files.append(file)
    _state["contents"] = contents
    return files


@event_priority(-200)  # after the i18n plugin, whose on_files re-created File objects without content
def on_nav(nav, config, files):
    contents = _state["contents"]
    for file in files:
        if file.src_uri in contents:
            file.content_string = contents[file.src_uri]
    return nav


def on_env(env, config, files):
    """Language-wide template globals, also for theme pages such as 404.html."""
    lang = _language(config)
    # Each language build makes a new Jinja environment; compiled templates are shared between them.
    env.bytecode_cache = _BYTECODE_CACHE
    env.globals.update(ui=gettext(lang), lang_code=lang, lang_root="" if lang == "en" else f"{lang}/",
                       feed_links=outputs.feed_links(lang))
    return env


def on_page_context(context, page, config, nav):
    lang = _language(config)
    context["lang_code"] = lang
    site_url = (config.site_url or "/").rstrip("/")
    context["hreflang"] = [
        {"lang": alt["lang"], "href": site_url + "/" + alt["link"].lstrip("/")}
        # static-i18n sets the page's alternates as an attribute of config.extra, not as a key.
        for alt in getattr(config.extra, "alternate", None) or config.extra.get("alternate", [])
    ]
    spec = _state["specs"].get(_spec_key(page.file.src_uri))
    if spec is not None:
        context["portal"] = spec.build(lang)
        if spec.source_path and config.extra.get("repository"):
            context["edit_data_url"] = f"{config.extra['repository']}/edit/main/{spec.source_path}"
    elif page.meta.get("template") == "portal/home.html":
        context["portal"] = homepage.context(_state["data"], lang)
    return context


def _spec_key(src_uri: str) -> str:
    stem, _, _ = src_uri.rpartition(".")          # drop ".md"
    base, dot, lang = stem.rpartition(".")
    return f"{base}.md" if dot and lang in LANGUAGES else src_uri


def on_post_page(output, page, config):
    return finish_page(output, _language(config))


def on_post_template(output_content, template_name, config):
    """Theme pages (404.html) get the same finishing as content pages."""
    return finish_page(output_content, _language(config)) if template_name.endswith(".html") else output_content


@event_priority(-200)  # after i18n's post-build, which builds the other languages first
def on_post_build(config):
    if config.plugins["i18n"].building:
        return   # a nested language build; the outermost one finishes the site
    site = Path(config.site_dir)
    _stop_sitemap_prefetch(site)
    files = _data_dir(config) / "files"
    if files.is_dir():
        shutil.copytree(files, site / "files", dirs_exist_ok=True)
    outputs.write_outputs(_state["outputs"], site)
    if _state.get("serving"):
        # Previewing: the rebuilt pages show at once, search catches up a second later.
        threading.Thread(target=build_search_index, args=(site,), daemon=True).start()
        return
    count = build_search_index(site)
    log.info(f"portal: search index of {count} pages written")


# Material 9.8's bundle fetches sitemap.xml relative to every <link rel="alternate"> on every
# page load (to remap its language switcher). Our switcher already links the same page in each
# language, and those fetches cost a whole sitemap per alternate (megabytes at scale) and leave
# the origin when site_url is another host. The call is removed from the copied bundle; if
# Material changes, the build stops here instead of silently fetching again.
_SITEMAP_PREFETCH = "ui({document$:ct});"


def _stop_sitemap_prefetch(site: Path) -> None:
    for bundle in (site / "assets" / "javascripts").glob("bundle.*.min.js"):
        text = bundle.read_text(encoding="utf-8")
        if _SITEMAP_PREFETCH in text:
            bundle.write_text(text.replace(_SITEMAP_PREFETCH, "/* portal: no sitemap prefetch */", 1), encoding="utf-8")
        elif "portal: no sitemap prefetch" not in text:
            raise PluginError(f"{bundle.name}: Material's sitemap prefetch call was not found; "
                              "update _SITEMAP_PREFETCH in scripts/portal/mkdocs_adapter.py for this Material version.")
