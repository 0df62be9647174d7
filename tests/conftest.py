"""Shared fixtures: one real build of the site per test session, served over HTTP, and Chromium.

The site is built with the real `mkdocs build --strict` into a temporary folder; HTML tests read
that output, browser tests load it from a local HTTP server in Debian's Chromium.

`make test` runs the tests in parallel (pytest-xdist): each worker is its own process with its own
session fixtures, so anything a test writes is per worker: pytest's temporary folders, the
builds' template cache (`.cache/<worker>/`) and screenshots (`test-output/screenshots/<worker>/`).
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "test-output"
# "gw0", "gw1"... under pytest-xdist; "main" when the tests run in one process.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
BIN = Path(sys.executable).parent


def build_site(destination: Path, data_dir: Path | None = None, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PORTAL_TODAY="2026-11-25",
               PORTAL_CACHE_DIR=str(ROOT / ".cache" / WORKER))
    if data_dir is not None:
        env["PORTAL_DATA"] = str(data_dir)
    env.update(extra_env or {})
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(destination)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The real site, built once: (site folder, the build's log)."""
    site = tmp_path_factory.mktemp("site")
    result = build_site(site)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return site, result.stdout + result.stderr


@pytest.fixture(scope="session")
def site_dir(built) -> Path:
    return built[0]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


def _serve(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def server(site_dir):
    """Serves the built site on 127.0.0.1; yields its base URL (no trailing slash)."""
    yield from _serve(site_dir)


SCALE = 3000


@pytest.fixture(scope="session")
def scale_site(tmp_path_factory) -> Path:
    """The site built with 3,000 more sister cities (the benchmark's generated records)."""
    from portal.bench import write_cities

    folder = tmp_path_factory.mktemp("scale")
    data = folder / "data"
    shutil.copytree(ROOT / "data", data)
    write_cities(data, SCALE)
    site = folder / "site"
    result = build_site(site, data_dir=data)
    assert result.returncode == 0, f"the build at {SCALE} records failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return site


@pytest.fixture(scope="session")
def scale_server(scale_site):
    yield from _serve(scale_site)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run `make browsers` (Debian's chromium package)."
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def pytest_configure(config):
    """Screenshots of the last run only: cleared once, by the process that starts the workers."""
    if not hasattr(config, "workerinput"):
        shutil.rmtree(OUTPUT / "screenshots", ignore_errors=True)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = OUTPUT / "screenshots" / WORKER
    folder.mkdir(parents=True, exist_ok=True)
    return folder
