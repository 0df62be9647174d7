"""The site's search index: Pagefind, one index per language, over text folded for Persian and Arabic.

Pagefind splits its index by `<html lang>`, so a Persian search only ever finds Persian pages.
It does not fold ي/ی, ك/ک, digits or diacritics, so every page is folded here with
portal.textfold into a scratch copy of the site, which the Pagefind CLI indexes (its Python
service API costs about 0.1 s per page); the browser folds the query with the same table
(textfold.js). Excerpts therefore come back folded; the search page shows the reader's digits.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from .textfold import fold

_LANG = re.compile(r'<html[^>]*\blang="([a-zA-Z-]+)"')
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
# The indexed part of a page: from the element marked data-pagefind-body to the article's end.
_BODY = re.compile(r"<div data-pagefind-body>.*?</article>", re.S)
SKIP_TOP = ("pagefind", "assets", "files", "data", "feeds", "calendars")


def pages_to_index(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("index.html") if p.relative_to(site_dir).parts[0] not in SKIP_TOP)


def build_search_index(site_dir: Path) -> int:
    """Index every content page of a built site; returns the number of pages given to Pagefind."""
    site_dir = Path(site_dir)
    count = 0
    with tempfile.TemporaryDirectory(prefix="portal-search-") as scratch:
        for page in pages_to_index(site_dir):
            try:
                html = page.read_text(encoding="utf-8")
            except FileNotFoundError:   # `mkdocs serve` started another rebuild meanwhile
                continue
            if "data-pagefind-body" not in html:
                continue
            lang = (_LANG.search(html) or [None, "en"])[1]
            title = (_TITLE.search(html) or [None, ""])[1]
            body = (_BODY.search(html) or [""])[0]
            # Only the indexed part is folded and handed over: pages are mostly theme markup.
            small = f'<!doctype html><html lang="{lang}"><head><title>{title}</title></head><body>{body}</body></html>'
            target = Path(scratch) / page.relative_to(site_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(fold(small, lang), encoding="utf-8")
            count += 1
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", scratch, "--output-path", str(site_dir / "pagefind")],
            capture_output=True, text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"Pagefind failed:\n{result.stdout}\n{result.stderr}")
    # Pagefind lists languages in hash-map order; sorted, two builds give the same bytes.
    entry = site_dir / "pagefind" / "pagefind-entry.json"
    entry.write_text(json.dumps(json.loads(entry.read_text(encoding="utf-8")), sort_keys=True,
                                ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return count
