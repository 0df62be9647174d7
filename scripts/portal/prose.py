"""Checks of the prose pages in content/: Markdown only, nothing that runs, nothing from elsewhere.

MkDocs renders these pages with Python-Markdown and `attr_list`, which would pass raw HTML and
`{onclick="..."}` through untouched, and reads their front matter with PyYAML, whose values
some templates print unescaped. So, as for the Markdown in data files (portal.formats):

- no raw HTML at all (write Markdown; the portal's templates do the layout);
- attribute lists only give an id, a class, `lang` or `dir` (`## Title {#id}`);
- links go to http(s), mailto or a relative address; images come from content/ itself;
- front matter: YAML without anchors, only the keys pages use, no HTML or quotes in values.

What renders is cleaned again by portal.sanitise.page_content, whatever these checks miss.
"""
from __future__ import annotations

import html
import re

from markdown.extensions.attr_list import get_attrs

from .formats import BIDI_OVERRIDES
from .load import load_text
from .sanitise import URL_SCHEMES

FRONT_MATTER_KEYS = {"title", "description", "template", "hide", "office"}
# The generated pages' templates need a page model; these two take a prose page's own.
PAGE_TEMPLATES = {"portal/home.html", "portal/office-page.html"}
ATTRIBUTE_KEYS = {"id", ".", "lang", "dir"}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.S)
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>?|<!--")
_ATTRIBUTE_LIST = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*?)[ ]*\}")
# [text](url "title"), ![alt](url), [ref]: url, <scheme:...> autolinks
_LINK = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def check_page(text: str, shown: str, add) -> None:
    """Reports each problem of one Markdown page with `add(path, line, column, code, en, fa)`."""
    offset = 0
    front = _FRONT_MATTER.match(text)
    if front:
        _check_front_matter(front.group(1), shown, add)
        offset = front.group(0).count("\n")
    in_fence = None
    for number, line in enumerate(text.split("\n")[offset:], start=offset + 1):
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)
            if in_fence is None:
                in_fence = marker[0] * len(marker)
            elif marker.startswith(in_fence):
                in_fence = None
            continue
        if in_fence is not None:
            continue   # code: Markdown shows it as text
        _check_line(_CODE_SPAN.sub(lambda m: " " * len(m.group()), line), shown, number, add)


def _check_line(line: str, shown: str, number: int, add) -> None:
    for match in _HTML.finditer(_AUTOLINK.sub(lambda m: " " * len(m.group()), line)):
        add(shown, number, match.start() + 1, "raw-html",
            f"This page contains HTML ('{match.group()[:40]}'). Pages are written in Markdown only: raw HTML, "
            "scripts, frames and <meta> tags are not accepted. Use Markdown (## heading, **bold**, [link](...)).",
            f"این صفحه کد HTML دارد ('{match.group()[:40]}'). صفحه‌ها فقط با مارک‌داون نوشته می‌شوند: HTML خام، "
            "اسکریپت، قاب و برچسب <meta> پذیرفته نیست. از مارک‌داون استفاده کنید (## عنوان، **پررنگ**، [پیوند](...)).")
        return
    for match in _ATTRIBUTE_LIST.finditer(line):
        inside = match.group(1)
        if not (inside.startswith(("#", ".", ":")) or "=" in inside):
            continue   # braces in text, not an attribute list
        refused = [key for key, _ in get_attrs(inside.lstrip(":")) if key not in ATTRIBUTE_KEYS]
        if refused:
            add(shown, number, match.start() + 1, "attribute-refused",
                f"The attribute list '{match.group()[:60]}' sets '{refused[0]}'. An attribute list may only give "
                "an id (#name), a class (.name), lang or dir; event handlers (onclick...), style and links are "
                "not accepted.",
                f"فهرست ویژگی '{match.group()[:60]}' مقدار '{refused[0]}' را تعیین می‌کند. فهرست ویژگی فقط شناسه (#نام)، "
                "کلاس (.نام)، lang یا dir می‌پذیرد؛ رویدادها (onclick و مانند آن)، style و پیوند پذیرفته نیستند.")
    for match in _LINK.finditer(line):
        _check_address(match.group(2), match.group(1) == "!", shown, number, match.start(2) + 1, add)
    reference = _REFERENCE.match(line)
    if reference:
        _check_address(reference.group(1), False, shown, number, reference.start(1) + 1, add)
    if BIDI_OVERRIDES.search(line):
        add(shown, number, BIDI_OVERRIDES.search(line).start() + 1, "bidi-override",
            "The line contains an invisible direction-override character (U+202A to U+202E), which can make "
            "text display in a misleading order. Retype the text without it.",
            "این سطر یک نویسهٔ نامرئی تغییر جهت (U+202A تا U+202E) دارد که می‌تواند ترتیب نمایش متن را گمراه‌کننده کند. "
            "متن را بدون آن دوباره بنویسید.")


def _check_address(address: str, image: bool, shown: str, number: int, column: int, add) -> None:
    # Browsers decode entities and drop control characters and spaces before reading a scheme.
    plain = _INVISIBLE.sub("", html.unescape(address))
    scheme = _SCHEME.match(plain)
    if image and (scheme or plain.startswith("//")):
        add(shown, number, column, "external-image",
            f"The image '{address[:60]}' is on another site. Pages load nothing from elsewhere: put the image "
            "(PNG, JPEG or WebP) in content/ next to the page and use its file name.",
            f"تصویر '{address[:60]}' در سایت دیگری است. صفحه‌ها چیزی از جای دیگر بار نمی‌کنند: تصویر (PNG، JPEG یا WebP) "
            "را کنار صفحه در content/ بگذارید و نام فایلش را بنویسید.")
    elif scheme and scheme.group(1).lower() not in URL_SCHEMES:
        add(shown, number, column, "link-scheme-refused",
            f"The link '{address[:60]}' uses '{scheme.group(1)}:'. Links may go to https://, http://, mailto: "
            "or another page of the portal.",
            f"پیوند '{address[:60]}' از '{scheme.group(1)}:' استفاده می‌کند. پیوند فقط به https://، http://، mailto: "
            "یا صفحهٔ دیگری از پرتال مجاز است.")


def _check_front_matter(text: str, shown: str, add) -> None:
    problems: list = []

    class _Collect:
        def add(self, *args, **named):
            problems.append(args)

    loaded = load_text(text, shown, _Collect(), max_depth=2, line_offset=1)
    for path, line, column, code, en, fa, *_ in problems:
        add(path, line, column, code, en, fa)
    if loaded is None:
        return
    if not isinstance(loaded.value, dict):
        add(shown, 2, 1, "front-matter",
            "The lines between the two '---' must be 'key: value' lines (title, description...).",
            "سطرهای میان دو '---' باید به شکل «کلید: مقدار» باشند (title، description و ...).")
        return
    for key, value in loaded.value.items():
        line = loaded.key_where((key,))[0] + 1
        if key not in FRONT_MATTER_KEYS:
            add(shown, line, 1, "front-matter-key",
                f"'{key}' is not a setting pages use. Allowed: {', '.join(sorted(FRONT_MATTER_KEYS))}.",
                f"«{key}» تنظیمی نیست که صفحه‌ها به کار ببرند. مجاز: {', '.join(sorted(FRONT_MATTER_KEYS))}.")
            continue
        if key == "office":
            from .pages.common import OFFICES

            if any(code not in OFFICES for code in (value if isinstance(value, list) else [value])):
                add(shown, line, 1, "front-matter-office",
                    f"'office' must name the deputy's offices: {', '.join(OFFICES)}.",
                    f"«office» باید نام اداره‌های معاونت باشد: {', '.join(OFFICES)}.")
            continue
        if key == "template" and value not in PAGE_TEMPLATES:
            add(shown, line, 1, "front-matter-template",
                f"A prose page cannot use the template '{value}'. Leave 'template' out (or use "
                f"{', '.join(sorted(PAGE_TEMPLATES))} for the home page).",
                f"صفحهٔ متنی نمی‌تواند قالب «{value}» را به کار ببرد. «template» را ننویسید (یا برای صفحهٔ اصلی "
                f"{', '.join(sorted(PAGE_TEMPLATES))} را بنویسید).")
            continue
        for text_value in (value if isinstance(value, list) else [value]):
            if not isinstance(text_value, str) or re.search(r'[<>"]', text_value) or BIDI_OVERRIDES.search(text_value):
                add(shown, line, 1, "front-matter-value",
                    f"The value of '{key}' must be plain text without <, > or double quotes.",
                    f"مقدار «{key}» باید متن ساده و بدون <، > یا گیومهٔ انگلیسی \" باشد.")
                break
