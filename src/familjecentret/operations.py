"""What `migrate` and `seed` do, callable from the command line and the tests."""

from __future__ import annotations

from familjecentret.services import SERVICES
from fc_network.seed import load_reference_data
from fc_shared.db import create_engine, create_sessions
from fc_shared.migrations import upgrade
from fc_shared.settings import Settings


async def migrate_all(settings: Settings) -> None:
    for spec in SERVICES:
        await upgrade(settings, spec.name, spec.migrations_dir)


async def seed_reference_data(settings: Settings) -> int:
    engine = create_engine(settings, "network")
    try:
        async with create_sessions(engine)() as session, session.begin():
            return await load_reference_data(session, settings)
    finally:
        await engine.dispose()
