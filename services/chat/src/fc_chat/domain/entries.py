"""What a conversation is made of: numbered entries, one after another.

Every message and every turn of the chat (queued, taken, transferred, 112 shown, identified,
visitor left, closed) is an entry with the chat's next sequence number, so a reader that
knows the last number it saw (SSE's Last-Event-ID) can be given exactly what it missed, in
order. A transfer's note to the next professional is an entry only staff see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID


class EntryKind(StrEnum):
    MESSAGE = "message"
    QUEUED = "queued"
    TAKEN = "taken"
    TRANSFERRED = "transferred"
    NOTE = "note"  # a transfer's note, staff only
    EMERGENCY = "emergency"  # 112 and the crisis line, shown to the visitor
    IDENTIFIED = "identified"
    VISITOR_LEFT = "visitor_left"
    CLOSED = "closed"
    ABANDONED = "abandoned"


class Author(StrEnum):
    VISITOR = "visitor"
    PROFESSIONAL = "professional"
    SYSTEM = "system"


ENDING_KINDS = frozenset({EntryKind.CLOSED, EntryKind.ABANDONED})


@dataclass(frozen=True, slots=True)
class NewEntry:
    kind: EntryKind
    author: Author
    author_id: UUID | None = None  # a professional's pseudonymous id; never a visitor's
    text: str | None = None  # encrypted before it is stored
    staff_only: bool = False
    details: dict[str, Any] = field(default_factory=dict)  # codes and counts only


@dataclass(frozen=True, slots=True)
class Entry:
    chat_id: UUID
    seq: int
    kind: EntryKind
    author: Author
    author_id: UUID | None
    text: str | None
    staff_only: bool
    at: datetime
    details: dict[str, Any]


def visible_to_visitor(entry: Entry) -> bool:
    return not entry.staff_only
