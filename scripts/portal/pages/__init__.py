"""Page models: which pages the data makes, and what each shows in each language.

`site_pages(dataset)` lists every generated page (lists, records, council views, open data,
search). A page's `build(lang)` returns plain values, already localised, for its template in
overrides/portal/; templates only lay them out. Nothing here knows MkDocs.
"""
from __future__ import annotations

from ..today import reference_day
from ..ui import N_, gettext
from . import council, exhibitions, findings, memberships, sister_cities
from .common import PageSpec, link, titles

__all__ = ["PageSpec", "site_pages", "link"]

# A list with nothing published (a production build holds examples back) says so plainly:
# list page -> (is it empty?, what it says).
EMPTY = {
    "sister-cities/index.md": (lambda r: not r["sister-cities"], N_("No partner city is published yet.")),
    "memberships/index.md": (lambda r: not r["memberships"], N_("No membership is published yet.")),
    "exhibitions/index.md": (lambda r: not r["exhibitions"], N_("No exhibition or event is published yet.")),
    "findings/index.md": (lambda r: not r["findings"], N_("No publication is in the library yet.")),
    "council/members/index.md": (lambda r: not r["council-members"],
                                 N_("The council's roster is not yet published.")),
    "council/meetings/index.md": (lambda r: not r["council-meetings"],
                                  N_("No meeting of the council is published yet.")),
    "council/resolutions/index.md": (lambda r: not any(m.get("resolutions") for m in r["council-meetings"].values()),
                                     N_("No resolution of the council is published yet.")),
    "council/documents/index.md": (lambda r: not r["council-documents"],
                                   N_("No document of the council is published yet.")),
}


def _saying_empty(spec: PageSpec, message: str) -> PageSpec:
    build = spec.build
    spec.build = lambda lang: {**build(lang), "empty": gettext(lang)(message)}
    return spec


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
    return [_saying_empty(spec, EMPTY[spec.src_uri][1]) if spec.src_uri in EMPTY and EMPTY[spec.src_uri][0](records)
            else spec for spec in pages]
