"""Submissions in SQL, as typed records."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Row, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain.submissions import Submission, SubmissionStatus
from fc_forms.store.tables import receipts, submissions


async def next_receipt_sequence(session: AsyncSession) -> int:
    sequence: int = (await session.execute(receipts.next_value().select())).scalar_one()
    return sequence


async def insert_submission(session: AsyncSession, submission: Submission) -> None:
    await session.execute(
        insert(submissions).values(
            id=submission.id,
            form_type=submission.form_type,
            form_version=submission.form_version,
            municipality_code=submission.municipality_code,
            submitted_by=submission.submitted_by,
            language=submission.language,
            answers=submission.answers,
            status=submission.status,
            created_at=submission.created_at,
            receipt_number=submission.receipt_number,
            hold_id=submission.hold_id,
        )
    )


async def get_submission(session: AsyncSession, submission_id: UUID) -> Submission | None:
    query = select(submissions).where(submissions.c.id == submission_id)
    row = (await session.execute(query)).first()
    return _submission(row) if row else None


def _submission(row: Row[tuple[object, ...]]) -> Submission:
    return Submission(
        id=row.id,
        form_type=row.form_type,
        form_version=row.form_version,
        municipality_code=row.municipality_code,
        submitted_by=row.submitted_by,
        language=row.language,
        answers=row.answers,
        status=SubmissionStatus(row.status),
        created_at=row.created_at,
        receipt_number=row.receipt_number,
        hold_id=row.hold_id,
    )
