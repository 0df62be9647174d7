"""Helpers for reading the built site's HTML."""
from __future__ import annotations

import json
from pathlib import Path

import lxml.html

from portal import languages

LANGS = languages.codes()
SITE_URL = "https://tehran-intl.github.io/"


def pages(site: Path) -> list[Path]:
    """Every public HTML page of the site: not the language-less 404, nor the staff editor (admin/)."""
    return sorted(p for p in site.rglob("*.html")
                  if p.name == "index.html" and p.relative_to(site).parts[0] not in ("search-index", "assets", "files", "admin"))


def language_of(site: Path, page: Path) -> str:
    first = page.relative_to(site).parts[0]
    return first if first in LANGS else languages.default().code


def parse(page: Path):
    return lxml.html.fromstring(page.read_bytes())


def url_of(site: Path, page: Path) -> str:
    rel = page.relative_to(site).parent.as_posix()
    return SITE_URL + ("" if rel == "." else rel + "/")


def search_index(site: Path, lang: str) -> tuple[set[str], list[list[str]]]:
    """A language's search index as written: its words, and its documents [url, title, excerpt]."""
    folder = site / "search-index" / lang

    def read(*path):
        return json.loads(folder.joinpath(*path).read_text(encoding="utf-8"))

    words = {word for n in range(len(read("index.json")["shards"])) for word in read("t", f"{n}.json")}
    docs = [doc for n in range(len(list((folder / "d").iterdir()))) for doc in read("d", f"{n}.json")]
    return words, docs
