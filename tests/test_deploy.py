"""Deploying to the municipality's own web server, against local stand-ins for it.

Push mode: an OpenSSH server started by the test itself, as the user running the tests, on a
loopback port, with a host key and an authorized key generated in a temporary folder;
`make deploy-push` rsyncs releases into it and switches `current`. Pull mode: a local HTTP server
serves release archives and their SHA-256 manifest; `portal_release.py pull` fetches, verifies,
switches. Both: pruning to the last N, rollback, a corrupted archive refused with `current`
unchanged. Then the check after a deploy (`make smoke`) against the real built site.
"""
from __future__ import annotations

import functools
import getpass
import gzip
import hashlib
import http.server
import io
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "scripts" / "deploy"
RELEASE = DEPLOY / "portal_release.py"
SMOKE = DEPLOY / "smoke.py"

sys.path.insert(0, str(DEPLOY))
import portal_release  # noqa: E402
import smoke  # noqa: E402


# --------------------------------------------------------------------------- helpers

def mini_site(folder: Path, marker: str) -> Path:
    """A small site in three languages; assets/ is the same in every release (hard-link candidates)."""
    for prefix, lang in (("", "en"), ("fa/", "fa"), ("ar/", "ar")):
        page = folder / prefix / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f'<!doctype html><html lang="{lang}"><head>'
                        f'<link rel="canonical" href="https://portal.example/{prefix}">'
                        '<link rel="alternate" hreflang="en" href="https://portal.example/">'
                        '<link rel="alternate" hreflang="fa" href="https://portal.example/fa/">'
                        '<link rel="alternate" hreflang="ar" href="https://portal.example/ar/">'
                        f"</head><body>{marker}</body></html>", encoding="utf-8")
    (folder / "assets").mkdir(exist_ok=True)
    (folder / "assets" / "app.1a2b3c.min.css").write_text("body{margin:0}\n" * 500)
    return folder


def release_name(i: int) -> str:
    return f"20261201T0000{i:02d}Z-c0ffee{i:02d}"


def pack(tmp: Path, i: int, marker: str | None = None, dist: Path | None = None) -> Path:
    site = mini_site(tmp / f"site-{i}", marker or f"release {i}")
    dist = dist or tmp / f"dist-{i}"
    shutil.rmtree(dist, ignore_errors=True)
    portal_release.pack(site, dist, release_name(i))
    return dist


def run(*args, env=None, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def tool(root: Path, *args, keep: int = 3) -> subprocess.CompletedProcess:
    return run(sys.executable, RELEASE, "--root", root, "--keep", keep, *args)


def current(root: Path) -> str:
    return os.readlink(root / "current")


def served_marker(root: Path) -> str:
    return (root / "current" / "index.html").read_text(encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def http_folder(folder: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


# --------------------------------------------------------------------------- the archive

def test_archive_is_reproducible_and_sha256sum_checks_it(tmp_path):
    site = mini_site(tmp_path / "site", "same")
    one, two = tmp_path / "one", tmp_path / "two"
    archive_1, manifest_1 = portal_release.pack(site, one, release_name(1), mtime=1_700_000_000)
    archive_2, _ = portal_release.pack(site, two, release_name(1), mtime=1_700_000_000)
    assert archive_1.read_bytes() == archive_2.read_bytes(), "two packs of one site differ"
    digest = hashlib.sha256(archive_1.read_bytes()).hexdigest()
    assert manifest_1.read_text() == f"{digest}  portal-{release_name(1)}.tar.gz\n"
    assert run("sha256sum", "--check", "--strict", manifest_1.name, cwd=one).returncode == 0
    with tarfile.open(archive_1) as tar:
        members = tar.getmembers()
    assert {m.name for m in members} >= {"index.html", "fa/index.html", "ar/index.html"}
    assert all(m.uid == 0 and m.mtime == 1_700_000_000 and m.mode in (0o644, 0o755) for m in members)


def test_make_release_packs_the_built_site(tmp_path):
    (tmp_path / "site").mkdir()
    mini_site(tmp_path / "site", "built")
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copytree(ROOT / "scripts" / "deploy", tmp_path / "scripts" / "deploy")
    for command in (["git", "init", "-q"], ["git", "add", "Makefile"],
                    ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]):
        assert run(*command, cwd=tmp_path).returncode == 0
    result = run("make", "-s", "release", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "dist" / "portal-site.sha256").read_text()
    digest, file, name = portal_release.parse_manifest(manifest)
    commit = run("git", "rev-parse", "HEAD", cwd=tmp_path).stdout.strip()
    assert name.endswith("-" + commit[:12]) and (tmp_path / "dist" / file).is_file()


# --------------------------------------------------------------------------- pull mode

def test_pull_installs_switches_prunes_and_skips_what_it_has(tmp_path):
    root, served = tmp_path / "srv", tmp_path / "served"
    with http_folder(served) as base:
        for i in range(1, 6):
            pack(tmp_path, i, dist=served)
            result = tool(root, "pull", base + "portal-site.sha256")
            assert result.returncode == 0, result.stderr
            assert f"switched to {release_name(i)}" in result.stdout
            assert current(root) == f"releases/{release_name(i)}"
            assert f"release {i}" in served_marker(root)
        kept = sorted(p.name for p in (root / "releases").iterdir())
        assert kept == [release_name(i) for i in (3, 4, 5)], "the newest 3 releases stay, older ones go"
        again = tool(root, "pull", base + "portal-site.sha256")
        assert again.returncode == 0 and "up to date" in again.stdout
    assert list((root / ".incoming").iterdir()) == [], "downloads and unpacked copies are cleaned up"
    page = root / "current" / "fa" / "index.html"
    assert oct(page.stat().st_mode & 0o777) == "0o644" and oct(page.parent.stat().st_mode & 0o777) == "0o755"


def test_corrupted_archive_is_refused_and_current_is_unchanged(tmp_path):
    root, served = tmp_path / "srv", tmp_path / "served"
    with http_folder(served) as base:
        pack(tmp_path, 1, dist=served)
        assert tool(root, "pull", base + "portal-site.sha256").returncode == 0
        before = current(root)
        pack(tmp_path, 2, dist=served)
        archive = served / f"portal-{release_name(2)}.tar.gz"
        data = bytearray(archive.read_bytes())
        data[len(data) // 2] ^= 0xFF                       # one flipped byte in transit
        archive.write_bytes(bytes(data))
        result = tool(root, "pull", base + "portal-site.sha256")
    assert result.returncode == 2
    assert "SHA-256" in result.stderr and "refused" in result.stderr
    assert current(root) == before and "release 1" in served_marker(root)
    assert sorted(p.name for p in (root / "releases").iterdir()) == [release_name(1)]
    assert list((root / ".incoming").iterdir()) == []


def _evil_archive(folder: Path, name: str, member: tarfile.TarInfo, content: bytes = b"x") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / f"portal-{name}.tar.gz"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        page = tarfile.TarInfo("index.html")
        body = b'<html lang="en"></html>'
        page.size = len(body)
        tar.addfile(page, io.BytesIO(body))
        if member.isreg():
            member.size = len(content)
            tar.addfile(member, io.BytesIO(content))
        else:
            tar.addfile(member)
    archive.write_bytes(gzip.compress(buffer.getvalue()))
    (folder / portal_release.MANIFEST).write_text(f"{hashlib.sha256(archive.read_bytes()).hexdigest()}  {archive.name}\n")
    return archive


@pytest.mark.parametrize("kind", ["parent-path", "absolute-path", "symlink", "hardlink", "device"])
def test_archive_with_paths_outside_the_release_is_refused(tmp_path, kind):
    member = tarfile.TarInfo({"parent-path": "../../escaped.html", "absolute-path": "/tmp/escaped.html"}.get(kind, "assets/x"))
    if kind == "symlink":
        member.type, member.linkname = tarfile.SYMTYPE, "/etc/passwd"
    elif kind == "hardlink":
        member.type, member.linkname = tarfile.LNKTYPE, "/etc/passwd"
    elif kind == "device":
        member.type = tarfile.CHRTYPE
    root = tmp_path / "srv"
    archive = _evil_archive(tmp_path / "dist", release_name(7), member)
    result = tool(root, "install", archive)
    assert result.returncode == 2, result.stdout
    assert "archive holds" in result.stderr
    assert not (root / "current").exists() and list((root / "releases").iterdir()) == []
    assert not (tmp_path / "escaped.html").exists() and not Path("/tmp/escaped.html").exists()


def test_rollback_then_forward_and_pull_keeps_a_rollback(tmp_path):
    root, served = tmp_path / "srv", tmp_path / "served"
    with http_folder(served) as base:
        for i in (1, 2, 3):
            pack(tmp_path, i, dist=served)
            assert tool(root, "pull", base + "portal-site.sha256").returncode == 0
        result = tool(root, "rollback")
        assert result.returncode == 0 and current(root) == f"releases/{release_name(2)}"
        assert "release 2" in served_marker(root)
        assert tool(root, "pull", base + "portal-site.sha256").stdout.startswith("up to date"), \
            "a rollback stays until a newer release is published"
        assert current(root) == f"releases/{release_name(2)}"
        assert tool(root, "rollback").returncode == 0 and current(root) == f"releases/{release_name(1)}"
        refused = tool(root, "rollback")
        assert refused.returncode == 2 and "no older release" in refused.stderr
        assert tool(root, "activate", release_name(3)).returncode == 0
        assert current(root) == f"releases/{release_name(3)}"
        listing = tool(root, "list").stdout.splitlines()
        assert listing == [f"  {release_name(1)}", f"  {release_name(2)}", f"* {release_name(3)}"]
        pack(tmp_path, 4, dist=served)
        assert tool(root, "pull", base + "portal-site.sha256").returncode == 0
        assert current(root) == f"releases/{release_name(4)}"


def test_pruning_never_removes_the_current_release(tmp_path):
    root = tmp_path / "srv"
    for i in (1, 2, 3):
        dist = pack(tmp_path, i)
        assert tool(root, "install", dist / f"portal-{release_name(i)}.tar.gz", keep=5).returncode == 0
    assert tool(root, "activate", release_name(1)).returncode == 0
    result = tool(root, "prune", keep=1)
    assert result.returncode == 0
    assert sorted(p.name for p in (root / "releases").iterdir()) == [release_name(1), release_name(3)]
    assert current(root) == f"releases/{release_name(1)}"


def test_visitors_never_see_a_missing_or_half_site_while_switching(tmp_path):
    root = tmp_path / "srv"
    for i in (1, 2):
        dist = pack(tmp_path, i)
        assert tool(root, "install", dist / f"portal-{release_name(i)}.tar.gz").returncode == 0
    releases = portal_release.Releases(root)
    errors, reads, stop = [], [0], threading.Event()

    def visitor():
        while not stop.is_set():
            try:
                text = (root / "current" / "index.html").read_text()
                assert "release 1" in text or "release 2" in text
                reads[0] += 1
            except Exception as error:   # noqa: BLE001 - any failure is what the test looks for
                errors.append(repr(error))

    thread = threading.Thread(target=visitor)
    thread.start()
    try:
        for n in range(300):
            releases.switch(release_name(1 + n % 2))
    finally:
        stop.set()
        thread.join()
    assert not errors, errors[:3]
    assert reads[0] > 0


def test_pull_checks_the_served_site_and_switches_back_when_it_is_wrong(tmp_path):
    root, served = tmp_path / "srv", tmp_path / "served"
    with http_folder(served) as base:
        pack(tmp_path, 1, dist=served)
        assert tool(root, "pull", base + "portal-site.sha256").returncode == 0
        with http_folder(root / "current") as site_url:
            site = mini_site(tmp_path / "broken", "release 2")
            page = site / "fa" / "index.html"
            page.write_text(page.read_text().replace('lang="fa"', 'lang="en"'))
            shutil.rmtree(served)
            portal_release.pack(site, served, release_name(2))
            result = run(sys.executable, RELEASE, "--root", root, "pull", base + "portal-site.sha256",
                         "--check-url", site_url, env=dict(os.environ, SMOKE_ATTEMPTS="2", SMOKE_WAIT="0.1"))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "switched back to " + release_name(1) in result.stderr
    assert current(root) == f"releases/{release_name(1)}"


def fake_gh(tmp_path: Path) -> tuple[dict, Path]:
    """A `gh` that records its arguments and lists three older site releases (newest first)."""
    bin_dir, log = tmp_path / "bin", tmp_path / "gh.log"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "gh").write_text(
        "#!/bin/sh\necho \"$*\" >> " + str(log) + "\n"
        "if [ \"$1 $2\" = \"release list\" ]; then printf 'site-20261201T000003Z-c\\nsite-20261201T000002Z-b\\n"
        "v1.0\\nsite-20261201T000001Z-a\\n'; fi\n")
    (bin_dir / "gh").chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", GH_TOKEN="t", GITHUB_REPOSITORY="tehran-intl/portal",
               GITHUB_SHA="0123456789abcdef0123456789abcdef01234567", PORTAL_GITHUB_RELEASES_KEEP="2")
    return env, log


def test_make_publish_release_creates_the_latest_release_and_prunes_old_ones(tmp_path):
    env, log = fake_gh(tmp_path)
    dist = pack(tmp_path, 4)
    result = make("publish-release", env, f"DIST={dist}")
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    name = release_name(4)
    assert calls[0] == (f"release create site-{name} {dist}/portal-{name}.tar.gz {dist}/portal-site.sha256 "
                        f"--repo tehran-intl/portal --target {env['GITHUB_SHA']} --latest --title Site {name} "
                        "--notes " + calls[0].split(" --notes ", 1)[1])
    assert calls[1].startswith("release list --repo tehran-intl/portal")
    assert calls[2:] == ["release delete site-20261201T000001Z-a --repo tehran-intl/portal --cleanup-tag --yes"], \
        "only site releases beyond the newest PORTAL_GITHUB_RELEASES_KEEP are deleted (and never other tags)"


def test_make_publish_release_refuses_a_corrupted_archive(tmp_path):
    env, log = fake_gh(tmp_path)
    dist = pack(tmp_path, 4)
    archive = dist / f"portal-{release_name(4)}.tar.gz"
    archive.write_bytes(archive.read_bytes() + b"x")
    result = make("publish-release", env, f"DIST={dist}")
    assert result.returncode == 2 and "does not match its SHA-256" in result.stderr
    assert not log.exists(), "nothing reached GitHub"


# --------------------------------------------------------------------------- push mode (sshd)

@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    """OpenSSH's server as the user running the tests, on 127.0.0.1, keys in a temporary folder."""
    binary = shutil.which("sshd") or "/usr/sbin/sshd"
    assert Path(binary).exists(), "sshd is missing: run `make deploy-tools` (Debian's openssh-server)"
    assert shutil.which("rsync"), "rsync is missing: run `make deploy-tools`"
    home = tmp_path_factory.mktemp("sshd")
    for key in ("host_key", "client_key", "other_host_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", key, "-f", str(home / key)], check=True)
    shutil.copy(home / "client_key.pub", home / "authorized_keys")
    port, user = free_port(), getpass.getuser()
    config = home / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {home / 'host_key'}\nPidFile {home / 'sshd.pid'}\n"
        f"AuthorizedKeysFile {home / 'authorized_keys'}\nAllowUsers {user}\nPubkeyAuthentication yes\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
        # The temporary folder sits under the world-writable /tmp, which StrictModes refuses.
        "StrictModes no\nPermitRootLogin prohibit-password\nLogLevel VERBOSE\n")
    if os.geteuid() == 0:
        # As root, sshd insists on its privilege-separation folder (systemd creates it at boot).
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    log = (home / "sshd.log").open("w")
    process = subprocess.Popen([binary, "-D", "-e", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, f"sshd stopped:\n{(home / 'sshd.log').read_text()}"
            assert time.monotonic() < deadline, f"sshd did not listen:\n{(home / 'sshd.log').read_text()}"
            time.sleep(0.1)
    host_key = (home / "host_key.pub").read_text().split()
    try:
        yield SimpleNamespace(port=port, user=user, home=home,
                              known_hosts=f"[127.0.0.1]:{port} {host_key[0]} {host_key[1]}",
                              key=(home / "client_key").read_text(), log=home / "sshd.log")
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def push_env(sshd, root: Path, **changes) -> dict:
    env = dict(os.environ, DEPLOY_HOST="127.0.0.1", DEPLOY_PORT=str(sshd.port), DEPLOY_USER=sshd.user,
               DEPLOY_PATH=str(root), DEPLOY_KNOWN_HOSTS=sshd.known_hosts, DEPLOY_SSH_KEY=sshd.key,
               DEPLOY_KEEP="2")
    env.update(changes)
    return env


def make(target: str, env: dict, *variables: str) -> subprocess.CompletedProcess:
    return run("make", "-s", "--no-print-directory", target, *variables, env=env)


def test_push_uploads_switches_links_unchanged_files_prunes_and_rolls_back(tmp_path, sshd):
    root = tmp_path / "srv" / "portal"
    env = push_env(sshd, root)
    for i in (1, 2, 3):
        dist = pack(tmp_path, i)
        result = make("deploy-push", env, f"DIST={dist}")
        assert result.returncode == 0, f"{result.stdout}\n{result.stderr}\n{sshd.log.read_text()[-2000:]}"
        assert current(root) == f"releases/{release_name(i)}"
        assert f"release {i}" in served_marker(root)
        if i == 2:
            css = "assets/app.1a2b3c.min.css"
            one, two = (root / "releases" / release_name(n) / css for n in (1, 2))
            assert one.stat().st_ino == two.stat().st_ino, "an unchanged file is a hard link to the last release's"
            page_1, page_2 = (root / "releases" / release_name(n) / "index.html" for n in (1, 2))
            assert page_1.stat().st_ino != page_2.stat().st_ino
    assert sorted(p.name for p in (root / "releases").iterdir()) == [release_name(2), release_name(3)]
    assert (root / "bin" / "portal_release.py").is_file()
    assert list((root / ".incoming").iterdir()) == []

    rollback = make("deploy-rollback", env)
    assert rollback.returncode == 0, rollback.stderr
    assert current(root) == f"releases/{release_name(2)}" and "release 2" in served_marker(root)
    assert f"* {release_name(2)}" in rollback.stdout
    listing = make("deploy-list", env)
    assert listing.stdout.split() == ["*", release_name(2), release_name(3)]
    forward = make("deploy-rollback", env, f"NAME={release_name(3)}")
    assert forward.returncode == 0 and current(root) == f"releases/{release_name(3)}"


def test_push_refuses_a_server_whose_host_key_is_not_the_pinned_one(tmp_path, sshd):
    root = tmp_path / "srv"
    other = (sshd.home / "other_host_key.pub").read_text().split()
    env = push_env(sshd, root, DEPLOY_KNOWN_HOSTS=f"[127.0.0.1]:{sshd.port} {other[0]} {other[1]}")
    result = make("deploy-push", env, f"DIST={pack(tmp_path, 1)}")
    assert result.returncode != 0
    assert "Host key verification failed" in result.stderr
    assert not root.exists(), "nothing reached the server"


def test_push_refuses_a_corrupted_archive_before_connecting(tmp_path, sshd):
    root = tmp_path / "srv"
    env = push_env(sshd, root)
    assert make("deploy-push", env, f"DIST={pack(tmp_path, 1)}").returncode == 0
    dist = pack(tmp_path, 2)
    archive = dist / f"portal-{release_name(2)}.tar.gz"
    archive.write_bytes(archive.read_bytes()[:-100])
    result = make("deploy-push", env, f"DIST={dist}")
    assert result.returncode == 2 and "does not match its SHA-256" in result.stderr
    assert current(root) == f"releases/{release_name(1)}"
    assert sorted(p.name for p in (root / "releases").iterdir()) == [release_name(1)]


def test_push_needs_every_setting(tmp_path, sshd):
    env = push_env(sshd, tmp_path / "srv")
    del env["DEPLOY_KNOWN_HOSTS"]
    result = make("deploy-push", env, f"DIST={pack(tmp_path, 1)}")
    assert result.returncode == 2 and "DEPLOY_KNOWN_HOSTS is not set" in result.stderr


# --------------------------------------------------------------------------- after deploy, look

def test_smoke_passes_on_the_built_site_and_finds_the_touched_record_page(site_dir, server):
    result = run(sys.executable, SMOKE, server + "/", "--site", site_dir, "--attempts", "1",
                 "--changed", "data/sister-cities/beijing.yml", "scripts/portal/cli.py")
    assert result.returncode == 0, result.stdout + result.stderr
    checked = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("ok")]
    assert checked == [f"{server}/", f"{server}/fa/", f"{server}/ar/", f"{server}/sister-cities/beijing/"]


def test_smoke_maps_prose_files_to_their_language(site_dir):
    site = smoke.Site(site_dir)
    assert smoke.touched_page(site, ["content/contact.fa.md"]) == ("fa/contact/", "fa")
    assert smoke.touched_page(site, ["content/index.ar.md"]) == ("ar/", "ar")
    assert smoke.touched_page(site, ["README.md", "data/sister-cities/no-such-city.yml"]) is None


def test_make_smoke_reads_the_release_archive(tmp_path, site_dir, server):
    dist = tmp_path / "dist"
    portal_release.pack(site_dir, dist, release_name(1))
    result = make("smoke", dict(os.environ, SMOKE_ATTEMPTS="1"), f"SITE_URL={server}/",
                  f"SITE={dist / f'portal-{release_name(1)}.tar.gz'}", "BASE=HEAD")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("ok ") == 3 and "home pages only" in result.stdout


def test_smoke_fails_loudly_on_a_missing_page_and_a_wrong_language(tmp_path, site_dir):
    broken = tmp_path / "broken"
    for rel in ("index.html", "ar/index.html", "sister-cities/beijing/index.html"):
        (broken / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(site_dir / rel, broken / rel)
    page = broken / "ar" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('<html lang="ar"', '<html lang="en"', 1), encoding="utf-8")
    summary = tmp_path / "summary.md"
    env = dict(os.environ, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary))
    with http_folder(broken) as base:
        result = run(sys.executable, SMOKE, base, "--site", site_dir, "--attempts", "2", "--wait", "0.1",
                     "--changed", "data/sister-cities/beijing.yml", env=env)
    assert result.returncode == 1
    assert f"FAIL  {base}fa/  HTTP 404" in result.stdout
    assert f"FAIL  {base}ar/  <html lang='en'>, expected 'ar'" in result.stdout
    assert f"::error title=Deployed site check::{base}fa/: HTTP 404" in result.stdout
    assert f"ok    {base}sister-cities/beijing/" in result.stdout
    assert "2 of 4 page(s) of the deployed site are wrong" in result.stderr
    assert "**HTTP 404**" in summary.read_text()


def test_smoke_reports_a_server_that_does_not_answer(site_dir):
    result = run(sys.executable, SMOKE, f"http://127.0.0.1:{free_port()}/", "--site", site_dir,
                 "--attempts", "1", "--changed")
    assert result.returncode == 1 and result.stdout.count("no answer") == 3
