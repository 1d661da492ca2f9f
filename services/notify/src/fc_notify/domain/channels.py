"""The SMS gateway's protocol as rules: which refusals pause the channel, which end a
message, what a delivery report means, and whether a report is really the gateway's.

The protocol (adapters/sms.py speaks it; the development sink, familjecentret.sms_sink,
answers it):

    POST {FC_SMS_GATEWAY_URL}/messages
    Authorization: Bearer {FC_SMS_GATEWAY_TOKEN}
    {"to": "+358401234567", "from": FC_SMS_SENDER, "text": "...",
     "reference": "<our delivery id>", "status_callback": "<notify>/v1/sms/delivery-reports"}
    -> 201 (or 200 for a reference it has seen: `reference` is an idempotency key, so sending
       again after a lost answer never sends twice) {"id": "<the gateway's message id>"}
    -> 4xx/5xx {"error": "<snake_case code>", "detail": "..."}: see `refusal_for`

and, later, the gateway's delivery report to the status callback:

    POST {FC_NOTIFY_PUBLIC_URL}/v1/sms/delivery-reports
    X-Signature: hex(HMAC-SHA256(FC_SMS_REPORT_SECRET, raw body))
    {"id": "<its message id>", "reference": "<our delivery id>",
     "status": "delivered|failed|rejected|undeliverable|expired|accepted|queued|sent",
     "error_code": "absent_subscriber"}   (error_code optional)

Pure: no I/O, so the adapter, the report route and the tests share one reading.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from enum import StrEnum

DELIVERY_REPORTS_PATH = "/v1/sms/delivery-reports"
SIGNATURE_HEADER = "X-Signature"
MAX_PROVIDER_ID_LENGTH = 100  # the deliveries table's provider_id column

# What the gateway says when the number itself is the problem: sending again cannot help.
RECIPIENT_ERRORS = frozenset(
    {"invalid_number", "blocked_number", "number_not_mobile", "unknown_number", "opted_out"}
)
# A `failed` report with one of these is the phone's state, not the number's: try later.
TEMPORARY_REPORT_ERRORS = frozenset(
    {"absent_subscriber", "memory_full", "network_error", "throttled"}
)
_CODE = re.compile(r"[a-z0-9_]{1,64}")


class SmsOutcome(StrEnum):
    """Where a delivery report leaves a message. The values are the delivery statuses of
    the same names (fc_notify.domain.deliveries), so `DeliveryStatus(outcome)` converts."""

    DELIVERED = "delivered"
    FAILED_PERMANENTLY = "failed_permanently"
    FAILED_TEMPORARILY = "failed_temporarily"


_REPORTED = {
    "delivered": SmsOutcome.DELIVERED,
    "failed": SmsOutcome.FAILED_PERMANENTLY,
    "rejected": SmsOutcome.FAILED_PERMANENTLY,
    "undeliverable": SmsOutcome.FAILED_PERMANENTLY,
    # The phone stayed off or out of reach for the message's whole validity period.
    "expired": SmsOutcome.FAILED_TEMPORARILY,
}


class SmsNotSent(Exception):
    """The gateway did not take the message. `reason` names why in the gateway's words or
    ours (a status and a code), never the number or the text, so it may be logged and
    stored as the delivery's last error."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ChannelUnavailable(SmsNotSent):
    """The gateway is away or refuses everything (unreachable, timeout, 5xx, 429, our token
    refused): no message gets through now, so the dispatcher pauses the channel without
    spending this message's attempt. `retry_after` is the gateway's hint in seconds."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class RecipientRefused(SmsNotSent):
    """The gateway refuses this number for good (invalid, blocked, not a mobile): the
    delivery fails permanently."""


class TemporaryRefusal(SmsNotSent):
    """The gateway refused this one message for a reason that may pass: it costs the
    message an attempt and it is tried again later."""


def error_code(value: object) -> str:
    """The gateway's error code if it is one (snake_case), else `unknown`: whatever else the
    body says may quote the number, and this goes into logs."""
    return value if isinstance(value, str) and _CODE.fullmatch(value) else "unknown"


def refusal_for(status: int, code: str, retry_after: float | None = None) -> SmsNotSent:
    """What the gateway's non-2xx answer `status` with error `code` means for the dispatcher."""
    reason = f"gateway answered {status} {code}"
    if status == 429 or status >= 500:
        return ChannelUnavailable(reason, retry_after)
    if status in (401, 403, 404, 405):
        # Our token or URL is wrong: every message would be refused the same way.
        return ChannelUnavailable(reason, retry_after)
    if 400 <= status < 500 and code in RECIPIENT_ERRORS:
        return RecipientRefused(reason)
    if 400 <= status < 500:
        return TemporaryRefusal(reason)
    return ChannelUnavailable(reason)  # 1xx, 3xx: not a gateway we understand


def outcome_of_report(status: str, error: str | None = None) -> SmsOutcome | None:
    """The outcome a delivery report's `status` means, or None while the message is still
    on its way (accepted, queued, sent) or the status is one we do not know: those change
    nothing."""
    outcome = _REPORTED.get(status)
    if outcome is SmsOutcome.FAILED_PERMANENTLY and error in TEMPORARY_REPORT_ERRORS:
        return SmsOutcome.FAILED_TEMPORARILY
    return outcome


def sign(secret: str, body: bytes) -> str:
    """The signature the gateway puts in X-Signature: hex HMAC-SHA256 of the raw body."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_is_valid(secret: str, body: bytes, signature: str | None) -> bool:
    """Whether `signature` is the gateway's for `body`. No secret configured refuses every
    report: an empty key would be one anybody can sign with."""
    if not secret or not signature:
        return False
    expected = sign(secret, body).encode()
    return hmac.compare_digest(expected, signature.strip().lower().encode())
