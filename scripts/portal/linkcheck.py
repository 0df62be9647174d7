"""`portal sources` and `portal linkcheck`: the public sources records cite, and whether they still answer.

Every `sources[].url` of every record (at any depth of the record, for collections that cite
sources inside activities too) is read from the validated data (`portal.validate.validate`), with
the file and line of each citation. The check sorts each address into one of:

- ok: answered 2xx;
- moved: answered with a redirect (3xx); where it leads is reported, and what that answered;
- gone: 404 or 410 (also at the end of redirects);
- unreachable from the runner: no answer at all: DNS failure, timeout, connection refused or
  reset, TLS error. Many Iranian sites refuse foreign addresses (GitHub's runners are in the US
  and Europe), so this often means "try from Tehran", not "broken";
- other: any other HTTP status (403, 429, 5xx...).

HEAD first, then GET when HEAD is refused or fails (some servers answer HEAD wrongly). A small pool
of threads, and per host one request at a time with a pause between them. It never changes data
and its exit status is 0 unless the data cannot be read: the weekly workflow only reports.
"""
from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

OK, MOVED, GONE, UNREACHABLE, OTHER = "ok", "moved", "gone", "unreachable", "other"
ORDER = (GONE, MOVED, UNREACHABLE, OTHER, OK)
TITLES = {
    GONE: "Gone (404/410): find the new address or another source",
    MOVED: "Moved (redirects): consider citing the new address",
    UNREACHABLE: "Unreachable from the runner (DNS, timeout, refused, reset, TLS): check from Tehran before changing anything",
    OTHER: "Other answers (403, 429, 5xx...): check by hand",
    OK: "OK",
}
USER_AGENT = "Mozilla/5.0 (compatible; TehranPortalLinkCheck/1.0; +https://github.com/tehran-intl/portal)"
MAX_REDIRECTS = 5


@dataclass
class Citation:
    path: str
    line: int
    record: str


@dataclass
class Result:
    url: str
    category: str
    detail: str                       # "200", "404", "timeout after 15 s", "-> https://...: 200"
    final_url: str | None = None      # where redirects led
    citations: list = field(default_factory=list)


# ----------------------------------------------------------------------------- the sources

def _sources_in(value, here=()):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources" and isinstance(item, list):
                for index, source in enumerate(item):
                    if isinstance(source, dict) and isinstance(source.get("url"), str):
                        yield here + (key, index, "url"), source["url"]
            else:
                yield from _sources_in(item, here + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _sources_in(item, here + (index,))


def source_urls(data) -> dict[str, list[Citation]]:
    """{url: [citations]} over every record read, in the order of the URLs."""
    found: dict[str, list[Citation]] = defaultdict(list)
    for collection in data.loaded.values():
        for record_id, loaded in collection.items():
            for location, url in _sources_in(loaded.value):
                line, _ = loaded.where(location)
                found[url].append(Citation(loaded.path, line, record_id))
    return dict(sorted(found.items()))


def report_sources(sources: dict[str, list[Citation]], out: TextIO, fmt: str = "text") -> None:
    if fmt == "markdown":
        out.write(f"### Sources cited by the records\n\n{len(sources)} addresses.\n\n| address | cited by |\n|---|---|\n")
        for url, citations in sources.items():
            cited = ", ".join(f"`{c.path}:{c.line}`" for c in citations)
            out.write(f"| <{url}> | {cited} |\n")
        return
    for url, citations in sources.items():
        out.write(f"{url}\n")
        for c in citations:
            out.write(f"    {c.path}:{c.line} ({c.record})\n")
    out.write(f"{len(sources)} addresses cited.\n")


# ----------------------------------------------------------------------------- checking one address

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None   # a 3xx is raised as HTTPError, and reported, not followed silently


_OPENER = urllib.request.build_opener(_NoRedirect)


def _why_unreachable(error: BaseException, timeout: float) -> str:
    reason = getattr(error, "reason", error)
    if isinstance(reason, socket.gaierror):
        return "DNS: the name does not resolve"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"timeout after {timeout:g} s"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ConnectionResetError):
        return "connection reset"
    if isinstance(reason, (ssl.SSLError, ssl.CertificateError)):
        return f"TLS error: {getattr(reason, 'reason', None) or reason}"
    if isinstance(reason, (http.client.RemoteDisconnected, http.client.BadStatusLine)):
        return "the connection was closed without an answer"
    return f"{type(reason).__name__}: {reason}"


_URI_SAFE = "/%:@!$&'()*+,;=-._~"


def as_uri(url: str) -> str:
    """An address as HTTP sends it: Persian or Arabic letters in the path percent-encoded (UTF-8), an
    internationalised host name in IDNA, the fragment dropped. Existing %XX escapes stay as they are."""
    parts = urllib.parse.urlsplit(url.strip())
    host = parts.hostname or ""
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        host = host.encode("idna").decode("ascii")
    netloc = host if ":" not in host else f"[{host}]"
    if parts.port:
        netloc += f":{parts.port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    path = urllib.parse.quote(parts.path, safe=_URI_SAFE) or "/"
    query = urllib.parse.quote(parts.query, safe=_URI_SAFE + "?")
    return urllib.parse.urlunsplit((parts.scheme, netloc, path, query, ""))


def _request(url: str, method: str, timeout: float) -> tuple[int | None, str | None, str | None]:
    """(status, Location, why unreachable) of one request, redirects not followed."""
    request = urllib.request.Request(as_uri(url), method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)
            return response.status, None, None
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get("Location"), None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        return None, None, _why_unreachable(error, timeout)


def _answer(url: str, timeout: float, polite) -> tuple[int | None, str | None, str | None]:
    """HEAD, then GET when HEAD fails or is refused."""
    with polite(url):
        status, location, why = _request(url, "HEAD", timeout)
    if status is not None and (200 <= status < 400 or status in (404, 410)):
        return status, location, why
    if status is None and why.startswith(("timeout", "DNS", "connection refused")):
        return status, location, why     # a GET would only wait as long again
    with polite(url):
        return _request(url, "GET", timeout)


def check_one(url: str, timeout: float = 15.0, polite=None) -> Result:
    """One address, sorted into a category; never raises (an unexpected error is reported as one)."""
    try:
        return _check_one(url, timeout, polite or Politeness(0.0))
    except Exception as error:   # noqa: BLE001 - one odd address must not stop the weekly report
        return Result(url, OTHER, f"could not be checked: {type(error).__name__}: {error}")


def _check_one(url: str, timeout: float, polite) -> Result:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Result(url, OTHER, "not an http(s) address")
    status, location, why = _answer(url, timeout, polite)
    if status is None:
        return Result(url, UNREACHABLE, why)
    if status in (404, 410):
        return Result(url, GONE, str(status))
    if 200 <= status < 300:
        return Result(url, OK, str(status))
    if not (300 <= status < 400):
        return Result(url, OTHER, str(status))
    # Follow the redirects by hand, to report where they lead and what answers there.
    hops, current = [], url
    while 300 <= (status or 0) < 400 and location and len(hops) < MAX_REDIRECTS:
        # http.client reads header bytes as Latin-1: undo that for a Location in UTF-8.
        try:
            location = location.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
        current = urllib.parse.urljoin(current, location)
        hops.append(current)
        status, location, why = _answer(current, timeout, polite)
    if status is None:
        end = f"unreachable ({why})"
    elif 300 <= status < 400:
        end = f"still redirecting after {len(hops)} hops"
    else:
        end = str(status)
    category = GONE if status in (404, 410) else MOVED
    if not hops:
        return Result(url, OTHER, f"{status} without a Location header")
    where = hops[-1] if len(hops) == 1 else f"{hops[-1]} ({len(hops)} hops)"
    return Result(url, category, f"→ {where}: {end}", final_url=hops[-1])


# ----------------------------------------------------------------------------- many addresses, politely

class Politeness:
    """One request at a time per host, and at least `delay` seconds between two to the same host."""

    def __init__(self, delay: float = 1.0):
        self.delay = delay
        self._locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
        self._last: dict[str, float] = {}
        self._guard = threading.Lock()

    def __call__(self, url: str):
        host = (urllib.parse.urlsplit(url).hostname or "").lower()
        with self._guard:
            lock = self._locks[host]
        return _HostTurn(self, host, lock)


class _HostTurn:
    def __init__(self, politeness: Politeness, host: str, lock: threading.Lock):
        self.politeness, self.host, self.lock = politeness, host, lock

    def __enter__(self):
        self.lock.acquire()
        last = self.politeness._last.get(self.host)
        if last is not None:
            pause = last + self.politeness.delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)

    def __exit__(self, *exc):
        self.politeness._last[self.host] = time.monotonic()
        self.lock.release()


def check_all(urls, workers: int = 8, timeout: float = 15.0, delay: float = 1.0) -> list[Result]:
    polite = Politeness(delay)
    urls = list(urls)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(lambda url: check_one(url, timeout, polite), urls))


def report(results: list[Result], out: TextIO, fmt: str = "text") -> None:
    by_category = defaultdict(list)
    for result in results:
        by_category[result.category].append(result)
    counts = ", ".join(f"{len(by_category[c])} {c}" for c in ORDER if by_category[c])
    if fmt == "markdown":
        out.write(f"### Sources: are they still there?\n\n{len(results)} addresses cited by the records: {counts or 'none'}. "
                  "GitHub's runners are outside Iran, and many Iranian sites refuse foreign visitors: "
                  "\"unreachable\" is not \"broken\".\n")
        for category in ORDER:
            rows = by_category[category]
            if not rows:
                continue
            out.write(f"\n#### {TITLES[category]} ({len(rows)})\n\n")
            if category == OK:
                out.write("<details><summary>The addresses</summary>\n\n")
            out.write("| address | answer | cited by |\n|---|---|---|\n")
            for r in rows:
                cited = ", ".join(f"`{c.path}:{c.line}`" for c in r.citations)
                out.write(f"| <{r.url}> | {r.detail} | {cited} |\n")
            if category == OK:
                out.write("\n</details>\n")
        return
    for category in ORDER:
        for r in by_category[category]:
            out.write(f"{category:<11} {r.url}  {r.detail}\n")
            for c in r.citations:
                out.write(f"            {c.path}:{c.line} ({c.record})\n")
    out.write(f"{len(results)} addresses: {counts or 'none'}\n")


def linkcheck(data_dir: Path, out: TextIO, fmt: str = "text", workers: int = 8, timeout: float = 15.0,
              delay: float = 1.0) -> int:
    from .validate import validate

    sources = source_urls(validate(data_dir))
    results = check_all(sources, workers=workers, timeout=timeout, delay=delay)
    for result in results:
        result.citations = sources[result.url]
    report(results, out, fmt)
    return 0


def sources(data_dir: Path, out: TextIO, fmt: str = "text") -> int:
    from .validate import validate

    report_sources(source_urls(validate(data_dir)), out, fmt)
    return 0
