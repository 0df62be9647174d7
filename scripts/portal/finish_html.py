"""Last touches on every rendered page: `dir` on <html>, and a Content-Security-Policy.

The policy allows only the site's own origin. Material inlines two small scripts (their text
depends on the page's depth), so each page's policy lists the SHA-256 of its own inline scripts
rather than 'unsafe-inline'.
"""
from __future__ import annotations

import base64
import hashlib
import re

from .localise import DIRECTION

# <script> elements whose content runs: no src, and no data type (JSON, JSON-LD are not run).
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>(.*?)</script>", re.S)
_CHARSET = '<meta charset="utf-8">'


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


def finish_page(html: str, lang: str) -> str:
    html = html.replace(f'<html lang="{lang}"', f'<html lang="{lang}" dir="{DIRECTION[lang]}"', 1)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(html)}">'
    return html.replace(_CHARSET, _CHARSET + "\n    " + meta, 1)
