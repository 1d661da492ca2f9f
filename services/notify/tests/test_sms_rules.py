"""The SMS channel's rules: which numbers a text can reach, what the gateway's refusals and
delivery reports mean, and which reports are the gateway's own."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from fc_notify.domain.channels import (
    ChannelUnavailable,
    RecipientRefused,
    SmsOutcome,
    TemporaryRefusal,
    error_code,
    outcome_of_report,
    refusal_for,
    sign,
    signature_is_valid,
)
from fc_notify.domain.phone_numbers import sms_number
from fc_notify.settings import NotifySettings
from fc_shared.refusals import Kind, Refused


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("040 1234567", "+358401234567"),
        ("040-123 4567", "+358401234567"),
        ("0401234567", "+358401234567"),
        ("+358 40 123 4567", "+358401234567"),
        ("00358401234567", "+358401234567"),
        ("050 123 4567", "+358501234567"),
        ("0457 1234567", "+3584571234567"),
        ("+46 70 123 45 67", "+46701234567"),  # a Swedish mobile
        ("+1 650 253 0000", "+16502530000"),  # mobile or landline: the plan cannot tell
    ],
)
def test_a_number_a_text_can_reach_is_written_as_e164(typed: str, e164: str) -> None:
    assert sms_number(typed) == e164


@pytest.mark.parametrize(
    "typed", ["", "hello", "040", "+358 40 123", "12345678901234567890", "040 123 4567" * 5]
)
def test_what_is_no_phone_number_is_refused_in_words_a_person_understands(typed: str) -> None:
    with pytest.raises(Refused) as refused:
        sms_number(typed)

    assert refused.value.kind is Kind.INVALID
    assert refused.value.code == "invalid_phone_number"
    assert "040 123 4567" in (refused.value.detail or "")


@pytest.mark.parametrize(
    "typed",
    [
        "09 1234567",  # a Helsinki landline
        "+358 18 12345",  # an Åland landline
        "0800 123 456",  # a free phone
        "020 1234567",  # a service number
    ],
)
def test_a_landline_or_service_number_is_refused_as_not_mobile(typed: str) -> None:
    with pytest.raises(Refused) as refused:
        sms_number(typed)

    assert refused.value.code == "phone_number_not_mobile"
    assert "landline" in (refused.value.detail or "")


@pytest.mark.parametrize(
    ("status", "error", "outcome"),
    [
        ("delivered", None, SmsOutcome.DELIVERED),
        ("failed", None, SmsOutcome.FAILED_PERMANENTLY),
        ("failed", "unknown_subscriber", SmsOutcome.FAILED_PERMANENTLY),
        ("failed", "absent_subscriber", SmsOutcome.FAILED_TEMPORARILY),
        ("rejected", None, SmsOutcome.FAILED_PERMANENTLY),
        ("undeliverable", None, SmsOutcome.FAILED_PERMANENTLY),
        ("expired", None, SmsOutcome.FAILED_TEMPORARILY),
        ("accepted", None, None),
        ("queued", None, None),
        ("sent", None, None),
        ("something_new", None, None),
    ],
)
def test_a_delivery_report_maps_to_a_delivery_outcome(
    status: str, error: str | None, outcome: SmsOutcome | None
) -> None:
    assert outcome_of_report(status, error) == outcome


def test_the_outcomes_are_the_delivery_statuses_of_the_same_names() -> None:
    assert {outcome.value for outcome in SmsOutcome} == {
        "delivered",
        "failed_permanently",
        "failed_temporarily",
    }


@pytest.mark.parametrize(
    ("status", "code", "kind"),
    [
        (503, "unavailable", ChannelUnavailable),
        (500, "unknown", ChannelUnavailable),
        (429, "too_many_requests", ChannelUnavailable),
        (401, "unauthorized", ChannelUnavailable),  # our token: every message alike
        (404, "not_found", ChannelUnavailable),  # our URL
        (400, "invalid_number", RecipientRefused),
        (422, "blocked_number", RecipientRefused),
        (400, "opted_out", RecipientRefused),
        (400, "unknown", TemporaryRefusal),
        (409, "busy", TemporaryRefusal),
        (302, "unknown", ChannelUnavailable),
    ],
)
def test_a_gateway_refusal_says_whether_to_pause_give_up_or_retry(
    status: int, code: str, kind: type[Exception]
) -> None:
    refusal = refusal_for(status, code)

    assert type(refusal) is kind
    assert refusal.reason == f"gateway answered {status} {code}"


def test_a_throttled_gateway_passes_on_how_long_to_wait() -> None:
    refusal = refusal_for(429, "too_many_requests", retry_after=30.0)

    assert isinstance(refusal, ChannelUnavailable)
    assert refusal.retry_after == 30.0


@pytest.mark.parametrize(
    ("value", "code"),
    [("invalid_number", "invalid_number"), ("+358401234567 is blocked", "unknown"), (7, "unknown")],
)
def test_only_a_code_of_the_gateway_error_is_kept_never_its_free_text(
    value: object, code: str
) -> None:
    assert error_code(value) == code


def test_a_report_signed_with_the_secret_is_the_gateways() -> None:
    body = b'{"id":"m1","reference":"r","status":"delivered"}'
    signature = sign("s3cret", body)

    assert signature_is_valid("s3cret", body, signature)
    assert signature_is_valid("s3cret", body, signature.upper())
    assert not signature_is_valid("s3cret", body + b" ", signature)
    assert not signature_is_valid("other", body, signature)
    assert not signature_is_valid("s3cret", body, None)
    assert not signature_is_valid("s3cret", body, "")
    assert not signature_is_valid("s3cret", body, "zz✓")


def test_without_a_secret_no_report_is_taken_not_even_one_signed_with_nothing() -> None:
    body = b"{}"

    assert not signature_is_valid("", body, sign("", body))


def test_the_sms_sender_is_what_a_phone_can_show() -> None:
    assert NotifySettings(sms_sender="Familjecntr").sms_sender == "Familjecntr"
    assert NotifySettings(sms_sender="+358401234567").sms_sender == "+358401234567"
    with pytest.raises(ValidationError):
        NotifySettings(sms_sender="Familjecentret")  # 14 characters: operators cut it


def test_the_status_callback_is_under_notifys_public_url() -> None:
    settings = NotifySettings(notify_public_url="https://notify.example/")

    assert settings.sms_report_url == "https://notify.example/v1/sms/delivery-reports"
