"""Quality gates on the built site: links, alternates, security headers, reproducibility, audit."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from conftest import build_site
from site_html import SITE_URL, pages, parse, url_of

ROOT = Path(__file__).resolve().parents[1]


def _target(site: Path, page: Path, ref: str) -> tuple[Path | None, str]:
    """The file a relative reference of `page` points at, and its #fragment."""
    base = "http://x/" + page.relative_to(site).as_posix()
    url = urlsplit(urljoin(base, ref))
    path = unquote(url.path).lstrip("/")
    target = site / path
    if path.endswith("/") or path == "":
        target = target / "index.html"
    return target, url.fragment


def test_every_internal_link_anchor_and_asset_resolves(site_dir):
    ids_cache: dict = {}
    broken = []
    for page in pages(site_dir) + [site_dir / "404.html"]:
        html = parse(page)
        refs = html.xpath("//a/@href|//link/@href|//script/@src|//img/@src|//image/@href|//source/@src")
        for ref in refs:
            if re.match(r"^(https?:|mailto:|tel:|data:)", ref) or ref.startswith("//"):
                continue
            if page.name == "404.html" and not ref.startswith("/"):
                ref = "/" + ref.lstrip("./")      # 404.html is served at any depth; its links are root-relative
            target, fragment = _target(site_dir, page, ref)
            if not target.exists():
                broken.append(f"{page.relative_to(site_dir)} -> {ref}")
                continue
            if fragment and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = set(parse(target).xpath("//@id|//a/@name"))
                if fragment not in ids_cache[target]:
                    broken.append(f"{page.relative_to(site_dir)} -> {ref} (no #{fragment})")
    assert not broken, f"{len(broken)} broken references:\n" + "\n".join(broken[:40])


def test_sitemap_pages_exist(site_dir):
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    for loc in re.findall(r"<loc>(.*?)</loc>", sitemap) + re.findall(r'href="(https?://[^"]+)"', sitemap):
        assert loc.startswith(SITE_URL), loc
        path = site_dir / loc[len(SITE_URL):] / "index.html"
        assert path.exists(), f"sitemap lists {loc}, which was not built"


def test_hreflang_alternates_exist_and_point_back(site_dir):
    alternates = {}
    for page in pages(site_dir):
        links = {l.get("hreflang"): l.get("href") for l in parse(page).xpath("//head/link[@rel='alternate'][@hreflang]")}
        alternates[url_of(site_dir, page)] = links
    for url, links in alternates.items():
        for lang, href in links.items():
            assert href in alternates, f"{url}: hreflang {lang} points at {href}, which does not exist"
            assert url in alternates[href].values(), f"{href} does not point back at {url}"


def test_content_security_policy_and_referrer_on_every_page(site_dir):
    for page in pages(site_dir) + [site_dir / "404.html"]:
        text = page.read_text(encoding="utf-8")
        html = parse(page)
        csp = html.xpath("//head/meta[@http-equiv='Content-Security-Policy']/@content")
        assert len(csp) == 1, f"{page}: {len(csp)} CSP meta elements"
        policy = csp[0]
        assert "default-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert text.index("Content-Security-Policy") < text.index("<script"), f"{page}: CSP must come before any script"
        for script in html.xpath("//script[not(@src)][not(@type='application/json')][not(@type='application/ld+json')]"):
            digest = base64.b64encode(hashlib.sha256((script.text or "").encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy, f"{page}: an inline script is not allowed by the CSP"
        assert html.xpath("//head/meta[@name='referrer']/@content") == ["strict-origin-when-cross-origin"], page


def test_two_builds_are_byte_identical(site_dir, tmp_path):
    second = tmp_path / "again"
    result = build_site(second)
    assert result.returncode == 0, result.stderr[-2000:]
    first_files = {p.relative_to(site_dir) for p in site_dir.rglob("*") if p.is_file()}
    second_files = {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    assert first_files == second_files, f"different files: {sorted(first_files ^ second_files)[:10]}"
    different = [str(f) for f in sorted(first_files) if (site_dir / f).read_bytes() != (second / f).read_bytes()]
    assert not different, f"{len(different)} files differ between two builds: {different[:10]}"


def test_dependencies_have_no_known_vulnerability():
    """pip-audit over the lock file; skipped, with the reason, when no vulnerability database answers."""
    audit = Path(sys.executable).parent / "pip-audit"
    try:
        result = subprocess.run([str(audit), "-r", str(ROOT / "requirements.lock"), "--no-deps", "--disable-pip",
                                 "--progress-spinner", "off", "-f", "json"], capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        pytest.skip("pip-audit: the vulnerability database did not answer within 5 minutes")
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.skip(f"pip-audit could not reach a vulnerability database: {result.stderr.strip().splitlines()[-1:]}")
    audited = [d for d in report["dependencies"] if "skip_reason" not in d]
    if not audited:
        pytest.skip("pip-audit: no package could be looked up (the PyPI vulnerability API is not reachable from this "
                    "machine); run `.venv/bin/pip-audit -r requirements.lock --no-deps --disable-pip` with internet access")
    vulnerable = [f"{d['name']} {d['version']}: {[v['id'] for v in d['vulns']]}" for d in audited if d.get("vulns")]
    assert not vulnerable, "known vulnerabilities:\n" + "\n".join(vulnerable)
