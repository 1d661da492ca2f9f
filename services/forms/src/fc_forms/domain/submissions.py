"""A submission of a form: its record, its receipt number, and who may read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from fc_forms.domain.definitions import Definition
from fc_shared.refusals import not_allowed, not_found

# Whoever sends an anonymous form (feedback): the nil id, which no token may carry
# (fc_shared.principals.RESERVED_SUBJECTS), so nobody can read an anonymous submission back.
ANONYMOUS = UUID(int=0)


class SubmissionStatus(StrEnum):
    SUBMITTED = "submitted"


@dataclass(frozen=True, slots=True)
class Submission:
    id: UUID
    form_type: str
    form_version: int
    municipality_code: str
    submitted_by: UUID
    language: str
    answers: dict[str, Any]  # the family's answers as JSON; personal data, kept in this service
    status: SubmissionStatus
    created_at: datetime
    receipt_number: str
    hold_id: UUID | None = None


def receipt_number(sequence: int, now: datetime) -> str:
    """Short, readable and unique (the sequence is): `FC-2026-000123`."""
    return f"FC-{now.year}-{sequence:06d}"


def new_submission(
    *,
    form_type: str,
    form_version: int,
    municipality_code: str,
    submitted_by: UUID,
    language: str,
    answers: dict[str, Any],
    now: datetime,
    sequence: int,
    hold_id: UUID | None = None,
) -> Submission:
    return Submission(
        id=uuid4(),
        form_type=form_type,
        form_version=form_version,
        municipality_code=municipality_code,
        submitted_by=submitted_by,
        language=language,
        answers=answers,
        status=SubmissionStatus.SUBMITTED,
        created_at=now,
        receipt_number=receipt_number(sequence, now),
        hold_id=hold_id,
    )


def readable_by(submission: Submission | None, reader: UUID) -> Submission:
    """Only the family member who sent a submission reads it; to anyone else it does not
    exist (a 404, not a 403, so its id reveals nothing)."""
    if submission is None or submission.submitted_by != reader:
        raise not_found("submission_not_found", "No such submission.")
    return submission


def may_send_anonymously(definition: Definition) -> None:
    """Only a form that allows it (feedback) is sent without signing in."""
    if not definition.content.anonymous_allowed:
        raise not_allowed(
            "anonymous_not_allowed",
            f"The form {definition.form_type!r} is sent signed in.",
            title="Anonymous submission not allowed",
        )
