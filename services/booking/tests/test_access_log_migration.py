"""Migration 0005 turns booking's own access log into the platform's shape in place: every
entry made before it is still there, refused attempts marked as such, and a family's
GET /v1/access-log answers exactly as it did."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from alembic import command
from sqlalchemy import text

import fc_booking
from familjecentret.testing import Infra, make_settings
from fc_booking.api.schemas import AccessLogEntry
from fc_booking.use_cases.access_log import entries_for
from fc_shared.db import create_engine, create_sessions
from fc_shared.migrations import alembic_config, ensure_database
from fc_shared.settings import Settings

# The reader as it was at revision 0004 (fc_booking.store.access_log_of): the guardian's own
# entries and those about bookings made for their children.
OLD_READER = """
SELECT actor, booking_id, action, purpose, at FROM access_log
WHERE guardian = :guardian OR booking_id IN (
    SELECT b.id FROM bookings b
    WHERE b.child_id IS NOT NULL AND (b.booked_by = :guardian OR b.child_id IN (
        SELECT c.child_id FROM family_children c
        JOIN family_guardians g ON g.family_id = c.family_id
        WHERE g.guardian = :guardian)))
ORDER BY at DESC, id DESC
"""


async def migrate(settings: Settings, revision: str) -> None:
    config = alembic_config(settings, "booking", fc_booking.MIGRATIONS_DIR)
    await asyncio.to_thread(command.upgrade, config, revision)


async def execute(settings: Settings, statement: str, **params: Any) -> list[Any]:
    engine = create_engine(settings, "booking")
    try:
        async with engine.begin() as connection:
            result = await connection.execute(text(statement), params)
            return list(result) if result.returns_rows else []
    finally:
        await engine.dispose()


async def a_booking_for_a_child(settings: Settings, mother: UUID, father: UUID) -> UUID:
    """A family of two guardians and a child, and the mother's booking for the child."""
    family, child, room, slot, booking = uuid4(), uuid4(), uuid4(), uuid4(), uuid4()
    starts_at = datetime.now(UTC) + timedelta(days=3)
    steps: list[tuple[str, dict[str, Any]]] = [
        ("INSERT INTO families (family_id, revision) VALUES (:family, 1)", {}),
        (
            "INSERT INTO family_guardians (family_id, guardian) VALUES (:family, :mother), "
            "(:family, :father)",
            {"mother": mother, "father": father},
        ),
        (
            "INSERT INTO family_children (child_id, family_id, birth_date) "
            "VALUES (:child, :family, :born)",
            {"child": child, "born": date(2020, 5, 1)},
        ),
        ("INSERT INTO resources (id, kind) VALUES (:room, 'room')", {"room": room}),
        (
            "INSERT INTO slots (id, resource_id, starts_at, ends_at, capacity, booked_count, "
            "created_by, kind, activity, audience) VALUES (:slot, :room, :starts, :ends, 5, 1, "
            ":mother, 'group', 'peer_group', 'small_children')",
            {
                "slot": slot,
                "room": room,
                "starts": starts_at,
                "ends": starts_at + timedelta(hours=1),
                "mother": mother,
            },
        ),
        (
            "INSERT INTO bookings (id, slot_id, booked_by, status, child_id) "
            "VALUES (:booking, :slot, :mother, 'confirmed', :child)",
            {"booking": booking, "slot": slot, "mother": mother, "child": child},
        ),
    ]
    for statement, params in steps:
        await execute(settings, statement, family=family, **params)
    return booking


async def test_the_access_log_keeps_every_entry_and_answers_as_before(infra: Infra) -> None:
    settings = make_settings(infra)
    await ensure_database(settings, "booking")
    await migrate(settings, "0004")
    mother, father, staff, stranger, planner = (uuid4() for _ in range(5))
    booking = await a_booking_for_a_child(settings, mother, father)
    entries = [
        (staff, mother, booking, "read", "running the resource's calendar"),
        (stranger, mother, booking, "cancel_refused", "refused: not the caller's family"),
        (planner, mother, None, "read_free_times", "planning a network meeting"),
        (planner, father, None, "book_network_meeting_busy", "planning a network meeting"),
        (stranger, father, None, "book_refused", "refused: not the caller's family"),
    ]
    for minutes, (actor, guardian, booking_id, action, purpose) in enumerate(entries):
        await execute(
            settings,
            "INSERT INTO access_log (actor, guardian, booking_id, action, purpose, at) "
            "VALUES (:actor, :guardian, :booking, :action, :purpose, :at)",
            actor=actor,
            guardian=guardian,
            booking=booking_id,
            action=action,
            purpose=purpose,
            at=datetime(2026, 12, 1, 9, tzinfo=UTC) + timedelta(minutes=minutes),
        )
    before = {
        guardian: [
            AccessLogEntry(
                actor=r.actor, booking_id=r.booking_id, action=r.action, purpose=r.purpose, at=r.at
            )
            for r in await execute(settings, OLD_READER, guardian=guardian)
        ]
        for guardian in (mother, father)
    }

    await migrate(settings, "head")

    engine = create_engine(settings, "booking")
    try:
        async with create_sessions(engine)() as session:
            after = {
                guardian: [AccessLogEntry.of(e) for e in await entries_for(session, guardian)]
                for guardian in (mother, father)
            }
            stored = await entries_for(session, mother)
    finally:
        await engine.dispose()
    assert after == before
    assert len(before[mother]) == 3  # her own; the father's entries are not hers
    assert len(before[father]) == 4  # his two, and the two about the child's booking
    assert {(e.action, e.allowed, e.subject_kind) for e in stored} == {
        ("read", True, "booking"),
        ("cancel_refused", False, "booking"),
        ("read_free_times", True, "family"),
    }
    rows = await execute(settings, "SELECT action, allowed, person, family_id FROM access_log")
    assert len(rows) == len(entries)
    assert {row.action for row in rows if not row.allowed} == {
        "cancel_refused",
        "book_network_meeting_busy",
        "book_refused",
    }
    assert all(row.family_id is None and row.person is not None for row in rows)
