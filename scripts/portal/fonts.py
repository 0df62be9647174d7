"""Self-hosted fonts for the scripts the system fonts may lack, chosen by a language's script.

Latin and Cyrillic text uses the system font stack (portal.css). Arabic script has Vazirmatn
(fonts.css, on every page: its unicode-range names only Arabic-script characters, so pages
without them never download it). Another script gets a subset of a Noto font from a packaged
source (scripts/tools/subset_*.py, never a CDN) and a stylesheet of its own, linked only by the
pages of a language in that script: English pages load nothing more for it.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import languages


@dataclass(frozen=True)
class ScriptFonts:
    preload: tuple = ()            # font files a page of this script needs at once (from the site root)
    stylesheet: str | None = None  # its @font-face, when not in every page's fonts.css
    assets: tuple = ()             # every file of these fonts in the site, as path prefixes

    @property
    def files(self) -> tuple:
        return self.assets or self.preload


# ISO 15924 script of a language (CLDR's likely subtags) -> its fonts.
FONTS = {
    "Arab": ScriptFonts(preload=("assets/fonts/vazirmatn-arabic-400.woff2", "assets/fonts/vazirmatn-arabic-700.woff2")),
    # Noto Sans SC in slices (scripts/tools/subset_cjk_font.py): the first holds what every page shows.
    "Hans": ScriptFonts(preload=("assets/fonts/noto-sans-sc-400-0.woff2",),
                        stylesheet="assets/stylesheets/fonts-hans.css",
                        assets=("assets/fonts/noto-sans-sc-", "assets/fonts/OFL-noto-sans-sc.txt",
                                "assets/stylesheets/fonts-hans.css")),
}


def of(lang: str) -> ScriptFonts:
    return FONTS.get(languages.get(lang).script, ScriptFonts())


def unused_files() -> tuple:
    """Font files (path prefixes) of scripts no published language is written in: left out of the site."""
    used = {lang.script for lang in languages.built()}
    return tuple(f for script, fonts in FONTS.items() if script not in used for f in fonts.files)
