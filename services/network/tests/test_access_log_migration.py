"""Migration 0013 turns network's earlier access log into the shape every service shares,
in place: the entries a database at 0012 holds stay, each about its family as a whole, and
the guardians' `access-log` answer reads them as before."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from alembic import command
from sqlalchemy import text

import fc_network
from familjecentret.testing import Infra, make_settings, start_stack
from fc_shared import access_log
from fc_shared.db import create_engine, create_sessions
from fc_shared.migrations import alembic_config, ensure_database
from fc_shared.settings import Settings


async def migrate_to(settings: Settings, revision: str) -> None:
    config = alembic_config(settings, "network", fc_network.MIGRATIONS_DIR)
    await asyncio.to_thread(command.upgrade, config, revision)


async def a_family_with_old_entries(settings: Settings, guardian: UUID) -> tuple[UUID, UUID]:
    """At revision 0012: a family with its confirmed guardian, an allowed read by a
    professional and a refused one by a stranger; the family and the stranger."""
    family_id, professional, stranger = uuid4(), uuid4(), uuid4()
    at = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    engine = create_engine(settings, "network")
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text("INSERT INTO families (id, created_by) VALUES (:id, :guardian)"),
                {"id": family_id, "guardian": guardian},
            )
            await connection.execute(
                text(
                    "INSERT INTO family_members (id, family_id, role, subject, name, confirmed_at) "
                    "VALUES (:id, :family, 'guardian', :guardian, 'Anna', now())"
                ),
                {"id": uuid4(), "family": family_id, "guardian": guardian},
            )
            for actor, allowed, moment in (
                (professional, True, at),
                (stranger, False, at + timedelta(hours=1)),
            ):
                await connection.execute(
                    text(
                        "INSERT INTO access_log (actor, family_id, action, purpose, allowed, at) "
                        "VALUES (:actor, :family, 'read', 'case work', :allowed, :at)"
                    ),
                    {"actor": actor, "family": family_id, "allowed": allowed, "at": moment},
                )
    finally:
        await engine.dispose()
    return family_id, stranger


async def test_the_access_log_of_0012_survives_the_upgrade_and_reads_as_before(
    infra: Infra,
) -> None:
    settings = make_settings(infra)
    await ensure_database(settings, "network")
    await migrate_to(settings, "0012")
    guardian = uuid4()
    family_id, stranger = await a_family_with_old_entries(settings, guardian)

    await migrate_to(settings, "head")

    engine = create_engine(settings, "network")
    try:
        async with create_sessions(engine)() as session:
            entries = await access_log.entries_about(session, family_ids=[family_id])
    finally:
        await engine.dispose()
    assert (entries[0].actor, entries[0].allowed) == (stranger, False)  # newest first
    assert len(entries) == 2
    assert {(e.subject_kind, e.subject_id, e.family_id, e.person) for e in entries} == {
        ("family", family_id, family_id, None)
    }
    async with start_stack(settings, infra.smtp, services=["network"]) as stack:
        answer = await stack.client.get(
            stack.url("network", f"/v1/families/{family_id}/access-log"),
            headers=stack.auth("guardian", subject=guardian),
        )
    assert answer.status_code == 200, answer.text
    assert [(e["actor"], e["action"], e["purpose"], e["allowed"]) for e in answer.json()] == [
        (str(e.actor), "read", "case work", e.allowed) for e in entries
    ]
    assert [datetime.fromisoformat(e["at"]) for e in answer.json()] == [e.at for e in entries]
