"""The pure parts of field encryption: master keys from the settings, wrapping data keys,
and tokens (fc_shared.field_keys)."""

from __future__ import annotations

import base64
from pathlib import Path
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import SecretStr
from structlog.testing import capture_logs

from fc_shared.field_keys import (
    Keyring,
    KeyringError,
    TokenInvalid,
    UnknownMasterKey,
    WrongMasterKey,
    ensure_dev_field_key,
    field_aad,
    new_master_key_entry,
    open_token,
    seal,
    token_generation,
)
from fc_shared.settings import Settings

OLD = new_master_key_entry("old")
NEW = new_master_key_entry("new")
DATA_KEY = bytes(range(32))


def test_one_entry_is_the_current_key_without_naming_it() -> None:
    keyring = Keyring.parse(OLD)
    assert keyring.current == "old"
    assert keyring.keys["old"] == base64.b64decode(OLD.split(":")[1])


def test_several_entries_need_the_current_id() -> None:
    assert Keyring.parse(f"{OLD}, {NEW}", "new").current == "new"
    with pytest.raises(KeyringError, match="FC_FIELD_KEY_ID must name the current"):
        Keyring.parse(f"{OLD},{NEW}")
    with pytest.raises(KeyringError, match="'other' is not among the keys"):
        Keyring.parse(f"{OLD},{NEW}", "other")


@pytest.mark.parametrize(
    ("entries", "complaint"),
    [
        ("", "holds no key"),
        ("old", "each entry is id:base64key"),
        ("old:not base64!", "'old' is not base64"),
        (f"old:{base64.b64encode(b'short').decode()}", "'old' is not 32 bytes"),
        (f"{OLD},{OLD}", "'old' given twice"),
        (f"bad id{NEW[3:]}", "letters, digits"),
    ],
)
def test_malformed_master_keys_are_refused_with_a_reason(entries: str, complaint: str) -> None:
    with pytest.raises(KeyringError, match=complaint):
        Keyring.parse(entries, "old")


def test_a_keyring_never_shows_its_keys() -> None:
    keyring = Keyring.parse(OLD)
    assert OLD.split(":")[1] not in repr(keyring)
    assert "old" in repr(keyring)


def test_a_data_key_unwraps_with_the_master_key_named_beside_it() -> None:
    subject = uuid4()
    wrapped = Keyring.parse(OLD).wrap(subject, 1, DATA_KEY)
    assert wrapped.master_key_id == "old"
    assert DATA_KEY not in wrapped.blob
    assert Keyring.parse(f"{OLD},{NEW}", "new").unwrap(subject, 1, wrapped) == DATA_KEY


def test_a_missing_or_different_master_key_is_named_in_the_error() -> None:
    subject = uuid4()
    wrapped = Keyring.parse(OLD).wrap(subject, 1, DATA_KEY)
    with pytest.raises(UnknownMasterKey, match="master key 'old', which FC_FIELD_KEYS does not"):
        Keyring.parse(NEW).unwrap(subject, 1, wrapped)
    impostor = Keyring.parse(new_master_key_entry("old"))
    with pytest.raises(WrongMasterKey, match="master key 'old' does not unwrap"):
        impostor.unwrap(subject, 1, wrapped)


def test_a_wrapped_key_moved_to_another_subject_or_generation_does_not_unwrap() -> None:
    keyring = Keyring.parse(OLD)
    subject = uuid4()
    wrapped = keyring.wrap(subject, 1, DATA_KEY)
    with pytest.raises(WrongMasterKey):
        keyring.unwrap(uuid4(), 1, wrapped)
    with pytest.raises(WrongMasterKey):
        keyring.unwrap(subject, 2, wrapped)


@given(st.text())
def test_any_text_comes_back_from_its_token(plaintext: str) -> None:
    aad = field_aad(uuid4(), 3, "answer")
    token = seal(DATA_KEY, aad, 3, plaintext)
    assert token.startswith("v1.3.")
    assert token_generation(token) == 3
    assert open_token(DATA_KEY, aad, token) == plaintext


def test_a_token_is_bound_to_its_subject_field_and_generation() -> None:
    subject = uuid4()
    token = seal(DATA_KEY, field_aad(subject, 1, "hetu"), 1, "010203A123B")
    for aad in (
        field_aad(uuid4(), 1, "hetu"),
        field_aad(subject, 1, "phone"),
        field_aad(subject, 2, "hetu"),
    ):
        with pytest.raises(TokenInvalid, match="does not decrypt for this subject and field"):
            open_token(DATA_KEY, aad, token)


def test_an_altered_token_does_not_decrypt() -> None:
    aad = field_aad(uuid4(), 1, "")
    token = seal(DATA_KEY, aad, 1, "secret answer")
    altered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(TokenInvalid):
        open_token(DATA_KEY, aad, altered)


@pytest.mark.parametrize("token", ["", "010203A123B", "v2.1.AAAA", "v1.0.AAAA", "v1.1.A*A", "v1.1"])
def test_what_is_no_token_is_refused_as_such(token: str) -> None:
    with pytest.raises(TokenInvalid):
        open_token(DATA_KEY, b"", token)


def test_the_settings_master_keys_are_used_when_set(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, field_keys=SecretStr(f"{OLD},{NEW}"), field_key_id="new")
    keyring = Keyring.from_settings(settings)
    assert (keyring.current, sorted(keyring.keys)) == ("new", ["new", "old"])


def test_without_settings_only_a_development_key_written_beforehand_is_used(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path)
    with pytest.raises(KeyringError, match="FC_FIELD_KEYS is not set"):
        Keyring.from_settings(settings)
    path = ensure_dev_field_key(settings.dev_keys_dir)
    assert path.stat().st_mode & 0o777 == 0o600
    first = path.read_text()
    assert ensure_dev_field_key(settings.dev_keys_dir).read_text() == first  # made once
    with capture_logs() as logs:
        assert Keyring.from_settings(settings).current == "dev-1"
    assert [entry["event"] for entry in logs] == ["field_keys.development_key"]
    assert logs[0]["log_level"] == "warning"
