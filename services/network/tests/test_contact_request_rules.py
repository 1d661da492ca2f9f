"""Which status change is a contact request taken, and which taken request opens a family's
case: rules apart from I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from fc_network.domain.cases import case_opening_ground
from fc_network.domain.contact_requests import TakenContactRequest, from_family, taken_by

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)


def taken(submitted_by: UUID, *, days_ago: float) -> TakenContactRequest:
    return TakenContactRequest(
        submission_id=uuid4(),
        professional=uuid4(),
        submitted_by=submitted_by,
        taken_at=NOW - timedelta(days=days_ago),
    )


def test_taking_a_received_contact_request_names_its_taker() -> None:
    professional = uuid4()
    assert (
        taken_by(
            form_type="contact-request",
            status="in_handling",
            previous_status="received",
            assignee=professional,
        )
        == professional
    )


@pytest.mark.parametrize(
    ("form_type", "previous_status", "status"),
    [
        ("group-registration", "received", "in_handling"),  # another form
        ("contact-request", "waiting_for_family", "in_handling"),  # the family replied
        ("contact-request", "in_handling", "closed"),  # closing ends nothing
        ("contact-request", "in_handling", "waiting_for_family"),
    ],
)
def test_no_other_status_change_is_a_taking(
    form_type: str, previous_status: str, status: str
) -> None:
    assert (
        taken_by(
            form_type=form_type, status=status, previous_status=previous_status, assignee=uuid4()
        )
        is None
    )


def test_the_oldest_request_of_a_confirmed_guardian_in_force_is_the_ground() -> None:
    guardian, stranger = uuid4(), uuid4()
    old, newer = taken(guardian, days_ago=20), taken(guardian, days_ago=2)
    found = from_family([newer, taken(stranger, days_ago=1), old], {guardian}, now=NOW)
    assert found == old


def test_a_request_is_no_ground_from_outside_the_confirmed_guardians_or_after_30_days() -> None:
    guardian = uuid4()
    assert from_family([taken(uuid4(), days_ago=1)], {guardian}, now=NOW) is None
    assert from_family([taken(guardian, days_ago=30)], {guardian}, now=NOW) is None
    assert from_family([taken(guardian, days_ago=29.9)], {guardian}, now=NOW) is not None


def test_a_case_request_goes_before_a_contact_request_and_neither_means_no_ground() -> None:
    assert case_opening_ground(requested_by_guardian=True, contact_request_taken=True) == (
        "case_request"
    )
    assert case_opening_ground(requested_by_guardian=False, contact_request_taken=True) == (
        "contact_request"
    )
    assert case_opening_ground(requested_by_guardian=False, contact_request_taken=False) is None
