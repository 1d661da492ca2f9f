"""Chat's rules without I/O: messages, tokens, who may act in a chat, what 112 says, and
how a caller is counted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from fc_chat.domain import chats, emergency, limits, tokens
from fc_chat.domain.chats import Chat, ChatStatus, Visitor
from fc_shared.refusals import Kind, Refused

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def a_chat(**changes: object) -> Chat:
    values: dict[str, object] = {
        "id": uuid4(),
        "queue_id": uuid4(),
        "queue_code": "youth-chat-sv",
        "municipality_code": None,
        "language": "sv",
        "status": ChatStatus.ACTIVE,
        "visitor_id": uuid4(),
        "visitor_subject": None,
        "on_behalf_of": None,
        "identity_verified": False,
        "professional_id": uuid4(),
        "topic": None,
        "requested_at": NOW,
        "started_at": NOW,
        "ended_at": None,
        "closing_code": None,
        "emergency_shown": False,
        "last_seq": 3,
        "visitor_present_until": None,
        "visitor_seen_at": None,
        "answer_waiting_at": None,
    }
    values.update(changes)
    return Chat(**values)  # type: ignore[arg-type]


def refused_code(call: object, *args: object) -> str:
    with pytest.raises(Refused) as refused:
        call(*args)  # type: ignore[operator]
    return refused.value.code


def test_a_message_keeps_newlines_and_loses_control_characters() -> None:
    assert chats.clean_text("  hej\u0000 där\n\tdu\u200b  ", 100) == "hej där\n\tdu"


@pytest.mark.parametrize("text", ["", "   ", "\n\t ", "\u0000\u0007"])
def test_an_empty_message_is_refused(text: str) -> None:
    assert refused_code(chats.clean_text, text, 100) == "message_empty"


def test_a_message_over_the_limit_is_refused_with_the_limit() -> None:
    with pytest.raises(Refused) as refused:
        chats.clean_text("a" * 101, 100)
    assert refused.value.code == "message_too_long"
    assert refused.value.kind is Kind.INVALID
    assert refused.value.extensions["max_chars"] == 100
    assert chats.clean_text("a" * 100, 100) == "a" * 100


def test_only_the_chats_own_visitor_is_let_in() -> None:
    chat = a_chat()
    chats.check_visitor(chat, Visitor(token_holder=chat.visitor_id))
    assert refused_code(chats.check_visitor, chat, Visitor(token_holder=uuid4())) == (
        "chat_not_found"
    )
    assert refused_code(chats.check_visitor, chat, Visitor(subject=uuid4())) == "chat_not_found"
    youth = uuid4()
    identified = a_chat(visitor_id=None, visitor_subject=youth)
    chats.check_visitor(identified, Visitor(subject=youth))
    assert refused_code(chats.check_visitor, identified, Visitor()) == "chat_not_found"


def test_only_the_professional_who_has_the_chat_acts_in_it() -> None:
    chat = a_chat()
    assert chat.professional_id is not None
    chats.check_professional_of(chat, chat.professional_id)
    assert refused_code(chats.check_professional_of, chat, uuid4()) == "not_your_chat"
    waiting = a_chat(status=ChatStatus.WAITING, professional_id=None)
    assert refused_code(chats.check_professional_of, waiting, uuid4()) == "not_your_chat"
    closed = a_chat(status=ChatStatus.CLOSED)
    assert refused_code(chats.check_professional_of, closed, chat.professional_id) == (
        "chat_closed"
    )


def test_the_limit_counts_open_chats() -> None:
    chats.check_under_limit(2, 3)
    assert refused_code(chats.check_under_limit, 3, 3) == "over_chat_limit"


def test_only_an_open_anonymous_chat_becomes_identified() -> None:
    chats.check_identifiable(a_chat())
    assert refused_code(chats.check_identifiable, a_chat(visitor_subject=uuid4())) == (
        "already_identified"
    )
    assert refused_code(chats.check_identifiable, a_chat(status=ChatStatus.ABANDONED)) == (
        "chat_closed"
    )


def test_a_token_is_random_well_formed_and_kept_only_as_a_hash() -> None:
    first, second = tokens.new_token(), tokens.new_token()
    assert first != second
    assert tokens.well_formed(first)
    assert len(tokens.token_hash(first)) == 32
    assert tokens.token_hash(first) != tokens.token_hash(second)
    assert first.encode() not in tokens.token_hash(first)


@pytest.mark.parametrize(
    "token",
    ["", "fcc_", "fcc_short", "xyz_" + "a" * 43, "fcc_" + "a" * 42 + "!", "fcc_" + "a" * 44],
)
def test_a_malformed_token_is_not_well_formed(token: str) -> None:
    assert not tokens.well_formed(token)


def test_the_token_refusals_are_401_and_403() -> None:
    assert tokens.token_invalid().kind is Kind.UNAUTHORIZED
    assert tokens.token_revoked().kind is Kind.NOT_ALLOWED


@pytest.mark.parametrize("language", ["sv", "fi", "en", "de"])
def test_the_emergency_text_gives_112_and_the_crisis_line(language: str) -> None:
    text = emergency.emergency_text(language)
    assert "112" in text
    assert emergency.CRISIS_LINES.get(language, emergency.CRISIS_LINES["sv"]) in text


def test_a_caller_is_counted_under_the_days_salt_only() -> None:
    salt, other = b"a" * 32, b"b" * 32
    key = limits.caller_key(salt, "192.0.2.1")
    assert len(key) == 32
    assert key == limits.caller_key(salt, "192.0.2.1")
    assert key != limits.caller_key(other, "192.0.2.1")
    assert b"192.0.2.1" not in key
    late = datetime(2026, 11, 24, 22, 30, tzinfo=UTC)  # 00:30 in Helsinki
    assert limits.salt_day(late).isoformat() == "2026-11-25"
    assert limits.hour_window(late) == datetime(2026, 11, 24, 22, 0, tzinfo=UTC)
    assert limits.too_many("messages", 30, timedelta(minutes=1)).kind is Kind.TOO_MANY
