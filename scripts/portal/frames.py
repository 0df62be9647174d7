"""Record pages at the cost of a string join: one page frame per collection and language.

The record pages of one collection (every sister city, every finding...) share everything outside
their content: the same depth below the root, so the same relative links, navigation, header,
footer, scripts and Content-Security-Policy. Rendering Material's base template for each of them
is most of a build's time (about 4 ms a page, 9,000 pages at 3,000 records). So MkDocs renders
one *frame* page per collection and language, whose per-record values are sentinels, and each
record page is that frame with the sentinels replaced: its id (in every URL: canonical, hreflang,
language switcher, Open Graph), its title, its content and its JSON-LD, both rendered by the
portal's own templates (overrides/portal/) with the record's page model.

Nothing here knows MkDocs; portal.mkdocs_adapter makes the frames and checks, on every build,
that a record filled into its frame is byte-identical to the same record rendered by MkDocs.
"""
from __future__ import annotations

import re

from .finish_html import collapse_whitespace, join_collapsed
from .pages import PageSpec

# The frame's id: a slug of its own, refused as a record id by frame_spec.
ID = "portal-frame-sentinel"
TITLE = "PORTAL-FRAME-TITLE"
CONTENT = "<!--portal-frame-content-->"
JSONLD = "<!--portal-frame-jsonld-->"
_SLOTS = {ID: "id", TITLE: "title", CONTENT: "content", JSONLD: "jsonld"}
_SPLIT = re.compile("(" + "|".join(re.escape(s) for s in _SLOTS) + ")")


def folder_of(spec: PageSpec) -> str:
    return spec.src_uri.rsplit("/", 1)[0]


def frame_spec(first: PageSpec) -> PageSpec:
    """The frame of `first`'s collection: its template and page model, sentinel id and title."""
    if first.src_uri.rsplit("/", 1)[1] == f"{ID}.md":
        raise ValueError(f"{first.src_uri}: this id is reserved by the portal")
    return PageSpec(f"{folder_of(first)}/{ID}.md", first.template, {lang: TITLE for lang in first.titles},
                    first.build)


def record_id(spec: PageSpec) -> str:
    return spec.src_uri.rsplit("/", 1)[1][: -len(".md")]


class Frame:
    """A rendered frame page split at its sentinels; `fill` joins it with one record's values."""

    def __init__(self, html: str):
        self._parts = _SPLIT.split(html)   # text, sentinel, text, sentinel, ..., text
        found = [_SLOTS[p] for p in self._parts[1::2]]
        for slot in ("content", "jsonld"):
            if found.count(slot) != 1:
                raise ValueError(f"a page frame must hold the {slot} sentinel once, not {found.count(slot)} times")
        if "id" not in found or "title" not in found:
            raise ValueError("a page frame holds no id or title sentinel: it was not rendered as a frame")

    def fill(self, **values: str) -> str:
        """The frame with the values in; like the frame (portal.finish_html), they lose their indentation."""
        values = {slot: collapse_whitespace(value) for slot, value in values.items()}
        parts = self._parts[:]
        for i in range(1, len(parts), 2):
            parts[i] = values[_SLOTS[parts[i]]]
        if all(v and not v[0].isspace() and not v[-1].isspace() for v in values.values()):
            return "".join(parts)   # no run of whitespace crosses from the frame into a value
        return join_collapsed(parts)
