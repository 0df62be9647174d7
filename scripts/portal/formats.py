"""Checks for the custom `format`s used in the schemas, each failing with a plain-words reason.

jsonschema calls these through a FormatChecker; a failure raises FormatProblem, whose English
and Persian messages the validator shows as they are.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from jsonschema import FormatChecker

from . import localise
from .dates import DateError
from .when import parse_when

ARABIC_YEH_KAF = re.compile("[\u064a\u0643\u0649]")   # ي ك ى
RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|<!--")
# Explicit direction overrides and embeddings hijack the display order of everything after
# them (a classic spoofing trick); isolates (U+2066-2069) and marks (U+200E/F) are harmless.
BIDI_OVERRIDES = re.compile("[\u202a-\u202e]")


class FormatProblem(Exception):
    def __init__(self, message_en: str, message_fa: str):
        super().__init__(message_en)
        self.message_en = message_en
        self.message_fa = message_fa


checker = FormatChecker(formats=())


@checker.checks("portal-date", raises=(FormatProblem, DateError))
def _date(value) -> bool:
    if isinstance(value, (str, int)):
        parse_when(value)   # raises DateError with its own bilingual message
    return True


@checker.checks("country", raises=FormatProblem)
def _country(value) -> bool:
    if isinstance(value, str) and re.fullmatch(r"[A-Z]{2}", value) and not localise.is_country_code(value):
        raise FormatProblem(
            f"'{value}' is not a country code. Use the two-letter ISO 3166-1 code, e.g. CN for "
            "China, AM for Armenia.",
            f"«{value}» کد کشور نیست. کد دوحرفی ISO 3166-1 را بنویسید، مثلاً CN برای چین و AM برای ارمنستان.",
        )
    return True


@checker.checks("http-url", raises=FormatProblem)
def _url(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value or "." not in parts.netloc:
        raise FormatProblem(
            f"'{value}' is not a full web address. It must start with https:// (or http://) "
            "followed by a site name, with no spaces.",
            f"«{value}» نشانی کامل وب نیست. باید با https:// (یا http://) و سپس نام سایت آغاز شود و فاصله نداشته باشد.",
        )
    return True


def _no_html_or_overrides(value: str) -> None:
    if RAW_HTML.search(value):
        raise FormatProblem(
            "The text contains HTML code (something like <...>). Write plain text; for emphasis "
            "or links use Markdown (**bold**, [text](https://...)).",
            "متن کد HTML دارد (چیزی مانند <...>). متن ساده بنویسید؛ برای تأکید یا پیوند از مارک‌داون استفاده کنید (**پررنگ**، [متن](https://...)).",
        )
    if BIDI_OVERRIDES.search(value):
        raise FormatProblem(
            "The text contains an invisible direction-override character (U+202A to U+202E), "
            "which can make text display in a misleading order. Retype the text without it.",
            "متن یک نویسهٔ نامرئی تغییر جهت (U+202A تا U+202E) دارد که می‌تواند ترتیب نمایش متن را گمراه‌کننده کند. متن را بدون آن دوباره بنویسید.",
        )


def _no_arabic_letters(value: str) -> None:
    found = ARABIC_YEH_KAF.search(value)
    if found:
        raise FormatProblem(
            f"Persian text uses the Arabic letter '{found.group()}' (Arabic ي or ك instead of "
            "Persian ی or ک). Run `portal fix` to correct it, or retype it with a Persian keyboard.",
            f"در متن فارسی حرف عربی «{found.group()}» آمده است (ي یا ك عربی به جای ی یا ک فارسی). "
            "با دستور `portal fix` آن را اصلاح کنید یا با صفحه‌کلید فارسی دوباره بنویسید.",
        )


@checker.checks("plain-text", raises=FormatProblem)
def _plain(value) -> bool:
    if isinstance(value, str):
        _no_html_or_overrides(value)
    return True


@checker.checks("markdown", raises=FormatProblem)
def _markdown(value) -> bool:
    return _plain(value)


@checker.checks("persian-text", raises=FormatProblem)
def _persian(value) -> bool:
    if isinstance(value, str):
        _no_html_or_overrides(value)
        _no_arabic_letters(value)
    return True


@checker.checks("persian-markdown", raises=FormatProblem)
def _persian_markdown(value) -> bool:
    return _persian(value)


def _isbn_ok(digits: str) -> bool:
    if len(digits) == 13 and digits.isdigit():
        return sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
        return total % 11 == 0
    return False


@checker.checks("isbn", raises=FormatProblem)
def _isbn(value) -> bool:
    if isinstance(value, str) and not _isbn_ok(value.replace("-", "").replace(" ", "").upper()):
        raise FormatProblem(
            f"'{value}' is not a valid ISBN: its check digit (the last one) does not match. Copy it again "
            "from the book's copyright page.",
            f"«{value}» شابک معتبری نیست: رقم کنترل (رقم آخر) با بقیه جور نیست. آن را دوباره از شناسنامهٔ کتاب رونویسی کنید.",
        )
    return True


@checker.checks("issn", raises=FormatProblem)
def _issn(value) -> bool:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{3}[\dX]", value):
        digits = value.replace("-", "")
        total = sum((8 - i) * int(d) for i, d in enumerate(digits[:7]))
        check = (11 - total % 11) % 11
        if digits[7] != ("X" if check == 10 else str(check)):
            raise FormatProblem(
                f"'{value}' is not a valid ISSN: its check digit (the last one) does not match.",
                f"«{value}» شاپا معتبری نیست: رقم کنترل (رقم آخر) با بقیه جور نیست.",
            )
    return True
