"""Handling a submission: the workflow it moves through, who moves it, and what is kept of
each step. The question to the family and the family's reply are personal data: they stay
in this service, never on a topic."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from fc_shared.refusals import Refused, conflict, invalid, not_found


class HandlingStatus(StrEnum):
    RECEIVED = "received"
    IN_HANDLING = "in_handling"
    WAITING_FOR_FAMILY = "waiting_for_family"
    CLOSED = "closed"


class Mover(StrEnum):
    """Who may take a step: a handler of the submission's queue, or the family that sent it."""

    HANDLER = "handler"
    FAMILY = "family"


# The workflow: (from, to) -> who may take that step. Nothing else is allowed; closed is final.
TRANSITIONS: dict[tuple[HandlingStatus, HandlingStatus], Mover] = {
    (HandlingStatus.RECEIVED, HandlingStatus.IN_HANDLING): Mover.HANDLER,  # taken
    (HandlingStatus.IN_HANDLING, HandlingStatus.WAITING_FOR_FAMILY): Mover.HANDLER,  # asked
    (HandlingStatus.WAITING_FOR_FAMILY, HandlingStatus.IN_HANDLING): Mover.FAMILY,  # replied
    (HandlingStatus.IN_HANDLING, HandlingStatus.CLOSED): Mover.HANDLER,
}

MAX_MESSAGE_LENGTH = 4000


@dataclass(frozen=True, slots=True, kw_only=True)
class Handling:
    """Where a submission is in its handling. `submitted_by` is the family member who sent
    it (the person whose access log a staff read belongs in)."""

    submission_id: UUID
    queue_id: UUID
    form_type: str
    municipality_code: str
    submitted_by: UUID
    status: HandlingStatus
    assignee: UUID | None
    updated_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One step in a submission's history: who took it, when, and the question asked or
    the reply given with it (personal data, kept here only)."""

    status: HandlingStatus
    previous_status: HandlingStatus | None
    actor: UUID
    at: datetime
    message: str | None = None


def transition_not_allowed(current: HandlingStatus, to: HandlingStatus) -> Refused:
    return conflict(
        "transition_not_allowed",
        "Transition not allowed",
        f"A submission {current.value} cannot be moved to {to.value} by you.",
        current_status=current.value,
    )


def check_transition(current: HandlingStatus, to: HandlingStatus, *, by: Mover) -> None:
    if TRANSITIONS.get((current, to)) != by:
        raise transition_not_allowed(current, to)


def check_message(to: HandlingStatus, message: str | None) -> None:
    """Asking the family for more needs the question; no other step by a handler carries
    text."""
    asking = to is HandlingStatus.WAITING_FOR_FAMILY
    if asking and not (message and message.strip()):
        raise invalid("question_required", "Question required", "Say what the family should add.")
    if not asking and message is not None:
        raise invalid(
            "question_not_expected",
            "Question not expected",
            "Only a move to waiting_for_family carries a question.",
        )


def moved(
    handling: Handling,
    to: HandlingStatus,
    *,
    by: Mover,
    actor: UUID,
    now: datetime,
    message: str | None = None,
) -> tuple[Handling, Step]:
    """The handling after the step, and the step for its history. A handler who takes a
    received submission becomes its assignee."""
    check_transition(handling.status, to, by=by)
    taken = handling.status is HandlingStatus.RECEIVED and to is HandlingStatus.IN_HANDLING
    after = replace(
        handling,
        status=to,
        assignee=actor if taken else handling.assignee,
        updated_at=now,
    )
    step = Step(status=to, previous_status=handling.status, actor=actor, at=now, message=message)
    return after, step


def received(submitted_by: UUID, now: datetime) -> Step:
    """The first step: the family sent it and it arrived in a queue."""
    return Step(status=HandlingStatus.RECEIVED, previous_status=None, actor=submitted_by, at=now)


def check_found(handling: Handling | None) -> Handling:
    if handling is None:
        raise not_found("submission_not_found", "No such submission.")
    return handling


def of_submitter(handling: Handling | None, reader: UUID) -> Handling:
    """The family sees the handling of its own submissions only; to anyone else a
    submission does not exist (404, so its id reveals nothing)."""
    if handling is None or handling.submitted_by != reader:
        raise not_found("submission_not_found", "No such submission.")
    return handling
