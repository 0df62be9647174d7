"""The folders a pull request can change and the build reads: nothing in them may lead elsewhere.

A symbolic link is an ordinary object in git, shown by GitHub as a one-line file; MkDocs copies
content/ and the theme's overrides/ into the site following links, so a link to /etc/passwd (or
to /etc) would be published. This module refuses, before anything is built:

- any symbolic link, or anything that is not a plain file or folder, under data/, content/ and
  overrides/ (and those folders being links themselves);
- in data/, any file outside the collections' folders and data/files/;
- in content/, anything but Markdown pages and PNG, JPEG or WebP images (MkDocs would publish
  any other file as it is); the pages themselves are checked by portal.prose.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from . import prose
from .collections import COLLECTIONS, FILES_FOLDER
from .data_files import IMAGES, refusal
from .site_config import SiteTree


def _entries(folder: Path):
    """(path, lstat) for everything under `folder`, never entering a link."""
    for top, folders, names in os.walk(folder):
        for name in sorted(folders) + sorted(names):
            path = Path(top, name)
            yield path, os.lstat(path)
        folders[:] = [f for f in folders if not os.path.islink(os.path.join(top, f))]


def _link_problem(path: Path, shown: str, add) -> None:
    try:
        target = os.readlink(path)
    except OSError:   # pragma: no cover - a link that cannot be read
        target = "?"
    add(shown, 1, 1, "symbolic-link",
        f"'{shown}' is a symbolic link (to '{target}'). Links are not accepted in data/, content/ or "
        "overrides/: they could publish files from outside the repository. Put the real file here instead.",
        f"«{shown}» یک پیوند نمادین (symbolic link) به «{target}» است. پیوند نمادین در data/، content/ و overrides/ "
        "پذیرفته نیست، چون می‌تواند فایل‌هایی از بیرون مخزن را منتشر کند. خود فایل را این‌جا بگذارید.")


def _walk_checked(folder: Path, shown_of, add):
    """Yields the plain files under `folder`; reports links and special files."""
    if folder.is_symlink():
        _link_problem(folder, shown_of(folder), add)
        return
    if not folder.is_dir():
        return
    for path, info in _entries(folder):
        if stat.S_ISLNK(info.st_mode):
            _link_problem(path, shown_of(path), add)
        elif stat.S_ISREG(info.st_mode):
            yield path
        elif not stat.S_ISDIR(info.st_mode):
            add(shown_of(path), 1, 1, "special-file",
                f"'{shown_of(path)}' is not a plain file or folder. Remove it.",
                f"«{shown_of(path)}» فایل یا پوشهٔ معمولی نیست. آن را حذف کنید.")


def check_data(root: Path, shown_of, add) -> None:
    """data/: no links; only collection folders and data/files/ hold files."""
    folders = {Path(c.folder) for c in COLLECTIONS}
    for path in _walk_checked(root, shown_of, add):
        relative = path.relative_to(root)
        if relative.parts[0] == FILES_FOLDER or relative.parent in folders:
            continue   # checked by portal.data_files and portal.validate
        if path.name.startswith("."):
            continue   # .gitkeep and the like: never read, never published
        add(shown_of(path), 1, 1, "stray-file",
            f"'{shown_of(path)}' is not in a collection's folder. data/ holds one folder per collection "
            f"({', '.join(sorted(c.folder for c in COLLECTIONS))}) and data/{FILES_FOLDER}/ for documents.",
            f"«{shown_of(path)}» در پوشهٔ هیچ مجموعه‌ای نیست. data/ برای هر مجموعه یک پوشه دارد "
            f"({'، '.join(sorted(c.folder for c in COLLECTIONS))}) و data/{FILES_FOLDER}/ برای اسناد.")


def check_site(tree: SiteTree, shown_of, add) -> None:
    """content/ (pages and images only, pages checked by portal.prose) and overrides/ (no links)."""
    for path in _walk_checked(tree.content, shown_of, add):
        if path.name.startswith("."):
            continue   # MkDocs leaves dot-files out of the site
        shown = shown_of(path)
        if path.suffix == ".md":
            try:
                text = path.read_text(encoding="utf-8-sig")
            except UnicodeDecodeError:
                add(shown, 1, 1, "not-utf8", "The page is not saved as UTF-8 text. Save it again as UTF-8.",
                    "این صفحه با رمزگذاری UTF-8 ذخیره نشده است. آن را دوباره با UTF-8 ذخیره کنید.")
                continue
            prose.check_page(text, shown, add)
            continue
        why = refusal(path, IMAGES)
        if why:
            code, en, fa = why
            add(shown, 1, 1, code, en + " content/ holds Markdown pages (.md) and their images only.",
                fa + " پوشهٔ content/ فقط صفحه‌های مارک‌داون (.md) و تصویرهای آن‌ها را نگه می‌دارد.")
    if tree.overrides is not None:
        for _ in _walk_checked(tree.overrides, shown_of, add):
            pass
