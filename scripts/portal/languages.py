"""The portal's languages: one list, the i18n plugin's `languages` in mkdocs.yml.

Everything else about a language comes from CLDR (through Babel): its direction, its names of
languages, countries and months, its date patterns, its default digits. Where the portal departs
from CLDR on purpose, the language's entry in mkdocs.yml says so under `extra: portal:`:

    - locale: fa
      name: فارسی
      extra:
        portal:
          calendar: persian     # the Solar Hijri calendar of the municipality's letters
    - locale: ar
      name: العربية
      extra:
        portal:
          numbering: arab       # Arabic-Indic digits, which CLDR's plain `ar` does not use

Settings (all optional): `calendar` (gregorian | persian), `numbering` (a CLDR numbering system:
latn, arab, arabext...), `date_pattern` (a CLDR pattern for a full date, instead of the locale's
long format), `fallback` (languages to try, in order, for a text missing in this one; by default
the other languages in the order mkdocs.yml lists them), `og_locale` (Open Graph's locale).

A language with `build: false` is configured (its texts are accepted in data, counted by
`portal translations`) but kept out of the published site until its coverage is enough.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from babel import Locale
from babel.core import get_global, parse_locale

from .site_config import CONFIG_NAME, read_config

CALENDARS = ("gregorian", "persian")
# The zero of each CLDR numbering system with decimal digits (numberingSystems.xml): the ten
# digits follow it in Unicode. Babel formats numbers with ASCII digits whatever the system.
_ZERO = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "deva": "\u0966", "beng": "\u09e6",
         "thai": "\u0e50", "mymr": "\u1040", "khmr": "\u17e0", "laoo": "\u0ed0", "tibt": "\u0f20",
         "fullwide": "\uff10", "hanidec": None}
SETTINGS = {"calendar", "numbering", "date_pattern", "fallback", "og_locale"}


class LanguageConfigError(ValueError):
    """mkdocs.yml names a language or a setting the portal cannot use."""


@dataclass(frozen=True)
class Language:
    code: str                 # the i18n plugin's locale: "en", "fa", "zh"
    name: str                 # as the language switcher shows it
    build: bool
    default: bool
    calendar: str
    numbering: str
    date_pattern: str | None
    fallback: tuple
    og_locale: str
    copyright: str | None
    site_name: str | None

    @property
    def locale(self) -> Locale:
        return _babel_locale(self.code)

    @property
    def direction(self) -> str:
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    @property
    def script(self) -> str:
        """ISO 15924 script of the language's usual writing ("Latn", "Arab", "Cyrl", "Hans")."""
        return _likely(self.code)[2] or "Latn"

    @property
    def digits(self) -> str:
        zero = _ZERO.get(self.numbering)
        return "".join(chr(ord(zero) + i) for i in range(10)) if zero else "0123456789"

    @property
    def root(self) -> str:
        """Where its pages start, from the site root: "" (the default language), "fa/"."""
        return "" if self.default else f"{self.code}/"


@lru_cache(maxsize=None)
def _babel_locale(code: str) -> Locale:
    return Locale.parse(code.replace("-", "_"))


@lru_cache(maxsize=None)
def _likely(code: str) -> tuple:
    """CLDR's likely subtags of a language: (language, territory, script, variant)."""
    likely = get_global("likely_subtags").get(code.replace("-", "_").split("_")[0])
    return parse_locale(likely) if likely else parse_locale(code.replace("-", "_"))


def _read(config_file: Path) -> tuple[Language, ...]:
    config = read_config(Path(config_file))
    plugins = config.get("plugins") or []
    entries = None
    for plugin in plugins:
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = (plugin["i18n"] or {}).get("languages")
    if not entries:
        raise LanguageConfigError(f"{config_file}: the i18n plugin lists no languages")
    codes = [str(entry["locale"]) for entry in entries]
    languages = []
    for entry in entries:
        code = str(entry["locale"])
        settings = ((entry.get("extra") or {}).get("portal") or {})
        unknown = set(settings) - SETTINGS
        if unknown:
            raise LanguageConfigError(f"{config_file}: language '{code}' has unknown portal settings "
                                      f"{sorted(unknown)}; known: {sorted(SETTINGS)}")
        try:
            locale = _babel_locale(code)
        except (ValueError, LookupError) as error:
            raise LanguageConfigError(f"{config_file}: '{code}' is not a language CLDR knows ({error})") from None
        calendar = settings.get("calendar", "gregorian")
        if calendar not in CALENDARS:
            raise LanguageConfigError(f"{config_file}: language '{code}': calendar must be one of {CALENDARS}")
        if calendar == "persian" and code != "fa":
            raise LanguageConfigError(f"{config_file}: language '{code}': the Solar Hijri calendar's month "
                                      "names exist in Persian only (jdatetime)")
        numbering = settings.get("numbering", locale.default_numbering_system)
        if numbering not in _ZERO:
            raise LanguageConfigError(f"{config_file}: language '{code}': numbering '{numbering}' is not one "
                                      f"of {sorted(_ZERO)}")
        fallback = tuple(settings.get("fallback") or [c for c in codes if c != code])
        for other in fallback:
            if other not in codes:
                raise LanguageConfigError(f"{config_file}: language '{code}': fallback '{other}' is not configured")
        territory = _likely(code)[1]
        og_locale = settings.get("og_locale") or (f"{code}_{territory}" if territory else code)
        is_default = bool(entry.get("default"))
        languages.append(Language(
            code=code, name=str(entry.get("name") or locale.get_display_name(code)),
            build=entry.get("build", True) is not False, default=is_default, calendar=calendar,
            numbering=numbering, date_pattern=settings.get("date_pattern"),
            fallback=(code, *[c for c in fallback if c != code]), og_locale=og_locale,
            copyright=entry.get("copyright") or (config.get("copyright") if is_default else None),
            site_name=entry.get("site_name") or (config.get("site_name") if is_default else None),
        ))
    defaults = [lang for lang in languages if lang.default]
    if len(defaults) != 1 or not defaults[0].build:
        raise LanguageConfigError(f"{config_file}: exactly one language must be `default: true` and built")
    # The default language first: it is the site's root and the fallback of last resort.
    return tuple(sorted(languages, key=lambda lang: not lang.default))


def _default_config_file() -> Path:
    """$PORTAL_CONFIG, else the mkdocs.yml of the folder the command runs in, else the checkout's."""
    if os.environ.get("PORTAL_CONFIG"):
        return Path(os.environ["PORTAL_CONFIG"])
    here = Path.cwd() / CONFIG_NAME
    return here if here.is_file() else Path(__file__).resolve().parents[2] / CONFIG_NAME


_current: dict = {"file": None, "languages": None, "by_code": {}}
_listeners: list[Callable[[], None]] = []


def configure(config_file: Path) -> None:
    """Use the languages of this mkdocs.yml (the build does, from the config MkDocs was given)."""
    config_file = Path(config_file).resolve()
    if _current["file"] == config_file:
        return
    found = _read(config_file)
    _current.update(file=config_file, languages=found, by_code={lang.code: lang for lang in found})
    for listener in _listeners:
        listener()


def configured_from() -> Path | None:
    """The mkdocs.yml whose languages are in use (None before any is read)."""
    return _current["file"]


def on_change(listener: Callable[[], None]) -> None:
    """Registers a cache to clear when another configuration's languages are loaded."""
    _listeners.append(listener)


def configured() -> tuple[Language, ...]:
    """Every configured language, the default first, then in mkdocs.yml's order."""
    if _current["languages"] is None:
        configure(_default_config_file())
    return _current["languages"]


def built() -> tuple[Language, ...]:
    """The languages the site is published in."""
    return tuple(lang for lang in configured() if lang.build)


def codes() -> tuple[str, ...]:
    """Codes of the published languages: pages, feeds, calendars, search indexes."""
    return tuple(lang.code for lang in built())


def data_codes() -> tuple[str, ...]:
    """Codes of every configured language: keys a localised text may have, columns of open data."""
    return tuple(lang.code for lang in configured())


def get(code: str) -> Language:
    found = _current["by_code"].get(code) if _current["languages"] is not None else None
    if found is None:
        found = next((lang for lang in configured() if lang.code == code), None)
    if found is None:
        raise ValueError(f"unknown portal language {code!r}; expected one of {data_codes()}")
    return found


def default() -> Language:
    return configured()[0]
