"""Contact requests taken in the forms service: kept as the ground on which the professional
who took one may open the case of the family that sent it (use_cases/cases.py: open_case)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain import contact_requests
from fc_network.store import contact_requests as store

log = structlog.get_logger(__name__)


async def status_changed(
    session: AsyncSession,
    *,
    submission_id: UUID,
    form_type: str,
    status: str,
    previous_status: str,
    submitted_by: UUID,
    assignee: UUID | None,
    changed_at: datetime,
) -> None:
    """A submission's handling moved: when a professional took a contact request, keep
    that they did, once per submission. Every other change (another form, a later step,
    closing it) changes nothing: the ground lasts until used or expired."""
    professional = contact_requests.taken_by(
        form_type=form_type, status=status, previous_status=previous_status, assignee=assignee
    )
    if professional is None:
        return
    if await store.record_taken(
        session,
        submission_id=submission_id,
        professional=professional,
        submitted_by=submitted_by,
        taken_at=changed_at,
    ):
        log.info(
            "contact request taken",
            submission_id=str(submission_id),
            professional=str(professional),
        )
