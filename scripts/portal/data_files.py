"""The files under data/files/ that may be published, and their safe copy into the site.

A pull request can add any file, and whatever the site serves from its own origin runs with the
portal's authority: an HTML page or an SVG image can carry script that the pages' CSP does not
cover, and a `.js` file would be trusted by `script-src 'self'`. So data/files/ is published by
allowlist only:

- a file is published when a published record references it (a `file` field of any schema);
- it must be of an ACCEPTED type, by its name *and* by its first bytes (a PDF that is really
  HTML is refused), and within that type's size limit;
- it must be a regular file inside data/files/: symbolic links are refused (portal.site_tree),
  and the copy re-checks every path, so nothing outside data/files/ can be reached.

Accepted: PDF for documents (every visitor can open it, it prints and archives well; publish
Word or Excel files as PDF) and the raster images a browser shows (PNG, JPEG, WebP) for covers
and photos. Not accepted: SVG (it can carry script), HTML, JavaScript, archives, office files
(ZIP containers that cannot be checked), videos (link to where the film is hosted).
"""
from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from .collections import FILES_FOLDER
from .problems import WARNING
from .schema_paths import paths_to, values_at

MB = 1024 * 1024


@dataclass(frozen=True)
class FileType:
    name: str
    name_fa: str
    max_bytes: int

    def matches(self, head: bytes) -> bool:
        raise NotImplementedError


@dataclass(frozen=True)
class _Magic(FileType):
    prefixes: tuple = ()

    def matches(self, head: bytes) -> bool:
        return head.startswith(self.prefixes)


@dataclass(frozen=True)
class _WebP(FileType):
    def matches(self, head: bytes) -> bool:
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


PDF = _Magic("PDF document", "سند PDF", 20 * MB, (b"%PDF-",))
PNG = _Magic("PNG image", "تصویر PNG", 2 * MB, (b"\x89PNG\r\n\x1a\n",))
JPEG = _Magic("JPEG image", "تصویر JPEG", 2 * MB, (b"\xff\xd8\xff",))
WEBP = _WebP("WebP image", "تصویر WebP", 2 * MB)

ACCEPTED: dict[str, FileType] = {"pdf": PDF, "png": PNG, "jpg": JPEG, "jpeg": JPEG, "webp": WEBP}
IMAGES = {ext: kind for ext, kind in ACCEPTED.items() if kind is not PDF}
ACCEPTED_WORDS = "PDF (.pdf, up to 20 MB), PNG, JPEG or WebP images (.png, .jpg, .jpeg, .webp, up to 2 MB)"
ACCEPTED_WORDS_FA = "PDF (.pdf، حداکثر ۲۰ مگابایت)، تصویر PNG، JPEG یا WebP (.png، .jpg، .jpeg، .webp، حداکثر ۲ مگابایت)"


def file_type(name: str, allowed: dict[str, FileType] = ACCEPTED) -> FileType | None:
    return allowed.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None


def refusal(path: Path, allowed: dict[str, FileType] = ACCEPTED, shown: str | None = None) -> tuple[str, str, str] | None:
    """Why a regular file cannot be published (code, English, Persian), or None when it can.
    `shown` is the file's name as people see it (data/files/...)."""
    shown = shown or path.name
    kind = file_type(path.name, allowed)
    words, words_fa = (ACCEPTED_WORDS, ACCEPTED_WORDS_FA) if allowed is ACCEPTED else (
        "PNG, JPEG or WebP images (.png, .jpg, .jpeg, .webp, up to 2 MB)",
        "تصویر PNG، JPEG یا WebP (.png، .jpg، .jpeg، .webp، حداکثر ۲ مگابایت)")
    if kind is None:
        return ("file-type-refused",
                f"'{shown}' is not a type of file the portal publishes. Accepted: {words}. HTML, "
                "JavaScript, SVG and other types are refused because a browser could run code from them on "
                "the portal's own address; convert the file (a Word file to PDF, an SVG to PNG) or link to it.",
                f"«{shown}» از نوع فایل‌هایی نیست که پرتال منتشر می‌کند. پذیرفته‌ها: {words_fa}. HTML، "
                "جاوااسکریپت، SVG و انواع دیگر پذیرفته نمی‌شوند، چون مرورگر می‌تواند کدی را از آن‌ها به نام پرتال اجرا کند؛ "
                "فایل را تبدیل کنید (Word به PDF، SVG به PNG) یا به آن پیوند دهید.")
    size = path.stat().st_size
    if size > kind.max_bytes:
        limit = kind.max_bytes // MB
        return ("file-too-large",
                f"'{shown}' is {size / MB:.1f} MB; a {kind.name} may be at most {limit} MB (every byte "
                "reaches every visitor and stays in the repository's history). Make it smaller (compress the "
                "PDF, resize the image) and upload it again.",
                f"حجم «{shown}» {size / MB:.1f} مگابایت است؛ {kind.name_fa} حداکثر {limit} مگابایت می‌تواند باشد "
                "(هر بایت به همهٔ بازدیدکنندگان می‌رسد و در تاریخچهٔ مخزن می‌ماند). آن را کوچک‌تر کنید (PDF را فشرده و "
                "تصویر را کوچک کنید) و دوباره بارگذاری کنید.")
    with open(path, "rb") as handle:
        head = handle.read(16)
    if not kind.matches(head):
        looks_en, looks_fa = _looks_like(head)
        return ("file-content-mismatch",
                f"'{shown}' is named as a {kind.name}, but its content is not one (it starts like "
                f"{looks_en}). Export the file again as a real {kind.name}.",
                f"نام «{shown}» نشان می‌دهد {kind.name_fa} است، اما محتوایش چنین نیست (آغازش شبیه "
                f"{looks_fa} است). فایل را دوباره به‌صورت {kind.name_fa} واقعی ذخیره کنید.")
    return None


def _looks_like(head: bytes) -> tuple[str, str]:
    for kind in (PDF, PNG, JPEG, WEBP):
        if kind.matches(head):
            return f"a {kind.name}", kind.name_fa
    if head.lstrip().startswith(b"<"):
        return "HTML or XML", "HTML یا XML"
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive (or an Office file)", "بایگانی ZIP (یا فایل Office)"
    return "something else", "چیز دیگری"


def references(records: dict) -> dict[str, list]:
    """{path under data/files/: [(record, location), ...]} for every `file` field of every record."""
    found: dict[str, list] = {}
    for collection, by_id in records.items():
        paths = paths_to(collection, "file")
        for record in by_id.values():
            for path in paths:
                for location, name in values_at(record.data, path):
                    if isinstance(name, str):
                        found.setdefault(name, []).append((record, location))
    return found


def check(data, add) -> None:
    """Every file a record references, and every other file under data/files/.

    `add(path, line, column, code, en, fa, severity)` reports a problem; a file no record
    references is a warning (it is simply not published)."""
    root = data.root / FILES_FOLDER
    referenced = references(data.records)
    for name, uses in sorted(referenced.items()):
        path = root / name
        record, location = uses[0]
        line, column = record.source.where(location)
        if not _inside_regular(root, path):
            if path.is_symlink() or not os.path.lexists(path):
                add(record.path, line, column, "missing-file",
                    f"The file '{name}' is not in data/{FILES_FOLDER}/. Upload it to data/{FILES_FOLDER}/{name} "
                    "or correct the name (names are case-sensitive).",
                    f"فایل «{name}» در data/{FILES_FOLDER}/ نیست. آن را در data/{FILES_FOLDER}/{name} بارگذاری کنید "
                    "یا نام را اصلاح کنید (بزرگی و کوچکی حروف مهم است).")
            continue
        why = refusal(path, shown=f"{data.shown_root}/{FILES_FOLDER}/{name}")
        if why:
            code, en, fa = why
            add(record.path, line, column, code, en, fa)
    if not root.is_dir() or root.is_symlink():
        return
    for top, folders, names in os.walk(root):
        folders[:] = [f for f in folders if not os.path.islink(os.path.join(top, f))]   # reported by site_tree
        for name in names:
            path = Path(top, name)
            relative = path.relative_to(root).as_posix()
            shown = f"{data.shown_root}/{FILES_FOLDER}/{relative}"
            if relative in referenced or not stat.S_ISREG(os.lstat(path).st_mode):
                continue   # referenced files are checked above; links and odd files by site_tree
            why = refusal(path, shown=shown)
            if why:
                add(shown, 1, 1, *why)
            else:
                add(shown, 1, 1, "file-not-referenced",
                    f"No record refers to '{relative}', so it is not published. Add it to a record's 'file' "
                    "(or 'cover'), or delete it.",
                    f"هیچ رکوردی به «{relative}» اشاره نمی‌کند، پس منتشر نمی‌شود. آن را در «file» (یا «cover») یک رکورد "
                    "بیاورید یا حذفش کنید.", WARNING)


def _inside_regular(root: Path, path: Path) -> bool:
    """True when `path` is a regular file inside `root`, reached without any symbolic link."""
    real_root = os.path.realpath(root)
    try:
        if os.path.realpath(path) != os.path.join(real_root, os.path.relpath(path, root)):
            return False   # some part of the path is a link, or it leaves the folder
        return stat.S_ISREG(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


def published(records: dict, include_examples: bool) -> list[str]:
    """The files to publish: referenced by a record that is published."""
    return sorted(name for name, uses in references(records).items()
                  if any(include_examples or not record.example for record, _ in uses))


def copy_published(data_root: Path, site_dir: Path, names: list[str]) -> dict[str, int]:
    """Copies each file into site/files/ after checking it again; returns their sizes.

    The validator has already refused anything unsafe; this is the second wall, so that a build
    run on an unvalidated tree still cannot copy a link's target or a file of a refused type."""
    root = Path(data_root) / FILES_FOLDER
    target_root = Path(site_dir) / FILES_FOLDER
    sizes = {}
    for name in names:
        source = root / name
        if ".." in Path(name).parts or not _inside_regular(root, source) or refusal(source):
            raise ValueError(f"data/{FILES_FOLDER}/{name} is not a regular, accepted file inside data/{FILES_FOLDER}/")
        target = target_root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as reader, open(target, "wb") as writer:
            shutil.copyfileobj(reader, writer)
        sizes[name] = target.stat().st_size
    return sizes


def sizes_of(data_root: Path, names: list[str]) -> dict[str, int]:
    root = Path(data_root) / FILES_FOLDER
    return {name: os.lstat(root / name).st_size for name in names if _inside_regular(root, root / name)}
