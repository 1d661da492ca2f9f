"""A phone number to send text messages to, written one way: E.164 (`+358401234567`).

People type numbers the Finnish way (`040 123 4567`, `040-1234567`), so a number without a
country code is read as Finnish; one with a code (`+46 70 123 45 67`, `0046...`) may be of
any country, since families here also have Swedish and other foreign numbers.

Only numbers a text message can reach are taken: mobile numbers, and those whose plan does
not tell mobile from landline (the United States', for one). A number that is certainly a
landline (Helsinki's `09 ...`, Åland's `018 ...`), a service number (`020 ...`) or a free
phone (`0800 ...`) is refused with `phone_number_not_mobile`: the gateway would accept the
message and it would never arrive, and the person would never learn why.
"""

from __future__ import annotations

import phonenumbers

from fc_shared.refusals import Refused, invalid

DEFAULT_REGION = "FI"
MAX_INPUT_LENGTH = 40  # longer is no phone number, however it is spaced
_SMS_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


def _not_a_number() -> Refused:
    return invalid(
        "invalid_phone_number",
        "Not a phone number",
        "This does not look like a phone number. Write a mobile number such as "
        "040 123 4567, or a foreign one with its country code, such as +46 70 123 45 67.",
    )


def _not_mobile() -> Refused:
    return invalid(
        "phone_number_not_mobile",
        "Not a mobile number",
        "Text messages cannot be sent to this number: it is a landline or a service "
        "number. Give a mobile number, such as 040 123 4567.",
    )


def sms_number(text: str) -> str:
    """`text` as E.164 when a text message can reach it; refuses it otherwise."""
    if len(text) > MAX_INPUT_LENGTH:
        raise _not_a_number()
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise _not_a_number() from None
    if not phonenumbers.is_valid_number(number):
        raise _not_a_number()
    if phonenumbers.number_type(number) not in _SMS_TYPES:
        raise _not_mobile()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
