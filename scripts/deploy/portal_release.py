#!/usr/bin/env python3
"""Releases of the built site on the municipality's own web server: pack, verify, switch, roll back.

Python 3 standard library only: the same file runs on GitHub's runner (`pack`), on the web
server (`pull` from its systemd timer, `rollback`, `list`) and is copied there by `push.sh`.

Layout under ROOT (e.g. /srv/portal), which the web server's document root points into:

    ROOT/releases/<NAME>/    one complete site per release; NAME = build time (UTC) + commit
    ROOT/current             symbolic link to releases/<NAME>: the site visitors see
    ROOT/.incoming/          staging on the same file system (downloads, uploads, unpacking)
    ROOT/.lock               held while releases change (a push and a timer never interleave)

A release is only ever made complete in .incoming/, renamed into releases/, and then `current`
is replaced by a new link in one rename(2): a visitor gets the old site or the new one, never a
mixture. The newest KEEP releases stay (and always the current one), so a rollback is one
command:

    portal-release --root /srv/portal rollback          # to the release before the current one
    portal-release --root /srv/portal activate NAME     # to any kept release, also forward again
    portal-release --root /srv/portal list

Pull mode (the server fetches; nothing connects to it):

    portal-release --root /srv/portal pull https://github.com/OWNER/REPO/releases/latest/download/portal-site.sha256

reads the manifest (`<sha256>  portal-<NAME>.tar.gz`, the format of `sha256sum`), and when
releases/<NAME> does not exist yet, downloads the archive next to the manifest, refuses it unless
its SHA-256 matches, unpacks it (regular files and folders only, no path leaving the release),
switches `current` and prunes. A release already present is never fetched again, so a rollback
stays until a newer release is published.
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import gzip
import hashlib
import io
import os
import re
import shutil
import sys
import tarfile
import tempfile
import time
import urllib.parse
import urllib.request
import zlib
from pathlib import Path

MANIFEST = "portal-site.sha256"
NAME_RE = re.compile(r"^\d{8}T\d{6}Z-[0-9a-z][0-9a-z.-]{0,63}$")
ARCHIVE_RE = re.compile(r"^portal-(?P<name>\d{8}T\d{6}Z-[0-9a-z][0-9a-z.-]{0,63})\.tar\.gz$")
MANIFEST_LINE_RE = re.compile(r"^(?P<digest>[0-9a-f]{64}) [ *](?P<file>\S+)$")
DEFAULT_KEEP = 5
MAX_ARCHIVE_BYTES = 1 << 30        # 1 GiB: a built site is a few MB; anything larger is wrong
MAX_MANIFEST_BYTES = 4096
STALE_INCOMING_SECONDS = 3600
USER_AGENT = "tehran-portal-release/1"


class ReleaseError(Exception):
    """A refusal with a message for the operator; nothing visible has changed."""


# ----------------------------------------------------------------------------- names, manifest

def release_name(when: float | None = None, commit: str = "local") -> str:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() if when is None else when))
    name = f"{stamp}-{commit.lower()[:12]}"
    if not NAME_RE.match(name):
        raise ReleaseError(f"not a release name: {name!r}")
    return name


def archive_file_name(name: str) -> str:
    return f"portal-{name}.tar.gz"


def parse_manifest(text: str) -> tuple[str, str, str]:
    """(sha256, archive file name, release name) from a one-line `sha256sum` manifest."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) != 1:
        raise ReleaseError(f"the manifest must hold exactly one line, found {len(lines)}")
    match = MANIFEST_LINE_RE.match(lines[0].strip())
    if not match:
        raise ReleaseError(f"the manifest line is not '<sha256>  portal-<NAME>.tar.gz': {lines[0][:120]!r}")
    archive = ARCHIVE_RE.match(match["file"])
    if not archive:
        raise ReleaseError(f"the manifest names {match['file']!r}, not portal-<NAME>.tar.gz")
    return match["digest"], match["file"], archive["name"]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ----------------------------------------------------------------------------- pack (on the runner)

def pack(site: Path, out: Path, name: str, mtime: int = 0) -> tuple[Path, Path]:
    """A reproducible .tar.gz of the site (sorted, owner 0, fixed times) and its manifest."""
    site = Path(site)
    if not (site / "index.html").is_file():
        raise ReleaseError(f"{site} holds no index.html: build the site first (make build)")
    if not NAME_RE.match(name):
        raise ReleaseError(f"not a release name: {name!r}")
    out.mkdir(parents=True, exist_ok=True)
    archive = out / archive_file_name(name)
    entries = []
    for top, folders, files in os.walk(site):
        folders.sort()
        for entry in sorted(folders) + sorted(files):
            path = Path(top) / entry
            if path.is_symlink():
                raise ReleaseError(f"{path} is a symbolic link: a release holds files and folders only")
            entries.append(path)
    entries.sort(key=lambda p: p.relative_to(site).as_posix())
    with archive.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=mtime) as zipped, \
            tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in entries:
            info = tar.gettarinfo(str(path), arcname=path.relative_to(site).as_posix())
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mtime = mtime
            if info.isdir():
                info.mode = 0o755
                tar.addfile(info)
            else:
                info.mode = 0o644
                with path.open("rb") as handle:
                    tar.addfile(info, handle)
    manifest = out / MANIFEST
    manifest.write_text(f"{sha256_of(archive)}  {archive.name}\n", encoding="ascii")
    return archive, manifest


# ----------------------------------------------------------------------------- the release folder

class Releases:
    def __init__(self, root: Path, keep: int = DEFAULT_KEEP):
        self.root = Path(root)
        self.keep = keep
        self.releases = self.root / "releases"
        self.incoming = self.root / ".incoming"
        self.current = self.root / "current"

    def prepare(self) -> None:
        for folder in (self.root, self.releases, self.incoming):
            folder.mkdir(parents=True, exist_ok=True)

    @contextlib.contextmanager
    def locked(self):
        self.prepare()
        with open(self.root / ".lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def names(self) -> list[str]:
        if not self.releases.is_dir():
            return []
        return sorted(p.name for p in self.releases.iterdir()
                      if NAME_RE.match(p.name) and p.is_dir() and not p.is_symlink())

    def current_name(self) -> str | None:
        if not self.current.is_symlink():
            return None
        target = Path(os.readlink(self.current))
        return target.name if target.parent == Path("releases") and NAME_RE.match(target.name) else None

    def switch(self, name: str) -> None:
        """Point `current` at releases/NAME in one rename(2)."""
        if name not in self.names():
            raise ReleaseError(f"there is no release {name!r} in {self.releases}")
        link = self.root / f".current-{os.getpid()}-{time.monotonic_ns()}"
        os.symlink(f"releases/{name}", link)
        try:
            os.replace(link, self.current)
        except BaseException:
            link.unlink(missing_ok=True)
            raise
        _fsync_dir(self.root)

    def prune(self) -> list[str]:
        """Removes all but the newest `keep` releases; the current one always stays."""
        names, current = self.names(), self.current_name()
        kept = set(names[-self.keep:]) if self.keep > 0 else set()
        removed = [n for n in names if n not in kept and n != current]
        for name in removed:
            shutil.rmtree(self.releases / name)
        now = time.time()
        for leftover in self.incoming.iterdir() if self.incoming.is_dir() else []:
            with contextlib.suppress(FileNotFoundError):
                if now - leftover.lstat().st_mtime > STALE_INCOMING_SECONDS:
                    _remove(leftover)
        return removed

    def adopt(self, staged: Path, name: str) -> None:
        """Moves a complete folder from .incoming/ into releases/NAME, then switches and prunes."""
        if not NAME_RE.match(name):
            raise ReleaseError(f"not a release name: {name!r}")
        if not (staged / "index.html").is_file():
            raise ReleaseError(f"{staged} holds no index.html: refusing an incomplete release")
        target = self.releases / name
        if target.exists():
            raise ReleaseError(f"release {name} exists already; activate it instead")
        _tidy_modes(staged)
        os.rename(staged, target)
        _fsync_dir(self.releases)
        self.switch(name)
        self.prune()

    def previous(self) -> str:
        names, current = self.names(), self.current_name()
        older = [n for n in names if current is None or n < current]
        if not older:
            raise ReleaseError("there is no older release to roll back to"
                               + (f" (current: {current})" if current else ""))
        return older[-1]


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _tidy_modes(folder: Path) -> None:
    """Readable by the web server, writable by nobody else (umask-independent)."""
    for top, folders, files in os.walk(folder):
        os.chmod(top, 0o755)
        for name in files:
            path = os.path.join(top, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)


# ----------------------------------------------------------------------------- unpack, install

def unpack(archive: Path, destination: Path) -> None:
    """Regular files and folders only, every path inside `destination`; anything else refuses it all."""
    destination.mkdir(parents=True)
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                name = member.name
                parts = Path(name).parts
                if not name or name.startswith(("/", "\\")) or ".." in parts or "\\" in name or "\x00" in name:
                    raise ReleaseError(f"the archive holds a path outside the site: {name!r}")
                if not (member.isreg() or member.isdir()):
                    raise ReleaseError(f"the archive holds {name!r}, which is neither a file nor a folder")
                target = destination.joinpath(*parts) if parts and parts != (".",) else destination
                if member.isdir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                with open(target, "xb") as handle:
                    shutil.copyfileobj(source, handle)
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise ReleaseError(f"the archive cannot be unpacked: {error}") from error


def install(releases: Releases, archive: Path, digest: str | None, name: str | None = None) -> str:
    """Verifies `archive` against `digest`, unpacks it as a new release and switches to it."""
    archive = Path(archive)
    if name is None:
        match = ARCHIVE_RE.match(archive.name)
        if not match:
            raise ReleaseError(f"{archive.name} is not named portal-<NAME>.tar.gz")
        name = match["name"]
    if digest is not None:
        found = sha256_of(archive)
        if found != digest:
            raise ReleaseError(f"{archive.name}: SHA-256 is {found}, the manifest says {digest}: "
                               "refused (corrupted or replaced); the site is unchanged")
    with releases.locked():
        if name in releases.names():
            raise ReleaseError(f"release {name} exists already; activate it instead")
        staged = Path(tempfile.mkdtemp(prefix=f"{name}.", dir=releases.incoming))
        try:
            site = staged / "site"
            unpack(archive, site)
            releases.adopt(site, name)
        finally:
            shutil.rmtree(staged, ignore_errors=True)
    return name


def manifest_for(archive: Path) -> str | None:
    """The digest for `archive` from a manifest beside it, if one names it."""
    manifest = archive.parent / MANIFEST
    if not manifest.is_file():
        return None
    digest, file, _ = parse_manifest(manifest.read_text(encoding="ascii"))
    return digest if file == archive.name else None


# ----------------------------------------------------------------------------- pull (on the server)

def _fetch(url: str, destination, limit: int, timeout: float) -> None:
    if not url.startswith(("https://", "http://")):
        raise ReleaseError(f"only http(s) addresses can be pulled from, not {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    token = os.environ.get("PORTAL_PULL_TOKEN")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            read = 0
            while True:
                block = response.read(1 << 16)
                if not block:
                    break
                read += len(block)
                if read > limit:
                    raise ReleaseError(f"{url} is larger than {limit} bytes: refused")
                destination.write(block)
    except (OSError, ValueError) as error:   # URLError, HTTPError, timeouts are OSErrors
        raise ReleaseError(f"cannot fetch {url}: {error}") from error


def pull(releases: Releases, manifest_url: str, timeout: float = 60.0) -> str | None:
    """Installs the release the manifest names, unless it is here already. Returns its name or None."""
    buffer = io.BytesIO()
    _fetch(manifest_url, buffer, MAX_MANIFEST_BYTES, timeout)
    digest, file, name = parse_manifest(buffer.getvalue().decode("ascii", errors="replace"))
    releases.prepare()
    if name in releases.names():
        return None
    archive_url = urllib.parse.urljoin(manifest_url, urllib.parse.quote(file))
    handle = tempfile.NamedTemporaryFile(prefix=f"{name}.", suffix=".tar.gz", dir=releases.incoming, delete=False)
    path = Path(handle.name)
    try:
        with handle:
            _fetch(archive_url, handle, MAX_ARCHIVE_BYTES, timeout)
        return install(releases, path, digest, name)
    finally:
        path.unlink(missing_ok=True)


def check_after_switch(releases: Releases, url: str, before: str | None) -> None:
    """Runs smoke.py's check of the served site; on failure switches back to `before`."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        import smoke
    except ImportError:
        print("smoke.py is not next to portal_release.py: the served site is not checked", file=sys.stderr)
        return
    site = releases.current.resolve()
    failures = smoke.check_site(url, smoke.expected_pages(site), out=sys.stderr,
                                attempts=int(os.environ.get("SMOKE_ATTEMPTS", 3)),
                                wait=float(os.environ.get("SMOKE_WAIT", 5)))
    if failures:
        if before:
            with releases.locked():
                releases.switch(before)
            raise ReleaseError(f"the served site failed its check ({len(failures)} page(s)); "
                               f"switched back to {before}")
        raise ReleaseError(f"the served site failed its check ({len(failures)} page(s)); no earlier release")


# ----------------------------------------------------------------------------- command line

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="portal-release", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(os.environ.get("PORTAL_ROOT", "/srv/portal")),
                        help="folder holding releases/ and current (default $PORTAL_ROOT or /srv/portal)")
    parser.add_argument("--keep", type=int, default=int(os.environ.get("PORTAL_KEEP", DEFAULT_KEEP)),
                        help=f"releases kept (default $PORTAL_KEEP or {DEFAULT_KEEP})")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("pack", help="archive a built site with its SHA-256 manifest")
    p.add_argument("site", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--name", help="release name (default: now, UTC, and --commit)")
    p.add_argument("--commit", default=os.environ.get("GITHUB_SHA", "local"))
    p.add_argument("--mtime", type=int, default=int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0))

    p = sub.add_parser("install", help="verify an archive (manifest beside it) and switch to it")
    p.add_argument("archive", type=Path)
    p.add_argument("--sha256", help="expected SHA-256 (default: from portal-site.sha256 beside the archive)")

    p = sub.add_parser("adopt", help="switch to a folder uploaded into .incoming/ (push.sh)")
    p.add_argument("name")

    p = sub.add_parser("pull", help="install the newest release a manifest URL names, if new")
    p.add_argument("manifest_url", nargs="?", default=os.environ.get("PORTAL_PULL_URL"))
    p.add_argument("--check-url", default=os.environ.get("PORTAL_CHECK_URL"),
                   help="after switching, check the served site there; switch back if it fails")
    p.add_argument("--timeout", type=float, default=60.0)

    p = sub.add_parser("activate", help="switch `current` to a kept release")
    p.add_argument("name")

    sub.add_parser("rollback", help="switch `current` to the release before it").add_argument("name", nargs="?")
    sub.add_parser("list", help="kept releases, the current one marked")
    sub.add_parser("prune", help="remove all but the newest --keep releases")

    args = parser.parse_args(argv)
    releases = Releases(args.root, args.keep)
    try:
        if args.command == "pack":
            name = args.name or release_name(commit=args.commit)
            archive, manifest = pack(args.site, args.out, name, args.mtime)
            print(f"{archive}\n{manifest}")
        elif args.command == "install":
            digest = args.sha256 or manifest_for(args.archive)
            if digest is None:
                raise ReleaseError(f"no SHA-256 for {args.archive.name}: give --sha256 or put "
                                   f"{MANIFEST} beside it")
            print(f"switched to {install(releases, args.archive, digest)}")
        elif args.command == "adopt":
            if not NAME_RE.match(args.name):
                raise ReleaseError(f"not a release name: {args.name!r}")
            with releases.locked():
                staged = releases.incoming / args.name
                if not staged.is_dir() or staged.is_symlink():
                    raise ReleaseError(f"nothing uploaded at {staged}")
                releases.adopt(staged, args.name)
            print(f"switched to {args.name}")
        elif args.command == "pull":
            if not args.manifest_url:
                raise ReleaseError("give the manifest URL (or set PORTAL_PULL_URL)")
            before = releases.current_name()
            name = pull(releases, args.manifest_url, args.timeout)
            if name is None:
                print("up to date: the newest release is here already")
                return 0
            print(f"switched to {name}")
            if args.check_url:
                check_after_switch(releases, args.check_url, before)
        elif args.command in ("activate", "rollback"):
            with releases.locked():
                name = args.name or (releases.previous() if args.command == "rollback" else None)
                releases.switch(name)
            print(f"switched to {name}")
        elif args.command == "list":
            current = releases.current_name()
            for name in releases.names():
                print(f"{'*' if name == current else ' '} {name}")
        elif args.command == "prune":
            with releases.locked():
                for name in releases.prune():
                    print(f"removed {name}")
    except ReleaseError as error:
        print(f"portal-release: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
