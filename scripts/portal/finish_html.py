"""Last touches on every rendered page: `dir` on <html>, a Content-Security-Policy, and no
indentation.

The policy allows only the site's own origin. Material inlines two small scripts (their text
depends on the page's depth), so each page's policy lists the SHA-256 of its own inline scripts
rather than 'unsafe-inline'.
"""
from __future__ import annotations

import base64
import hashlib
import re

from . import languages
from .ui import N_, gettext

# <script> elements whose content runs: no src, and no data type (JSON, JSON-LD are not run).
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>(.*?)</script>", re.S)
_CHARSET = '<meta charset="utf-8">'
# A run of ASCII whitespace that holds a line break (a no-break space is content, not layout).
_RUN = re.compile(r"[ \t\r]*\n[ \t\r\n]*")
# Elements whose whitespace is content (pre, textarea, code) or program text (script, style).
_KEEP = re.compile(r"(<(pre|textarea|code|script|style)\b.*?</\2>)", re.S)


def content_security_policy(html: str) -> str:
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode() + "'"
                     for m in _INLINE_SCRIPT.finditer(html)})
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *hashes]),
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


# Material 9.8's own markup that the W3C Nu Html Checker refuses (tests/test_html_checker.py runs
# it on every page, so a Material upgrade that brings an error back fails there):
# - `autocomplete="off"` on its checkbox toggles (autocomplete applies to text-like inputs only);
# - `tabindex=""` on navigation labels of sections (an empty value is not an integer);
# - a `<label for="__toc">` when the page has no such control (the table of contents' toggle is
#   only rendered with some navigation layouts).
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?) autocomplete="off"')
_EMPTY_TABINDEX = ' tabindex=""'
_LABEL_FOR = re.compile(r'(<label\b[^>]*?) for="([^"]+)"')


def valid_markup(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html).replace(_EMPTY_TABINDEX, "")
    return _LABEL_FOR.sub(lambda m: m.group(0) if f'id="{m.group(2)}"' in html else m.group(1), html)


# Material renders its skip link only when a page has a table of contents (and then to the first
# heading): every page gets one, first in the tab order, to the start of its content (WCAG 2.4.1).
_SKIP = re.compile(r'<div data-md-component="skip">.*?</div>', re.S)
_ARTICLE = '<article class="md-content__inner md-typeset">'
CONTENT_ID = "portal-content"
SKIP_TEXT = N_("Skip to content")


def skip_link(html: str, lang: str) -> str:
    if _ARTICLE not in html:
        return html
    text = gettext(lang)(SKIP_TEXT)
    html = _SKIP.sub(f'<div data-md-component="skip"><a href="#{CONTENT_ID}" class="md-skip">{text}</a></div>', html, 1)
    return html.replace(_ARTICLE, f'<article class="md-content__inner md-typeset" id="{CONTENT_ID}">', 1)


def finish_page(html: str, lang: str) -> str:
    html = skip_link(valid_markup(html), lang)
    html = html.replace(f'<html lang="{lang}"', f'<html lang="{lang}" dir="{languages.get(lang).direction}"', 1)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(html)}">'
    return collapse_whitespace(html.replace(_CHARSET, _CHARSET + "\n" + meta, 1))


def collapse_whitespace(html: str) -> str:
    """Every run of whitespace that holds a line break becomes one line break, outside _KEEP.

    A browser shows such a run as one space (or nothing, between blocks) either way; Material's
    templates indent every line, a quarter of each page's bytes. Runs without a line break are
    left alone, so text and attributes keep their spaces.
    """
    if "\n" not in html:
        return html
    parts = _KEEP.split(html)    # text, kept element, its name, text, kept element, its name, ...
    parts[0::3] = [_RUN.sub("\n", text) for text in parts[0::3]]
    del parts[2::3]
    return "".join(parts)


def join_collapsed(pieces: list[str]) -> str:
    """collapse_whitespace(a + b + ...) made from the collapsed pieces: a run of whitespace that
    crosses from one piece into the next is collapsed again (only where a piece ends and the next
    begins with whitespace, as when a piece is empty)."""
    out = [pieces[0]]
    for piece in pieces[1:]:
        if not piece:
            continue
        previous = out[-1]
        if previous and previous[-1] in " \t\r\n" and piece[0] in " \t\r\n":
            tail = previous[len(previous.rstrip(" \t\r\n")):]
            head = piece[:len(piece) - len(piece.lstrip(" \t\r\n"))]
            out[-1] = previous[:len(previous) - len(tail)]
            piece = _RUN.sub("\n", tail + head) + piece[len(head):]
        out.append(piece)
    return "".join(out)
