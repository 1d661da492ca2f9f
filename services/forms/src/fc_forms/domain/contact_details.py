"""An e-mail address and a Finnish mobile number, checked and written one way each."""

from __future__ import annotations

import re

import phonenumbers

from fc_forms.domain.field_errors import FieldErrorCode

MAX_EMAIL_LENGTH = 254
_EMAIL = re.compile(r"(?P<local>[^@\s]{1,64})@(?P<domain>[^@\s.]+(\.[^@\s.]+)+)")
_MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


def check_email(text: str) -> str | FieldErrorCode:
    """The address with its domain in lower case (the part before @ is the mailbox's own)."""
    match = _EMAIL.fullmatch(text.strip())
    if match is None or len(text.strip()) > MAX_EMAIL_LENGTH:
        return FieldErrorCode.EMAIL_INVALID
    return f"{match['local']}@{match['domain'].lower()}"


def check_mobile_fi(text: str) -> str | FieldErrorCode:
    """A Finnish (or Åland) mobile number, written as E.164: '040 123 4567' → '+358401234567'."""
    try:
        number = phonenumbers.parse(text, "FI")
    except phonenumbers.NumberParseException:
        return FieldErrorCode.MOBILE_INVALID
    if not phonenumbers.is_valid_number(number):
        return FieldErrorCode.MOBILE_INVALID
    if phonenumbers.region_code_for_number(number) not in ("FI", "AX"):
        return FieldErrorCode.MOBILE_NOT_FINNISH
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        return FieldErrorCode.MOBILE_NOT_MOBILE
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
