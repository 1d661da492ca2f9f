"""What `migrate` and `seed` do, callable from the command line and the tests."""

from __future__ import annotations

from sqlalchemy.exc import ProgrammingError

from familjecentret.services import SERVICES
from fc_network.seed import load_reference_data
from fc_shared.db import create_engine, create_sessions, sqlstate
from fc_shared.field_crypto import FieldCryptoError, Keyring, rewrap_all
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
