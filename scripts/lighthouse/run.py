"""Lighthouse (pinned 12.2.3, mobile settings) over the built site: home, a list and a record page
in each language. Prints a Markdown table of the four category scores.

    make build && .venv/bin/python scripts/lighthouse/run.py [site]

Needs Node 20 and Debian's Chromium (or the browser CHROMIUM_PATH names, as the browser tests);
installs Lighthouse from scripts/lighthouse/package-lock.json.
"""
from __future__ import annotations

import functools
import gzip
import io
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGES = [("home", ""), ("list", "sister-cities/"), ("record", "sister-cities/beijing/")]
sys.path.insert(0, str(HERE.parents[1] / "scripts"))
from portal import languages  # noqa: E402  (the site's languages, from mkdocs.yml)

LANGS = {lang.code: lang.root for lang in languages.built()}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves the site gzipped, as GitHub Pages does (http.server alone would not compress)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in (".html", ".css", ".js", ".json", ".svg", ".xml") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def browser() -> str:
    """The browser the tests use: CHROMIUM_PATH (GitHub's runners: /usr/bin/google-chrome), else Debian's."""
    return os.environ.get("CHROME_PATH") or os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    if not (HERE / "node_modules" / "lighthouse").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    env = dict(os.environ, CHROME_PATH=browser())
    print("| page | lang | performance | accessibility | best practices | SEO |\n|---|---|---|---|---|---|")
    for name, path in PAGES:
        for lang, prefix in LANGS.items():
            with tempfile.NamedTemporaryFile(suffix=".json") as report:
                subprocess.run(
                    [str(HERE / "node_modules" / ".bin" / "lighthouse"), base + prefix + path, "--quiet",
                     "--output=json", f"--output-path={report.name}", f"--only-categories={','.join(CATEGORIES)}",
                     "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking"],
                    env=env, check=True, capture_output=True)
                scores = json.loads(Path(report.name).read_text())["categories"]
            row = " | ".join(f"{round(scores[c]['score'] * 100)}" for c in CATEGORIES)
            print(f"| {name} | {lang} | {row} |", flush=True)
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
