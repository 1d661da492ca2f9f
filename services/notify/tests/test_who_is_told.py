"""Over the broker: the family hears when its referral is answered and when its form waits
for it or is closed; the professional who took a submission hears it is in their queue;
an e-mail of these kinds says only that a message waits."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing import (
    Stack,
    eventually,
    letters_to,
    publish_as_owner,
    register_email,
    text_of,
)
from familjecentret.testing.probes import handled
from fc_shared.events import FamilyChanged, FormStatusChanged, ReferralDeclined


async def kinds(stack: Stack, person: UUID) -> list[str] | None:
    response = await stack.client.get(
        stack.url("notify", "/v1/notifications"), headers=stack.auth("guardian", subject=person)
    )
    letters: list[dict[str, Any]] = response.json()
    return [letter["kind"] for letter in letters] or None


async def test_both_guardians_hear_that_the_referral_was_declined_in_words(stack: Stack) -> None:
    first, second, family = uuid4(), uuid4(), uuid4()
    address = await register_email(stack, stack.auth("guardian", subject=first))
    known = await publish_as_owner(
        stack, FamilyChanged(family_id=family, revision=1, guardians=[first, second], children=[])
    )
    await handled(stack, "notify", "notify.families", known.id)

    await publish_as_owner(
        stack,
        ReferralDeclined(
            referral_id=uuid4(),
            family_id=family,
            declined_by=uuid4(),
            reason_code="not_our_service",
        ),
    )

    assert await eventually(lambda: kinds(stack, first), what="the letter") == ["referral_declined"]
    assert await eventually(lambda: kinds(stack, second), what="the other's") == [
        "referral_declined"
    ]
    inbox = (
        await stack.client.get(
            stack.url("notify", "/v1/notifications"), headers=stack.auth("guardian", subject=first)
        )
    ).json()
    assert "not_our_service" not in inbox[0]["body"]
    [mail] = await eventually(lambda: _some(letters_to(stack, address)), what="the e-mail")
    assert inbox[0]["body"].strip() not in text_of(mail)


async def _some(items: list[Any]) -> list[Any] | None:
    return items or None


async def test_a_form_waiting_for_the_family_and_one_taken_by_staff(stack: Stack) -> None:
    submitter, handler, submission = uuid4(), uuid4(), uuid4()

    def status(status: str, previous: str, assignee: UUID | None) -> FormStatusChanged:
        return FormStatusChanged(
            submission_id=submission,
            form_type="contact-request",
            municipality_code="905",
            status=status,
            previous_status=previous,
            submitted_by=submitter,
            assignee=assignee,
        )

    await publish_as_owner(stack, status("in_handling", "received", handler))
    await publish_as_owner(stack, status("waiting_for_family", "in_handling", handler))
    await publish_as_owner(stack, status("closed", "in_handling", handler))

    assert await eventually(lambda: kinds(stack, handler), what="the handler's letter") == [
        "submission_queued"
    ]

    async def both() -> list[str] | None:
        found = await kinds(stack, submitter)
        return found if found and len(found) == 2 else None

    assert sorted(await eventually(both, what="the family's letters")) == [
        "form_closed",
        "form_waiting",
    ]
