"""Request and response bodies of handling: queues, handlers' views and steps, and the
family's view of its submission's status."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import Field

from fc_forms.domain.handling import MAX_MESSAGE_LENGTH, Handling, HandlingStatus, Step
from fc_forms.domain.queues import Queue
from fc_forms.use_cases.handling import HandledSubmission
from fc_shared.models import RequestModel, ResponseModel


class QueueIn(RequestModel):
    form_type: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=100)
    municipality_code: str | None = Field(
        default=None,
        pattern=r"^\d{3}$",
        examples=["905"],
        description="None: the form type's fallback queue, for municipalities without one.",
    )


class QueueOut(ResponseModel):
    id: UUID
    form_type: str = Field(examples=["contact-request"])
    municipality_code: str | None = Field(examples=["905"])
    created_at: datetime
    handlers: list[UUID] = Field(description="Subject ids of the professionals assigned.")

    @classmethod
    def of(cls, queue: Queue) -> QueueOut:
        return cls(
            id=queue.id,
            form_type=queue.form_type,
            municipality_code=queue.municipality_code,
            created_at=queue.created_at,
            handlers=list(queue.handlers),
        )


class HandlingOut(ResponseModel):
    """Where a submission is in its handling (no answers)."""

    submission_id: UUID
    queue_id: UUID
    form_type: str
    municipality_code: str
    status: HandlingStatus
    assignee: UUID | None
    updated_at: datetime

    @classmethod
    def of(cls, handling: Handling) -> HandlingOut:
        return cls(
            submission_id=handling.submission_id,
            queue_id=handling.queue_id,
            form_type=handling.form_type,
            municipality_code=handling.municipality_code,
            status=handling.status,
            assignee=handling.assignee,
            updated_at=handling.updated_at,
        )


class StepOut(ResponseModel):
    """A step as the handlers see it: who took it, when, and its question or reply."""

    status: HandlingStatus
    previous_status: HandlingStatus | None
    actor: UUID
    at: datetime
    message: str | None

    @classmethod
    def of(cls, step: Step) -> StepOut:
        return cls(
            status=step.status,
            previous_status=step.previous_status,
            actor=step.actor,
            at=step.at,
            message=step.message,
        )


class HandledSubmissionOut(HandlingOut):
    """A submission for its handler: the answers, and the handling so far."""

    submitted_by: UUID
    language: str
    answers: dict[str, Any]
    submitted_at: datetime
    history: list[StepOut]

    @classmethod
    def of_handled(cls, handled: HandledSubmission) -> HandledSubmissionOut:
        submission = handled.submission
        return cls(
            **HandlingOut.of(handled.handling).model_dump(),
            submitted_by=submission.submitted_by,
            language=submission.language,
            answers=submission.answers,
            submitted_at=submission.created_at,
            history=[StepOut.of(step) for step in handled.history],
        )


class MoveIn(RequestModel):
    status: HandlingStatus
    question: str | None = Field(
        default=None,
        max_length=MAX_MESSAGE_LENGTH,
        description="What the family should add: needed with waiting_for_family, else none.",
    )


class ReplyIn(RequestModel):
    text: str = Field(min_length=1, max_length=MAX_MESSAGE_LENGTH)


class FamilyStepOut(ResponseModel):
    """A step as the family sees it: not who handled it."""

    status: HandlingStatus
    previous_status: HandlingStatus | None
    at: datetime
    message: str | None = Field(
        description="The question the family was asked (waiting_for_family) or its reply."
    )


class SubmissionStatusOut(ResponseModel):
    submission_id: UUID
    status: HandlingStatus
    history: list[FamilyStepOut]

    @classmethod
    def of(cls, handling: Handling, history: list[Step]) -> SubmissionStatusOut:
        return cls(
            submission_id=handling.submission_id,
            status=handling.status,
            history=[
                FamilyStepOut(
                    status=step.status,
                    previous_status=step.previous_status,
                    at=step.at,
                    message=step.message,
                )
                for step in history
            ],
        )
