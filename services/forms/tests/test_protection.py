"""Over HTTP against the real PostgreSQL: identity codes and the answers a definition marks
sensitive are encrypted at rest, in submissions and in drafts; the submitter and a handler
read them in clear."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from familjecentret.testing import Stack, read_topic
from fc_shared.db import create_engine
from fc_shared.events import FormSubmitted

HETU = "131052-308T"
NOTE = "Astma och svår pollenallergi"
PLAIN = "Vi kommer på tisdag"


def t(sv: str) -> dict[str, str]:
    return {"sv": sv, "fi": sv + " (fi)", "en": sv + " (en)"}


def protected_form() -> dict[str, Any]:
    """An identity code, a sensitive text and a plain one."""
    return {
        "titles": t("Skyddat"),
        "pages": [
            {
                "id": "main",
                "titles": t("Sidan"),
                "fields": [
                    {"name": "hetu", "type": "identity_code", "required": True, "label": t("Hetu")},
                    {"name": "note", "type": "long_text", "sensitive": True, "label": t("Hälsa")},
                    {"name": "plain", "type": "text", "label": t("Annat")},
                ],
            }
        ],
    }


async def published_protected_form(stack: Stack) -> str:
    form_type = f"protected-{uuid4().hex[:8]}"
    base = f"/v1/form-definitions/{form_type}"
    saved = await stack.client.put(
        stack.url("forms", f"{base}/draft"), json=protected_form(), headers=stack.auth("admin")
    )
    assert saved.status_code == 200, saved.text
    published = await stack.client.post(
        stack.url("forms", f"{base}/publish"), headers=stack.auth("admin")
    )
    assert published.status_code == 201, published.text
    return form_type


async def rows_as_text(stack: Stack, table: str) -> str:
    """Every column of every row of the table, as PostgreSQL prints it."""
    engine = create_engine(stack.settings, "forms")
    try:
        async with AsyncSession(engine) as session:
            rows = await session.execute(text(f"SELECT t::text FROM {table} AS t"))
            return "\n".join(row[0] for row in rows)
    finally:
        await engine.dispose()


async def test_identity_codes_and_sensitive_answers_are_not_in_the_tables_in_clear(
    stack: Stack,
) -> None:
    form_type = await published_protected_form(stack)
    family = stack.auth("guardian")
    answers = {"hetu": HETU, "note": NOTE, "plain": PLAIN}
    drafts_url = stack.url("forms", f"/v1/drafts/{form_type}")

    saved = await stack.client.put(drafts_url, json={"answers": answers}, headers=family)
    assert saved.status_code == 200, saved.text
    in_drafts = await rows_as_text(stack, "answer_drafts")
    resumed = await stack.client.get(drafts_url, headers=family)
    assert resumed.json()["answers"] == answers

    sent = await stack.client.post(
        stack.url("forms", "/v1/submissions"),
        json={"form_type": form_type, "municipality_code": "905", "answers": answers},
        headers=family,
    )
    assert sent.status_code == 201, sent.text
    in_submissions = await rows_as_text(stack, "submissions")
    read = await stack.client.get(
        stack.url("forms", f"/v1/submissions/{sent.json()['id']}"), headers=family
    )

    assert PLAIN in in_drafts  # the rows are there, in text
    assert PLAIN in in_submissions
    for clear in (HETU, HETU.replace("-", ""), "308T", NOTE, "pollenallergi"):
        assert clear not in in_drafts
        assert clear not in in_submissions
    assert '"$encrypted"' in in_submissions
    assert read.status_code == 200, read.text
    assert read.json()["answers"] == answers

    # Nor on the topic: FormSubmitted says that the form arrived, never what it said.
    submission_id = sent.json()["id"]
    records = await read_topic(
        stack.settings.kafka_bootstrap_servers,
        stack.settings.topic(FormSubmitted.TOPIC),
        until=lambda records: any(submission_id.encode() in r.value for r in records),
    )
    on_topic = b"\n".join(r.value + str(r.headers).encode() for r in records)
    for clear in (HETU, HETU.replace("-", ""), NOTE, PLAIN):
        assert clear.encode() not in on_topic


async def test_a_handler_reads_the_protected_answers_in_clear(stack: Stack) -> None:
    form_type = await published_protected_form(stack)
    queue = await stack.client.post(
        stack.url("forms", "/v1/queues"),
        json={"form_type": form_type, "municipality_code": None},
        headers=stack.auth("admin"),
    )
    assert queue.status_code == 201, queue.text
    handler = uuid4()
    assigned = await stack.client.put(
        stack.url("forms", f"/v1/queues/{queue.json()['id']}/handlers/{handler}"),
        headers=stack.auth("organiser"),
    )
    assert assigned.status_code == 200, assigned.text
    answers = {"hetu": HETU, "note": NOTE}
    sent = await stack.client.post(
        stack.url("forms", "/v1/submissions"),
        json={"form_type": form_type, "municipality_code": "905", "answers": answers},
        headers=stack.auth("guardian"),
    )
    assert sent.status_code == 201, sent.text

    read = await stack.client.get(
        stack.url("forms", f"/v1/handling/{sent.json()['id']}"),
        headers=stack.auth("professional", subject=handler),
    )

    assert read.status_code == 200, read.text
    assert read.json()["answers"] == answers
