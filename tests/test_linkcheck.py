"""`portal sources` and `portal linkcheck` against a local HTTP server: ok, moved, gone, unreachable."""
from __future__ import annotations

import http.server
import io
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from portal import linkcheck
from portal.linkcheck import GONE, MOVED, OK, OTHER, UNREACHABLE

ROOT = Path(__file__).resolve().parents[1]
PORTAL = Path(sys.executable).parent / "portal"
SLOW = 3.0        # seconds the /slow page waits; the checks time out well before
# How a client must send /fa/news/تهران-و-پکن (sources cite addresses in Persian and Arabic as written).
PERSIAN_PATH = "/fa/news/" + urllib.parse.quote("تهران-و-پکن")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    in_flight = 0
    most_in_flight = 0
    starts: list = []
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def _answer(self, body: bool):
        cls = type(self)
        with cls.lock:
            cls.in_flight += 1
            cls.most_in_flight = max(cls.most_in_flight, cls.in_flight)
            cls.starts.append((self.path, self.command, time.monotonic()))
        try:
            path = self.path
            if path == "/slow":
                time.sleep(SLOW)
            if path.startswith("/polite/"):
                time.sleep(0.05)
            if path == PERSIAN_PATH:
                path = "/ok"
            status, headers = {
                "/ok": (200, {}), "/polite/a": (200, {}), "/polite/b": (200, {}), "/polite/c": (200, {}),
                "/moved": (301, {"Location": "/ok"}),
                "/moved-twice": (302, {"Location": "/moved"}),
                "/moved-to-gone": (308, {"Location": "/gone"}),
                "/gone": (404, {}), "/gone-for-good": (410, {}),
                "/forbidden": (403, {}),
                "/no-head": (405 if self.command == "HEAD" else 200, {}),
                "/slow": (200, {}),
            }.get(path, (404, {}))
            payload = b"page\n"
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if body:
                self.wfile.write(payload)
        finally:
            with cls.lock:
                cls.in_flight -= 1

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)


@pytest.fixture
def site():
    Handler.in_flight = Handler.most_in_flight = 0
    Handler.starts = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def by_url(results):
    return {r.url: r for r in results}


def test_every_kind_of_answer_is_told_apart(site):
    refused = f"http://127.0.0.1:{closed_port()}/page"
    tls = site.replace("http://", "https://") + "/ok"      # TLS spoken to a plain HTTP server
    urls = [f"{site}{p}" for p in ("/ok", "/moved", "/moved-twice", "/moved-to-gone", "/gone", "/gone-for-good",
                                   "/forbidden", "/no-head", "/slow")] + [refused, tls, "ftp://example.org/x"]
    started = time.monotonic()
    results = by_url(linkcheck.check_all(urls, workers=8, timeout=1.0, delay=0.0))
    took = time.monotonic() - started

    def expect(url, category, detail_part):
        result = results[url]
        assert result.category == category and detail_part in result.detail, (url, result)

    expect(f"{site}/ok", OK, "200")
    expect(f"{site}/moved", MOVED, f"→ {site}/ok: 200")
    expect(f"{site}/moved-twice", MOVED, f"→ {site}/ok (2 hops): 200")
    expect(f"{site}/moved-to-gone", GONE, f"→ {site}/gone: 404")
    expect(f"{site}/gone", GONE, "404")
    expect(f"{site}/gone-for-good", GONE, "410")
    expect(f"{site}/forbidden", OTHER, "403")
    expect(f"{site}/no-head", OK, "200")
    expect(f"{site}/slow", UNREACHABLE, "timeout after 1 s")
    expect(refused, UNREACHABLE, "connection refused")
    expect(tls, UNREACHABLE, "TLS error")
    expect("ftp://example.org/x", OTHER, "not an http(s) address")
    assert results[f"{site}/moved"].final_url == f"{site}/ok"
    assert took < SLOW + 2, f"the slow page held the whole check for {took:.1f} s"


def test_addresses_in_persian_and_arabic_are_sent_percent_encoded(site):
    written = f"{site}/fa/news/تهران-و-پکن"
    (result,) = linkcheck.check_all([written], workers=1, timeout=2.0, delay=0.0)
    assert result.url == written and result.category == OK, result
    assert Handler.starts[0][0] == PERSIAN_PATH
    assert linkcheck.as_uri("https://مثال.ایران/الف?q=ب#x") == (
        "https://xn--mgbh0fb.xn--mgba3a4f16a/%D8%A7%D9%84%D9%81?q=%D8%A8")
    already = "https://ilna.ir/%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9-3/1526217?a=1&b=%20"
    assert linkcheck.as_uri(already) == already, "existing escapes are kept"


def test_an_address_that_breaks_the_checker_is_reported_and_the_rest_still_checked(site, monkeypatch):
    real = linkcheck._request

    def broken(url, method, timeout):
        if "broken" in url:
            raise RuntimeError("unexpected")
        return real(url, method, timeout)

    monkeypatch.setattr(linkcheck, "_request", broken)
    results = by_url(linkcheck.check_all([f"{site}/broken", f"{site}/ok"], workers=2, timeout=2.0, delay=0.0))
    assert results[f"{site}/broken"].category == OTHER
    assert "could not be checked: RuntimeError: unexpected" in results[f"{site}/broken"].detail
    assert results[f"{site}/ok"].category == OK


def test_head_first_then_get_only_when_head_is_refused(site):
    linkcheck.check_all([f"{site}/ok", f"{site}/no-head"], workers=1, timeout=2.0, delay=0.0)
    methods = [(path, method) for path, method, _ in Handler.starts]
    assert methods == [("/ok", "HEAD"), ("/no-head", "HEAD"), ("/no-head", "GET")]


def test_one_request_at_a_time_per_host_with_a_pause(site):
    urls = [f"{site}/polite/{x}" for x in "abc"]
    results = linkcheck.check_all(urls, workers=8, timeout=2.0, delay=0.2)
    assert {r.category for r in results} == {OK}
    assert Handler.most_in_flight == 1, "two requests reached one host at once"
    starts = sorted(t for _, _, t in Handler.starts)
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert min(gaps) >= 0.2 + 0.05 - 0.02, gaps   # the pause follows the end of the previous answer


def test_different_hosts_are_checked_at_the_same_time(site):
    other = site.replace("127.0.0.1", "localhost")
    if socket.getaddrinfo("localhost", None)[0][4][0] not in ("127.0.0.1", "::1"):
        pytest.skip("localhost does not resolve to the loopback address here")
    started = time.monotonic()
    results = linkcheck.check_all([f"{site}/slow", f"{other}/slow"], workers=2, timeout=SLOW + 2, delay=0.0)
    assert [r.category for r in results] == [OK, OK]
    assert time.monotonic() - started < 2 * SLOW - 0.5, "two hosts waited for each other"


def _data_citing(tmp_path: Path, urls: list[str]) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    city = data / "sister-cities" / "yerevan.yml"
    text = city.read_text(encoding="utf-8")
    start = text.index("sources:")
    rest = text[start:].split("\n", 1)[1]
    # Keep what follows the sources block (the next top-level key), replace the block itself.
    following = next((i for i, line in enumerate(rest.splitlines()) if line and not line.startswith(" ")), None)
    tail = "\n".join(rest.splitlines()[following:]) + "\n" if following is not None else ""
    block = "sources:\n" + "".join(f"  - title: Source {n}\n    url: {url}\n" for n, url in enumerate(urls))
    city.write_text(text[:start] + block + tail, encoding="utf-8")
    return data


def test_portal_sources_lists_every_address_with_its_records(tmp_path):
    data = _data_citing(tmp_path, ["https://www.mayors.asia/Who-we-are/About-us", "https://example.org/only-yerevan"])
    text = subprocess.run([str(PORTAL), "sources", str(data)], capture_output=True, text=True, cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    shared = lines.index("https://www.mayors.asia/Who-we-are/About-us")
    cited = [line.strip() for line in lines[shared + 1:shared + 4] if line.startswith("    ")]
    assert any("memberships/asian-mayors-forum.yml" in c for c in cited)
    assert any("sister-cities/yerevan.yml" in c and "(yerevan)" in c for c in cited)
    assert "https://example.org/only-yerevan" in lines
    markdown = subprocess.run([str(PORTAL), "sources", "--format", "markdown", str(data)],
                              capture_output=True, text=True, cwd=tmp_path)
    assert "| <https://example.org/only-yerevan> | `data/sister-cities/yerevan.yml:" in markdown.stdout


def test_sources_are_found_at_any_depth_with_their_line():
    class Loaded:
        path = "data/x/y.yml"
        value = {"id": "y", "sources": [{"title": "a", "url": "https://a.example/"}, {"title": "no url"}],
                 "activities": [{"sources": [{"url": "https://b.example/"}]}]}

        def where(self, location):
            return ({("sources", 0, "url"): 7, ("activities", 0, "sources", 0, "url"): 12}[tuple(location)], 5)

    class Data:
        loaded = {"x": {"y": Loaded()}}

    found = linkcheck.source_urls(Data())
    assert {url: [(c.path, c.line, c.record) for c in cs] for url, cs in found.items()} == {
        "https://a.example/": [("data/x/y.yml", 7, "y")], "https://b.example/": [("data/x/y.yml", 12, "y")]}


def test_portal_linkcheck_reports_in_markdown_and_never_fails(tmp_path, site):
    data = _data_citing(tmp_path, [f"{site}/ok", f"{site}/moved", f"{site}/gone",
                                   f"http://127.0.0.1:{closed_port()}/x"])
    result = subprocess.run([str(PORTAL), "linkcheck", "--format", "markdown", "--timeout", "2", "--delay", "0",
                             str(data)], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "#### Gone (404/410)" in out and f"| <{site}/gone> | 404 | `data/sister-cities/yerevan.yml:" in out
    assert "#### Moved (redirects)" in out and f"→ {site}/ok: 200" in out
    assert "#### Unreachable from the runner" in out and "connection refused" in out
    assert out.index("#### Gone") < out.index("#### Moved") < out.index("#### Unreachable") < out.index("#### OK")


def test_report_in_text_names_each_category():
    results = [linkcheck.Result("https://a/", GONE, "404", citations=[linkcheck.Citation("data/a.yml", 3, "a")]),
               linkcheck.Result("https://b/", OK, "200")]
    out = io.StringIO()
    linkcheck.report(results, out)
    assert out.getvalue().splitlines() == ["gone        https://a/  404", "            data/a.yml:3 (a)",
                                           "ok          https://b/  200", "2 addresses: 1 gone, 1 ok"]
