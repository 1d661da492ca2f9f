"""Notify words every queue chat starts with: a letter about a chat names its queue in
words, never by its code (notify cannot import chat, so this cross-check lives here)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import fc_notify
from fc_chat.domain.reference import REFERENCE_QUEUES

TEMPLATES = Path(fc_notify.__file__).parent / "templates"


@pytest.mark.parametrize("language", ["sv", "fi", "en"])
def test_every_reference_queue_has_words_in_notify(language: str) -> None:
    words = tomllib.loads((TEMPLATES / language / "words.toml").read_text())["chat_queue"]

    assert {queue.code for queue in REFERENCE_QUEUES} <= set(words)
