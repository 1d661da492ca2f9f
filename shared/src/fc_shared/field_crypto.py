"""Field encryption at rest, for any service: envelope encryption with AES-256-GCM.

Each data subject (a person, or whatever a service erases as one) has its own random data
key, kept in the service's table `data_keys` (fc_shared.platform_tables.data_keys_table)
wrapped under a master key from the settings, with that master key's id beside it
(fc_shared.field_keys: `Keyring.from_settings`). Values are encrypted under the subject's
data key into printable tokens, `v1.<generation>.<base64url>`, bound to the subject and to a
field name as associated data, so a token copied to another subject's row or field does not
decrypt.

    keyring = Keyring.from_settings(settings)            # once, at start
    token = await encrypt_for(session, keyring, person, "010203A123B", field="hetu")
    clear = await decrypt_for(session, keyring, person, token, field="hetu")
    cipher = await cipher_for(session, keyring, person)  # several values, one key read
    await forget_subject(session, person)                # erasure: its tokens are unreadable
    await rewrap_all(session, keyring)                   # `familjecentret rotate-field-key`

All of it runs in the caller's transaction: the first `encrypt_for` of a subject creates its
data key there. `forget_subject` destroys the key (decrypting then raises `KeyDestroyed`);
encrypting for the same subject afterwards starts a new key (the next generation), and what
was encrypted before stays unreadable. Errors are `FieldCryptoError`s whose messages name
ids only, never a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import MetaData, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_shared.field_keys import (
    KEY_BYTES,
    FieldCryptoError,
    KeyDestroyed,
    Keyring,
    KeyringError,
    NoDataKey,
    TokenInvalid,
    UnknownMasterKey,
    WrappedKey,
    WrongMasterKey,
    field_aad,
    open_token,
    seal,
    token_generation,
)
from fc_shared.platform_tables import data_keys_table
from fc_shared.settings import Settings

__all__ = [
    "FieldCryptoError",
    "KeyDestroyed",
    "Keyring",
    "KeyringError",
    "NoDataKey",
    "SubjectCipher",
    "TokenInvalid",
    "UnknownMasterKey",
    "WrongMasterKey",
    "cipher_for",
    "decrypt_for",
    "encrypt_for",
    "forget_subject",
    "keyring_of",
    "rewrap_all",
]

DATA_KEYS = data_keys_table(MetaData())
_KEYRINGS: dict[tuple[str, str, str], Keyring] = {}


def keyring_of(settings: Settings) -> Keyring:
    """The field-encryption master keys of these settings, read once per process (cached by
    the settings that name them: the tests run services with different keys in one process)."""
    key = (
        settings.field_keys.get_secret_value(),
        settings.field_key_id,
        str(settings.dev_keys_dir),
    )
    if key not in _KEYRINGS:
        _KEYRINGS[key] = Keyring.from_settings(settings)
    return _KEYRINGS[key]


_COLUMNS = (DATA_KEYS.c.generation, DATA_KEYS.c.master_key_id, DATA_KEYS.c.wrapped_key)


@dataclass(frozen=True, slots=True)
class SubjectCipher:
    """One subject's live data key, to encrypt and decrypt several values with one read."""

    subject: UUID
    generation: int
    data_key: bytes = field(repr=False)

    def encrypt(self, plaintext: str, *, field: str = "") -> str:
        aad = field_aad(self.subject, self.generation, field)
        return seal(self.data_key, aad, self.generation, plaintext)

    def decrypt(self, token: str, *, field: str = "") -> str:
        generation = token_generation(token)
        if generation < self.generation:
            raise KeyDestroyed(f"the data key this token of {self.subject} used was destroyed")
        if generation > self.generation:
            raise TokenInvalid(f"token of a data key generation {self.subject} never had")
        return open_token(self.data_key, field_aad(self.subject, generation, field), token)


@dataclass(frozen=True, slots=True)
class _KeyRow:
    generation: int
    master_key_id: str | None
    wrapped_key: bytes | None


async def encrypt_for(
    session: AsyncSession, keyring: Keyring, subject: UUID, plaintext: str, *, field: str = ""
) -> str:
    """Encrypt one value for the subject, creating the subject's data key on first use."""
    cipher = await cipher_for(session, keyring, subject)
    return cipher.encrypt(plaintext, field=field)


async def decrypt_for(
    session: AsyncSession, keyring: Keyring, subject: UUID, token: str, *, field: str = ""
) -> str:
    """Decrypt a token made for this subject and field; `KeyDestroyed` once forgotten."""
    generation = token_generation(token)
    row = await _read(session, subject)
    if row is None:
        raise NoDataKey(f"no data key for {subject}: nothing was encrypted for it")
    if generation < row.generation or row.wrapped_key is None:
        raise KeyDestroyed(f"the data key of {subject} was destroyed: the data is erased")
    cipher = _cipher(keyring, subject, row)
    return cipher.decrypt(token, field=field)


async def cipher_for(session: AsyncSession, keyring: Keyring, subject: UUID) -> SubjectCipher:
    """The subject's live data key, created (or renewed after erasure) when it has none."""
    row = await _read(session, subject)
    if row is None:
        row = await _insert(session, keyring, subject) or await _read(session, subject)
    if row is not None and row.wrapped_key is None:
        row = await _renew(session, keyring, subject, row) or await _read(session, subject)
    if row is None or row.wrapped_key is None:  # erased again by a concurrent transaction
        raise KeyDestroyed(f"the data key of {subject} was destroyed while encrypting")
    return _cipher(keyring, subject, row)


async def forget_subject(session: AsyncSession, subject: UUID) -> bool:
    """Destroy the subject's data key; False when it had no live key to destroy."""
    result = await session.execute(
        update(DATA_KEYS)
        .where(DATA_KEYS.c.subject == subject, DATA_KEYS.c.wrapped_key.is_not(None))
        .values(wrapped_key=None, master_key_id=None, destroyed_at=func.now())
        .returning(DATA_KEYS.c.subject)
    )
    return result.first() is not None


async def rewrap_all(session: AsyncSession, keyring: Keyring, *, batch_size: int = 500) -> int:
    """Re-wrap every live data key not under the current master key; how many were.
    Idempotent: a second run finds none. Afterwards the older master keys can be removed."""
    count = 0
    while True:
        rows = (
            await session.execute(
                select(DATA_KEYS.c.subject, *_COLUMNS)
                .where(
                    DATA_KEYS.c.wrapped_key.is_not(None),
                    DATA_KEYS.c.master_key_id != keyring.current,
                )
                .order_by(DATA_KEYS.c.subject)
                .limit(batch_size)
                .with_for_update()
            )
        ).all()
        for row in rows:
            data_key = _unwrap(keyring, row.subject, _KeyRow(*row[1:]))
            await _store_wrapped(session, keyring, row.subject, row.generation, data_key)
        count += len(rows)
        if len(rows) < batch_size:
            return count


def _cipher(keyring: Keyring, subject: UUID, row: _KeyRow) -> SubjectCipher:
    return SubjectCipher(subject, row.generation, _unwrap(keyring, subject, row))


def _unwrap(keyring: Keyring, subject: UUID, row: _KeyRow) -> bytes:
    if row.master_key_id is None or row.wrapped_key is None:
        raise KeyDestroyed(f"the data key of {subject} was destroyed: the data is erased")
    wrapped = WrappedKey(row.master_key_id, row.wrapped_key)
    return keyring.unwrap(subject, row.generation, wrapped)


async def _read(session: AsyncSession, subject: UUID) -> _KeyRow | None:
    row = (await session.execute(select(*_COLUMNS).where(DATA_KEYS.c.subject == subject))).first()
    return None if row is None else _KeyRow(*row)


async def _insert(session: AsyncSession, keyring: Keyring, subject: UUID) -> _KeyRow | None:
    """A new data key, generation 1; None when a concurrent transaction made one first."""
    wrapped = keyring.wrap(subject, 1, _new_data_key())
    result = await session.execute(
        insert(DATA_KEYS)
        .values(subject=subject, generation=1, **_wrapped_values(wrapped))
        .on_conflict_do_nothing(index_elements=[DATA_KEYS.c.subject])
        .returning(*_COLUMNS)
    )
    row = result.first()
    return None if row is None else _KeyRow(*row)


async def _renew(
    session: AsyncSession, keyring: Keyring, subject: UUID, destroyed: _KeyRow
) -> _KeyRow | None:
    """The next generation's key after erasure; None when a concurrent one renewed it."""
    generation = destroyed.generation + 1
    wrapped = keyring.wrap(subject, generation, _new_data_key())
    result = await session.execute(
        update(DATA_KEYS)
        .where(DATA_KEYS.c.subject == subject, DATA_KEYS.c.wrapped_key.is_(None))
        .values(
            generation=generation,
            destroyed_at=None,
            wrapped_at=func.now(),
            **_wrapped_values(wrapped),
        )
        .returning(*_COLUMNS)
    )
    row = result.first()
    return None if row is None else _KeyRow(*row)


async def _store_wrapped(
    session: AsyncSession, keyring: Keyring, subject: UUID, generation: int, data_key: bytes
) -> None:
    wrapped = keyring.wrap(subject, generation, data_key)
    await session.execute(
        update(DATA_KEYS)
        .where(DATA_KEYS.c.subject == subject)
        .values(wrapped_at=func.now(), **_wrapped_values(wrapped))
    )


def _wrapped_values(wrapped: WrappedKey) -> dict[str, object]:
    return {"master_key_id": wrapped.master_key_id, "wrapped_key": wrapped.blob}


def _new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)
