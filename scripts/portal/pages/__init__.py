"""Page models: which pages the data makes, and what each shows in each language.

`site_pages(dataset)` lists every generated page (lists, records, council views, open data,
search). A page's `build(lang)` returns plain values, already localised, for its template in
overrides/portal/; templates only lay them out. Nothing here knows MkDocs.
"""
from __future__ import annotations

from ..today import reference_day
from . import council, exhibitions, findings, memberships, sister_cities
from .common import PageSpec, link, titles

__all__ = ["PageSpec", "site_pages", "link"]


def site_pages(data, file_sizes: dict | None = None, extra: dict | None = None) -> list[PageSpec]:
    """Every generated page. `extra` maps a src_uri to a builder for pages owned elsewhere (open data)."""
    sizes = file_sizes or {}
    records = data.records
    pages: list[PageSpec] = []
    pages += sister_cities.pages(records["sister-cities"], sizes)
    pages += memberships.pages(records["memberships"])
    pages += exhibitions.pages(records["exhibitions"], reference_day())
    pages += findings.pages(records["findings"], sizes)
    pages += council.pages(records["council-members"], records["council-meetings"], records["council-documents"], sizes)
    extra = extra or {}
    pages.append(PageSpec("open-data.md", "portal/open-data.html", titles("Open data"),
                          extra.get("open-data.md", lambda lang: {"kind": "open-data"})))
    pages.append(PageSpec("search.md", "portal/search.html", titles("Search"), lambda lang: {"kind": "search"}))
    return pages
