"""Contact points: an e-mail address or phone number is used for letters only after its
owner proves it is theirs with a code sent to it. Otherwise anyone could set a stranger's
address as their own and have the family centre write to them."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from email_validator import EmailNotValidError, validate_email

from fc_notify.domain import phone_numbers
from fc_notify.domain.deliveries import Channel
from fc_shared.refusals import Refused, conflict, invalid, not_found

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=15)
# Six digits and five tries: one chance in 200 000 for someone guessing; then a new code.
MAX_CODE_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class ContactPoint:
    id: UUID
    subject: UUID
    channel: Channel
    address: str | None  # confirmed; the only one letters go to
    confirmed_at: datetime | None
    pending_address: str | None
    code_hash: str | None
    code_expires_at: datetime | None
    code_attempts: int


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def code_hash(contact_point_id: UUID, code: str) -> str:
    """Only a hash is kept, salted with the contact point's id."""
    return hashlib.sha256(f"{contact_point_id}:{code}".encode()).hexdigest()


def check_code(point: ContactPoint | None, code: str, *, now: datetime) -> str:
    """The address the code confirms, or a refusal: no code asked for, expired, used up, or
    wrong (which the caller counts)."""
    if point is None or point.pending_address is None or point.code_hash is None:
        raise not_found(
            "no_confirmation_pending",
            "No address is waiting for confirmation on this channel; set one first.",
        )
    if point.code_expires_at is None or point.code_expires_at <= now:
        raise code_expired()
    if point.code_attempts >= MAX_CODE_ATTEMPTS:
        raise conflict(
            "confirmation_attempts_used",
            "Too many wrong codes",
            "Ask for a new code by setting the address again.",
        )
    if not hmac.compare_digest(point.code_hash, code_hash(point.id, code.strip())):
        raise wrong_code()
    return point.pending_address


def code_expired() -> Refused:
    return invalid(
        "confirmation_code_expired",
        "The code has expired",
        "Codes are valid for 15 minutes; set the address again to get a new one.",
    )


def wrong_code() -> Refused:
    return invalid("confirmation_code_wrong", "Wrong code", "The code does not match; try again.")


def letter_address(point: ContactPoint | None) -> str | None:
    """Letters go only to a confirmed address."""
    if point is None or point.confirmed_at is None:
        return None
    return point.address


def normalised_address(channel: Channel, text: str) -> str:
    """The address in the one form letters use: an e-mail address as the standard reads it
    (domain lower-cased), a phone number in E.164 (region FI); a refusal in words for one
    that is not an address at all."""
    if channel is Channel.SMS:
        return phone_numbers.sms_number(text)
    if channel is not Channel.EMAIL:
        raise invalid("not_a_contact_channel", "Not a contact channel", "Use email or sms.")
    try:
        checked = validate_email(text.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise invalid(
            "invalid_email_address",
            "Invalid e-mail address",
            f"This is not an e-mail address: {error}",
        ) from error
    return checked.normalized
