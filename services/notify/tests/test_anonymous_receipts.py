"""Over the broker: an anonymous submission (the reserved nil submitter) gets no receipt,
while a family's submission right behind it on the same partition does."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import text

from familjecentret.testing import Stack, eventually, publish_as_owner
from fc_shared.db import create_engine
from fc_shared.events import FormSubmitted

NOBODY = UUID(int=0)


async def test_an_anonymous_submission_gets_no_receipt(stack: Stack) -> None:
    submission = uuid4()
    family = uuid4()
    anonymous = FormSubmitted(
        submission_id=submission, form_type="feedback", municipality_code="905",
        submitted_by=NOBODY,
    )  # fmt: skip
    # The marker has the same key (so partition) and comes after: once its receipt is
    # there, the anonymous event has been handled too.
    marker = FormSubmitted(
        submission_id=submission, form_type="feedback", municipality_code="905",
        submitted_by=family,
    )  # fmt: skip
    await publish_as_owner(stack, anonymous)
    await publish_as_owner(stack, marker)

    engine = create_engine(stack.settings, "notify")
    try:

        async def receipts(recipient: UUID) -> int:
            async with engine.connect() as connection:
                found = await connection.scalar(
                    text("SELECT count(*) FROM notifications WHERE recipient = :r"),
                    {"r": recipient},
                )
            return int(found or 0)

        await eventually(lambda: receipts(family), what="the family's receipt")
        assert await receipts(NOBODY) == 0
    finally:
        await engine.dispose()
