"""`portal catalogue`: the interface strings' template and one gettext catalogue per language.

One command does what a translator's first step needs: extract every marked string of the code
and the templates into scripts/portal/locale/portal.pot, then create the catalogue of each
configured language that has none (a new language in mkdocs.yml) and merge new strings into the
others. Translators then fill the msgstr lines with any gettext tool; an empty one shows the
English text on the site.
"""
from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from . import languages
from .ui import DOMAIN, LOCALE_DIR

# The same options as tests/test_catalogues.py checks the template with.
KEYWORDS = ["-k", "ui", "-k", "N_", "-k", "titles", "--no-location", "--sort-output", "--no-wrap"]


def update(root: Path, codes: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """Extracts the template and creates or updates the catalogues; {lang: (translated, total)}."""
    root = Path(root).resolve()
    locale_dir = root / LOCALE_DIR.relative_to(LOCALE_DIR.parents[2])   # scripts/portal/locale
    template = locale_dir / f"{DOMAIN}.pot"
    _pybabel("extract", "-F", str(root / "babel.cfg"), *KEYWORDS, "-o", str(template), str(root))
    default = languages.default().code
    wanted = codes or [lang.code for lang in languages.configured() if lang.code != default]
    coverage = {}
    for code in wanted:
        languages.get(code)   # a configured language, or ValueError
        catalogue = locale_dir / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if catalogue.exists():
            _pybabel("update", "--no-wrap", "--no-fuzzy-matching", "-i", str(template), "-d", str(locale_dir),
                     "-D", DOMAIN, "-l", code)
        else:
            _pybabel("init", "--no-wrap", "-i", str(template), "-d", str(locale_dir), "-D", DOMAIN, "-l", code)
        with catalogue.open("rb") as handle:
            messages = [m for m in read_po(handle, locale=code.replace("-", "_")) if m.id]
        coverage[code] = (sum(1 for m in messages if m.string and not m.fuzzy), len(messages))
    return coverage


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *args])
