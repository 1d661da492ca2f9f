"""The tables module says what the migrated database enforces: every constraint and index it
names exists in the booking database as the migrations built it."""

from __future__ import annotations

from sqlalchemy import text

from familjecentret.testing import Stack
from fc_booking.store.tables import metadata
from fc_shared.db import create_engine


async def test_every_constraint_and_index_in_tables_py_is_in_the_migrated_database(
    stack: Stack,
) -> None:
    names = [
        constraint.name for table in metadata.tables.values() for constraint in table.constraints
    ]
    names += [index.name for table in metadata.tables.values() for index in table.indexes]
    declared = {str(name) for name in names if isinstance(name, str)}
    engine = create_engine(stack.settings, "booking")
    try:
        async with engine.connect() as connection:
            constraints = set(
                (
                    await connection.execute(
                        text(
                            "SELECT conname FROM pg_constraint c JOIN pg_namespace n "
                            "ON n.oid = c.connamespace WHERE n.nspname = 'public'"
                        )
                    )
                ).scalars()
            )
            indexes = set(
                (
                    await connection.execute(
                        text("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
                    )
                ).scalars()
            )
    finally:
        await engine.dispose()

    assert declared - constraints - indexes == set()
    assert {
        "slots_no_overlap",
        "one_active_booking_per_participant",
        "slot_within_capacity",
    } <= declared
