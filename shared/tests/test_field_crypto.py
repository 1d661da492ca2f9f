"""Field encryption against real PostgreSQL: a forms database of the test's own, migrated by
forms' migrations, holds the data keys (fc_shared.field_crypto)."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from uuid import UUID, uuid4

import pytest
import pytest_asyncio
from pydantic import SecretStr
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from familjecentret.cli import app
from familjecentret.settings import StackSettings
from familjecentret.testing import Infra, make_settings, prepare_databases
from fc_shared.db import Sessions, create_engine, create_sessions
from fc_shared.field_crypto import (
    DATA_KEYS,
    KeyDestroyed,
    Keyring,
    NoDataKey,
    TokenInvalid,
    UnknownMasterKey,
    WrongMasterKey,
    cipher_for,
    decrypt_for,
    encrypt_for,
    forget_subject,
)
from fc_shared.field_keys import new_master_key_entry

OLD = new_master_key_entry("old")
NEW = new_master_key_entry("new")
HETU = "131052-308T"
ANSWER = "Vi behöver stöd med sömnen, pappa är sjuk."


def settings_with_keys(infra: Infra, entries: str, current: str) -> StackSettings:
    settings = make_settings(infra)
    return settings.model_copy(update={"field_keys": SecretStr(entries), "field_key_id": current})


@pytest.fixture(scope="module")
def crypto_settings(infra: Infra) -> StackSettings:
    settings = settings_with_keys(infra, OLD, "old")
    asyncio.run(prepare_databases(settings, ["forms"]))
    return settings


@pytest.fixture(scope="module")
def keyring(crypto_settings: StackSettings) -> Keyring:
    return Keyring.from_settings(crypto_settings)


@pytest_asyncio.fixture(scope="module")
async def sessions(crypto_settings: StackSettings) -> AsyncIterator[Sessions]:
    engine = create_engine(crypto_settings, "forms")
    try:
        yield create_sessions(engine)
    finally:
        await engine.dispose()


async def encrypt(sessions: Sessions, keyring: Keyring, subject: UUID, clear: str) -> str:
    async with sessions() as session, session.begin():
        return await encrypt_for(session, keyring, subject, clear, field="hetu")


async def decrypt(sessions: Sessions, keyring: Keyring, subject: UUID, token: str) -> str:
    async with sessions() as session, session.begin():
        return await decrypt_for(session, keyring, subject, token, field="hetu")


async def test_a_value_comes_back_in_a_later_transaction(
    sessions: Sessions, keyring: Keyring
) -> None:
    subject = uuid4()
    first = await encrypt(sessions, keyring, subject, HETU)
    second = await encrypt(sessions, keyring, subject, HETU)

    assert first.startswith("v1.1.")
    assert first != second  # a fresh nonce each time
    assert await decrypt(sessions, keyring, subject, first) == HETU
    assert await decrypt(sessions, keyring, subject, second) == HETU


async def test_the_clear_text_and_the_data_key_are_nowhere_in_the_table(
    sessions: Sessions, keyring: Keyring
) -> None:
    subject = uuid4()
    async with sessions() as session, session.begin():
        cipher = await cipher_for(session, keyring, subject)
        tokens = [cipher.encrypt(HETU, field="hetu"), cipher.encrypt(ANSWER, field="answer")]
    async with sessions() as session:
        rows = (await session.execute(text("SELECT * FROM data_keys"))).all()
    stored = [as_bytes(value) for row in rows for value in row] + [
        as_bytes(token) for token in tokens
    ]
    secrets = [HETU.encode(), ANSWER.encode(), ANSWER.encode("utf-16-le"), cipher.data_key]
    for secret in secrets:
        assert not any(secret in value for value in stored)
    for token in tokens:
        body = token.split(".")[2]
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        assert not any(secret in raw for secret in secrets)


def as_bytes(value: object) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()


async def test_a_token_does_not_decrypt_for_another_subject_or_field(
    sessions: Sessions, keyring: Keyring
) -> None:
    owner, other = uuid4(), uuid4()
    token = await encrypt(sessions, keyring, owner, HETU)
    await encrypt(sessions, keyring, other, "something of theirs")

    with pytest.raises(TokenInvalid, match="does not decrypt for this subject and field"):
        await decrypt(sessions, keyring, other, token)
    async with sessions() as session:
        with pytest.raises(TokenInvalid):
            await decrypt_for(session, keyring, owner, token, field="phone")
    with pytest.raises(NoDataKey, match="nothing was encrypted for it"):
        await decrypt(sessions, keyring, uuid4(), token)


async def test_forgetting_a_subject_makes_its_tokens_unreadable(
    sessions: Sessions, keyring: Keyring
) -> None:
    subject = uuid4()
    token = await encrypt(sessions, keyring, subject, HETU)
    async with sessions() as session, session.begin():
        assert await forget_subject(session, subject) is True
        assert await forget_subject(session, subject) is False  # nothing left to destroy

    with pytest.raises(KeyDestroyed, match="the data is erased"):
        await decrypt(sessions, keyring, subject, token)
    async with sessions() as session:
        row = (await session.execute(select(DATA_KEYS).where(DATA_KEYS.c.subject == subject))).one()
    assert (row.wrapped_key, row.master_key_id) == (None, None)
    assert row.destroyed_at is not None

    # Encrypting for the same subject later starts a new key; the old tokens stay erased.
    renewed = await encrypt(sessions, keyring, subject, "new data")
    assert renewed.startswith("v1.2.")
    assert await decrypt(sessions, keyring, subject, renewed) == "new data"
    with pytest.raises(KeyDestroyed):
        await decrypt(sessions, keyring, subject, token)


async def test_a_keyring_without_the_data_keys_master_key_says_which_is_missing(
    sessions: Sessions, keyring: Keyring
) -> None:
    subject = uuid4()
    token = await encrypt(sessions, keyring, subject, HETU)

    with pytest.raises(UnknownMasterKey, match="master key 'old', which FC_FIELD_KEYS does not"):
        await decrypt(sessions, Keyring.parse(NEW), subject, token)
    with pytest.raises(WrongMasterKey, match="master key 'old' does not unwrap"):
        await decrypt(sessions, Keyring.parse(new_master_key_entry("old")), subject, token)


async def test_a_data_key_is_made_once_by_concurrent_first_uses(
    sessions: Sessions, keyring: Keyring
) -> None:
    subject = uuid4()
    tokens = await asyncio.gather(*(encrypt(sessions, keyring, subject, HETU) for _ in range(8)))
    for token in tokens:
        assert await decrypt(sessions, keyring, subject, token) == HETU


def cli_env(settings: StackSettings, entries: str, current: str) -> dict[str, str]:
    return {
        "FC_DATABASE_URL": settings.database_url,
        "FC_DATABASE_NAME_PREFIX": settings.database_name_prefix,
        "FC_DATA_DIR": str(settings.data_dir),
        "FC_FIELD_KEYS": entries,
        "FC_FIELD_KEY_ID": current,
    }


def rotate(settings: StackSettings, entries: str, current: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["rotate-field-key", "--service", "forms"], env=cli_env(settings, entries, current)
    )
    return result.exit_code, result.output


async def encrypt_many(settings: StackSettings, subjects: list[UUID]) -> list[str]:
    engine = create_engine(settings, "forms")
    keyring = Keyring.from_settings(settings)
    try:
        return [await encrypt(create_sessions(engine), keyring, s, HETU) for s in subjects]
    finally:
        await engine.dispose()


async def decrypt_all_and_count_old(
    settings: StackSettings, subjects: list[UUID], tokens: list[str]
) -> tuple[list[str], int]:
    engine = create_engine(settings, "forms")
    sessions, keyring = create_sessions(engine), Keyring.from_settings(settings)
    try:
        clear = [
            await decrypt(sessions, keyring, s, t) for s, t in zip(subjects, tokens, strict=True)
        ]
        async with sessions() as session:
            old = await session.scalar(
                select(func.count()).where(DATA_KEYS.c.master_key_id == "old")
            )
        return clear, old or 0
    finally:
        await engine.dispose()


def test_rotation_rewraps_every_data_key_so_the_old_master_key_can_go(infra: Infra) -> None:
    settings = settings_with_keys(infra, OLD, "old")
    asyncio.run(prepare_databases(settings, ["forms"]))
    subjects = [uuid4() for _ in range(3)]
    tokens = asyncio.run(encrypt_many(settings, subjects))

    # Without the old master key nothing can be re-wrapped: the error names the missing id.
    code, output = rotate(settings, NEW, "new")
    assert code == 1
    assert "master key 'old', which FC_FIELD_KEYS does not hold" in output

    code, output = rotate(settings, f"{OLD},{NEW}", "new")
    assert (code, output.strip()) == (0, "re-wrapped 3 data keys of forms under master key new")
    code, output = rotate(settings, f"{OLD},{NEW}", "new")  # idempotent
    assert (code, output.strip()) == (0, "re-wrapped 0 data keys of forms under master key new")

    only_new = settings_with_keys(infra, NEW, "new").model_copy(
        update={"database_name_prefix": settings.database_name_prefix}
    )
    clear, old = asyncio.run(decrypt_all_and_count_old(only_new, subjects, tokens))
    assert clear == [HETU] * 3
    assert old == 0


def test_rotating_a_database_without_data_keys_says_so(infra: Infra) -> None:
    settings = make_settings(infra)
    asyncio.run(prepare_databases(settings, ["notify"]))
    result = CliRunner().invoke(
        app, ["rotate-field-key", "--service", "notify"], env=cli_env(settings, OLD, "old")
    )
    assert result.exit_code == 1
    assert "notify's database has no data_keys table" in result.output
