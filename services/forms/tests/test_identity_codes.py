"""The Finnish personal identity code: every century sign (the 2023 ones too) with any real
date and individual number is accepted; a wrong check character, an impossible date, an
unknown century sign and a birth date in the future are each refused with their own code."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.fi import hetu

from fc_forms.domain.field_errors import FieldErrorCode
from fc_forms.domain.identity_codes import (
    CENTURIES,
    CHECK_CHARACTERS,
    IdentityCode,
    IdentityCodeError,
    check_identity_code,
)

TODAY = date(2026, 6, 1)
SIGNS = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
         "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}  # fmt: skip


def code_for(born: date, sign: str, individual: int) -> str:
    ddmmyy = f"{born:%d%m}{born.year % 100:02d}"
    check = CHECK_CHARACTERS[int(f"{ddmmyy}{individual:03d}") % 31]
    return f"{ddmmyy}{sign}{individual:03d}{check}"


@st.composite
def valid_codes(draw: st.DrawFn) -> tuple[str, date]:
    sign = draw(st.sampled_from(sorted(SIGNS)))
    century = SIGNS[sign]
    born = draw(st.dates(date(century, 1, 1), min(date(century + 99, 12, 31), TODAY)))
    individual = draw(st.integers(min_value=2, max_value=899))
    return code_for(born, sign, individual), born


def test_the_century_signs_are_those_of_the_2023_reform() -> None:
    assert SIGNS == CENTURIES


def test_stdnum_knows_the_century_signs_of_2023() -> None:
    # 1 January 2000 and 1 January 1950, written with the letters introduced in 2023.
    assert hetu.is_valid(code_for(date(2000, 1, 1), "B", 234))
    assert hetu.is_valid(code_for(date(1950, 1, 1), "Y", 234))


@given(valid_codes())
def test_a_valid_code_is_accepted_with_its_birth_date(case: tuple[str, date]) -> None:
    code, born = case
    assert check_identity_code(code, today=TODAY) == IdentityCode(code=code, birth_date=born)


@given(valid_codes())
def test_a_code_is_normalised_to_upper_case(case: tuple[str, date]) -> None:
    code, _ = case
    checked = check_identity_code(f"  {code.lower()} ", today=TODAY)
    assert isinstance(checked, IdentityCode)
    assert checked.code == code


@given(valid_codes(), st.sampled_from(CHECK_CHARACTERS + "GIOQZ"))
def test_any_other_check_character_is_refused(case: tuple[str, date], wrong: str) -> None:
    code, _ = case
    assume(wrong != code[-1])
    refused = check_identity_code(code[:-1] + wrong, today=TODAY)
    assert refused is IdentityCodeError.CHECK_CHARACTER


@given(valid_codes(), st.characters(codec="ascii").filter(lambda c: c.upper() not in CENTURIES))
def test_an_unknown_century_sign_is_refused(case: tuple[str, date], sign: str) -> None:
    code, _ = case
    refused = check_identity_code(code[:6] + sign + code[7:], today=TODAY)
    # A space is trimmed away only at the ends; inside it is an unknown sign all the same.
    assert refused is IdentityCodeError.CENTURY_SIGN


@pytest.mark.parametrize("ddmmyy", ["300224", "310424", "290223", "011324", "001024", "320124"])
@pytest.mark.parametrize("sign", ["-", "A", "Y", "B", "+"])
def test_an_impossible_date_is_refused(ddmmyy: str, sign: str) -> None:
    # Feb 30, April 31, Feb 29 in a common year, month 13, day 0, day 32 — with the check
    # character right, so only the date is wrong.
    check = CHECK_CHARACTERS[int(ddmmyy + "234") % 31]
    assert check_identity_code(f"{ddmmyy}{sign}234{check}", today=TODAY) is IdentityCodeError.DATE


@given(
    st.integers(min_value=1, max_value=99),
    st.integers(min_value=13, max_value=99),
    st.integers(min_value=0, max_value=99),
)
def test_a_month_past_december_is_refused(day: int, month: int, year: int) -> None:
    ddmmyy = f"{day:02d}{month:02d}{year:02d}"
    check = CHECK_CHARACTERS[int(ddmmyy + "234") % 31]
    assert check_identity_code(f"{ddmmyy}-234{check}", today=TODAY) is IdentityCodeError.DATE


def test_feb_29_of_a_leap_year_is_a_date() -> None:
    leap_day = code_for(date(2024, 2, 29), "A", 234)
    assert isinstance(check_identity_code(leap_day, today=TODAY), IdentityCode)


@pytest.mark.parametrize("individual", [0, 1, 900, 999])
def test_individual_numbers_outside_002_to_899_are_refused(individual: int) -> None:
    code = code_for(date(1990, 5, 17), "-", individual)
    assert check_identity_code(code, today=TODAY) is IdentityCodeError.INDIVIDUAL_NUMBER


@given(st.dates(TODAY + timedelta(days=1), date(2099, 12, 31)), st.sampled_from("ABCDEF"))
def test_a_birth_date_in_the_future_is_refused(born: date, sign: str) -> None:
    code = code_for(born, sign, 234)
    assert check_identity_code(code, today=TODAY) is IdentityCodeError.FUTURE_BIRTH_DATE


def test_a_child_born_today_has_a_valid_code() -> None:
    code = code_for(TODAY, "A", 234)
    assert check_identity_code(code, today=TODAY) == IdentityCode(code, TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "131052-308",
        "131052-308TT",
        "13105-2308T",
        "131O52-308T",
        "131052-3O8T",
        "131052-308-",
        "१३१०५२-308T",
    ],
)
def test_a_code_of_the_wrong_shape_is_refused(text: str) -> None:
    assert check_identity_code(text, today=TODAY) is IdentityCodeError.FORMAT


@given(st.text(alphabet="0123456789-+ABCDEFYXWVUHJKLMNPRSTZ", min_size=11, max_size=11))
def test_valid_exactly_when_stdnum_says_so(text: str) -> None:
    accepted = isinstance(check_identity_code(text, today=date.max), IdentityCode)
    assert accepted == hetu.is_valid(text)


def test_every_identity_code_error_is_a_field_error_code() -> None:
    assert {error.value for error in IdentityCodeError} <= {code.value for code in FieldErrorCode}
