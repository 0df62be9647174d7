"""The site's search index: small static files per language, read by search.js on the search page.

Why not Pagefind: its engine alone (WebAssembly, loader, worker) is about 97 KB gzipped, and the
whole first search may cost 100 KB; these files need no engine, only search.js (a few KB).

Words: text is folded as portal.textfold folds it (ي/ی, ك/ک, digits, harakat, ZWNJ, ё/е), lowercased
and split on SEPARATORS; on Arabic pages a leading وال, بال, كال, فال, لل, ال or و is dropped
when three letters remain (الدبلوماسية, ودبلوماسية and دبلوماسية are one word). Chinese and
Japanese are written without spaces: a run of their characters becomes its overlapping pairs
(bigrams: 北京市 -> 北京, 京市), so any two characters of a name find it, with no dictionary to
ship; a lone character stays a word. index.json carries the separators and clitics, and
search.js cuts the query into words by the same rules.

Matching (search.js): every word of the query must match (AND), wherever it stands. A word of
MIN_PREFIX or more characters also matches the longer words it begins ("tehr" finds Tehran,
"شهر" finds شهرداری), at half the score of an exact match; shorter words ("13", "در") match
only themselves. Ranking: BM25, computed here; a word of the page title counts TITLE_WEIGHT
times more. Ties go to the earlier URL.

Files, in site/search-index/<lang>/ (compact JSON, sorted keys: two builds give the same bytes):
  index.json  {"chunk": C, "clitics": [...], "prefix": MIN_PREFIX, "separators": regex,
               "shards": [first word of each shard], "stem": MIN_STEM}
  t/<i>.json  {word: [idf, doc, weight, doc gap, weight, ...]} for the words from shards[i] up to
              shards[i+1] in UTF-16 order, about SHARD_POSTINGS postings a file
  d/<n>.json  documents n*C to n*C+C-1, each [url from the site root, title, excerpt as written]
  s/index.json {"clitics", "separators", "stem", "keys": [the first SUGGEST_KEY characters of title words]}
  s/<key>.json  [[title, url], ...] of the pages with a title word that begins with the key,
              the key written as the hex of its characters' code points (067e06a9 for پک)
Documents are numbered in URL order. A query loads index.json, the shard of each of its words
(a prefix may reach into the next) and the document files of its first ten results.

Suggestions as you type (suggest.js, in the header's search box): titles only, folded and cut
like everything else; s/index.json loads when the box gets focus, then the one file of the
query's first word (a few KB gzipped even with 3,000 extra cities).
"""
from __future__ import annotations

import html as htmlcodec
import json
import math
import os
import re
import shutil
from collections import Counter, defaultdict
from pathlib import Path

from .textfold import FOLD_TABLE, table_language

MARKER = "<div data-search-body>"   # the indexed part of a page: this element, in its <article>
SKIP_TOP = {"search-index", "assets", "files", "data", "feeds", "calendars", "admin"}
# Spelled out rather than \W so that Python and the browser split alike (index.json ships it).
SEPARATORS = (r"[\x00-/:-@\[-`{-\xbf\xd7\xf7\u060c\u061b\u061f\u066a-\u066d\u06d4\u2000-\u2bff"
              r"\u3000-\u303f\ufd3e\ufd3f\ufe10-\ufe6f\ufeff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
CLITICS = {"ar": ["وال", "بال", "كال", "فال", "لل", "ال", "و"]}
MIN_STEM = 3
MIN_PREFIX = 3
TITLE_WEIGHT = 3
K1, B = 1.2, 0.75
SCALE = 10              # BM25's term-frequency part, 0 to 2.2, is stored as an integer to 22
SHARD_POSTINGS = 5000   # about 20 KB of JSON
CHUNK = 16              # documents per file: the first ten results load at most ten small files
EXCERPT = 200           # characters
# Characters of a page's markup indexed at most: a list of 3,000 cities is found by its title and
# introduction, each city by its own page.
MAX_REGION = 100_000
SUGGEST_KEY = 2         # characters of a title word that name its suggestions file

_LETTER = SEPARATORS.replace("[", "[^", 1)
_WORD = re.compile(_LETTER + "+")
# Han, kana and CJK compatibility ideographs: scripts written without spaces (search.js: CJK).
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{CJK}]+|[^{CJK}]+")
_HAS_CJK = re.compile(f"[{CJK}]")
# A clitic at the start of a word, followed by MIN_STEM letters: the first listed that fits.
_CLITIC = {lang: re.compile(f"(?<!{_LETTER})(?:{'|'.join(c)})(?={_LETTER}{{{MIN_STEM}}})") for lang, c in CLITICS.items()}
# textfold.fold's table applied by a regex that visits only the characters it changes:
# str.translate looks every character up, and took most of the indexing time.
_FOLD = {lang: re.compile("[" + "".join(re.escape(c) for c in table) + "]") for lang, table in FOLD_TABLE.items()}
_LANG = re.compile(r'<html[^>]*\blang="([a-zA-Z-]+)"')
# Not text of the page: the map's labels repeat the list, a filter lists every country.
_HIDDEN = ("script", "style", "svg", "noscript", "select")
_NOTE = re.compile(r'<p\b[^>]*\brole="note".*?</p>', re.S)             # "sample data" notices
_PARAGRAPH = "<p>"   # prose: the templates' own paragraphs (edit link, notices) have a class
_TAG = re.compile(r"<[^>]*>")
_DIV = re.compile(r"<(/?)div\b")
# Every tag becomes a space (a link and the badge after it are two words); in excerpts, the
# space this leaves before a closing punctuation mark, or after an opening one, goes.
_LOOSE = re.compile(r" (?=[.,;:!?)\]»،؛؟])|(?<=[(\[«]) ")


def words(text: str, lang: str) -> list[str]:
    """The index's words of a text, in order (search.js cuts the query the same way)."""
    key = table_language(lang)
    table = FOLD_TABLE[key]
    text = _FOLD[key].sub(lambda m: table[m.group()], text).lower()
    if key in _CLITIC:
        text = _CLITIC[key].sub("", text)
    found = _WORD.findall(text)
    if not _HAS_CJK.search(text):
        return found
    return [piece for word in found for piece in bigrams(word)]


def bigrams(word: str) -> list[str]:
    """A word's pieces: runs of Chinese or Japanese as overlapping pairs, the rest as it is."""
    pieces = []
    for run in _CJK_RUN.findall(word):
        if _HAS_CJK.match(run) and len(run) > 1:
            pieces += [run[i:i + 2] for i in range(len(run) - 1)]
        else:
            pieces.append(run)
    return pieces


def _visible(fragment: str) -> str:
    """The fragment without _HIDDEN elements (found with str.find: a regex crawls through the
    800 KB map of 3,000 cities)."""
    for name in _HIDDEN:
        kept, pos = [], 0
        while (start := fragment.find(f"<{name}", pos)) >= 0 and (end := fragment.find(f"</{name}>", start)) >= 0:
            kept.append(fragment[pos:start])
            pos = end + len(name) + 3
        if kept:
            fragment = " ".join(kept) + " " + fragment[pos:]
    return fragment


def _marked(fragment: str) -> str:
    """The marked element, from the fragment that starts with it: the templates' own lines after
    it ("Suggest a correction to this record") are on every page, and no page's text."""
    depth = 0
    for tag in _DIV.finditer(fragment):
        depth += -1 if tag[1] else 1
        if depth == 0:
            return fragment[:tag.start()]
    return fragment


def _excerpt(fragment: str) -> str:
    """The opening prose of a page: from its first plain paragraph, cut at a word."""
    if 'role="note"' in fragment:
        fragment = _NOTE.sub("", fragment)
    fragment = fragment[max(fragment.find(_PARAGRAPH), 0):]
    cut = fragment.find(">", 6 * EXCERPT)      # markup enough for EXCERPT characters of text
    text = " ".join(htmlcodec.unescape(_TAG.sub(" ", fragment if cut < 0 else fragment[:cut + 1])).split())
    text = _LOOSE.sub("", text)
    return text if len(text) <= EXCERPT else text[:EXCERPT].rsplit(" ", 1)[0] + " …"


def document_from_html(url_path: str, html: str) -> dict | None:
    """What the index keeps of one built page, or None if the page has nothing to index.

    url_path is the page's path from the site root ("fa/sister-cities/beijing/"). Returns plain
    small data: lang, url, title, excerpt (as written), "terms" (the page's words, folded, with
    their counts; a title word counts TITLE_WEIGHT more) and "length" (the body's words).
    """
    start = html.find(MARKER)
    if start < 0:
        return None
    end = html.find("</article>", start)
    region = _marked(_visible(html[start:end if end >= 0 else len(html)]))
    if "data-search-results" in region:   # the search page is no result
        return None
    if len(region) > MAX_REGION:
        region = region[:region.rfind(">", 0, MAX_REGION) + 1]
    lang = (_LANG.search(html, 0, start) or [None, "en"])[1]
    opened, closed = html.find("<title>", 0, start), html.find("</title>", 0, start)
    title = htmlcodec.unescape(html[opened + 7:closed] if 0 <= opened < closed else "").strip()
    title = title.rsplit(" - ", 1)[0]     # Material appends " - <site name>"
    body = words(htmlcodec.unescape(_TAG.sub(" ", region)), lang)
    terms = Counter(body)
    for word in words(title, lang):
        terms[word] += TITLE_WEIGHT
    h1 = region.find("</h1>")
    return {"lang": lang, "url": url_path.lstrip("/").removesuffix("index.html"), "title": title,
            "excerpt": _excerpt(region[h1 + 5 if h1 >= 0 else 0:]), "terms": dict(terms), "length": len(body)}


def _postings(docs: list[dict]) -> dict[str, list[int]]:
    """BM25 of every word in every document: {word: [idf, doc, weight, doc gap, weight, ...]}.
    A document's score for a word is idf * weight, both stored as integers (idf * 100); they are
    kept apart so that weights keep their resolution for common words too."""
    hits = defaultdict(list)   # word -> [doc, count, doc, count, ...]
    for number, doc in enumerate(docs):
        for term, tf in doc["terms"].items():
            hits[term] += (number, tf)
    average = sum(d["length"] for d in docs) / len(docs) or 1
    norms = [K1 * (1 - B + B * d["length"] / average) for d in docs]
    postings = {}
    for term, found in hits.items():
        numbers = found[0::2]
        idf = math.log(1 + (len(docs) - len(numbers) + 0.5) / (len(numbers) + 0.5))
        found[1::2] = [int(SCALE * (K1 + 1) * tf / (tf + norms[n]) + 0.5) for n, tf in zip(numbers, found[1::2])]
        found[0::2] = [b - a for a, b in zip([0] + numbers, numbers)]
        postings[term] = [int(100 * idf + 0.5) or 1, *found]
    return postings


def _shards(postings: dict[str, list[int]]) -> list[dict[str, list[int]]]:
    """Words in order, cut into runs of about SHARD_POSTINGS postings (a word is never cut).
    The order is UTF-16's, the order of `<` on strings in JavaScript."""
    shards, size = [], 0
    for term in sorted(postings, key=lambda t: t.encode("utf-16-be")):
        if not shards or size + len(postings[term]) > 2 * SHARD_POSTINGS:
            shards.append({})
            size = 0
        shards[-1][term] = postings[term]
        size += len(postings[term])
    return shards


def _dump(path: Path, value) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")


def _write_language(folder: Path, docs: list[dict], lang: str) -> None:
    shards = _shards(_postings(docs))
    (folder / "t").mkdir(parents=True)
    (folder / "d").mkdir()
    _dump(folder / "index.json", {"chunk": CHUNK, "clitics": CLITICS.get(table_language(lang), []), "prefix": MIN_PREFIX,
                                  "separators": SEPARATORS, "shards": [next(iter(shard)) for shard in shards], "stem": MIN_STEM})
    for number, shard in enumerate(shards):
        _dump(folder / "t" / f"{number}.json", shard)
    for start in range(0, len(docs), CHUNK):
        _dump(folder / "d" / f"{start // CHUNK}.json",
              [[d["url"], d["title"], d["excerpt"]] for d in docs[start:start + CHUNK]])
    _write_suggestions(folder / "s", docs, lang)


def suggest_key(word: str) -> str:
    return "".join(f"{ord(c):04x}" for c in word[:SUGGEST_KEY])


def _write_suggestions(folder: Path, docs: list[dict], lang: str) -> None:
    by_key: dict[str, list] = defaultdict(list)
    for doc in docs:
        for key in dict.fromkeys(suggest_key(word) for word in words(doc["title"], lang)):
            by_key[key].append([doc["title"], doc["url"]])
    folder.mkdir()
    _dump(folder / "index.json", {"clitics": CLITICS.get(table_language(lang), []), "keys": sorted(by_key),
                                  "separators": SEPARATORS, "stem": MIN_STEM})
    for key, titles in by_key.items():
        _dump(folder / f"{key}.json", sorted(titles, key=lambda t: (t[0], t[1])))


class SearchIndex:
    """Documents from document_from_html, added in any order; write() lays out the files."""

    def __init__(self):
        self._docs: dict[str, dict[str, dict]] = {}   # lang -> url -> document

    def add(self, document: dict | None) -> None:
        if document:
            self._docs.setdefault(document["lang"], {})[document["url"]] = document

    def count(self, lang: str | None = None) -> int:
        """The number of documents (of one language)."""
        return sum(len(docs) for key, docs in self._docs.items() if lang in (None, key))

    def write(self, site_dir: Path) -> int:
        """Replaces site_dir/search-index; returns the number of documents."""
        shutil.rmtree(Path(site_dir) / "search-index", ignore_errors=True)
        for lang in sorted(self._docs):
            self.write_language(site_dir, lang)
        return self.count()

    def write_language(self, site_dir: Path, lang: str) -> None:
        """One language's part of site_dir/search-index (which must not hold it yet)."""
        by_url = self._docs.get(lang, {})
        _write_language(Path(site_dir) / "search-index" / lang, [by_url[url] for url in sorted(by_url)], lang)


def build_search_index(site_dir: Path) -> int:
    """Index every content page of a built site; returns the number of pages indexed."""
    site_dir = Path(site_dir)
    index = SearchIndex()
    marker = MARKER.encode()
    for folder, subfolders, files in os.walk(site_dir):
        if folder == str(site_dir):
            subfolders[:] = [s for s in subfolders if s not in SKIP_TOP]
        if "index.html" not in files:
            continue
        try:
            raw = (Path(folder) / "index.html").read_bytes()
        except FileNotFoundError:   # `mkdocs serve` started another rebuild meanwhile
            continue
        # Only what document_from_html reads is decoded (the head to <title>, the article):
        # pages are mostly navigation, and decoding them whole took half the time.
        start = raw.find(marker)
        if start < 0:
            continue
        head, end = raw.find(b"</title>", 0, start), raw.find(b"</article>", start)
        html = (raw[:head + 8] if head >= 0 else raw[:start]).decode() + raw[start:end if end >= 0 else None].decode()
        url = Path(folder).relative_to(site_dir).as_posix()
        index.add(document_from_html("" if url == "." else url + "/", html))
    return index.write(site_dir)
