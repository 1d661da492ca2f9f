"""Events the network service reacts to: the forms service's FormStatusChanged, for the
contact requests professionals take (the second ground for opening a family's case)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.use_cases import contact_requests
from fc_shared.events import FormStatusChanged
from fc_shared.events.envelope import Envelope
from fc_shared.service import ServiceContext


async def on_form_status_changed(
    session: AsyncSession, event: FormStatusChanged, envelope: Envelope
) -> None:
    """A submission moved in its handling; a contact request taken is kept. When it was
    taken is the event's time, minted as the forms service stored the step."""
    await contact_requests.status_changed(
        session,
        submission_id=event.submission_id,
        form_type=event.form_type,
        status=event.status,
        previous_status=event.previous_status,
        submitted_by=event.submitted_by,
        assignee=event.assignee,
        changed_at=envelope.time,
    )


def register_handlers(context: ServiceContext) -> None:
    context.subscribe(FormStatusChanged, "contact-requests", on_form_status_changed)
