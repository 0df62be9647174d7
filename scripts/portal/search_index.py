"""The site's search index: Pagefind, one index per language, over text folded for Persian and Arabic.

Pagefind splits its index by `<html lang>`, so a Persian search only ever finds Persian pages.
It does not fold ي/ی, ك/ک, digits or diacritics, so the text is folded here before indexing
with portal.textfold, and the browser folds the query with the same table (textfold.js).
Excerpts therefore come back folded; the search page shows them with the reader's digits.
"""
from __future__ import annotations

import asyncio
import re
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from .textfold import fold

_LANG = re.compile(r'<html[^>]*\blang="([a-zA-Z-]+)"')
SKIP = {"404.html"}


def pages_to_index(site_dir: Path) -> list[Path]:
    return sorted(
        p for p in site_dir.rglob("index.html")
        if p.relative_to(site_dir).parts[0] not in ("pagefind", "assets", "files", "data")
        and "data-pagefind-body" in p.read_text(encoding="utf-8")
    )


async def _build(site_dir: Path, files: list[Path]) -> int:
    config = IndexConfig(output_path=str(site_dir / "pagefind"))
    async with PagefindIndex(config=config) as index:
        for file in files:
            html = file.read_text(encoding="utf-8")
            match = _LANG.search(html)
            lang = match.group(1) if match else "en"
            url = "/" + file.relative_to(site_dir).parent.as_posix() + "/"
            url = url.replace("/./", "/").replace("//", "/")
            await index.add_html_file(content=fold(html, lang), url=url)
    return len(files)


def build_search_index(site_dir: Path) -> int:
    """Index every content page of a built site; returns the number of pages indexed."""
    return asyncio.run(_build(Path(site_dir), pages_to_index(Path(site_dir))))
