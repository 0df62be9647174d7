#!/usr/bin/env python3
"""After a deploy, look: the home page in each language and one page the change touched must answer
200 with the expected `<html lang>`. Fails loudly (exit 1, a GitHub error annotation per page).

    smoke.py SITE_URL --site SITE_DIR_OR_ARCHIVE [--base GIT_REF | --changed FILE ...]

The languages and their home pages are read from the built site itself (the `hreflang`
alternates of its home page), so a language added to the portal is checked without a change
here. The touched page: a record's data file (`data/.../<id>.yml`) is found through the edit link
its pages carry, a prose file (`content/<page>.<lang>.md`) maps to its own address. Python 3
standard library only: it runs on the runner after a deploy and on the web server after a pull
(portal_release.py --check-url).
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import TextIO

HTML_LANG_RE = re.compile(rb"<html\b[^>]*?\blang=[\"']?([A-Za-z-]+)", re.IGNORECASE)
ALTERNATE_RE = re.compile(r"<link\b[^>]*\brel=\"alternate\"[^>]*>", re.IGNORECASE)
ATTR_RE = re.compile(r"\b(hreflang|href)=\"([^\"]*)\"")
CANONICAL_RE = re.compile(r"<link\b[^>]*\brel=\"canonical\"[^>]*\bhref=\"([^\"]*)\"", re.IGNORECASE)
CONTENT_RE = re.compile(r"^content/(?P<page>.+)\.(?P<lang>[a-z]{2})\.md$")
USER_AGENT = "tehran-portal-smoke/1"


class Site:
    """A built site, as a folder or as a release archive (.tar.gz): names and contents of its files."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._tar = None
        if self.path.is_file():
            self._tar = tarfile.open(self.path, mode="r:gz")
            self._names = {(m.name[2:] if m.name.startswith("./") else m.name): m
                           for m in self._tar.getmembers() if m.isreg()}
        elif (self.path / "index.html").is_file():
            self._names = None
        else:
            raise SystemExit(f"smoke: {self.path} is neither a built site nor a release archive")

    def exists(self, rel: str) -> bool:
        return rel in self._names if self._tar else (self.path / rel).is_file()

    def read(self, rel: str) -> str:
        if self._tar:
            return self._tar.extractfile(self._names[rel]).read().decode("utf-8", errors="replace")
        return (self.path / rel).read_text(encoding="utf-8", errors="replace")

    def html_files(self) -> list[str]:
        if self._tar:
            return sorted(n for n in self._names if n.endswith(".html"))
        return sorted(p.relative_to(self.path).as_posix() for p in self.path.rglob("*.html"))


def _page_of(rel: str) -> str:
    """index.html's address relative to the site root: 'fa/about/index.html' -> 'fa/about/'."""
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def _lang_of_html(text: str) -> str | None:
    match = HTML_LANG_RE.search(text[:4096].encode("utf-8", errors="replace"))
    return match.group(1).decode() if match else None


def home_pages(site: Site) -> list[tuple[str, str]]:
    """[(address relative to the site root, language)] of each language's home page."""
    home = site.read("index.html")
    canonical = CANONICAL_RE.search(home)
    root = canonical.group(1) if canonical else ""
    pages = []
    for tag in ALTERNATE_RE.findall(home):
        attrs = dict(ATTR_RE.findall(tag))
        lang, href = attrs.get("hreflang"), attrs.get("href", "")
        if not lang or lang == "x-default":
            continue
        rel = href[len(root):] if root and href.startswith(root) else urllib.parse.urlsplit(href).path.lstrip("/")
        pages.append((rel, lang))
    if not pages:
        pages.append(("", _lang_of_html(home) or "en"))
    return pages


def touched_page(site: Site, changed: list[str]) -> tuple[str, str] | None:
    """One page the change touched, as (address, language), or None."""
    default_langs = {lang for rel, lang in home_pages(site) if rel == ""}
    html = None
    for file in sorted(changed):
        prose = CONTENT_RE.match(file)
        if prose:
            page = prose["page"]
            page = "" if page == "index" else (page[: -len("/index")] if page.endswith("/index") else page)
            prefix = "" if prose["lang"] in default_langs else f"{prose['lang']}/"
            rel = f"{prefix}{page}/index.html" if page else f"{prefix}index.html"
            if site.exists(rel):
                return _page_of(rel), prose["lang"]
        elif file.startswith("data/") and file.endswith((".yml", ".yaml")):
            html = html if html is not None else site.html_files()
            needle = f"/edit/main/{file}\""
            found = [rel for rel in html if needle in site.read(rel)]
            if found:
                # The default language's page when there is one (not under a language folder).
                found.sort(key=lambda rel: (rel.split("/")[0] in _language_folders(site), rel))
                rel = found[0]
                return _page_of(rel), _lang_of_html(site.read(rel)) or "en"
    return None


def _language_folders(site: Site) -> set[str]:
    return {rel.strip("/").split("/")[0] for rel, _ in home_pages(site) if rel}


def expected_pages(site_path: Path, changed: list[str] | None = None) -> list[tuple[str, str]]:
    site = Site(site_path)
    pages = home_pages(site)
    touched = touched_page(site, changed or [])
    if touched and touched not in pages:
        pages.append(touched)
    return pages


def changed_files(base: str | None) -> list[str]:
    """Files changed between BASE and HEAD (HEAD~1 when BASE is empty, all zeros or unknown)."""
    for ref in ([base] if base and set(base) != {"0"} else []) + ["HEAD~1"]:
        result = subprocess.run(["git", "diff", "--name-only", ref, "HEAD"], capture_output=True, text=True)
        if result.returncode == 0:
            return [line for line in result.stdout.splitlines() if line]
    return []


def fetch(url: str, timeout: float) -> tuple[int | None, str | None, str]:
    """(HTTP status, <html lang>, error text)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Cache-Control": "no-cache"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            head = response.read(8192)
            match = HTML_LANG_RE.search(head)
            return response.status, (match.group(1).decode() if match else None), ""
    except urllib.error.HTTPError as error:
        return error.code, None, str(error.reason)
    except (OSError, ValueError) as error:
        return None, None, str(getattr(error, "reason", error))


def check_site(base_url: str, pages: list[tuple[str, str]], attempts: int = 1, wait: float = 10.0,
               timeout: float = 20.0, out: TextIO = sys.stdout) -> list[tuple[str, str]]:
    """Checks every page (retrying failures, e.g. while a CDN catches up); returns the failures."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    results: dict[str, tuple] = {}
    pending = list(pages)
    for attempt in range(1, max(1, attempts) + 1):
        still = []
        for rel, lang in pending:
            url = urllib.parse.urljoin(base, rel)
            status, found, error = fetch(url, timeout)
            ok = status == 200 and found == lang
            results[url] = (rel, lang, status, found, error, ok)
            if not ok:
                still.append((rel, lang))
        pending = still
        if not pending or attempt == attempts:
            break
        print(f"{len(pending)} page(s) not right yet; trying again in {wait:g} s", file=out)
        time.sleep(wait)
    failures = []
    for url, (rel, lang, status, found, error, ok) in results.items():
        if ok:
            print(f"ok    {url}  200, lang={found}", file=out)
            continue
        why = (f"HTTP {status}" if status else f"no answer ({error})") if status != 200 else \
            f"<html lang={found!r}>, expected {lang!r}"
        failures.append((url, why))
        print(f"FAIL  {url}  {why}", file=out)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(f"::error title=Deployed site check::{url}: {why}", file=out)
    return failures


def summary(base_url: str, pages, failures) -> str:
    failed = dict(failures)
    base = base_url if base_url.endswith("/") else base_url + "/"
    lines = ["### The deployed site", "", "| page | language | result |", "|---|---|---|"]
    for rel, lang in pages:
        url = urllib.parse.urljoin(base, rel)
        lines.append(f"| {url} | {lang} | {'**' + failed[url] + '**' if url in failed else 'ok'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="smoke", description=__doc__.split("\n\n")[0])
    parser.add_argument("site_url", help="the deployed site's address")
    parser.add_argument("--site", type=Path, required=True, help="the built site (folder or release .tar.gz)")
    parser.add_argument("--base", help="git ref the change is compared with (HEAD~1 if unknown)")
    parser.add_argument("--changed", nargs="*", help="changed files (instead of --base)")
    parser.add_argument("--attempts", type=int, default=int(os.environ.get("SMOKE_ATTEMPTS", 6)))
    parser.add_argument("--wait", type=float, default=float(os.environ.get("SMOKE_WAIT", 10)))
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args(argv)
    if not args.site_url:
        print("smoke: no site address given (PORTAL_SITE_URL or the deployment's page_url)", file=sys.stderr)
        return 1
    changed = args.changed if args.changed is not None else changed_files(args.base)
    pages = expected_pages(args.site, changed)
    if len(pages) == len(home_pages(Site(args.site))):
        print("The change touched no page (or only files outside data/ and content/): home pages only.")
    failures = check_site(args.site_url, pages, args.attempts, args.wait, args.timeout)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(summary(args.site_url, pages, failures))
    if failures:
        print(f"\n{len(failures)} of {len(pages)} page(s) of the deployed site are wrong.", file=sys.stderr)
        return 1
    print(f"{len(pages)} page(s) of the deployed site answer as they should.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
