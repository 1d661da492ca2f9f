"""Families that predate their snapshots (or whose snapshot an upgrade changed) are told to
the other services once more when network starts."""

from __future__ import annotations

import asyncio
import json
from typing import Any
from uuid import uuid4

from sqlalchemy import text

from familjecentret.testing import Record, Stack, eventually, open_case_for, read_topic
from fc_network.use_cases import relationships
from fc_shared.events import CaseTeamChanged, FamilyChanged
from fc_shared.service import ServiceContext


def of_family(records: list[Record], family_id: str, type_: str) -> list[dict[str, Any]]:
    return [
        json.loads(r.value)
        for r in records
        if r.headers["ce_type"] == type_ and json.loads(r.value)["family_id"] == family_id
    ]


async def test_a_family_marked_by_a_migration_is_published_once_more(stack: Stack) -> None:
    guardian = uuid4()
    registered = await stack.client.post(
        stack.url("network", "/v1/families"),
        headers=stack.auth("guardian", subject=guardian),
        json={
            "guardians": [{"name": "Anna", "subject": str(guardian)}],
            "children": [{"name": "Elsa", "birth_date": "2022-05-01"}],
        },
    )
    family_id = registered.json()["id"]
    await open_case_for(stack, family_id, guardian=guardian, professional=uuid4())
    app: Any = stack.servers["network"].config.app
    context: ServiceContext = app.state.context
    async with context.transaction() as session:  # what migration 0012 does to every family
        await session.execute(
            text("UPDATE families SET republish = true WHERE id = :id"), {"id": family_id}
        )

    published = await relationships.republish_marked(context)
    again = await relationships.republish_marked(context)

    assert published >= 1
    assert again == 0  # the mark is cleared: published once, not at every start

    def republished(records: list[Record]) -> bool:
        return (
            len(of_family(records, family_id, FamilyChanged.TYPE)) >= 2
            and len(of_family(records, family_id, CaseTeamChanged.TYPE)) >= 2
        )

    records = await read_topic(
        stack.settings.kafka_bootstrap_servers,
        stack.settings.topic(FamilyChanged.TOPIC),
        until=republished,
    )
    families = of_family(records, family_id, FamilyChanged.TYPE)
    teams = of_family(records, family_id, CaseTeamChanged.TYPE)
    assert families[-1]["guardians"] == [str(guardian)]
    revisions = sorted(s["revision"] for s in families + teams)
    assert revisions == list(range(1, len(revisions) + 1))  # one counter, no gaps


async def test_a_family_a_request_is_working_on_is_waited_for_not_left_out(stack: Stack) -> None:
    guardian = uuid4()
    registered = await stack.client.post(
        stack.url("network", "/v1/families"),
        headers=stack.auth("guardian", subject=guardian),
        json={
            "guardians": [{"name": "Anna", "subject": str(guardian)}],
            "children": [{"name": "Elsa", "birth_date": "2022-05-01"}],
        },
    )
    family_id = registered.json()["id"]
    app: Any = stack.servers["network"].config.app
    context: ServiceContext = app.state.context
    async with context.transaction() as session:
        await session.execute(
            text("UPDATE families SET republish = true WHERE id = :id"), {"id": family_id}
        )

    async with context.sessions() as request, request.begin():
        # A request holding the family's row, as case requests and openings do.
        await request.execute(
            text("SELECT id FROM families WHERE id = :id FOR UPDATE"), {"id": family_id}
        )
        republishing = asyncio.create_task(relationships.republish_marked(context))

        async def waiting_or_done() -> bool:
            if republishing.done():
                return True
            async with context.sessions() as probe:
                waits = await probe.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted"))
            return bool(waits)

        await eventually(waiting_or_done, what="the republish to wait for the family's row")
    published = await republishing

    assert published >= 1
    async with context.sessions() as session:
        still_marked = await session.scalar(
            text("SELECT republish FROM families WHERE id = :id"), {"id": family_id}
        )
    assert still_marked is False
