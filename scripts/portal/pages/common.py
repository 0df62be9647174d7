"""Pieces every page model uses: the PageSpec, a collection's Listing, relative links, and
localised snippets."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from ..labels import label
from .. import languages
from ..localise import format_count, language_name, native_digits
from ..present import pick, plain
from ..ui import N_, gettext


@dataclass
class PageSpec:
    src_uri: str                      # without language suffix, e.g. "sister-cities/beijing.md"
    template: str                     # under overrides/, e.g. "portal/record.html"
    titles: dict                      # lang -> title
    build: Callable[[str], dict]      # lang -> template context
    descriptions: dict = field(default_factory=dict)
    source_path: str | None = None    # the YAML file a record page comes from ("suggest a correction")
    record: object = None
    in_frame: bool = False            # filled into its siblings' page frame, like records (portal.frames)
    updated: dt.date | None = None    # when its source files last changed (portal.history)

    def markdown(self, lang: str) -> str:
        """The stand-in Markdown source: front matter only; the template renders the body."""
        def quoted(text: str) -> str:
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        lines = ["---", f"template: {self.template}", f"title: {quoted(self.titles[lang])}"]
        if self.descriptions.get(lang):
            lines.append(f"description: {quoted(self.descriptions[lang])}")
        lines += ["---", ""]
        return "\n".join(lines)


@dataclass(frozen=True)
class Listing:
    """What the rest of the portal knows of a collection's pages, declared by its page module.

    Navigation, open data, feeds, `portal changes`, the empty-list notice and the cross-links
    between records are made from these, so a new collection is its schema, its page module,
    its two templates and its data."""

    collection: str                   # the records it lists ("agreements"), or a view's own name
    folder: str                       # list page <folder>/index.md, record pages <folder>/<id>.md
    title: str                        # msgid: the list page's title and navigation entry
    noun: str                         # msgid: one record ("agreement"), for `portal changes`
    empty: str                        # msgid: what the list page says when nothing is published
    nav: str | None = None            # the navigation section (as mkdocs.yml names it) the list goes
                                      # under, when mkdocs.yml does not list it itself
    record_pages: bool = True
    name_field: str | None = None     # the record's name, for links to it from other pages
    date_field: str | None = None     # the record's date, shown beside such links and sorting them
    is_empty: Callable[[dict], bool] | None = None   # records -> nothing to list (default: none of its own)

    @property
    def list_uri(self) -> str:
        return f"{self.folder}/index.md"

    def empty_in(self, records: dict) -> bool:
        return self.is_empty(records) if self.is_empty else not records.get(self.collection)


@dataclass
class Context:
    """What a page module builds its pages from: the published records, the published files'
    sizes, "today", and who refers to whom (portal.schema_paths.references)."""

    records: dict
    sizes: dict
    today: dt.date
    listings: dict = field(default_factory=dict)          # collection -> Listing
    cited_by: dict = field(default_factory=dict)          # (collection, id) -> [(collection, record)]


# A list longer than this is split into pages: the first at the list's own URL, then
# <folder>/page/2/, /page/3/... A visitor's first page stays small at any size of the data
# (3,000 sister cities on one page would be 130 KB of HTML gzipped).
PAGE_SIZE = 100
PAGE_TITLE = N_("{title}, page {n} of {total}")


def paged(list_uri: str, template: str, list_titles: dict, size: int, build: Callable[[str], dict]) -> list[PageSpec]:
    """The pages of a list of `size` entries. `build(lang)` gives the whole list's context, seen
    from the list's own page, once per language; each page shows its slice of `entries`, whose
    links go to `<folder>/<entry id>/` and are made relative to that page."""
    total = max(1, -(-size // PAGE_SIZE))
    if total == 1:
        return [PageSpec(list_uri, template, list_titles, build)]
    folder = list_uri.rsplit("/", 1)[0]

    def page_uri(n: int) -> str:
        return list_uri if n == 1 else f"{folder}/page/{n}.md"

    whole: dict = {}

    def view(lang: str, n: int) -> dict:
        if lang not in whole:
            whole[lang] = build(lang)
        context, uri = whole[lang], page_uri(n)
        entries = context["entries"][(n - 1) * PAGE_SIZE: n * PAGE_SIZE]
        if n > 1:
            entries = [{**entry, "href": link(uri, f"{folder}/{entry['id']}.md")} for entry in entries]
        return {**context, "entries": entries,
                "pagination": {"pages": [{"label": format_count(k, lang), "href": link(uri, page_uri(k)),
                                          "current": k == n} for k in range(1, total + 1)]}}

    specs = [PageSpec(list_uri, template, list_titles, lambda lang: view(lang, 1))]
    for n in range(2, total + 1):
        specs.append(PageSpec(page_uri(n), template,
                              {lang: gettext(lang)(PAGE_TITLE, title=list_titles[lang],
                                                   n=format_count(n, lang), total=format_count(total, lang))
                               for lang in languages.codes()},
                              lambda lang, n=n: view(lang, n), in_frame=True))
    return specs


def listed_records(records: dict, folder: str, templates: tuple[str, str], list_title: str, name_field: str,
                   list_context: Callable[[str], dict], record_context: Callable) -> list[PageSpec]:
    """A collection's list (in pages of PAGE_SIZE) and one page per record, at `<folder>/<id>/`.

    `templates` is (list, record); `record_context(record, lang, uri)` gives one record's context.
    """
    list_template, record_template = templates
    result = paged(f"{folder}/index.md", list_template, titles(list_title), len(records), list_context)
    for record in records.values():
        uri = f"{folder}/{record.id}.md"
        result.append(PageSpec(uri, record_template, names(record[name_field]),
                               lambda lang, r=record, u=uri: record_context(r, lang, u),
                               source_path=record.path, record=record))
    return result


def titles(msgid: str, **values) -> dict:
    return {lang: gettext(lang)(msgid, **values) for lang in languages.codes()}


def names(mapping) -> dict:
    return {lang: plain(mapping, lang) for lang in languages.codes()}


def link(from_uri: str, to_uri: str) -> str:
    """A relative URL between two pages of the same language (directory URLs)."""
    def parts(uri):
        url = uri[: -len("index.md")] if uri.endswith("index.md") else uri[:-3] + "/"
        return [p for p in url.split("/") if p]
    a, b = parts(from_uri), parts(to_uri)
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return "../" * (len(a) - common) + "".join(p + "/" for p in b[common:]) or "./"


def files_link(from_uri: str, lang: str) -> str:
    """The site-wide data/files/ copy, seen from a page of `lang` (files are not per language)."""
    depth = len([p for p in link("index.md", from_uri).split("/") if p]) + languages.get(lang).root.count("/")
    return "../" * depth + "files/"


def value_label(code: str, lang: str) -> str:
    return gettext(lang)(label(code))


def sources(record) -> list:
    return [{"title": s["title"], "publisher": s.get("publisher"), "url": s.get("url")} for s in record.get("sources", [])]


def size_text(size: int | None, lang: str) -> str | None:
    if size is None:
        return None
    _ = gettext(lang)
    if size < 1024 * 1024:
        return _("{n} KB", n=format_count(max(1, round(size / 1024)), lang))
    return _("{n} MB", n=native_digits(f"{size / 1024 / 1024:.1f}", lang))


def documents(record, lang: str, files_url: str, sizes: dict, key: str = "documents") -> list:
    out = []
    for doc in record.get(key, []):
        file = doc.get("file")
        out.append({
            "title": pick(doc["title"], lang),
            "language": language_name(doc["language"], lang),
            "language_code": doc["language"],
            "href": files_url + file if file else doc.get("url"),
            "size": size_text(sizes.get(file), lang) if file else None,
            "kind": file.rsplit(".", 1)[-1].upper() if file else None,
        })
    return out


OFFICES = {
    "specialised-organisations": N_("Office for International Specialised Organisations and Forums"),
    "communications": N_("Office for Communications and Comparative Studies"),
    "foreign-relations": N_("Office for Foreign Relations and Cooperation"),
}


def office(value: str | None, lang: str, from_uri: str) -> dict | None:
    """The responsible office, linked to its section of the deputy's page."""
    if not value:
        return None
    return {"name": gettext(lang)(OFFICES[value]), "href": f"{link(from_uri, 'deputy.md')}#{value}"}


def year_text(year: int, lang: str) -> str:
    """A year as a label (no thousands separator)."""
    return native_digits(str(year), lang)


def count(n: int, lang: str) -> str:
    return format_count(n, lang)


def related(context: Context, collection: str, record_id: str, lang: str, from_uri: str) -> list[dict]:
    """The records of other collections that name this one (an agreement's party, a visit's
    counterpart), grouped under their list's title: generated, never typed twice. Within a
    group, an agreement that founded the relation comes first, then the newest."""
    from ..present import when

    groups: dict[str, list] = {}
    for source, record in context.cited_by.get((collection, record_id), []):
        if record not in groups.setdefault(source, []):
            groups[source].append(record)
    _ = gettext(lang)
    sections = []
    order = list(context.listings)
    for source in sorted(groups, key=lambda name: order.index(name) if name in order else len(order)):
        listing = context.listings.get(source)
        if listing is None or not listing.record_pages or not listing.name_field:
            continue
        items = []
        for record in groups[source]:
            day = record.get(listing.date_field) if listing.date_field else None
            items.append({"name": pick(record[listing.name_field], lang), "date": when(day, lang) if day else "",
                          "href": link(from_uri, f"{listing.folder}/{record.id}.md"), "example": record.example,
                          "founding": bool(record.get("founding")), "sort": day.start.toordinal() if day else 0})
        items.sort(key=lambda item: (not item["founding"], -item["sort"]))
        sections.append({"id": listing.folder.replace("/", "-"), "title": _(listing.title), "items": items})
    return sections


def party(value: dict, ctx: Context, lang: str, from_uri: str) -> dict:
    """A party or counterpart (common.schema.json#/$defs/party) as a reader sees it: its name in
    the reader's language, its country, and a link when it has a page of its own."""
    from ..localise import country_name

    if "sister_city" in value:
        city = ctx.records["sister-cities"][value["sister_city"]]
        return {"name": pick(city["name"], lang), "country": country_name(city["country"], lang),
                "country_code": city["country"], "href": link(from_uri, f"sister-cities/{city.id}.md")}
    if "organisation" in value:
        membership = ctx.records["memberships"][value["organisation"]]
        return {"name": pick(membership["organisation"]["name"], lang), "country": None, "country_code": None,
                "href": link(from_uri, f"memberships/{membership.id}.md")}
    named = value.get("city") or value.get("named")
    code = named.get("country")
    return {"name": pick(named["name"], lang), "country": country_name(code, lang) if code else None,
            "country_code": code, "href": None}


def followed(record, lang: str) -> dict | None:
    """Which source the record follows where sources disagree, and why (source_followed)."""
    choice = record.get("source_followed")
    if not choice:
        return None
    source = next((s for s in record.get("sources", []) if s.get("url") == choice["url"]), {})
    return {"title": source.get("title", choice["url"]), "url": choice["url"], "reason": pick(choice["reason"], lang)}


def labelled(labels: dict, record, field: str, lang: str) -> str:
    """A coded value's label in the reader's language (labels: code -> msgid)."""
    code = record[field]
    return gettext(lang)(labels[code])


def updated_text(day, lang: str) -> dict | None:
    """What a page says of its last change (PageSpec.updated), in the reader's calendar and digits."""
    from ..dates import format_date

    return {"date": format_date(day, lang), "iso": day.isoformat()} if day else None
