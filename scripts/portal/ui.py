"""The portal's own interface strings, from gettext catalogues (scripts/portal/locale/*/portal.po).

English message ids are the source text; Persian and Arabic come from the .po files, which
translators edit with any gettext tool. A missing translation falls back to the English text.
`pybabel extract -F babel.cfg` collects new strings from the Python code and the templates.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "portal"


@cache
def catalogue(lang: str) -> dict[str, str]:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        po = read_po(handle, locale=lang)
    return {m.id: m.string for m in po if m.id and m.string and not m.fuzzy}


def gettext(lang: str):
    table = catalogue(lang)

    def _(message: str, **values) -> str:
        text = table.get(message, message)
        return text.format(**values) if values else text

    return _


def N_(message: str) -> str:
    """Marks a string for extraction (pybabel -k N_) where it is translated later, at render time."""
    return message
