"""Handling submissions, over HTTP against the real PostgreSQL and broker: each submission is
routed to its queue by form type and municipality (or the form type's fallback), only the
queue's handlers see and move it, through the workflow's steps only, each kept and announced
without a word of the answers; the family sees its status; staff reads are logged."""

from __future__ import annotations

import itertools
import json
from typing import Any
from uuid import UUID, uuid4

import jwt
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from familjecentret.testing import Record, Stack, read_topic
from fc_forms.domain.handling import TRANSITIONS, HandlingStatus, Mover, check_transition
from fc_shared.access_log import LoggedAccess, entries_about
from fc_shared.db import create_engine
from fc_shared.events import FormStatusChanged
from fc_shared.refusals import Refused

SECRET_MESSAGE = "Vi orkar inte längre med nätterna"
SECRET_QUESTION = "Hur gammal är Ilona nu?"
SECRET_REPLY = "Ilona fyller tre i maj"
ANSWERS = {"topic": "parenting", "preferred_contact": "phone", "message": SECRET_MESSAGE}

# A municipality of its own for each test's queue: the stack lives for the whole session.
_codes = itertools.count(600)


def fresh_municipality() -> str:
    return str(next(_codes))


async def submit(stack: Stack, family: dict[str, str], municipality: str) -> str:
    response = await stack.client.post(
        stack.url("forms", "/v1/submissions"),
        json={
            "form_type": "contact-request",
            "municipality_code": municipality,
            "answers": ANSWERS,
        },
        headers=family,
    )
    assert response.status_code == 201, response.text
    submission_id: str = response.json()["id"]
    return submission_id


async def queue_with_handler(stack: Stack, municipality: str) -> tuple[str, dict[str, str]]:
    """A queue for contact requests in the municipality, and a professional handling it."""
    admin = stack.auth("admin")
    created = await stack.client.post(
        stack.url("forms", "/v1/queues"),
        json={"form_type": "contact-request", "municipality_code": municipality},
        headers=admin,
    )
    assert created.status_code == 201, created.text
    return created.json()["id"], await assigned_handler(stack, created.json()["id"])


async def assigned_handler(stack: Stack, queue_id: str) -> dict[str, str]:
    subject = uuid4()
    assigned = await stack.client.put(
        stack.url("forms", f"/v1/queues/{queue_id}/handlers/{subject}"),
        headers=stack.auth("organiser"),
    )
    assert assigned.status_code == 200, assigned.text
    assert str(subject) in assigned.json()["handlers"]
    return stack.auth("professional", subject=subject)


async def handled_submission(stack: Stack) -> tuple[str, dict[str, str], dict[str, str]]:
    """A submission in a queue of its own: its id, the family's and the handler's headers."""
    municipality = fresh_municipality()
    _, handler = await queue_with_handler(stack, municipality)
    family = stack.auth("guardian")
    return await submit(stack, family, municipality), family, handler


async def post(stack: Stack, path: str, headers: dict[str, str], body: Any = None) -> Any:
    return await stack.client.post(stack.url("forms", path), json=body, headers=headers)


async def get(stack: Stack, path: str, headers: dict[str, str]) -> Any:
    return await stack.client.get(stack.url("forms", path), headers=headers)


async def logged_about(stack: Stack, submission_id: str) -> list[LoggedAccess]:
    engine = create_engine(stack.settings, "forms")
    try:
        async with AsyncSession(engine) as session:
            return await entries_about(session, subject_ids=[UUID(submission_id)])
    finally:
        await engine.dispose()


@pytest.mark.parametrize("current", list(HandlingStatus))
@pytest.mark.parametrize("to", list(HandlingStatus))
@pytest.mark.parametrize("by", list(Mover))
def test_only_the_workflows_steps_are_allowed_each_to_its_mover(
    current: HandlingStatus, to: HandlingStatus, by: Mover
) -> None:
    allowed = {
        ("received", "in_handling", "handler"),
        ("in_handling", "waiting_for_family", "handler"),
        ("waiting_for_family", "in_handling", "family"),
        ("in_handling", "closed", "handler"),
    }
    assert {(a.value, b.value, m.value) for (a, b), m in TRANSITIONS.items()} == allowed
    if (current.value, to.value, by.value) in allowed:
        check_transition(current, to, by=by)
    else:
        with pytest.raises(Refused) as caught:
            check_transition(current, to, by=by)
        assert (caught.value.kind, caught.value.code) == (409, "transition_not_allowed")


async def test_a_submission_is_routed_to_its_municipalitys_queue(stack: Stack) -> None:
    municipality = fresh_municipality()
    queue_id, handler = await queue_with_handler(stack, municipality)

    submission_id = await submit(stack, stack.auth("guardian"), municipality)

    mine = await get(stack, "/v1/handling/queues", handler)
    assert [q["id"] for q in mine.json()] == [queue_id]
    listed = await get(stack, f"/v1/queues/{queue_id}/submissions", handler)
    assert listed.status_code == 200, listed.text
    assert [(s["submission_id"], s["status"]) for s in listed.json()] == [
        (submission_id, "received")
    ]
    assert "answers" not in listed.json()[0]


async def test_without_a_queue_of_its_own_a_submission_goes_to_the_fallback(
    stack: Stack,
) -> None:
    submission_id = await submit(stack, stack.auth("guardian"), fresh_municipality())

    queues = await get(stack, "/v1/queues", stack.auth("admin"))
    fallback = [
        q
        for q in queues.json()
        if q["form_type"] == "contact-request" and q["municipality_code"] is None
    ]
    assert len(fallback) == 1
    handler = await assigned_handler(stack, fallback[0]["id"])
    listed = await get(stack, f"/v1/queues/{fallback[0]['id']}/submissions", handler)
    assert submission_id in [s["submission_id"] for s in listed.json()]


async def test_only_organisers_and_admins_make_queues_once_per_pair(stack: Stack) -> None:
    body = {"form_type": "contact-request", "municipality_code": fresh_municipality()}
    path = "/v1/queues"

    refused = await post(stack, path, stack.auth("professional"), body)
    made = await post(stack, path, stack.auth("organiser"), body)
    again = await post(stack, path, stack.auth("admin"), body)

    assert (refused.status_code, refused.json()["code"]) == (403, "role_required")
    assert made.status_code == 201, made.text
    assert (again.status_code, again.json()["code"]) == (409, "queue_exists")


async def test_a_professional_not_assigned_to_the_queue_is_refused_and_logged(
    stack: Stack,
) -> None:
    submission_id, _, handler = await handled_submission(stack)
    queue_id = (await get(stack, "/v1/handling/queues", handler)).json()[0]["id"]
    stranger = stack.auth("professional")

    answers = [
        await get(stack, f"/v1/queues/{queue_id}/submissions", stranger),
        await get(stack, f"/v1/handling/{submission_id}", stranger),
        await post(stack, f"/v1/handling/{submission_id}/take", stranger),
    ]

    assert [(a.status_code, a.json()["code"]) for a in answers] == [(403, "not_a_handler")] * 3
    logged = await logged_about(stack, submission_id)
    assert {(entry.action, entry.allowed) for entry in logged} == {
        ("read", False),
        ("move", False),
    }
    status = await get(stack, f"/v1/handling/{submission_id}", handler)
    assert status.json()["status"] == "received"  # the stranger's take changed nothing


async def test_take_ask_reply_close_each_kept_with_who_and_when(stack: Stack) -> None:
    submission_id, family, handler = await handled_submission(stack)
    path = f"/v1/handling/{submission_id}"

    taken = await post(stack, f"{path}/take", handler)
    asked = await post(
        stack,
        f"{path}/status",
        handler,
        {"status": "waiting_for_family", "question": SECRET_QUESTION},
    )
    waiting = await get(stack, f"/v1/submissions/{submission_id}/status", family)
    replied = await post(
        stack, f"/v1/submissions/{submission_id}/replies", family, {"text": SECRET_REPLY}
    )
    closed = await post(stack, f"{path}/status", handler, {"status": "closed"})

    assert [r.status_code for r in (taken, asked, waiting, replied, closed)] == [200] * 5
    assert taken.json()["assignee"] == str(_subject(handler))
    assert waiting.json()["status"] == "waiting_for_family"
    assert waiting.json()["history"][-1]["message"] == SECRET_QUESTION
    assert replied.json()["status"] == "in_handling"
    assert closed.json()["status"] == "closed"
    read = (await get(stack, path, handler)).json()
    assert read["answers"] == ANSWERS
    steps = [(s["previous_status"], s["status"], s["actor"]) for s in read["history"]]
    me, them = str(_subject(handler)), str(_subject(family))
    assert steps == [
        (None, "received", them),
        ("received", "in_handling", me),
        ("in_handling", "waiting_for_family", me),
        ("waiting_for_family", "in_handling", them),
        ("in_handling", "closed", me),
    ]
    assert read["history"][3]["message"] == SECRET_REPLY
    assert all(step["at"] for step in read["history"])


async def test_a_step_the_workflow_does_not_allow_is_409_and_changes_nothing(
    stack: Stack,
) -> None:
    submission_id, family, handler = await handled_submission(stack)
    path = f"/v1/handling/{submission_id}"

    skipped = await post(stack, f"{path}/status", handler, {"status": "closed"})
    early_reply = await post(
        stack, f"/v1/submissions/{submission_id}/replies", family, {"text": "hej"}
    )
    await post(stack, f"{path}/take", handler)
    taken_again = await post(stack, f"{path}/take", handler)
    unasked = await post(stack, f"{path}/status", handler, {"status": "waiting_for_family"})

    for refused in (skipped, early_reply, taken_again):
        assert (refused.status_code, refused.json()["code"]) == (409, "transition_not_allowed")
    assert (unasked.status_code, unasked.json()["code"]) == (422, "question_required")
    read = (await get(stack, path, handler)).json()
    assert read["status"] == "in_handling"
    assert [s["status"] for s in read["history"]] == ["received", "in_handling"]


async def test_status_changes_reach_the_topic_without_a_word_of_the_answers(
    stack: Stack,
) -> None:
    submission_id, family, handler = await handled_submission(stack)
    await post(stack, f"/v1/handling/{submission_id}/take", handler)
    await post(
        stack,
        f"/v1/handling/{submission_id}/status",
        handler,
        {"status": "waiting_for_family", "question": SECRET_QUESTION},
    )
    await post(stack, f"/v1/submissions/{submission_id}/replies", family, {"text": SECRET_REPLY})

    def changes(records: list[Record]) -> list[dict[str, Any]]:
        return [
            json.loads(r.value)
            for r in records
            if r.headers.get("ce_type") == FormStatusChanged.TYPE
            and r.key == submission_id.encode()
        ]

    records = await read_topic(
        stack.settings.kafka_bootstrap_servers,
        stack.settings.topic(FormStatusChanged.TOPIC),
        until=lambda records: len(changes(records)) == 3,
    )

    assert [(c["previous_status"], c["status"]) for c in changes(records)] == [
        ("received", "in_handling"),
        ("in_handling", "waiting_for_family"),
        ("waiting_for_family", "in_handling"),
    ]
    first = changes(records)[0]
    assert first["assignee"] == str(_subject(handler))
    assert (first["form_type"], first["submitted_by"]) == ("contact-request", str(_subject(family)))
    for record in records:
        for secret in (SECRET_MESSAGE, SECRET_QUESTION, SECRET_REPLY, "Ilona"):
            assert secret.encode() not in record.value


async def test_the_family_sees_its_own_status_and_nobody_else_does(stack: Stack) -> None:
    submission_id, family, handler = await handled_submission(stack)
    path = f"/v1/submissions/{submission_id}/status"

    own = await get(stack, path, family)
    other = await get(stack, path, stack.auth("guardian"))
    staff = await get(stack, path, handler)
    other_reply = await post(
        stack, f"/v1/submissions/{submission_id}/replies", stack.auth("guardian"), {"text": "x"}
    )

    assert own.status_code == 200, own.text
    assert own.json()["status"] == "received"
    assert [set(step) for step in own.json()["history"]] == [
        {"status", "previous_status", "at", "message"}  # not who handled it
    ]
    assert (other.status_code, other.json()["code"]) == (404, "submission_not_found")
    assert (other_reply.status_code, other_reply.json()["code"]) == (404, "submission_not_found")
    assert staff.status_code == 403


async def test_a_handlers_read_of_the_answers_is_in_the_familys_access_log(
    stack: Stack,
) -> None:
    submission_id, family, handler = await handled_submission(stack)

    read = await get(stack, f"/v1/handling/{submission_id}", handler)

    assert read.status_code == 200, read.text
    logged = await logged_about(stack, submission_id)
    assert [(e.actor, e.person, e.subject_kind, e.action, e.allowed) for e in logged] == [
        (_subject(handler), _subject(family), "submission", "read", True)
    ]


def _subject(headers: dict[str, str]) -> UUID:
    """The subject id in a minted token (the tests mint them, so they may read them)."""
    token = headers["Authorization"].removeprefix("Bearer ")
    return UUID(jwt.decode(token, options={"verify_signature": False})["sub"])
