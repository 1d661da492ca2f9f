"""Handling submissions: routing each to its queue, the handlers' view and steps, and the
family's view of its own. Every step is kept in the history and announced as
FormStatusChanged (ids, codes and statuses only); every staff read of the answers is in the
submitter's access log, a refused attempt too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain import handling as rules
from fc_forms.domain import queues as queue_rules
from fc_forms.domain.handling import Handling, HandlingStatus, Mover, Step
from fc_forms.domain.submissions import Submission
from fc_forms.store import handling as store
from fc_forms.store import submissions as submission_store
from fc_forms.use_cases.protection import opened_submission
from fc_shared.access_log import AccessEntry, record
from fc_shared.events.forms import FormStatusChanged
from fc_shared.outbox import add_event
from fc_shared.problems import LoggedRefusal
from fc_shared.refusals import Refused
from fc_shared.settings import Settings

SUBMISSION = "submission"
PURPOSE = "handling the submission"
REFUSED = "refused: not a handler of the submission's queue"


@dataclass(frozen=True, slots=True)
class HandledSubmission:
    """What a handler reads: the submission with its answers, and its handling so far."""

    submission: Submission
    handling: Handling
    history: list[Step]


async def route_submission(
    session: AsyncSession,
    *,
    submission_id: UUID,
    form_type: str,
    municipality_code: str,
    now: datetime,
) -> UUID:
    """Put a just-stored submission in the queue for its form type and municipality, or in
    the form type's fallback queue (made on demand) when there is none; the queue's id."""
    queue = await store.queue_for(session, form_type, municipality_code)
    if queue is None:
        queue = await store.queue_for(session, form_type, None)
    if queue is None:
        fallback = queue_rules.new_queue(form_type=form_type, municipality_code=None, now=now)
        await store.insert_queue(session, fallback)  # or another request just made it
        queue = await store.queue_for(session, form_type, None)
        assert queue is not None
    await store.insert_handling(session, submission_id=submission_id, queue_id=queue.id, now=now)
    submitter = await store.submitter_of(session, submission_id)
    await store.add_step(session, submission_id, rules.received(submitter, now))
    return queue.id


async def queue_submissions(
    session: AsyncSession, *, queue_id: UUID, actor: UUID
) -> list[Handling]:
    """The queue's submissions with their status, for a handler of the queue."""
    queue = queue_rules.check_queue_found(await store.get_queue(session, queue_id))
    queue_rules.check_handler(actor, queue.handlers)
    return await store.in_queue(session, queue_id)


async def read_submission(
    session: AsyncSession, settings: Settings, *, submission_id: UUID, actor: UUID
) -> HandledSubmission:
    """A submission's answers and handling, for a handler of its queue; the read is in the
    submitter's access log (in this transaction), a refused attempt too (after it)."""
    handling = await _handled_by(session, submission_id, actor, action="read")
    submission = await submission_store.get_submission(session, submission_id)
    assert submission is not None  # a handling row belongs to a stored submission
    submission = await opened_submission(session, settings, submission)
    await record(session, [_entry(actor, handling, action="read")])
    steps = await store.history(session, submission_id)
    return HandledSubmission(submission=submission, handling=handling, history=steps)


async def take(
    session: AsyncSession, settings: Settings, *, submission_id: UUID, actor: UUID, now: datetime
) -> Handling:
    """A handler takes a received submission: it is in handling, and theirs."""
    return await move(
        session,
        settings,
        submission_id=submission_id,
        actor=actor,
        to=HandlingStatus.IN_HANDLING,
        now=now,
    )


async def move(
    session: AsyncSession,
    settings: Settings,
    *,
    submission_id: UUID,
    actor: UUID,
    to: HandlingStatus,
    now: datetime,
    question: str | None = None,
) -> Handling:
    """A handler moves a submission a step the workflow allows (to waiting_for_family
    with the question for the family)."""
    rules.check_message(to, question)
    handling = await _handled_by(session, submission_id, actor, action="move", lock=True)
    return await _step(
        session, settings, handling, to, by=Mover.HANDLER, actor=actor, now=now, message=question
    )


async def reply(
    session: AsyncSession,
    settings: Settings,
    *,
    submission_id: UUID,
    family: UUID,
    text: str,
    now: datetime,
) -> tuple[Handling, list[Step]]:
    """The family answers the handler's question: the submission is back in handling."""
    handling = rules.of_submitter(
        await store.get_handling(session, submission_id, lock=True), family
    )
    moved = await _step(
        session,
        settings,
        handling,
        HandlingStatus.IN_HANDLING,
        by=Mover.FAMILY,
        actor=family,
        now=now,
        message=text,
    )
    return moved, await store.history(session, submission_id)


async def status_for_family(
    session: AsyncSession, *, submission_id: UUID, reader: UUID
) -> tuple[Handling, list[Step]]:
    """The status and history of one of the reader's own submissions."""
    handling = rules.of_submitter(await store.get_handling(session, submission_id), reader)
    return handling, await store.history(session, submission_id)


async def _handled_by(
    session: AsyncSession, submission_id: UUID, actor: UUID, *, action: str, lock: bool = False
) -> Handling:
    """The submission's handling if `actor` handles its queue; refused otherwise, and the
    refusal in the submitter's access log."""
    handling = rules.check_found(await store.get_handling(session, submission_id, lock=lock))
    try:
        queue_rules.check_handler(actor, await store.handlers_of(session, handling.queue_id))
    except Refused as refused:
        raise HandlingRefusal(
            refused, _entry(actor, handling, action=action, allowed=False)
        ) from refused
    return handling


async def _step(
    session: AsyncSession,
    settings: Settings,
    handling: Handling,
    to: HandlingStatus,
    *,
    by: Mover,
    actor: UUID,
    now: datetime,
    message: str | None,
) -> Handling:
    """Take the step, keep it in the history, and announce it."""
    moved, step = rules.moved(handling, to, by=by, actor=actor, now=now, message=message)
    await store.update_handling(session, moved)
    await store.add_step(session, moved.submission_id, step)
    await add_event(
        session,
        settings,
        FormStatusChanged(
            submission_id=moved.submission_id,
            form_type=moved.form_type,
            municipality_code=moved.municipality_code,
            status=moved.status.value,
            previous_status=handling.status.value,
            submitted_by=moved.submitted_by,
            assignee=moved.assignee,
        ),
    )
    return moved


def _entry(actor: UUID, handling: Handling, *, action: str, allowed: bool = True) -> AccessEntry:
    return AccessEntry(
        actor=actor,
        action=action,
        purpose=PURPOSE if allowed else REFUSED,
        subject_kind=SUBMISSION,
        subject_id=handling.submission_id,
        person=handling.submitted_by,
        allowed=allowed,
    )


class HandlingRefusal(LoggedRefusal):
    """A refused attempt at a submission: answered as the rule's refusal, and written to the
    submitter's access log after the request's transaction (fc_shared LoggedRefusal)."""

    def __init__(self, refused: Refused, entry: AccessEntry) -> None:
        super().__init__(
            int(refused.kind),
            refused.title,
            refused.detail,
            code=refused.code,
            **refused.extensions,
        )
        self.entry = entry

    async def record(self, session: AsyncSession) -> None:
        await record(session, [self.entry])
