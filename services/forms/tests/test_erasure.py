"""Over HTTP against the real PostgreSQL: a submission past its form type's retention is
erased by one step of the job, with its handling and its file, and the erasure is in the
access log, while one within its retention stays; an admin erases a person's form data on
request, and the person's data key with it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import jwt
import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from familjecentret.testing import Stack
from fc_forms.domain.retention import RETENTION_JOB
from fc_forms.use_cases.erasure import erase_expired_once
from fc_shared.access_log import entries_about
from fc_shared.db import create_engine
from fc_shared.field_crypto import KeyDestroyed, decrypt_for, forget_subject, keyring_of

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HETU = "131052-308T"


def t(sv: str) -> dict[str, str]:
    return {"sv": sv, "fi": sv + " (fi)", "en": sv + " (en)"}


@pytest_asyncio.fixture
async def engine(stack: Stack) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(stack.settings, "forms")
    yield engine
    await engine.dispose()


async def form_with_a_file(stack: Stack) -> str:
    form_type = f"erasable-{uuid4().hex[:8]}"
    fields = [
        {"name": "hetu", "type": "identity_code", "required": True, "label": t("Hetu")},
        {"name": "certificate", "type": "attachment", "label": t("Intyg")},
    ]
    content = {"titles": t("Med fil"), "pages": [{"id": "p", "titles": t("S"), "fields": fields}]}
    base = f"/v1/form-definitions/{form_type}"
    admin = stack.auth("admin")
    saved = await stack.client.put(stack.url("forms", f"{base}/draft"), json=content, headers=admin)
    assert saved.status_code == 200, saved.text
    published = await stack.client.post(stack.url("forms", f"{base}/publish"), headers=admin)
    assert published.status_code == 201, published.text
    return form_type


async def submit_with_a_file(
    stack: Stack, engine: AsyncEngine, family: dict[str, str], form_type: str
) -> str:
    uploaded = await stack.client.post(
        stack.url("forms", "/v1/attachments"),
        files={"file": ("intyg.pdf", PDF, "application/pdf")},
        headers=family,
    )
    assert uploaded.status_code == 201, uploaded.text
    # This stack has no scanner, and only a clean file can be attached: mark it as a scan
    # would (test_attachments.py scans for real).
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE attachments SET status = 'clean' WHERE id = :id"),
            {"id": uploaded.json()["id"]},
        )
    answers = {"hetu": HETU, "certificate": uploaded.json()["id"]}
    sent = await stack.client.post(
        stack.url("forms", "/v1/submissions"),
        json={"form_type": form_type, "municipality_code": "905", "answers": answers},
        headers=family,
    )
    assert sent.status_code == 201, sent.text
    submission_id: str = sent.json()["id"]
    return submission_id


async def count(engine: AsyncEngine, sql: str, **params: Any) -> int:
    async with AsyncSession(engine) as session:
        return int((await session.execute(text(sql), params)).scalar_one())


async def held_of(engine: AsyncEngine, submission_id: str) -> tuple[int, int, int]:
    """The submission's rows, its handling rows, and the files its submitter uploaded."""
    params = {"id": UUID(submission_id)}
    return (
        await count(engine, "SELECT count(*) FROM submissions WHERE id = :id", **params),
        await count(engine, "SELECT count(*) FROM handling WHERE submission_id = :id", **params),
        await count(
            engine,
            "SELECT count(*) FROM attachments WHERE uploaded_by ="
            " (SELECT submitted_by FROM submissions WHERE id = :id)",
            **params,
        ),
    )


def subject_of(headers: dict[str, str]) -> UUID:
    token = headers["Authorization"].removeprefix("Bearer ")
    return UUID(jwt.decode(token, options={"verify_signature": False})["sub"])


async def test_a_submission_past_its_retention_is_erased_and_logged(
    stack: Stack, engine: AsyncEngine
) -> None:
    form_type = await form_with_a_file(stack)
    old_family, new_family = stack.auth("guardian"), stack.auth("guardian")
    old = await submit_with_a_file(stack, engine, old_family, form_type)
    new = await submit_with_a_file(stack, engine, new_family, form_type)
    async with AsyncSession(engine) as session, session.begin():
        # Past the default retention (two years) by a day.
        await session.execute(
            text("UPDATE submissions SET created_at = now() - interval '731 days' WHERE id = :id"),
            {"id": UUID(old)},
        )
    assert await held_of(engine, old) == (1, 1, 1)
    (attachment,) = await attachment_ids(engine, subject_of(old_family))

    async with AsyncSession(engine) as session, session.begin():
        erased = await erase_expired_once(session, stack.settings, now=datetime.now(UTC))

    assert erased >= 1
    assert await held_of(engine, old) == (0, 0, 0)
    assert (
        await count(engine, "SELECT count(*) FROM attachments WHERE id = :id", id=attachment) == 0
    )
    assert await held_of(engine, new) == (1, 1, 1)
    read = await stack.client.get(stack.url("forms", f"/v1/submissions/{old}"), headers=old_family)
    assert read.status_code == 404
    async with AsyncSession(engine) as session:
        logged = await entries_about(session, subject_ids=[UUID(old)])
    assert [(e.actor, e.action, e.purpose, e.person, e.subject_kind) for e in logged] == [
        (RETENTION_JOB, "erased", "retention", subject_of(old_family), "submission")
    ]


async def attachment_ids(engine: AsyncEngine, uploaded_by: UUID) -> list[UUID]:
    async with AsyncSession(engine) as session:
        query = text("SELECT id FROM attachments WHERE uploaded_by = :by")
        return [row[0] for row in await session.execute(query, {"by": uploaded_by})]


async def test_an_admin_erases_a_persons_form_data_and_their_key(
    stack: Stack, engine: AsyncEngine
) -> None:
    form_type = await form_with_a_file(stack)
    family, other = stack.auth("guardian"), stack.auth("guardian")
    person = subject_of(family)
    gone = await submit_with_a_file(stack, engine, family, form_type)
    kept = await submit_with_a_file(stack, engine, other, form_type)
    draft = await stack.client.put(
        stack.url("forms", f"/v1/drafts/{form_type}"),
        json={"answers": {"hetu": HETU}},
        headers=family,
    )
    assert draft.status_code == 200, draft.text
    async with AsyncSession(engine) as session:
        query = text("SELECT answers->'hetu'->>'$encrypted' FROM submissions WHERE id = :id")
        token = (await session.execute(query, {"id": UUID(gone)})).scalar_one()
    url = stack.url("forms", f"/v1/people/{person}/form-data")
    body = {"reason": "Begäran om radering, ärende 114"}

    refused = await stack.client.request("DELETE", url, json=body, headers=stack.auth("organiser"))
    admin = stack.auth("admin")
    erased = await stack.client.request("DELETE", url, json=body, headers=admin)

    assert refused.status_code == 403
    assert erased.status_code == 200, erased.text
    assert erased.json() == {"submissions": 1, "drafts": 1, "attachments": 1, "key_destroyed": True}
    assert await held_of(engine, gone) == (0, 0, 0)
    assert (
        await count(engine, "SELECT count(*) FROM answer_drafts WHERE subject = :s", s=person) == 0
    )
    assert await held_of(engine, kept) == (1, 1, 1)
    async with AsyncSession(engine) as session:
        keyring = keyring_of(stack.settings)
        with pytest.raises(KeyDestroyed):  # what a backup still holds cannot be read any more
            await decrypt_for(session, keyring, person, token, field=f"{form_type}/hetu")
        logged = await entries_about(session, persons=[person])
    assert {(e.actor, e.action, e.subject_kind, e.subject_id) for e in logged} >= {
        (subject_of(admin), "erased", "submission", UUID(gone)),
        (subject_of(admin), "erased", "person", None),
    }
    assert all(
        e.purpose == f"erasure_request: {body['reason']}" for e in logged if e.action == "erased"
    )


async def test_answers_whose_key_was_destroyed_are_answered_as_erased(
    stack: Stack, engine: AsyncEngine
) -> None:
    # As after a restore from a backup taken before an erasure: the row is back, its key not.
    form_type = await form_with_a_file(stack)
    family = stack.auth("guardian")
    submission = await submit_with_a_file(stack, engine, family, form_type)
    async with AsyncSession(engine) as session, session.begin():
        assert await forget_subject(session, subject_of(family))

    read = await stack.client.get(
        stack.url("forms", f"/v1/submissions/{submission}"), headers=family
    )
    assert (read.status_code, read.json()["code"]) == (410, "answers_erased")
