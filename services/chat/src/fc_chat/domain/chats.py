"""A conversation's life and who may do what in it.

A chat waits in a queue, is taken by a professional on duty there (within their limit of
simultaneous chats), may be transferred to another professional or back to a queue, and is
closed by its professional with a closing code; a waiting chat the visitor leaves, or that
waits too long, is abandoned instead. The visitor is an anonymous holder of a capability
token or an identified guardian or youth, and only that visitor (never a guardian of a
youth) and the professionals who took part ever read it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from fc_shared.refusals import Refused, conflict, invalid, not_allowed, not_found


class ChatStatus(StrEnum):
    WAITING = "waiting"
    ACTIVE = "active"
    CLOSED = "closed"
    ABANDONED = "abandoned"


OPEN_STATUSES = frozenset({ChatStatus.WAITING, ChatStatus.ACTIVE})


class ClosingCode(StrEnum):
    """Why a professional closed a chat (the event's `closing_code`)."""

    ADVICE_GIVEN = "advice_given"
    REFERRED_ONWARDS = "referred_onwards"
    NO_ANSWER_NEEDED = "no_answer_needed"
    VISITOR_LEFT = "visitor_left"
    ACUTE_DANGER = "acute_danger"  # 112 and the crisis line were shown (closing shows them)
    INAPPROPRIATE = "inappropriate"
    BLOCKED = "blocked"  # the professional blocked the anonymous visitor's token


class AbandonReason(StrEnum):
    VISITOR_LEFT = "visitor_left"
    VISITOR_GONE = "visitor_gone"  # stopped listening longer than the queue allows
    WAIT_LIMIT = "wait_limit"  # nobody took it within the queue's longest wait


@dataclass(frozen=True, slots=True)
class Chat:
    id: UUID
    queue_id: UUID
    queue_code: str
    municipality_code: str | None
    language: str
    status: ChatStatus
    visitor_id: UUID | None  # the anonymous token holder (visitors table), if anonymous
    visitor_subject: UUID | None  # the identified guardian or youth
    on_behalf_of: UUID | None  # a guardian's child the chat is about
    identity_verified: bool
    professional_id: UUID | None
    topic: str | None
    requested_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    closing_code: str | None
    emergency_shown: bool
    last_seq: int
    visitor_present_until: datetime | None
    visitor_seen_at: datetime | None
    answer_waiting_at: datetime | None

    @property
    def identified(self) -> bool:
        return self.visitor_subject is not None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class Visitor:
    """Who calls as a visitor: a token's holder, an identified person, or both (the moment
    an anonymous visitor chooses to become identified)."""

    token_holder: UUID | None = None
    subject: UUID | None = None


def check_visitor(chat: Chat, visitor: Visitor) -> None:
    """The chat's own visitor, or nobody: a stranger learns nothing, not even that it exists."""
    if chat.visitor_id is not None and visitor.token_holder == chat.visitor_id:
        return
    if chat.visitor_subject is not None and visitor.subject == chat.visitor_subject:
        return
    raise no_such_chat(chat.id)


def no_such_chat(chat_id: UUID) -> Refused:
    return not_found("chat_not_found", f"There is no chat {chat_id} of yours.")


def check_open(chat: Chat) -> None:
    if not chat.is_open:
        raise conflict("chat_closed", "The chat has ended", "Nothing more can be done in it.")


def check_professional_of(chat: Chat, professional: UUID) -> None:
    """Only the professional who has the chat now acts in it."""
    check_open(chat)
    if chat.status is not ChatStatus.ACTIVE or chat.professional_id != professional:
        raise not_allowed("not_your_chat", "Another professional, or nobody yet, has this chat.")


def check_waiting(chat: Chat) -> None:
    check_open(chat)
    if chat.status is not ChatStatus.WAITING:
        raise conflict("chat_already_taken", "Someone already took this chat")


def check_under_limit(active: int, limit: int) -> None:
    if active >= limit:
        raise conflict(
            "over_chat_limit",
            "At your limit of chats",
            f"You have {active} chats open and your limit is {limit}; close one first.",
        )


def check_identifiable(chat: Chat) -> None:
    check_open(chat)
    if chat.identified:
        raise conflict("already_identified", "This chat is already identified")
    if chat.visitor_id is None:
        raise not_allowed("not_anonymous", "Only an anonymous chat can become identified.")


def waited_seconds(chat: Chat, until: datetime) -> int:
    return max(0, int((until - chat.requested_at).total_seconds()))


def chat_seconds(chat: Chat, until: datetime) -> int:
    return max(0, int((until - (chat.started_at or chat.requested_at)).total_seconds()))


def clean_text(text: str, max_chars: int) -> str:
    """A message as stored: control characters other than newline and tab removed,
    surrounding blanks trimmed; refused when nothing is left or it is too long."""
    kept = "".join(
        ch for ch in text if ch in "\n\t" or not unicodedata.category(ch).startswith("C")
    ).strip()
    if not kept:
        raise invalid("message_empty", "The message is empty", "Write something first.")
    if len(kept) > max_chars:
        raise invalid(
            "message_too_long",
            "The message is too long",
            f"A message holds at most {max_chars} characters; this one has {len(kept)}.",
            max_chars=max_chars,
        )
    return kept
