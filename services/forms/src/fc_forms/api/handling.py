"""Routes for handling submissions: queues and their handlers (organisers and admins), the
handlers' queues, reads and steps (professionals assigned to the queue), and the family's
view of its own submission's status and its reply to a question."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from fastapi import APIRouter

from fc_forms.api.handling_schemas import (
    HandledSubmissionOut,
    HandlingOut,
    MoveIn,
    QueueIn,
    QueueOut,
    ReplyIn,
    SubmissionStatusOut,
)
from fc_forms.use_cases import handling, queues
from fc_shared.auth import Family, OrganiserOrAdmin, Professional
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["handling"])


@router.post("/queues", status_code=201, response_model=QueueOut)
async def create_queue(body: QueueIn, principal: OrganiserOrAdmin, context: Context) -> QueueOut:
    """A handling queue for a form type in a municipality (no municipality: the form type's
    fallback, where submissions from municipalities without a queue go). One per pair: 409
    `queue_exists` otherwise."""
    async with context.transaction() as session:
        queue = await queues.create_queue(
            session,
            form_type=body.form_type,
            municipality_code=body.municipality_code,
            now=datetime.now(UTC),
        )
    return QueueOut.of(queue)


@router.get("/queues", response_model=list[QueueOut])
async def list_queues(principal: OrganiserOrAdmin, context: Context) -> list[QueueOut]:
    """Every handling queue with the professionals assigned to it."""
    async with context.sessions() as session:
        found = await queues.all_queues(session)
    return [QueueOut.of(queue) for queue in found]


@router.put("/queues/{queue_id}/handlers/{subject}", response_model=QueueOut)
async def assign_handler(
    queue_id: UUID, subject: UUID, principal: OrganiserOrAdmin, context: Context
) -> QueueOut:
    """Assign a professional (by subject id) to handle the queue; assigning again changes
    nothing."""
    async with context.transaction() as session:
        queue = await queues.assign_handler(
            session, queue_id=queue_id, subject=subject, by=principal.subject, now=datetime.now(UTC)
        )
    return QueueOut.of(queue)


@router.delete("/queues/{queue_id}/handlers/{subject}", response_model=QueueOut)
async def unassign_handler(
    queue_id: UUID, subject: UUID, principal: OrganiserOrAdmin, context: Context
) -> QueueOut:
    """The professional no longer handles the queue."""
    async with context.transaction() as session:
        queue = await queues.unassign_handler(session, queue_id=queue_id, subject=subject)
    return QueueOut.of(queue)


@router.get("/handling/queues", response_model=list[QueueOut])
async def my_queues(principal: Professional, context: Context) -> list[QueueOut]:
    """The queues the calling professional is assigned to."""
    async with context.sessions() as session:
        found = await queues.queues_handled_by(session, handler=principal.subject)
    return [QueueOut.of(queue) for queue in found]


@router.get("/queues/{queue_id}/submissions", response_model=list[HandlingOut])
async def queue_submissions(
    queue_id: UUID, principal: Professional, context: Context
) -> list[HandlingOut]:
    """The queue's submissions with their status, longest-waiting first, for a handler of
    the queue (anyone else: 403 `not_a_handler`). No answers: read one to see them."""
    async with context.sessions() as session:
        found = await handling.queue_submissions(
            session, queue_id=queue_id, actor=principal.subject
        )
    return [HandlingOut.of(each) for each in found]


@router.get("/handling/{submission_id}", response_model=HandledSubmissionOut)
async def read_submission(
    submission_id: UUID, principal: Professional, context: Context
) -> HandledSubmissionOut:
    """A submission's answers and its handling so far, for a handler of its queue; the read
    is in the submitter's access log, and so is a refused attempt (403 `not_a_handler`)."""
    async with context.transaction() as session:
        handled = await handling.read_submission(
            session, context.settings, submission_id=submission_id, actor=principal.subject
        )
    return HandledSubmissionOut.of_handled(handled)


@router.post("/handling/{submission_id}/take", response_model=HandlingOut)
async def take(submission_id: UUID, principal: Professional, context: Context) -> HandlingOut:
    """A handler takes a received submission: it moves to in_handling with them as its
    assignee. 409 `transition_not_allowed` if it is not received."""
    async with context.transaction() as session:
        taken = await handling.take(
            session,
            context.settings,
            submission_id=submission_id,
            actor=principal.subject,
            now=datetime.now(UTC),
        )
    return HandlingOut.of(taken)


@router.post("/handling/{submission_id}/status", response_model=HandlingOut)
async def move(
    submission_id: UUID, body: MoveIn, principal: Professional, context: Context
) -> HandlingOut:
    """A handler moves a submission a step the workflow allows: to waiting_for_family with a
    `question` for the family, or to closed (final). Any other step: 409
    `transition_not_allowed`, and nothing changes."""
    async with context.transaction() as session:
        moved = await handling.move(
            session,
            context.settings,
            submission_id=submission_id,
            actor=principal.subject,
            to=body.status,
            question=body.question,
            now=datetime.now(UTC),
        )
    return HandlingOut.of(moved)


@router.get("/submissions/{submission_id}/status", response_model=SubmissionStatusOut)
async def submission_status(
    submission_id: UUID, principal: Family, context: Context
) -> SubmissionStatusOut:
    """The status of one of the caller's own submissions and its history (not who handled
    it), with any question the family was asked; anyone else's: 404."""
    async with context.sessions() as session:
        found, history = await handling.status_for_family(
            session, submission_id=submission_id, reader=principal.subject
        )
    return SubmissionStatusOut.of(found, history)


@router.post("/submissions/{submission_id}/replies", response_model=SubmissionStatusOut)
async def reply(
    submission_id: UUID, body: ReplyIn, principal: Family, context: Context
) -> SubmissionStatusOut:
    """The family answers the handler's question: the submission is back in handling. Only
    while it waits for the family (409 `transition_not_allowed` otherwise); anyone else's
    submission: 404."""
    async with context.transaction() as session:
        moved, history = await handling.reply(
            session,
            context.settings,
            submission_id=submission_id,
            family=principal.subject,
            text=body.text,
            now=datetime.now(UTC),
        )
    return SubmissionStatusOut.of(moved, history)
