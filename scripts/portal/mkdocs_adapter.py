"""The only module that knows MkDocs: it feeds the portal's validated data to an MkDocs build.

Loaded through `hooks:` in mkdocs.yml (via scripts/mkdocs_hooks.py, so that its caches live as
long as the process, across `mkdocs serve` rebuilds). mkdocs-static-i18n builds the site once per language
(English, then Persian and Arabic from its post-build), so every event below runs once per
language; the data is read and validated once per change of the data folder.

- on_config: validate data/ ($PORTAL_DATA); any error stops the build with the validator's messages.
- on_files: add the generated pages (lists, council views, and per record collection its first
  record and a page frame, see portal.frames) in all three languages, as suffixed files the i18n
  plugin pairs like hand-written ones; their Markdown is front matter only and their template
  (overrides/portal/) renders the page model.
- on_page_context: give templates the page model for the current language and the UI strings.
- on_post_page: `dir` on <html> (Material puts it on <body> only) and the Content-Security-Policy.
- on_post_page: as soon as a language's frames are rendered, check that its first records come
  out of their frames byte-identical to MkDocs' own pages, and start writing the other records
  in a background process (portal.record_pages) while MkDocs builds the next language.
- on_post_build (last language): wait for the record pages and the search index (written in
  the background per language), copy data/files/, write open data and the editor at /admin/.
"""
from __future__ import annotations

import copy
import difflib
import functools
import gzip
import logging
import os
import re
import shutil
from pathlib import Path

import jinja2
import pathspec
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from portal import data_files, editor, fonts, frames, history, homepage, languages, outputs, pages, site_tree
from portal.finish_html import finish_page
from portal.forked import Forked, Queue, cores
from portal.problems import ProblemList
from portal.pages.common import updated_text
from portal.record_pages import Job, RecordRenderer, Writer
from portal.sanitise import page_content
from portal.search_index import SearchIndex, document_from_html
from portal.today import reference_day
from portal.ui import gettext
from portal.site_config import SiteTree
from portal.validate import PRODUCTION, _shown, validate

log = logging.getLogger("mkdocs.hooks.portal")

class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in memory for the whole process (all languages, serve rebuilds)
    and on disk (.cache/jinja/) for the next build: compiling Material's and the portal's 64
    templates takes half a second. Jinja checks each entry against its template's source."""

    def __init__(self):
        self._code: dict = {}
        self.pattern = "__jinja2_%s.cache"
        self.directory = None   # set by on_env, before any template is loaded

    def load_bytecode(self, bucket):
        if bucket.key not in self._code and self.directory:
            super().load_bytecode(bucket)
            if bucket.code is not None:
                self._code[bucket.key] = bucket.bytecode_to_string()
                return
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket):
        self._code[bucket.key] = bucket.bytecode_to_string()
        try:
            if self.directory:
                super().dump_bytecode(bucket)
        except OSError:   # a read-only checkout: the memory cache is enough
            pass


_BYTECODE_CACHE = _BytecodeCache()


# MkDocs lists the theme's static files in every build of every language by walking all of
# Material's templates and its 15,000 icons: 0.4 s each time, over a second of each rebuild
# under `mkdocs serve`. The listing changes only when a theme folder does, so it is kept per
# state of the folders outside site-packages (overrides/); installed themes change only with
# their version, which restarts the process.
_list_theme_files = Files.add_files_from_theme
# Material's lunr search (36 files): the portal has its own search (portal.search_index).
_UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")
_theme_listings: dict = {}


def _add_files_from_theme(self, env, config) -> None:
    local = [Path(d) for d in config.theme.dirs if "site-packages" not in Path(d).parts]
    # static-i18n inserts its sitemap folder again for each language: duplicates list nothing new.
    key = (tuple(dict.fromkeys(config.theme.dirs)), config.site_dir, config.use_directory_urls,
           tuple(_fingerprint(d) for d in local if d.is_dir()))
    if key not in _theme_listings:
        probe = Files([])
        _list_theme_files(probe, env, config)
        if len(_theme_listings) > 16:   # old states of overrides/ under a long `mkdocs serve`
            _theme_listings.clear()
        _theme_listings[key] = [(file.src_uri, file.src_dir) for file in probe]
    unused = _UNUSED_THEME_FILES + fonts.unused_files()
    for src_uri, src_dir in _theme_listings[key]:
        if not src_uri.startswith(unused):
            self.append(File(src_uri, src_dir, config.site_dir, config.use_directory_urls))


Files.add_files_from_theme = _add_files_from_theme
_state: dict = {"fingerprint": None, "data": None, "specs": {}, "contents": {}, "envs": {},
               "frame_pages": {}, "canary_pages": {}}


def _data_dir(config) -> Path:
    root = Path(config.config_file_path).parent
    return (root / os.environ.get("PORTAL_DATA", "data")).resolve()


def _cache_dir(config, name: str) -> Path:
    # PORTAL_CACHE_DIR: one cache per process that builds at the same time (parallel test workers).
    top = os.environ.get("PORTAL_CACHE_DIR") or Path(config.config_file_path).parent / ".cache"
    folder = Path(top) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _fingerprint(folder: Path) -> tuple:
    """Every file under `folder` with its time and size: one stat per file (3,000 files: 30 ms)."""
    found = []
    for top, _, names in os.walk(folder):
        for name in names:
            stat = os.lstat(os.path.join(top, name))   # never follows a link (refused by the validator)
            found.append((os.path.join(top, name), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


def _language(config) -> str:
    return config.plugins["i18n"].current_language


def _load_dataset(config) -> None:
    """Validate the data folder when it changed since the last build (or this is the first)."""
    folder = _data_dir(config)
    fingerprint = _fingerprint(folder) if folder.is_dir() else ()
    if fingerprint != _state["fingerprint"]:
        data = validate(folder)
        if data.problems.errors:
            report = "\n".join(p.render() for p in data.problems)
            raise PluginError(f"The data in {folder} has errors; nothing is built.\n{report}")
        for warning in data.problems.warnings:
            log.info(warning.render().splitlines()[0])
        # Only files that published records reference, each checked again when copied (portal.data_files).
        published = data_files.published(data.records, include_examples=os.environ.get("PORTAL_ENV") != PRODUCTION)
        sizes = data_files.sizes_of(folder, published)
        # Open data is made on the free core while MkDocs renders.
        files = _state["queue"].submit(functools.partial(outputs.build_outputs, data, site_url=config.site_url,
                                                         licence=config.extra["licence"], generated_on=reference_day()))
        specs = pages.site_pages(data, sizes, extra={
            "open-data.md": lambda lang: outputs.open_data_context(data, _outputs(), lang)})
        _date_pages(specs, data, config)
        _state.update(fingerprint=fingerprint, data=data, sizes=sizes, published_files=published, outputs=files,
                      **_plan(specs))


def _repository(config) -> Path:
    return Path(config.config_file_path).parent


def _date_pages(specs: list, data, config) -> None:
    """Each generated page's last change: its record's file, or the newest of its collection's
    files (lists, council views), or of all data (open data); none for data outside the repository."""
    root = _repository(config)
    changes = history.last_changes(root)
    _state["changes"] = changes

    def in_repository(path: str) -> str | None:
        relative = Path(os.path.relpath(os.path.abspath(path), root))
        return None if relative.parts[0] == ".." else relative.as_posix()

    by_collection = {name: [p for p in (in_repository(r.path) for r in records.values()) if p]
                     for name, records in data.records.items()}
    folder_of = {listing.folder: listing.collection for listing in pages.listings().values()}
    for spec in specs:
        if spec.source_path:
            path = in_repository(spec.source_path)
            spec.updated = changes.get(path) if path else None
            continue
        folder = spec.src_uri.split("/page/")[0].rsplit("/", 1)[0] if "/" in spec.src_uri else ""
        collection = folder_of.get(folder)
        if collection == "council-resolutions":
            collection = "council-meetings"
        if collection in by_collection:
            spec.updated = history.newest(changes, by_collection[collection])
        elif spec.src_uri == "open-data.md":
            spec.updated = history.newest(changes, [p for paths in by_collection.values() for p in paths])


def _outputs() -> dict:
    """The open data files ({path: bytes}), waiting for them if they are still being made."""
    if isinstance(_state["outputs"], Forked):
        try:
            _state["outputs"] = _state["queue"].wait(_state["outputs"])
        except RuntimeError as error:
            raise PluginError(f"open data: {error}") from None
    return _state["outputs"]


def _plan(specs: list) -> dict:
    """Which generated pages MkDocs renders, and which record pages are filled into frames.

    Records, and the second and later pages of a long list, share a frame per folder. MkDocs
    renders the first of each folder (the canary) and the folder's frame; the others are filled
    in by record writers (see on_post_page). Returns the state keys describing this.
    """
    collections: dict[str, list] = {}
    for spec in specs:
        if spec.record is not None or spec.in_frame:   # records, and the second and later pages of lists
            collections.setdefault(frames.folder_of(spec), []).append(spec)
    frame_of, canary_of = {}, {}
    for members in collections.values():
        frame = frames.frame_spec(members[0])
        frame_of.update({m.src_uri: frame.src_uri for m in members})
        canary_of[frame.src_uri] = members[0].src_uri
        specs = specs + [frame]
    canaries = set(canary_of.values())
    filled = [s for s in specs if s.src_uri in frame_of and s.src_uri not in canaries]
    return {"specs": {s.src_uri: s for s in specs}, "frame_of": frame_of, "canary_of": canary_of, "filled": filled,
            "in_mkdocs": [s for s in specs if s.src_uri not in frame_of or s.src_uri in canaries]}


def _check_site(config) -> None:
    """content/ and overrides/ (links, file types, raw HTML), on every build: MkDocs copies them as they are."""
    tree = SiteTree(Path(config.config_file_path).parent, Path(config.docs_dir),
                    Path(config.theme.custom_dir) if config.theme.custom_dir else None)
    problems = ProblemList()
    site_tree.check_site(tree, _shown, problems.add)
    if problems.errors:
        report = "\n".join(p.render() for p in sorted(problems))
        raise PluginError(f"The site's pages or theme files have errors; nothing is built.\n{report}")


def _nav_paths(entries) -> set:
    found = set()
    for entry in entries or []:
        values = entry.values() if isinstance(entry, dict) else [entry]
        for value in values:
            found |= _nav_paths(value) if isinstance(value, list) else {value}
    return found


def _listings_in_navigation(config) -> None:
    """Each collection's list page in its navigation section (unless mkdocs.yml lists it), with
    the page's own translated title; its record pages are pages, not navigation entries."""
    listed = _nav_paths(config.nav)
    for listing in pages.listings().values():
        if listing.nav and listing.list_uri not in listed:
            section = next((entry[listing.nav] for entry in config.nav or []
                            if isinstance(entry, dict) and isinstance(entry.get(listing.nav), list)), None)
            if section is None:
                raise PluginError(f"{listing.collection}: the navigation has no section '{listing.nav}' for its list")
            section.append(listing.list_uri)
            listed.add(listing.list_uri)
    records = pathspec.GitIgnoreSpec.from_lines(f"/{listing.folder}/*" for listing in pages.listings().values())
    current = config.not_in_nav.patterns if config.not_in_nav else []
    config.not_in_nav = pathspec.GitIgnoreSpec([*current, *records.patterns])


def on_config(config):
    if not config.plugins["i18n"].building:   # a new site build (also each `mkdocs serve` rebuild)
        if languages.configured_from() != Path(config.config_file_path).resolve():
            languages.configure(config.config_file_path)   # this site's languages, for every module
            _state["fingerprint"] = None
        _check_site(config)
        _listings_in_navigation(config)
        # Background work gets the cores MkDocs leaves free until it is done (portal.forked).
        _state.update(frame_pages={}, canary_pages={}, writers={}, search=SearchIndex(),
                      queue=Queue(slots=cores() - 1))
        _load_dataset(config)   # once per site build; the other languages' builds reuse it
    return config


def on_serve(server, config, builder):
    server.watch(str(_data_dir(config)))
    server.watch(str(Path(config.config_file_path).parent / "scripts" / "portal"))
    return server


@event_priority(50)   # before the i18n plugin (-100), which pairs files by language suffix
def on_files(files, config):
    contents = {}
    for spec in _state["in_mkdocs"]:
        stem = spec.src_uri[:-3]
        for lang in languages.codes():
            src_uri = f"{stem}.{lang}.md"
            contents[src_uri] = spec.markdown(lang)
            file = File.generated(config, src_uri, content=contents[src_uri])
            # The i18n plugin only handles files inside docs_dir; this path is never read.
            file.abs_src_path = os.path.join(config.docs_dir, src_uri)
            files.append(file)
    fallbacks = _prose_fallbacks(Path(config.docs_dir))
    _state["fallback_sources"] = {src_uri: source for src_uri, (source, _) in fallbacks.items()}
    for src_uri, (_source, content) in fallbacks.items():
        contents[src_uri] = content
        file = File.generated(config, src_uri, content=content)
        file.abs_src_path = os.path.join(config.docs_dir, src_uri)
        files.append(file)
    _state["contents"] = contents
    return files


def _prose_fallbacks(docs_dir: Path) -> dict[str, tuple[str, str]]:
    """A prose page not yet written in a published language: the page of its first fallback
    language that has one, marked (`portal_fallback` in its front matter) so that the template
    gives the text its own lang and dir and says it is not yet translated."""
    default = languages.default().code
    pages = {}
    for page in sorted(docs_dir.rglob(f"*.{default}.md")):
        stem = page.relative_to(docs_dir).as_posix()[: -len(f".{default}.md")]
        for lang in languages.built():
            if (docs_dir / f"{stem}.{lang.code}.md").exists():
                continue
            source = next(code for code in lang.fallback if (docs_dir / f"{stem}.{code}.md").exists())
            text = (docs_dir / f"{stem}.{source}.md").read_text(encoding="utf-8-sig")
            marker = f"portal_fallback: {source}\n"
            pages[f"{stem}.{lang.code}.md"] = (f"{stem}.{source}.md",
                                               text.replace("---\n", "---\n" + marker, 1) if text.startswith("---\n")
                                               else f"---\n{marker}---\n\n{text}")
    return pages


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
    _BYTECODE_CACHE.directory = str(_cache_dir(config, "jinja"))
    env.bytecode_cache = _BYTECODE_CACHE
    _state["envs"][lang] = (env, config)
    env.globals.update(ui=gettext(lang), lang_code=lang, lang_root=languages.get(lang).root,
                       portal_language=languages.get(lang), script_fonts=fonts.of(lang),
                       lang_dirs={other.code: other.direction for other in languages.configured()},
                       feed_links=outputs.feed_links(lang))
    return env


def on_page_content(html, page, config, files):
    """Prose pages' HTML, cleaned by the same policy as the Markdown in data (portal.sanitise)."""
    return page_content.clean(html) if html else html


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
    context["page_updated"] = updated_text(spec.updated if spec is not None else _prose_updated(page, config), lang)
    if spec is not None:
        context["portal"] = spec.build(lang)
        context["edit_data_url"] = _edit_url(spec, config)
        if spec.src_uri in _state["canary_of"]:
            context["portal_frame"] = True
            _state["frame_pages"][spec.src_uri, lang] = {"base_url": context["base_url"]}
    elif page.meta.get("template") == "portal/home.html":
        context["portal"] = homepage.context(_state["data"], lang)
    elif page.meta.get("office"):
        from portal.pages.offices import contact_cards

        context["portal"] = {"contacts": contact_cards(_state["data"].records, page.meta["office"], lang,
                                                       _spec_key(page.file.src_uri))}
    return context


def _prose_updated(page, config):
    """A prose page's Markdown file (for a page shown in its fallback language, that file)."""
    src_uri = _state.get("fallback_sources", {}).get(page.file.src_uri, page.file.src_uri)
    path = Path(config.docs_dir, src_uri)
    relative = Path(os.path.relpath(path, _repository(config)))
    return None if relative.parts[0] == ".." else _state.get("changes", {}).get(relative.as_posix())


def _edit_url(spec, config) -> str | None:
    """The record's YAML file on GitHub's editor; none for data kept outside the repository."""
    if not (spec.source_path and config.extra.get("repository")):
        return None
    in_repository = Path(os.path.relpath(os.path.abspath(spec.source_path), Path(config.config_file_path).parent))
    if in_repository.parts[0] == "..":
        return None
    return f"{config.extra['repository']}/edit/main/{in_repository.as_posix()}"


def _spec_key(src_uri: str) -> str:
    stem, _, _ = src_uri.rpartition(".")          # drop ".md"
    base, dot, lang = stem.rpartition(".")
    return f"{base}.md" if dot and lang in languages.codes() else src_uri


def on_post_page(output, page, config):
    lang = _language(config)
    html = finish_page(output, lang)
    key = _spec_key(page.file.src_uri)
    if key in _state["canary_of"]:        # a page frame: kept for its records, never published
        _state["frame_pages"][key, lang].update(html=html, dest=Path(page.file.abs_dest_path))
    else:
        _state["search"].add(document_from_html(page.file.dest_uri, html))
        if key in _state["canary_of"].values():
            _state["canary_pages"][key, lang] = html
    if lang not in _state["writers"] and _frames_ready(lang):
        _state["writers"][lang] = _start_records(lang)
    _state["queue"].poll()   # start the next background task if one has finished
    return html


def on_pre_template(template, template_name, config):
    if template_name == "404.html":
        if _language(config) != languages.default().code:
            # Every language build writes the one root 404.html: keep the default language's,
            # without rendering the others (MkDocs skips a template whose output is empty).
            return jinja2.Template("")
        # static-i18n leaves the last rendered page's alternates in config.extra: the 404 page's
        # language switcher would point there. Point it at each language's home instead.
        config.extra.alternate = copy.deepcopy(config.plugins["i18n"].extra_alternate)
    return template


def on_post_template(output_content, template_name, config):
    """Theme pages (404.html) get the same finishing as content pages."""
    return finish_page(output_content, _language(config)) if template_name.endswith(".html") else output_content


@event_priority(-200)  # after i18n's post-build, which builds the other languages first
def on_post_build(config):
    if config.plugins["i18n"].building:
        return   # a nested language build; the outermost one finishes the site
    site = Path(config.site_dir)
    search_writers = _finish_records(site)
    _stop_sitemap_prefetch(site)
    shutil.rmtree(site / "files", ignore_errors=True)   # a previous build's files may no longer be published
    try:
        data_files.copy_published(_data_dir(config), site, _state["published_files"])
    except ValueError as error:   # the tree changed since it was validated
        raise PluginError(str(error)) from None
    outputs.write_outputs(_outputs(), site)
    try:   # the staff editor at /admin/ (portal.editor): its bundle, config.yml and policy
        editor.write_admin(site, Path(config.config_file_path).parent)
    except editor.MissingBundle as error:
        raise PluginError(str(error)) from None
    for task in search_writers:
        _state["queue"].wait(task)
    log.info(f"portal: search index of {_state['search'].count()} pages written")


def _frames_ready(lang: str) -> bool:
    return (all("html" in _state["frame_pages"].get((uri, lang), {}) for uri in _state["canary_of"])
            and all((uri, lang) in _state["canary_pages"] for uri in _state["canary_of"].values()))


def _start_records(lang: str) -> Writer:
    """Check this language's canaries, then write its other record pages in the background."""
    env, config = _state["envs"][lang]
    renderer = RecordRenderer(env, config)
    frame_of = {uri: frames.Frame(_state["frame_pages"][uri, lang]["html"]) for uri in _state["canary_of"]}

    site = Path(config.site_dir)
    # Per frame: where its pages go and their URL path, with the frame's id to replace.
    places = {uri: (str(_state["frame_pages"][uri, lang]["dest"]),
                    _state["frame_pages"][uri, lang]["dest"].relative_to(site).as_posix()) for uri in frame_of}

    def job(spec) -> Job:
        frame_uri = _state["frame_of"][spec.src_uri]
        dest, url = places[frame_uri]
        record_id = frames.record_id(spec)
        return Job(renderer, spec, lang, frame_of[frame_uri], _state["frame_pages"][frame_uri, lang]["base_url"],
                   _edit_url(spec, config), dest.replace(frames.ID, record_id), url.replace(frames.ID, record_id))

    for canary_uri in _state["canary_of"].values():
        check = job(_state["specs"][canary_uri])
        _check_canary(renderer.render(check.spec, lang, check.frame, check.base_url, check.edit_url),
                      _state["canary_pages"][canary_uri, lang], f"{lang} {canary_uri}")
    return Writer([job(spec) for spec in _state["filled"]], _state["queue"])


def _finish_records(site: Path) -> list:
    """Wait for every language's record pages; then drop the frames from the site and sitemap.

    Each language's search index is written in the background as soon as its pages are in
    (returns those tasks).
    """
    _state["queue"].slots = cores()   # MkDocs is done: every core writes
    shutil.rmtree(site / "search-index", ignore_errors=True)
    search_writers = []
    count = 0
    for lang in languages.codes():
        writer = _state["writers"].get(lang)
        if writer is None:
            raise PluginError(f"the {lang} record pages were never started: a page frame was not rendered")
        try:
            for document in writer.wait():
                _state["search"].add(document)
        except RuntimeError as error:
            raise PluginError(f"{lang}: {error}") from None
        count += writer.count
        search_writers.append(_state["queue"].submit(_state["search"].write_language, site, lang))
    for page in _state["frame_pages"].values():
        shutil.rmtree(page["dest"].parent)
    _add_to_sitemap(site, _state["filled"])
    log.info(f"portal: {count} record pages filled into their frames")
    return search_writers


def _check_canary(filled: str, rendered: str, what: str) -> None:
    if filled != rendered:
        diff = "\n".join(list(difflib.unified_diff(rendered.splitlines(), filled.splitlines(), "MkDocs", "frame",
                                                   lineterm="", n=1))[:40])
        raise PluginError(f"{what}: the record filled into its frame differs from the page MkDocs rendered; "
                          f"a template uses something portal.record_pages does not provide:\n{diff}")


def _add_to_sitemap(site: Path, specs: list) -> None:
    """Each frame's sitemap entry becomes one entry per filled record (MkDocs only knew the frame)."""
    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return
    by_frame: dict[str, list] = {}
    for spec in specs:
        by_frame.setdefault(frames.folder_of(spec), []).append(frames.record_id(spec))

    def expand(match: re.Match) -> str:
        entry = match.group(0)
        for folder, ids in by_frame.items():
            if f"/{folder}/{frames.ID}/" in entry:
                return "".join(entry.replace(frames.ID, record_id) for record_id in sorted(ids))
        return ""   # a collection of one record: its canary is already listed

    text = re.sub(r"\n\s*<url>(?:(?!</url>).)*?" + frames.ID + r".*?</url>", expand,
                  sitemap.read_text(encoding="utf-8"), flags=re.S)
    sitemap.write_text(text, encoding="utf-8")
    packed = site / "sitemap.xml.gz"
    if packed.exists():   # same name and timestamp in the gzip header as MkDocs wrote
        mtime = int.from_bytes(packed.read_bytes()[4:8], "little")
        with open(packed, "wb") as raw, gzip.GzipFile(fileobj=raw, filename=str(packed), mode="wb", mtime=mtime) as gz:
            gz.write(text.encode("utf-8"))


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
