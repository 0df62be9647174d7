"""Digits, numbers, country and language names, sorting."""

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from portal import languages, localise
from portal.localise import (
    collation_key,
    country_codes,
    country_name,
    format_count,
    format_number,
    format_percent,
    is_country_code,
    language_name,
    native_digits,
    sort_by,
)

ROOT = Path(__file__).resolve().parents[1]


LANGUAGES = languages.codes()


def test_languages_from_the_configuration():
    assert LANGUAGES == ("en", "fa", "ar")
    assert languages.default().code == "en"
    assert {lang.code: lang.direction for lang in languages.built()} == {"en": "ltr", "fa": "rtl", "ar": "rtl"}


def test_no_mkdocs_import():
    code = (
        "import sys, portal.dates, portal.localise, portal.textfold; "
        "bad = [m for m in sys.modules if m.split('.')[0] == 'mkdocs']; "
        "assert not bad, bad"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=env)


def test_native_digits():
    assert native_digits("1398/02/06 x", "fa") == "۱۳۹۸/۰۲/۰۶ x"
    assert native_digits("1398/02/06 x", "ar") == "١٣٩٨/٠٢/٠٦ x"
    assert native_digits("1398/02/06 x", "en") == "1398/02/06 x"
    # Persian 4, 5, 6 are not the Arabic-Indic ones.
    assert native_digits("456", "fa") == "\u06f4\u06f5\u06f6"
    assert native_digits("456", "ar") == "\u0664\u0665\u0666"
    with pytest.raises(ValueError):
        native_digits("1", "de")


def test_format_number():
    assert format_number(1234567.891, "en") == "1,234,567.891"
    # U+066C ARABIC THOUSANDS SEPARATOR, U+066B ARABIC DECIMAL SEPARATOR.
    assert format_number(1234567.891, "fa") == "۱\u066c۲۳۴\u066c۵۶۷\u066b۸۹۱"
    assert format_number(1234567.891, "ar") == "١\u066c٢٣٤\u066c٥٦٧\u066b٨٩١"
    assert format_number(0, "fa") == "۰"
    assert format_number(12.5, "ar") == "١٢٫٥"
    for lang in ("fa", "ar"):
        text = format_number(9876543.21, lang)
        assert not any(c in "0123456789,." for c in text), text


def test_format_count():
    assert format_count(9000, "en") == "9,000"
    assert format_count(9000, "fa") == "۹٬۰۰۰"
    assert format_count(9000, "ar") == "٩٬٠٠٠"
    assert format_count(12.0, "en") == "12"
    with pytest.raises(ValueError):
        format_count(2.5, "en")


def test_format_negative_uses_cldr_minus():
    # CLDR: fa minus is LRM + U+2212, ar (arab digits) ALM + "-".
    assert format_number(-12.5, "fa") == "\u200e\u2212۱۲٫۵"
    assert format_number(-12.5, "ar") == "\u061c-١٢٫٥"
    assert format_number(-12.5, "en") == "-12.5"


def test_format_percent():
    assert format_percent(0.85, "en") == "85%"
    # U+066A ARABIC PERCENT SIGN after the number, as CLDR places it; no ALM.
    assert format_percent(0.85, "fa") == "۸۵\u066a"
    assert format_percent(0.85, "ar") == "٨٥\u066a"
    assert format_percent(0.85, "fa") == "۸۵٪"
    assert format_percent(0.85, "ar") == "٨٥٪"
    assert format_percent(12.5, "fa") == "۱٬۲۵۰٪"


def test_country_names():
    assert country_name("KR", "fa") == "کرهٔ جنوبی"
    assert country_name("KR", "fa") == "\u06a9\u0631\u0647\u0654 \u062c\u0646\u0648\u0628\u06cc"
    assert country_name("KR", "en") == "South Korea"
    assert country_name("KR", "ar") == "كوريا الجنوبية"
    assert country_name("CN", "ar") == "الصين"
    assert country_name("IR", "fa") == "ایران"
    with pytest.raises(ValueError):
        country_name("kr", "fa")
    with pytest.raises(ValueError):
        country_name("EU", "en")


def test_country_codes():
    codes = country_codes()
    # Exactly the 249 officially assigned ISO 3166-1 alpha-2 codes.
    assert len(codes) == 249
    for code in ("IR", "KR", "CN", "PS", "TW", "AQ", "BV", "SS", "CW"):
        assert is_country_code(code), code
    for code in ("EU", "EZ", "UN", "QO", "XK", "ZZ", "XA", "XB", "AC", "CQ", "DG", "EA", "IC", "TA", "CP",
                 "001", "150", "ir", "IRN", "", None, 98):
        assert not is_country_code(code), code
    # Every accepted code has a real name in every portal language.
    for lang in LANGUAGES:
        for code in codes:
            assert country_name(code, lang) not in ("", code)


def test_language_names():
    assert language_name("de", "fa") == "آلمانی"
    assert language_name("fa", "en") == "Persian"
    assert language_name("fa", "ar") == "الفارسية"
    assert language_name("ar", "ar") == "العربية"
    assert language_name("en", "fa") == "انگلیسی"
    for bad in ("deu", "DE", "xx", ""):
        with pytest.raises(ValueError):
            language_name(bad, "en")


# --- sorting -------------------------------------------------------------------

PERSIAN_ALPHABET = "ا ب پ ت ث ج چ ح خ د ذ ر ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن و ه ی".split()


def test_persian_alphabet_order():
    shuffled = PERSIAN_ALPHABET[:]
    random.Random(1398).shuffle(shuffled)
    assert sort_by(shuffled, None, "fa") == PERSIAN_ALPHABET
    # Code-point order is wrong (پ چ ژ گ come after all the Arabic letters),
    # so this test can tell the collator from a plain sort.
    assert sorted(shuffled) != PERSIAN_ALPHABET


def test_persian_words_order():
    words = ["گل", "کتاب", "ژاله", "زبان", "چای", "جام", "پدر", "باغ", "تهران"]
    expected = ["باغ", "پدر", "تهران", "جام", "چای", "زبان", "ژاله", "کتاب", "گل"]
    assert sort_by(words, None, "fa") == expected
    assert sorted(words) != expected
    rows = [{"name": w} for w in words]
    assert [r["name"] for r in sort_by(rows, lambda r: r["name"], "fa")] == expected


def test_arabic_yeh_sorts_with_persian_yeh():
    words = ["عمر", "علیرضا", "علي", "عباس", "علی"]
    result = sort_by(words, None, "fa")
    assert result[0] == "عباس" and result[-1] == "عمر"
    # Arabic علي and Persian علی sit together, before علیرضا.
    assert set(result[1:3]) == {"علي", "علی"}
    assert result[3] == "علیرضا"
    # ك and ک too.
    assert sort_by(["کوچه", "كتاب", "گل"], None, "fa") == ["كتاب", "کوچه", "گل"]


def test_english_and_arabic_collation():
    assert sort_by(["beta", "Alpha", "alpha", "Gamma"], None, "en") == ["alpha", "Alpha", "beta", "Gamma"]
    assert sort_by(["يوسف", "أحمد", "باسم", "هدى", "وليد"], None, "ar") == ["أحمد", "باسم", "هدى", "وليد", "يوسف"]


def test_collator_made_once():
    assert localise._collator("fa") is localise._collator("fa")
    key = collation_key("fa")
    assert key("ب") < key("پ") < key("ت")
