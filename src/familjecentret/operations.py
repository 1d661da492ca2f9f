"""What `migrate` and `seed` do, callable from the command line and the tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from sqlalchemy.exc import ProgrammingError
from sqlalchemy.ext.asyncio import AsyncSession

from familjecentret.services import SERVICES
from fc_chat.seed import load_reference_queues
from fc_forms.seed import load_built_in_forms
from fc_network.seed import load_reference_data
from fc_shared.db import create_engine, create_sessions, sqlstate
from fc_shared.field_crypto import FieldCryptoError, Keyring, rewrap_all
from fc_shared.migrations import upgrade
from fc_shared.settings import Settings


async def migrate_all(settings: Settings) -> None:
    for spec in SERVICES:
        await upgrade(settings, spec.name, spec.migrations_dir)


# Each service with reference data, and what loads it (idempotent: twice changes nothing).
Seed = Callable[[AsyncSession, Settings], Awaitable[int]]
SEEDS: dict[str, Seed] = {
    "network": load_reference_data,
    "forms": load_built_in_forms,
    "chat": load_reference_queues,
}


async def seed_reference_data(settings: Settings, services: Iterable[str] | None = None) -> int:
    """Load the reference data of `services` (all that have some by default): network's
    municipalities and meeting points, forms' built-in forms and chat's queues. How many
    municipalities."""
    wanted = set(SEEDS if services is None else services)
    count = 0
    for name, load in SEEDS.items():
        if name not in wanted:
            continue
        engine = create_engine(settings, name)
        try:
            async with create_sessions(engine)() as session, session.begin():
                loaded = await load(session, settings)
        finally:
            await engine.dispose()
        count = loaded if name == "network" else count
    return count


async def rotate_field_key(settings: Settings, service: str) -> tuple[int, str]:
    """Re-wrap every data key in the service's database under the current master key; how
    many were, and the current key's id."""
    keyring = Keyring.from_settings(settings)
    engine = create_engine(settings, service)
    try:
        async with create_sessions(engine)() as session, session.begin():
            return await rewrap_all(session, keyring), keyring.current
    except ProgrammingError as error:
        if sqlstate(error) != "42P01":  # undefined_table
            raise
        raise FieldCryptoError(
            f"{service}'s database has no data_keys table: it encrypts no fields, or is not "
            "migrated yet"
        ) from None
    finally:
        await engine.dispose()
