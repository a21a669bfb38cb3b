"""The contract's reading rules for single values, against reference models written from the spec."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from decimal import Decimal

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boernetal.contract import values
from boernetal.contract.cpr import pads
from boernetal.contract.municipalities import resolve

# --- CPR numbers ----------------------------------------------------------------------------------


def century_reference(seventh: int, yy: int) -> int | None:
    """data-contract.md: 0-3 -> 1900s; 4 and 9 -> 2000-2036 for 00-36, else 1900s;
    5-8 -> 2000-2057 for 00-57, else 1858-1899."""
    if seventh <= 3:
        return 1900 + yy
    if seventh in (4, 9):
        return 2000 + yy if yy <= 36 else 1900 + yy
    return 2000 + yy if yy <= 57 else 1800 + yy


def birth_reference(digits: str) -> dt.date | None:
    year = century_reference(int(digits[6]), int(digits[4:6]))
    try:
        return dt.date(year, int(digits[2:4]), int(digits[0:2]))
    except ValueError:
        return None


@given(st.text(alphabet="0123456789", min_size=10, max_size=10), st.booleans())
def test_cpr_birth_date_and_sex_follow_the_century_rules(digits, dash):
    text = digits[:6] + "-" + digits[6:] if dash else digits
    parsed = values.parse_cpr(text)
    expected = birth_reference(digits)
    if expected is None:
        assert parsed is None
    else:
        assert parsed == (digits, expected, "boy" if int(digits[9]) % 2 else "girl")


@pytest.mark.parametrize(
    ("cpr", "birth"),
    [
        ("010100-0001", dt.date(1900, 1, 1)),
        ("311299-3999", dt.date(1999, 12, 31)),
        ("010136-4001", dt.date(2036, 1, 1)),
        ("010137-4001", dt.date(1937, 1, 1)),
        ("010157-5001", dt.date(2057, 1, 1)),
        ("010158-5001", dt.date(1858, 1, 1)),
        ("311299-8999", dt.date(1899, 12, 31)),
        ("010110-9001", dt.date(2010, 1, 1)),
        ("010140-9001", dt.date(1940, 1, 1)),
        ("290200-4001", dt.date(2000, 2, 29)),  # 2000 is a leap year
        ("290212-4001", dt.date(2012, 2, 29)),
    ],
)
def test_century_edges_and_leap_days(cpr, birth):
    assert values.parse_cpr(cpr)[1] == birth


@pytest.mark.parametrize("cpr", ["290213-4001", "290200-0001", "310413-4001", "000113-4001", "011313-4001"])
def test_impossible_dates_are_rejected(cpr):
    # 29.02.1900: 1900 was not a leap year.
    assert values.parse_cpr(cpr) is None


def test_numbers_failing_modulus_11_are_accepted():
    # 0101054002: weights 4,3,2,7,6,5,4,3,2,1 give a sum that is not divisible by 11.
    digits = "0101054002"
    weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1]
    assert sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 != 0
    assert values.parse_cpr(digits) == (digits, dt.date(2005, 1, 1), "girl")


@pytest.mark.parametrize("text", ["12345", "01010540021", "0101-054002", "01.01.05-4002", "abcdefghij", ""])
def test_malformed_cpr(text):
    assert values.parse_cpr(text) is None


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_sql_pseudonym_is_hmac_sha256(digits):
    key = hashlib.sha256(digits.encode()).digest()
    inner, outer = pads(key)
    con = duckdb.connect()
    values.install_macros(con)
    (sql,) = con.execute("SELECT bt_pseudonym(?, ?, ?)", [digits, inner, outer]).fetchone()
    assert sql == hmac.new(key, digits.encode(), hashlib.sha256).digest()


@given(st.text(max_size=40), st.dates(dt.date(1900, 1, 1), dt.date(2036, 12, 31)), st.integers(0, 9999))
def test_mask_leaves_no_cpr_number(prefix, birth, serial):
    cpr = f"{birth:%d%m%y}-{serial:04d}"
    for text in (f"{prefix}{cpr}", f"{prefix}{cpr.replace('-', '')} x"):
        masked = values.mask(text)
        assert cpr not in masked and cpr.replace("-", "") not in masked
        assert "-xxxx" in masked


# --- dates ----------------------------------------------------------------------------------------

dates = st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31))


@given(dates, st.sampled_from(["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]), st.booleans())
def test_every_accepted_date_form(date, form, pad):
    text = date.strftime(form)
    if not pad:  # single-digit day and month are accepted too
        text = text.replace(f"{date:%d}", str(date.day), 1) if form != "%Y-%m-%d" else text
    assert values.parse_date(text) == date


@given(dates, st.times(), st.sampled_from([" %H:%M", " %H:%M:%S", "T%H:%M", "T%H:%M:%S"]))
def test_date_times(date, time, suffix):
    text = date.strftime("%d.%m.%Y") + time.strftime(suffix)
    expected_time = time.replace(microsecond=0) if "%S" in suffix else time.replace(second=0, microsecond=0)
    assert values.parse_datetime(text) == (date, expected_time)


@pytest.mark.parametrize(
    "text",
    [
        "01/02/2013",
        "2013/02/01",
        "01.02.13",
        "13-02-01",
        "31.02.2013",
        "29.02.2013",
        "2013-13-01",
        "1.2",
        "i går",
        "2013-02-01 24:00",
        "2013-02-01 10:60",
        "2013-02-01 10",
    ],
)
def test_rejected_dates(text):
    assert values.parse_datetime(text) is None


def datetime_reference(text: str) -> tuple[dt.date, dt.time | None] | None:
    """data-contract.md: YYYY-MM-DD, DD-MM-YYYY or DD.MM.YYYY (day and month one or two digits),
    optionally followed by ' ' or 'T' and HH:MM or HH:MM:SS (hour one or two digits)."""
    shape = (
        r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{4}|\d{1,2}\.\d{1,2}\.\d{4})"
        r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
    )
    found = re.fullmatch(shape, text.strip(), re.ASCII)  # cells are trimmed
    if found is None:
        return None
    first, month, last = re.split(r"[-.]", found[1])
    year, day = (first, last) if len(first) == 4 else (last, first)
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    if found[2] is None:
        return date, None
    hour, minute, second = int(found[2]), int(found[3]), int(found[4] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return date, dt.time(hour, minute, second)


@st.composite
def near_dates(draw: st.DrawFn) -> str:
    """A date (and time) in one of the contract's forms, or one with a character changed."""
    date = draw(dates)
    text = date.strftime(draw(st.sampled_from(["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"])))
    if draw(st.booleans()):  # day and month without their leading zero
        text = re.sub(r"(?<![0-9])0(?=[0-9](?![0-9]{3}))", "", text)
    if draw(st.booleans()):
        hour, minute, second = draw(st.integers(0, 25)), draw(st.integers(0, 61)), draw(st.integers(0, 61))
        time = f"{hour:0{draw(st.integers(1, 2))}d}:{minute:02d}"
        seconds = draw(st.sampled_from(["", f":{second:02d}"]))
        text += draw(st.sampled_from([" ", "T", "  ", "t"])) + time + seconds
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 1))
        text = text[:at] + draw(st.sampled_from(["", "0", "1", "-", ".", ":", " ", "T"])) + text[at + cut :]
    return text


@settings(max_examples=500)
@given(near_dates() | st.text(alphabet="0123456789-.:T /", min_size=1, max_size=20))
def test_date_times_as_the_contract_reads_them(text):
    """Near misses and random texts: parsed exactly when the contract's forms allow it."""
    assert values.parse_datetime(text) == datetime_reference(text)


def test_leap_day_and_bare_date():
    assert values.parse_date("29.02.2012") == dt.date(2012, 2, 29)
    assert values.parse_datetime("2013-02-01") == (dt.date(2013, 2, 1), None)


# --- amounts and booleans -------------------------------------------------------------------------

amounts = st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2)


def danish(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


@given(amounts)
def test_danish_amounts(value):
    assert values.parse_amount(danish(value), comma_decimal=True) == pytest.approx(float(value))


@given(amounts)
def test_english_amounts(value):
    assert values.parse_amount(f"{value:,.2f}", comma_decimal=False) == pytest.approx(float(value))


@given(st.decimals(min_value=0, max_value=Decimal("9999999.99"), places=2))
def test_negative_in_parentheses(value):
    assert values.parse_amount(f"({danish(value)})") == pytest.approx(-float(value))


@pytest.mark.parametrize(
    ("text", "comma_decimal", "expected"),
    [
        ("1.234", True, 1234.0),  # a lone 1.234 in a column whose decimals are commas
        ("1.234", False, 1.234),
        ("1,234", True, 1.234),
        ("1,234", False, 1234.0),
        ("1.234.567,89", False, 1234567.89),  # both separators: the last is the decimal one
        ("1,234,567.89", True, 1234567.89),
        ("-1.234", True, -1234.0),
        ("0,5", True, 0.5),
        ("12.5", True, 12.5),
    ],
)
def test_amount_edges(text, comma_decimal, expected):
    assert values.parse_amount(text, comma_decimal) == expected


@pytest.mark.parametrize(
    "text", ["ca. 400.000", "400.000 kr.", "1.23.4", "1,2,3", "--5", "(5", "5-", "1 234"]
)
def test_rejected_amounts(text):
    assert values.parse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ja", True),
        ("JA", True),
        ("j", True),
        ("true", True),
        ("Yes", True),
        ("1", True),
        ("x", True),
        ("nej", False),
        ("N", False),
        ("false", False),
        ("no", False),
        ("0", False),
        ("måske", None),
    ],
)
def test_booleans(text, expected):
    assert values.parse_bool(text) is expected


@given(
    st.text(alphabet=" \t\u00a0", max_size=3),
    st.text(min_size=1, max_size=10),
    st.text(alphabet=" \t\u00a0\r\n", max_size=3),
)
def test_cells_are_trimmed(before, core, after):
    expected = core.strip() or None
    assert values.cell(before + core + after) == expected


# --- municipalities -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("183", "183"),
        ("Ishøj", "183"),
        ("ishoej", "183"),
        ("Vallensbæk Kommune", "187"),
        ("vallensbaek", "187"),
        ("Høje-Taastrup", "169"),
        ("hoeje taastrup", "169"),
        ("København", "101"),
        ("Aabenraa", "580"),
        ("Åbenrå", "580"),
        ("Atlantis", None),
        ("999", None),
    ],
)
def test_municipality_names(text, code):
    assert resolve(text) == code


@settings(max_examples=50)
@given(dates, dates)
def test_age_on_a_date_with_birthdays_on_1_march_for_29_february(birth, on):
    con = duckdb.connect()
    values.install_macros(con)
    (age,) = con.execute("SELECT bt_age(?::DATE, ?::DATE)", [birth, on]).fetchone()
    # Reference: the birthday in the year of ``on`` (29 February -> 1 March in other years).
    try:
        birthday = birth.replace(year=on.year)
    except ValueError:
        birthday = dt.date(on.year, 3, 1)
    assert age == on.year - birth.year - (1 if on < birthday else 0)


# --- school years ------------------------------------------------------------------------------


def school_year_reference(text: str) -> int | None:
    """data-contract.md: 2012/13, 2012/2013, 2012-13, 2012-2013 (the second year the first's next)
    is the school year ending in 2013; anything else, a bare year included, is not a school year."""
    found = re.fullmatch(r"\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*", text)
    if not found:
        return None
    first, second = int(found[1]), found[2]
    following = (first + 1) % 100 if len(second) == 2 else first + 1
    return first + 1 if int(second) == following else None


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1900, 2100),
    st.integers(-2, 3),
    st.sampled_from(["/", "-", " / ", " - "]),
    st.booleans(),
)
def test_school_years_are_read_as_the_year_they_end_in(first, step, separator, short):
    second = first + step
    text = f"{first}{separator}{second % 100:02d}" if short else f"{first}{separator}{second}"
    assert values.parse_school_year(text) == school_year_reference(text)
    assert values.parse_school_year(text) == (first + 1 if step == 1 else None)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789/- .", max_size=12))
def test_anything_else_is_not_a_school_year(text):
    assert values.parse_school_year(text) == school_year_reference(text)
