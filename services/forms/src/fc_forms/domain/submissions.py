"""A family's submission of a form: its record, its status, and who may read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from fc_shared.refusals import not_found


class SubmissionStatus(StrEnum):
    SUBMITTED = "submitted"


@dataclass(frozen=True, slots=True)
class Submission:
    id: UUID
    form_type: str
    municipality_code: str
    submitted_by: UUID
    language: str
    answers: dict[str, Any]  # the family's answers as JSON; personal data, kept in this service
    status: SubmissionStatus
    created_at: datetime


def new_submission(
    *,
    form_type: str,
    municipality_code: str,
    submitted_by: UUID,
    language: str,
    answers: dict[str, Any],
    now: datetime,
) -> Submission:
    return Submission(
        id=uuid4(),
        form_type=form_type,
        municipality_code=municipality_code,
        submitted_by=submitted_by,
        language=language,
        answers=answers,
        status=SubmissionStatus.SUBMITTED,
        created_at=now,
    )


def readable_by(submission: Submission | None, reader: UUID) -> Submission:
    """Only the family member who sent a submission reads it; to anyone else it does not
    exist (a 404, not a 403, so its id reveals nothing)."""
    if submission is None or submission.submitted_by != reader:
        raise not_found("submission_not_found", "No such submission.")
    return submission
