"""The Finnish personal identity code (henkilötunnus): DDMMYYCNNNT, where C is the century
sign, NNN the individual number and T the check character.

`stdnum.fi.hetu` has the last word on whether a code is valid (python-stdnum ≥ 1.19 knows the
century signs introduced in 2023: Y X W V U for the 1900s and B C D E F for the 2000s beside
the older + - A). Its refusals do not say what is wrong, so the parts are looked at first, in
the order a person typing the code would want to hear of them: the shape, the century sign,
the date, the individual number, then the check character. A code whose birth date is after
today is refused too: nobody is born in the future.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.fi import hetu

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURIES: dict[str, int] = {
    "+": 1800,
    **dict.fromkeys("-YXWVU", 1900),
    **dict.fromkeys("ABCDEF", 2000),
}
# Ten characters: six digits, any sign, three digits and a character (judged one by one below).
_SHAPE = re.compile(
    r"(?s)(?P<ddmmyy>[0-9]{6})(?P<sign>.)(?P<individual>[0-9]{3})(?P<check>[0-9A-Z])"
)


class IdentityCodeError(StrEnum):
    """What is wrong with an identity code; the values are field error codes."""

    FORMAT = "identity_code_format"
    CENTURY_SIGN = "identity_code_century_sign"
    DATE = "identity_code_date"
    INDIVIDUAL_NUMBER = "identity_code_individual_number"
    CHECK_CHARACTER = "identity_code_check_character"
    FUTURE_BIRTH_DATE = "identity_code_future_birth_date"


@dataclass(frozen=True, slots=True)
class IdentityCode:
    code: str  # upper case, as the population register writes it
    birth_date: date


def normalise_identity_code(text: str) -> str:
    """Upper case without surrounding white space: '131052a308t' → '131052A308T'."""
    return hetu.compact(text)


def check_character(ddmmyy: str, individual: str) -> str:
    """The check character of a code with this date part and individual number."""
    return CHECK_CHARACTERS[int(ddmmyy + individual) % 31]


def birth_date_of(code: str) -> date | None:
    """The birth date a code's date part and century sign give, or None if there is none."""
    match = _SHAPE.fullmatch(normalise_identity_code(code))
    if match is None or match["sign"] not in CENTURIES:
        return None
    ddmmyy = match["ddmmyy"]
    try:
        return date(CENTURIES[match["sign"]] + int(ddmmyy[4:]), int(ddmmyy[2:4]), int(ddmmyy[:2]))
    except ValueError:
        return None


def check_identity_code(text: str, *, today: date) -> IdentityCode | IdentityCodeError:
    """The code, normalised, with its birth date; or the first thing wrong with it."""
    code = normalise_identity_code(text)
    problem = _problem_in_parts(code) or _problem_in_check_character(code)
    born = birth_date_of(code)
    if problem is not None or born is None:
        return problem or IdentityCodeError.DATE
    if born > today:
        return IdentityCodeError.FUTURE_BIRTH_DATE
    return IdentityCode(code=code, birth_date=born)


def _problem_in_parts(code: str) -> IdentityCodeError | None:
    match = _SHAPE.fullmatch(code)
    if match is None:
        return IdentityCodeError.FORMAT
    if match["sign"] not in CENTURIES:
        return IdentityCodeError.CENTURY_SIGN
    if birth_date_of(code) is None:
        return IdentityCodeError.DATE
    # 000 and 001 are never given; 900–999 are temporary codes, not a person's own.
    if not 2 <= int(match["individual"]) <= 899:
        return IdentityCodeError.INDIVIDUAL_NUMBER
    return None


def _problem_in_check_character(code: str) -> IdentityCodeError | None:
    try:
        hetu.validate(code)
    except InvalidChecksum:
        return IdentityCodeError.CHECK_CHARACTER
    except ValidationError:
        # The parts are right, so only a letter that no check character is (G, I, O, Q, Z)
        # is left to fail stdnum's pattern.
        return IdentityCodeError.CHECK_CHARACTER
    return None
