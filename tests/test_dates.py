"""Dates as staff write them (parse_date) and as readers read them (format_*)."""

import datetime

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.dates import (
    DateError,
    format_date,
    format_date_range,
    format_month_year,
    format_year,
    iso,
    parse_date,
)
from portal.localise import native_digits

STATUTE = datetime.date(2019, 4, 26)  # 1398/02/06


# --- reading -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2019-04-26",
        "2019/4/26",
        "1398/02/06",
        "1398/2/6",
        "1398-02-06",
        "۱۳۹۸/۰۲/۰۶",  # Persian digits
        "١٣٩٨/٠٢/٠٦",  # Arabic-Indic digits
        "\u200f۱۳۹۸/۰۲/۰۶\u200f",  # RLM copied along from an RTL letter
        " 1398/02/06 ",
        "1398\u201302\u201306",  # en dashes from a word processor
    ],
)
def test_statute_date_in_every_spelling(text):
    assert parse_date(text) == STATUTE


def test_dates_pass_through():
    assert parse_date(STATUTE) is STATUTE
    assert parse_date(datetime.datetime(2019, 4, 26, 9, 30)) == STATUTE
    assert parse_date(jdatetime.date(1398, 2, 6)) == STATUTE


def test_yaml_made_date_with_jalali_year_is_read_as_jalali():
    # PyYAML turns an unquoted 1398-02-06 into date(1398, 2, 6).
    assert parse_date(datetime.date(1398, 2, 6)) == STATUTE
    with pytest.raises(DateError) as err:
        parse_date(datetime.date(1398, 12, 30))
    assert err.value.code == "no_such_date"


@pytest.mark.parametrize("text", ["85/5/22", "۸۵/۵/۲۲", "٨٥/٥/٢٢", "85-05-22"])
def test_two_digit_year_refused_with_suggestion(text):
    with pytest.raises(DateError) as err:
        parse_date(text)
    e = err.value
    assert e.code == "two_digit_year"
    assert e.suggestion == "1385/05/22"
    assert "1385/05/22" in e.message_en
    assert "۱۳۸۵/۰۵/۲۲" in e.message_fa
    assert isinstance(e, ValueError)
    # The suggestion itself is accepted.
    assert parse_date(e.suggestion) == jdatetime.date(1385, 5, 22).togregorian()


def test_two_digit_year_rule():
    for text, suggestion in [("02/1/1", "1402/01/01"), ("49/7/1", "1449/07/01"), ("50/7/1", "1350/07/01")]:
        with pytest.raises(DateError) as err:
            parse_date(text)
        assert err.value.suggestion == suggestion


def test_two_digit_year_no_suggestion_for_impossible_day():
    assert not jdatetime.date(1385, 1, 1).isleap()
    with pytest.raises(DateError) as err:
        parse_date("85/12/30")
    assert err.value.code == "two_digit_year"
    assert err.value.suggestion is None


def test_leap_years_as_jdatetime_says():
    # Checked with jdatetime before asserting anything about Esfand 30.
    assert not jdatetime.date(1398, 1, 1).isleap()
    assert jdatetime.date(1399, 1, 1).isleap()
    assert jdatetime.date(1403, 1, 1).isleap()
    assert parse_date("1399/12/30") == datetime.date(2021, 3, 20)
    assert parse_date("1403/12/30") == datetime.date(2025, 3, 20)


@pytest.mark.parametrize("text", ["1398/12/30", "1398/13/01", "1398/00/10", "1398/07/31", "2019-02-30", "2019-13-01"])
def test_impossible_dates(text):
    with pytest.raises(DateError) as err:
        parse_date(text)
    e = err.value
    assert e.code == "no_such_date"
    assert e.suggestion is None
    assert text in e.message_en and text in e.message_fa


def test_no_such_date_message_names_the_month_length():
    with pytest.raises(DateError) as err:
        parse_date("1398/12/30")
    assert "Esfand 1398 has 29 days" in err.value.message_en
    assert "اسفند ۱۳۹۸ ۲۹ روز" in err.value.message_fa


@pytest.mark.parametrize(
    "value", ["", "hello", "१३९८/०२/०६", "1398/02-06", "1398.02.06", "26/04/2019", "1700-01-01", "2300-01-01", "13980206", 1398, None]
)
def test_bad_format(value):
    with pytest.raises(DateError) as err:
        parse_date(value)
    e = err.value
    assert e.code == "bad_format"
    assert e.message_en and e.message_fa
    assert e.suggestion is None


def test_day_first_jalali_gets_a_suggestion():
    with pytest.raises(DateError) as err:
        parse_date("06/02/1398")
    assert err.value.code == "bad_format"
    assert err.value.suggestion == "1398/02/06"


def test_mordad_1401():
    # Mordad 1401 = 23 July - 22 August 2022.
    assert parse_date("1401/05/01") == datetime.date(2022, 7, 23)
    assert parse_date("۱۴۰۱/۰۵/۳۱") == datetime.date(2022, 8, 22)
    assert parse_date("1401/5/10") == datetime.date(2022, 8, 1)
    for day in range(1, 32):
        d = parse_date(f"1401/05/{day:02d}")
        assert format_date(d, "fa") == native_digits(f"{day} مرداد 1401", "fa")
    assert format_date(datetime.date(2022, 8, 1), "fa") == "۱۰ مرداد ۱۴۰۱"
    assert format_month_year(datetime.date(2022, 8, 15), "fa") == "مرداد ۱۴۰۱"
    assert format_date(datetime.date(2022, 8, 1), "en") == "1 August 2022"
    assert format_date(datetime.date(2022, 8, 1), "ar") == "١ أغسطس ٢٠٢٢"


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_any_jalali_date_round_trips(d):
    j = jdatetime.date.fromgregorian(date=d)
    assert parse_date(f"{j.year}/{j.month}/{j.day}") == d
    assert parse_date(native_digits(f"{j.year}/{j.month:02d}/{j.day:02d}", "fa")) == d
    assert parse_date(iso(d)) == d


# --- writing -------------------------------------------------------------------


def test_format_date_statute():
    assert format_date(STATUTE, "en") == "26 April 2019"
    assert format_date(STATUTE, "fa") == "۶ اردیبهشت ۱۳۹۸"
    # Babel's plain "ar" month name (أبريل, with ي U+064A) and Arabic-Indic digits.
    assert format_date(STATUTE, "ar") == "٢٦ أبريل ٢٠١٩"
    assert format_date(STATUTE, "ar") == "\u0662\u0666 \u0623\u0628\u0631\u064a\u0644 \u0662\u0660\u0661\u0669"


def test_format_month_year_and_year():
    assert format_month_year(STATUTE, "en") == "April 2019"
    assert format_month_year(STATUTE, "fa") == "اردیبهشت ۱۳۹۸"
    assert format_month_year(STATUTE, "ar") == "أبريل ٢٠١٩"
    assert [format_year(STATUTE, lang) for lang in ("en", "fa", "ar")] == ["2019", "۱۳۹۸", "٢٠١٩"]
    # 1 February 2019 is still in 1397 (the Jalali year starts about 21 March).
    assert format_year(datetime.date(2019, 2, 1), "fa") == "۱۳۹۷"
    assert format_year(datetime.date(2019, 3, 21), "fa") == "۱۳۹۸"


def test_format_date_range():
    a, b = datetime.date(2022, 7, 3), datetime.date(2022, 7, 5)
    assert format_date_range(a, b, "en") == "3–5 July 2022"
    assert format_date_range(a, b, "ar") == "٣–٥ يوليو ٢٠٢٢"
    assert format_date_range(a, b, "fa") == "۱۲ تا ۱۴ تیر ۱۴۰۱"
    a, b = datetime.date(2022, 6, 30), datetime.date(2022, 7, 2)
    assert format_date_range(a, b, "en") == "30 June – 2 July 2022"
    # Same Jalali month although the Gregorian months differ.
    assert format_date_range(a, b, "fa") == "۹ تا ۱۱ تیر ۱۴۰۱"
    a, b = datetime.date(2022, 12, 30), datetime.date(2023, 1, 2)
    assert format_date_range(a, b, "en") == "30 December 2022 – 2 January 2023"
    assert format_date_range(a, b, "ar") == "٣٠ ديسمبر ٢٠٢٢ – ٢ يناير ٢٠٢٣"
    assert format_date_range(a, b, "fa") == "۹ تا ۱۲ دی ۱۴۰۱"
    # Across the Persian new year.
    a, b = datetime.date(2022, 3, 19), datetime.date(2022, 3, 22)
    assert format_date_range(a, b, "fa") == "۲۸ اسفند ۱۴۰۰ تا ۲ فروردین ۱۴۰۱"
    assert format_date_range(a, b, "en") == "19–22 March 2022"
    assert format_date_range(STATUTE, STATUTE, "fa") == format_date(STATUTE, "fa")
    with pytest.raises(ValueError):
        format_date_range(b, a, "en")


def test_iso_and_unknown_language():
    assert iso(STATUTE) == "2019-04-26"
    assert iso(datetime.datetime(2019, 4, 26, 23, 59)) == "2019-04-26"
    with pytest.raises(ValueError):
        format_date(STATUTE, "de")
