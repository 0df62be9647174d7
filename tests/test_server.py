"""The sample server configuration in scripts/deploy/server/, run for real.

nginx is started unprivileged on loopback ports with the shipped portal.conf (only the certificate,
the ports, the snippets' folder and the release root replaced), serving the real built site as a
release; every header GitHub Pages cannot set is checked, over HTTPS, along with caching and the
switch to a new release. The systemd unit and timer pass `systemd-analyze verify`, and the unit's
own command, with the sample settings file, installs a release from a local HTTP server.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from test_deploy import http_folder, pack, release_name

ROOT = Path(__file__).resolve().parents[1]
SERVER = ROOT / "scripts" / "deploy" / "server"
DEPLOY = ROOT / "scripts" / "deploy"

sys.path.insert(0, str(DEPLOY))
import portal_release  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_binary() -> str:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(found).exists(), "nginx is missing: run `make deploy-tools` (Debian's nginx)"
    return found


@pytest.fixture(scope="module")
def nginx(tmp_path_factory, site_dir):
    """portal.conf served by nginx: (https base URL, http base URL, the release root)."""
    folder = tmp_path_factory.mktemp("nginx")
    releases = portal_release.Releases(folder / "srv", keep=3)
    dist = folder / "dist"
    archive, _ = portal_release.pack(site_dir, dist, release_name(1))
    portal_release.install(releases, archive, portal_release.manifest_for(archive))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
                   check=True, capture_output=True)
    https, http = free_port(), free_port()
    conf = (SERVER / "portal.conf").read_text(encoding="utf-8")
    for old, new in ((r"listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
                     (r"listen [::]:443 ssl http2;", ""), (r"listen 80;", f"listen 127.0.0.1:{http};"),
                     (r"listen [::]:80;", ""),
                     ("/etc/letsencrypt/live/portal.example.ir/fullchain.pem", str(folder / "cert.pem")),
                     ("/etc/letsencrypt/live/portal.example.ir/privkey.pem", str(folder / "key.pem")),
                     ("/srv/portal/current", str(releases.current)), ("snippets/", f"{SERVER}/"),
                     ("server_name portal.example.ir;", "server_name localhost;")):
        assert old in conf, f"portal.conf no longer contains {old!r}: update this test's substitutions"
        conf = conf.replace(old, new)
    (folder / "portal.conf").write_text(conf)
    temp = folder / "temp"
    temp.mkdir()
    main = folder / "nginx.conf"
    main.write_text(
        ("user root root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
        "events { worker_connections 64; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        f"  access_log off;\n  client_body_temp_path {temp}/body;\n  proxy_temp_path {temp}/proxy;\n"
        f"  fastcgi_temp_path {temp}/fastcgi;\n  uwsgi_temp_path {temp}/uwsgi;\n  scgi_temp_path {temp}/scgi;\n"
        f"  include {folder / 'portal.conf'};\n}}\n")
    binary = nginx_binary()
    check = subprocess.run([binary, "-t", "-e", "stderr", "-p", str(folder), "-c", str(main)], capture_output=True, text=True)
    assert check.returncode == 0, f"nginx -t refuses the sample configuration:\n{check.stderr}"
    process = subprocess.Popen([binary, "-e", "stderr", "-p", str(folder), "-c", str(main), "-g", "daemon off;"],
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", https), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, f"nginx stopped: {process.stderr.read()}"
            assert time.monotonic() < deadline, "nginx did not listen"
            time.sleep(0.1)
    try:
        yield f"https://localhost:{https}/", f"http://localhost:{http}/", releases
    finally:
        process.terminate()
        process.wait(timeout=10)


CONTEXT = ssl.create_default_context()
CONTEXT.check_hostname = False
CONTEXT.verify_mode = ssl.CERT_NONE      # the test's own self-signed certificate


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(urllib.request.HTTPSHandler(context=CONTEXT), _NoRedirect)


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


SECURITY = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Strict-Transport-Security": "max-age=31536000",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def assert_security_headers(headers, where: str) -> None:
    for name, part in SECURITY.items():
        assert part in (headers.get(name) or ""), f"{where}: {name} is {headers.get(name)!r}, expected {part!r}"


def test_every_answer_has_the_headers_pages_cannot_set(nginx, site_dir):
    https, _, _ = nginx
    fingerprinted = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.glob("assets/*/*.min.*")
                           if re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", p.name))
    assert fingerprinted, "the built site has no fingerprinted asset (assets/*/*.<hash>.min.js)"
    for path in ["", "fa/", "sister-cities/beijing/", "feeds/en/findings.xml", "no-such-page/", *fingerprinted]:
        status, headers, _ = get(https + path)
        assert status == (404 if path == "no-such-page/" else 200), (path, status)
        assert_security_headers(headers, path or "/")
    # The meta tag's policy (scripts by hash) is not repeated in the header, which adds only frame-ancestors & co.
    status, headers, body = get(https)
    assert "script-src" not in headers["Content-Security-Policy"] and b"http-equiv=\"Content-Security-Policy\"" in body


def test_fingerprinted_assets_are_kept_a_year_and_pages_are_always_revalidated(nginx, site_dir):
    https, _, _ = nginx
    bundle = next(site_dir.glob("assets/javascripts/bundle.*.min.js")).relative_to(site_dir).as_posix()
    css = next(site_dir.glob("assets/stylesheets/main.*.min.css")).relative_to(site_dir).as_posix()
    for path in (bundle, css):
        status, headers, _ = get(https + path)
        assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable", path
    for path in ("", "ar/", "sister-cities/", "data/datapackage.json", "sitemap.xml"):
        status, headers, _ = get(https + path)
        assert status == 200 and headers["Cache-Control"] == "no-cache", (path, headers["Cache-Control"])
    status, headers, _ = get(https + "assets/javascripts/search.js")
    assert status == 200 and "immutable" not in headers["Cache-Control"], "search.js changes in place"
    status, headers, _ = get(https, {"If-None-Match": get(https)[1]["ETag"]})
    assert status == 304, "revalidating an unchanged page costs a 304"
    status, headers, _ = get(https + css, {"Accept-Encoding": "gzip"})
    assert headers.get("Content-Encoding") == "gzip" and headers.get("Content-Type", "").startswith("text/css")


def test_plain_http_goes_to_https_and_dot_files_are_never_served(nginx):
    https, http, releases = nginx
    status, headers, _ = get(http + "fa/")
    assert status == 301 and headers["Location"].startswith("https://localhost") and headers["Location"].endswith("/fa/")
    secret = releases.current.resolve() / ".git-credentials"
    secret.write_text("x")
    try:
        assert get(https + ".git-credentials")[0] == 404
    finally:
        secret.unlink()


def test_the_served_site_follows_current(nginx, tmp_path):
    https, _, releases = nginx
    before = releases.current_name()
    dist = pack(tmp_path, 2, marker="the second release")
    portal_release.install(releases, dist / f"portal-{release_name(2)}.tar.gz", portal_release.manifest_for(
        dist / f"portal-{release_name(2)}.tar.gz"))
    try:
        assert b"the second release" in get(https)[2], "nginx serves the release `current` points to"
    finally:
        with releases.locked():
            releases.switch(before)
    assert b"the second release" not in get(https)[2]
    status, headers, body = get(https + "sister-cities/beijing/")
    assert status == 200 and b'<html lang="en"' in body


def _unit(name: str) -> dict:
    values = {}
    for line in (SERVER / name).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def test_systemd_unit_and_timer_verify():
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing (Debian's systemd package)"
    result = subprocess.run([analyze, "verify", "--man=no", "portal-pull.service", "portal-pull.timer"],
                            cwd=SERVER, capture_output=True, text=True, timeout=60)
    complaints = [line for line in (result.stdout + result.stderr).splitlines() if "portal-pull" in line]
    assert result.returncode == 0 and not complaints, "\n".join(complaints) or result.stderr
    timer = _unit("portal-pull.timer")
    assert timer["Unit"] == "portal-pull.service" and timer["OnUnitActiveSec"] == "5min"
    service = _unit("portal-pull.service")
    assert service["Type"] == "oneshot" and service["User"] != "root"
    env = dict(line.split("=", 1) for line in (SERVER / "pull.env.example").read_text().splitlines()
               if line and not line.startswith("#"))
    assert service["ReadWritePaths"] == env["PORTAL_ROOT"], "the unit may write exactly where releases live"


def test_the_units_command_with_the_sample_settings_installs_a_release(tmp_path):
    service = _unit("portal-pull.service")
    command = shlex.split(service["ExecStart"])
    assert command[:2] == ["/usr/bin/python3", "/opt/portal/portal_release.py"], command
    served = tmp_path / "served"
    pack(tmp_path, 1, dist=served)
    settings = dict(line.split("=", 1) for line in (SERVER / "pull.env.example").read_text().splitlines()
                    if line and not line.startswith("#"))
    with http_folder(served) as base:
        settings.update(PORTAL_ROOT=str(tmp_path / "srv"), PORTAL_PULL_URL=base + "portal-site.sha256",
                        PORTAL_CHECK_URL="")
        env = {"PATH": os.environ["PATH"], **settings}
        result = subprocess.run([command[0], str(DEPLOY / "portal_release.py"), *command[2:]], env=env,
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert os.readlink(tmp_path / "srv" / "current") == f"releases/{release_name(1)}"
    assert set(settings) >= {"PORTAL_ROOT", "PORTAL_KEEP", "PORTAL_PULL_URL", "PORTAL_CHECK_URL"}
