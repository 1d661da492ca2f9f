"""Migration 0006 gives the bookings made before it who made them, from what their rows
already say: staff a network meeting's, a youth their own (their child record, or nobody on
a youth activity), a guardian the rest; an unconfirmed hold on a youth activity stays
unknown, as either could have made it."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from alembic import command
from sqlalchemy import text

import fc_booking
from familjecentret.testing import Infra, make_settings
from fc_shared.db import create_engine
from fc_shared.migrations import alembic_config, ensure_database
from fc_shared.settings import Settings


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


async def a_slot(settings: Settings, room: UUID, *, days: int, kind: str, audience: str) -> UUID:
    slot, starts_at = uuid4(), datetime.now(UTC) + timedelta(days=days)
    await execute(
        settings,
        "INSERT INTO slots (id, resource_id, starts_at, ends_at, capacity, booked_count, "
        "created_by, kind, activity, audience) VALUES (:slot, :room, :starts, :ends, 9, 0, "
        ":room, :kind, 'peer_group', :audience)",
        slot=slot,
        room=room,
        starts=starts_at,
        ends=starts_at + timedelta(hours=1),
        kind=kind,
        audience=audience,
    )
    return slot


async def a_booking(
    settings: Settings, slot: UUID, by: UUID, child: UUID | None, status: str = "confirmed"
) -> UUID:
    booking = uuid4()
    await execute(
        settings,
        "INSERT INTO bookings (id, slot_id, booked_by, status, child_id) "
        "VALUES (:booking, :slot, :by, :status, :child)",
        booking=booking,
        slot=slot,
        by=by,
        status=status,
        child=child,
    )
    return booking


async def test_the_bookings_made_so_far_say_who_made_them(infra: Infra) -> None:
    settings = make_settings(infra)
    await ensure_database(settings, "booking")
    await migrate(settings, "0005")
    family, guardian, youth, child, teenager, room = (uuid4() for _ in range(6))
    await execute(settings, "INSERT INTO families (family_id, revision) VALUES (:f, 1)", f=family)
    await execute(
        settings,
        "INSERT INTO family_guardians (family_id, guardian) VALUES (:f, :g)",
        f=family,
        g=guardian,
    )
    await execute(
        settings,
        "INSERT INTO family_children (child_id, family_id, birth_date, subject) VALUES "
        "(:child, :f, :small, NULL), (:teenager, :f, :teen, :youth)",
        child=child,
        teenager=teenager,
        f=family,
        small=date(2023, 1, 1),
        teen=date(2011, 1, 1),
        youth=youth,
    )
    await execute(settings, "INSERT INTO resources (id, kind) VALUES (:r, 'room')", r=room)
    group = await a_slot(settings, room, days=3, kind="group", audience="small_children")
    evening = await a_slot(settings, room, days=4, kind="group", audience="youth")
    meeting = await a_slot(settings, room, days=5, kind="network_meeting", audience="family")
    later = await a_slot(settings, room, days=6, kind="group", audience="youth")
    expected = {
        await a_booking(settings, group, guardian, child): "guardian",
        await a_booking(settings, group, guardian, None): "guardian",  # for themselves
        await a_booking(settings, evening, guardian, teenager): "guardian",  # for their teen
        await a_booking(settings, later, youth, teenager): "youth",
        await a_booking(settings, evening, uuid4(), None): "youth",  # a youth with no record
        await a_booking(settings, evening, uuid4(), None, "held"): None,  # either could have
        await a_booking(settings, meeting, guardian, None): "staff",
    }

    await migrate(settings, "head")

    rows = await execute(settings, "SELECT id, booked_as FROM bookings")
    assert {row.id: row.booked_as for row in rows} == expected
