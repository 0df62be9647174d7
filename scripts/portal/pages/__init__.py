"""Page models: which pages the data makes, and what each shows in each language.

Every module of this package but `common` is a collection's (or the council's) pages: it
declares its `LISTINGS` (portal.pages.common.Listing) and builds its PageSpecs with
`build(context)`; a new module here is found with no other change. `site_pages(dataset)` lists
every generated page (lists, records, council views, open data, search). A page's `build(lang)`
returns plain values, already localised, for its template in overrides/portal/; templates only
lay them out. Nothing here knows MkDocs.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from ..collections import COLLECTIONS
from ..schema_paths import references, values_at
from ..today import reference_day
from ..ui import gettext
from .common import Context, Listing, PageSpec, link, titles

__all__ = ["PageSpec", "Listing", "site_pages", "link", "listings", "modules"]


@cache
def modules() -> tuple:
    """The page modules, in the order of their collections (portal.collections)."""
    found = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)
             if info.name != "common"]
    order = [c.name for c in COLLECTIONS]

    def rank(module) -> int:
        ranks = [order.index(l.collection) for l in module.LISTINGS if l.collection in order]
        return min(ranks, default=len(order))
    return tuple(sorted((m for m in found if hasattr(m, "LISTINGS")), key=rank))


def listings() -> dict[str, Listing]:
    """Every collection's (and view's) Listing, by name, in the site's order."""
    return {listing.collection: listing for module in modules() for listing in module.LISTINGS}


def _cited_by(records: dict) -> dict:
    found: dict = {}
    for name, by_id in records.items():
        for path, target in references(name).items():
            for record in by_id.values():
                for _location, ref in values_at(record.data, path):
                    found.setdefault((target, ref), []).append((name, record))
    return found


def context(data, file_sizes: dict | None = None) -> Context:
    return Context(records=data.records, sizes=file_sizes or {}, today=reference_day(), listings=listings(),
                   cited_by=_cited_by(data.records))


def site_pages(data, file_sizes: dict | None = None, extra: dict | None = None) -> list[PageSpec]:
    """Every generated page. `extra` maps a src_uri to a builder for pages owned elsewhere (open data)."""
    ctx = context(data, file_sizes)
    pages: list[PageSpec] = []
    for module in modules():
        pages += module.build(ctx)
    extra = extra or {}
    pages.append(PageSpec("open-data.md", "portal/open-data.html", titles("Open data"),
                          extra.get("open-data.md", lambda lang: {"kind": "open-data"})))
    pages.append(PageSpec("search.md", "portal/search.html", titles("Search"), lambda lang: {"kind": "search"}))
    pages.append(PageSpec("site-map.md", "portal/site-map.html", titles("Site map"), lambda lang: {"kind": "site-map"}))
    # A list with nothing published (a production build holds examples back) says so plainly.
    empty = {listing.list_uri: listing.empty for listing in ctx.listings.values() if listing.empty_in(data.records)}
    return [_saying_empty(spec, empty[spec.src_uri]) if spec.src_uri in empty else spec for spec in pages]


def _saying_empty(spec: PageSpec, message: str) -> PageSpec:
    build = spec.build
    spec.build = lambda lang: {**build(lang), "empty": gettext(lang)(message)}
    return spec
