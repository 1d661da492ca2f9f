"""The master keys of field encryption and the pure parts of it: no database here.

A `Keyring` holds the master keys by id and names the current one; it wraps a data subject's
data key (AES-256-GCM, bound to the subject and the key's generation as associated data) and
unwraps it again with the master key whose id was stored beside it. Tokens are the printable
form of one encrypted value: `v1.<generation>.<base64url(nonce | ciphertext and tag)>`.
How data keys are kept and used: fc_shared.field_crypto.

Master keys come from `FC_FIELD_KEYS` (`id:base64key` entries, comma-separated, each key 32
random bytes: `openssl rand -base64 32`) and `FC_FIELD_KEY_ID` (the current id; may be left
out when there is one key). Without `FC_FIELD_KEYS` the development key that
`familjecentret up` and `familjecentret dev-keys` write into the data directory is used, with
a warning in the log each time a keyring is built from it; a production deployment always
sets `FC_FIELD_KEYS` from a secret (docker-compose.yml, deploy/k8s/base/forms.yaml).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import structlog
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fc_shared.settings import Settings

log = structlog.get_logger(__name__)

KEY_BYTES = 32
NONCE_BYTES = 12
TOKEN_VERSION = "v1"
DEV_KEY_FILE = "field-keys"
DEV_KEY_ID = "dev-1"
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")
_TOKEN = re.compile(r"v1\.([1-9][0-9]{0,8})\.([A-Za-z0-9_-]+)")


class FieldCryptoError(Exception):
    """Field encryption could not do what was asked; the message says why (ids only)."""


class KeyringError(FieldCryptoError):
    """The master keys in the settings are missing or malformed."""


class UnknownMasterKey(FieldCryptoError):
    """A data key is wrapped under a master key id the keyring does not hold."""


class WrongMasterKey(FieldCryptoError):
    """The keyring holds a different key under the id a data key was wrapped with."""


class NoDataKey(FieldCryptoError):
    """Nothing was ever encrypted for this subject."""


class KeyDestroyed(FieldCryptoError):
    """The subject's data key was destroyed (erased): what it protected cannot be read."""


class TokenInvalid(FieldCryptoError):
    """Not a token, or one made for another subject or field, or altered."""


@dataclass(frozen=True, slots=True)
class WrappedKey:
    master_key_id: str
    blob: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class Keyring:
    """Master keys by id; data keys are wrapped under `current`."""

    keys: Mapping[str, bytes] = field(repr=False)
    current: str

    def __post_init__(self) -> None:
        for key_id, key in self.keys.items():
            if not _KEY_ID.fullmatch(key_id):
                raise KeyringError(f"master key id {key_id!r}: letters, digits, - and _ only")
            if len(key) != KEY_BYTES:
                raise KeyringError(f"master key {key_id!r} is not {KEY_BYTES} bytes")
        if self.current not in self.keys:
            raise KeyringError(f"the current master key id {self.current!r} is not among the keys")

    @classmethod
    def parse(cls, entries: str, current: str = "") -> Keyring:
        """From `id:base64key,id:base64key`; `current` may be empty when there is one key."""
        keys = parse_master_keys(entries)
        if not current:
            if len(keys) != 1:
                raise KeyringError("several master keys: FC_FIELD_KEY_ID must name the current")
            (current,) = keys
        return cls(keys, current)

    @classmethod
    def from_settings(cls, settings: Settings) -> Keyring:
        """`FC_FIELD_KEYS`/`FC_FIELD_KEY_ID`, or else the development key (logged loudly)."""
        entries = settings.field_keys.get_secret_value().strip()
        if entries:
            return cls.parse(entries, settings.field_key_id)
        path = settings.dev_keys_dir / DEV_KEY_FILE
        if not path.exists():
            raise KeyringError(
                "FC_FIELD_KEYS is not set: production sets it from a secret; for development "
                "`familjecentret dev-keys` writes a development key"
            )
        log.warning("field_keys.development_key", path=str(path))
        return cls.parse(path.read_text(encoding="ascii").strip(), settings.field_key_id)

    def wrap(self, subject: UUID, generation: int, data_key: bytes) -> WrappedKey:
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.keys[self.current]).encrypt(
            nonce, data_key, wrap_aad(subject, generation)
        )
        return WrappedKey(self.current, nonce + sealed)

    def unwrap(self, subject: UUID, generation: int, wrapped: WrappedKey) -> bytes:
        master = self.keys.get(wrapped.master_key_id)
        if master is None:
            raise UnknownMasterKey(
                f"data key of {subject} is wrapped under master key {wrapped.master_key_id!r}, "
                "which FC_FIELD_KEYS does not hold"
            )
        nonce, sealed = wrapped.blob[:NONCE_BYTES], wrapped.blob[NONCE_BYTES:]
        try:
            return AESGCM(master).decrypt(nonce, sealed, wrap_aad(subject, generation))
        except InvalidTag:
            raise WrongMasterKey(
                f"master key {wrapped.master_key_id!r} does not unwrap the data key of "
                f"{subject}: FC_FIELD_KEYS holds another key under that id, or the wrapped key "
                "was altered or moved"
            ) from None


def parse_master_keys(entries: str) -> dict[str, bytes]:
    keys: dict[str, bytes] = {}
    for entry in filter(None, (part.strip() for part in entries.split(","))):
        key_id, colon, encoded = entry.partition(":")
        if not colon:
            raise KeyringError("FC_FIELD_KEYS: each entry is id:base64key")
        if key_id in keys:
            raise KeyringError(f"FC_FIELD_KEYS: master key id {key_id!r} given twice")
        try:
            keys[key_id] = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise KeyringError(f"FC_FIELD_KEYS: master key {key_id!r} is not base64") from None
    if not keys:
        raise KeyringError("FC_FIELD_KEYS holds no key")
    return keys


def new_master_key_entry(key_id: str) -> str:
    """A fresh `id:base64key` entry for FC_FIELD_KEYS."""
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode('ascii')}"


def ensure_dev_field_key(directory: Path) -> Path:
    """Write the development master key once (`familjecentret up`, `dev-keys`, the tests)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / DEV_KEY_FILE
    if not path.exists():
        path.write_text(new_master_key_entry(DEV_KEY_ID) + "\n", encoding="ascii")
        path.chmod(0o600)
    return path


def wrap_aad(subject: UUID, generation: int) -> bytes:
    return b"fc-data-key/v1/" + subject.bytes + generation.to_bytes(4, "big")


def field_aad(subject: UUID, generation: int, field_name: str) -> bytes:
    return wrap_aad(subject, generation) + b"/" + field_name.encode("utf-8")


def seal(data_key: bytes, aad: bytes, generation: int, plaintext: str) -> str:
    """Encrypt one value into a token."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = nonce + AESGCM(data_key).encrypt(nonce, plaintext.encode("utf-8"), aad)
    body = base64.urlsafe_b64encode(sealed).rstrip(b"=").decode("ascii")
    return f"{TOKEN_VERSION}.{generation}.{body}"


def token_generation(token: str) -> int:
    """The data key generation a token was made with; TokenInvalid when it is no token."""
    return _parse_token(token)[0]


def open_token(data_key: bytes, aad: bytes, token: str) -> str:
    """Decrypt a token made by `seal` with the same key and associated data."""
    sealed = _parse_token(token)[1]
    if len(sealed) < NONCE_BYTES + 16:
        raise TokenInvalid("field-encryption token too short")
    try:
        plain = AESGCM(data_key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag:
        raise TokenInvalid("token does not decrypt for this subject and field") from None
    return plain.decode("utf-8")


def _parse_token(token: str) -> tuple[int, bytes]:
    match = _TOKEN.fullmatch(token)
    if match is None:
        raise TokenInvalid("not a field-encryption token (v1.<generation>.<base64>)")
    body = match.group(2)
    try:
        sealed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except binascii.Error:
        raise TokenInvalid("field-encryption token is not base64url") from None
    return int(match.group(1)), sealed
