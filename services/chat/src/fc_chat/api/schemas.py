"""The chat API's request and response bodies."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from pydantic import Field

from fc_chat.domain.chats import Chat, ChatStatus, ClosingCode
from fc_chat.domain.entries import Author, Entry, EntryKind
from fc_chat.domain.queues import (
    WEEKDAYS,
    Audience,
    Availability,
    HelpNumber,
    Queue,
    QueueState,
    Window,
)
from fc_chat.use_cases.queues import Place
from fc_shared.models import RequestModel, ResponseModel

Language = Literal["sv", "fi", "en"]
Texts = dict[Language, str]


def _texts(given: Texts) -> dict[str, str]:
    return {str(language): text for language, text in given.items()}


class WindowIn(RequestModel):
    weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    start: dt.time = Field(examples=["09:00"])
    end: dt.time = Field(examples=["15:00"], description="00:00 means midnight.")


class HelpNumberIo(RequestModel):
    names: Texts = Field(examples=[{"sv": "Kristelefonen", "fi": "Kriisipuhelin"}])
    number: str = Field(min_length=3, max_length=30, examples=["09 2525 0112"])


class QueueIn(RequestModel):
    names: Texts
    language: Language
    municipality_code: str | None = Field(default=None, pattern=r"^\d{3}$")
    audience: Audience = Audience.EVERYONE
    allows_anonymous: bool = False
    topics: list[str] = Field(default_factory=list, max_length=20)
    hours: list[WindowIn] = Field(max_length=50)
    closed_on_public_holidays: bool = True
    default_limit: int = Field(default=3, ge=1, le=10)
    max_wait_minutes: int = Field(default=30, ge=1, le=24 * 60)
    visitor_gone_seconds: int = Field(default=120, ge=10, le=3600)
    away_messages: Texts = Field(default_factory=dict)
    help_numbers: list[HelpNumberIo] = Field(default_factory=list, max_length=10)
    retention_days: int = Field(default=365, ge=1, le=3650)

    def queue(self, code: str, queue_id: UUID) -> Queue:
        return Queue(
            id=queue_id,
            code=code,
            names=_texts(self.names),
            language=self.language,
            municipality_code=self.municipality_code,
            audience=self.audience,
            allows_anonymous=self.allows_anonymous,
            topics=tuple(self.topics),
            hours=tuple(Window(WEEKDAYS.index(w.weekday), w.start, w.end) for w in self.hours),
            closed_on_public_holidays=self.closed_on_public_holidays,
            default_limit=self.default_limit,
            max_wait_minutes=self.max_wait_minutes,
            visitor_gone_seconds=self.visitor_gone_seconds,
            away_messages=_texts(self.away_messages),
            help_numbers=tuple(HelpNumber(_texts(h.names), h.number) for h in self.help_numbers),
            retention_days=self.retention_days,
        )


class HelpNumberOut(ResponseModel):
    name: str
    number: str

    @classmethod
    def of(cls, help_number: HelpNumber, language: str) -> HelpNumberOut:
        name = next(
            (
                help_number.names[c]
                for c in (language, "sv", "fi", "en")
                if help_number.names.get(c)
            ),
            help_number.number,
        )
        return cls(name=name, number=help_number.number)


class QueueOut(ResponseModel):
    """A queue as a visitor sees it now."""

    code: str
    name: str
    language: str
    municipality_code: str | None
    audience: Audience
    allows_anonymous: bool
    topics: list[str]
    availability: Availability
    opens_at: dt.datetime | None
    on_duty: int
    waiting: int
    expected_wait_minutes: int | None
    away_message: str
    help_numbers: list[HelpNumberOut]

    @classmethod
    def of(cls, state: QueueState, language: str) -> QueueOut:
        queue = state.queue
        return cls(
            code=queue.code,
            name=queue.name_in(language),
            language=queue.language,
            municipality_code=queue.municipality_code,
            audience=queue.audience,
            allows_anonymous=queue.allows_anonymous,
            topics=list(queue.topics),
            availability=state.availability,
            opens_at=state.opens_at,
            on_duty=state.on_duty,
            waiting=state.waiting,
            expected_wait_minutes=state.expected_wait_minutes,
            away_message=queue.away_message_in(language),
            help_numbers=[HelpNumberOut.of(h, language) for h in queue.help_numbers],
        )


class DutyIn(RequestModel):
    queues: list[str] = Field(min_length=1, max_length=20)
    limit: int | None = Field(default=None, ge=1, le=10)


class DutyOut(ResponseModel):
    limit: int
    queues: list[str]
    active: int


class StartIn(RequestModel):
    """Start a chat in a queue, or let a topic choose the queue."""

    queue: str | None = Field(default=None, max_length=60)
    topic: str | None = Field(default=None, max_length=60)
    language: Language | None = None
    on_behalf_of: UUID | None = Field(
        default=None, description="A guardian's own child the chat is about."
    )
    message: str | None = Field(default=None, max_length=20_000, description="A first message.")


class VisitorOut(ResponseModel):
    kind: Literal["anonymous", "identified"]
    verified: bool
    on_behalf_of_child: bool


class ChatOut(ResponseModel):
    id: UUID
    status: ChatStatus
    queue: str
    language: str
    visitor: VisitorOut
    position: int | None = None
    expected_wait_minutes: int | None = None
    answered_by_professional: bool
    requested_at: dt.datetime
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    closing_code: str | None
    last_seq: int

    @classmethod
    def of(cls, chat: Chat, place: Place | None = None) -> ChatOut:
        return cls(
            id=chat.id,
            status=chat.status,
            queue=chat.queue_code,
            language=chat.language,
            visitor=VisitorOut(
                kind="identified" if chat.identified else "anonymous",
                verified=chat.identity_verified,
                on_behalf_of_child=chat.on_behalf_of is not None,
            ),
            position=place.position if place else None,
            expected_wait_minutes=place.expected_wait_minutes if place else None,
            answered_by_professional=chat.professional_id is not None,
            requested_at=chat.requested_at,
            started_at=chat.started_at,
            ended_at=chat.ended_at,
            closing_code=chat.closing_code,
            last_seq=chat.last_seq,
        )


class StaffChatOut(ChatOut):
    professional_id: UUID | None
    emergency_shown: bool

    @classmethod
    def of_staff(cls, chat: Chat, place: Place | None = None) -> StaffChatOut:
        return cls(
            **ChatOut.of(chat, place).model_dump(),
            professional_id=chat.professional_id,
            emergency_shown=chat.emergency_shown,
        )


class StartedOut(ChatOut):
    token: str | None = Field(
        default=None,
        description="Only for a new anonymous visitor, shown once: send it as the Chat-Token "
        "header from now on. Chat keeps only its hash and cannot show it again.",
    )


class EntryOut(ResponseModel):
    seq: int
    kind: EntryKind
    author: Author
    text: str | None
    at: dt.datetime
    details: dict[str, Any]
    staff_only: bool = False
    author_id: UUID | None = Field(default=None, description="Staff see which professional.")

    @classmethod
    def of(cls, entry: Entry, *, staff: bool) -> EntryOut:
        return cls(
            seq=entry.seq,
            kind=entry.kind,
            author=entry.author,
            text=entry.text,
            at=entry.at,
            details=entry.details,
            staff_only=entry.staff_only,
            author_id=entry.author_id if staff else None,
        )


class PlaceOut(ResponseModel):
    position: int
    expected_wait_minutes: int | None

    @classmethod
    def of(cls, place: Place) -> PlaceOut:
        return cls(position=place.position, expected_wait_minutes=place.expected_wait_minutes)


class MessageIn(RequestModel):
    # The limit is the service's (FC_CHAT_MESSAGE_MAX_CHARS), checked with a clear answer;
    # this bound only stops a huge body early.
    text: str = Field(max_length=20_000)


class PostedOut(ResponseModel):
    seq: int


class TransferIn(RequestModel):
    to_professional: UUID | None = None
    to_queue: str | None = Field(default=None, max_length=60)
    note: str | None = Field(default=None, max_length=20_000)


class CloseIn(RequestModel):
    closing_code: ClosingCode


class TranscriptOut(ResponseModel):
    chat: ChatOut
    entries: list[EntryOut]


class StaffTranscriptOut(ResponseModel):
    chat: StaffChatOut
    entries: list[EntryOut]
