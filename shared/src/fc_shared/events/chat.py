"""Events the chat service produces: a conversation's life, never its words.

Ids (the chat, the queue's code, pseudonymous professionals and identified visitors),
municipality, language, times, counts and codes only. An anonymous visitor has no id here
at all; the text of the messages and a transfer's note stay encrypted in chat's database.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from fc_shared.events.base import DomainEvent, MunicipalityCode

ChatLanguage = Literal["sv", "fi", "en"]
VisitorKind = Literal["anonymous", "identified"]
# What became of a request: put in the queue, or turned away because the queue was closed
# (outside office hours or on a public holiday) or full. A turned-away request stores
# nothing; its event is how analysts count the demand nobody could answer.
RequestOutcome = Literal["queued", "closed", "full"]
ClosingCode = Literal[
    "advice_given",
    "referred_onwards",
    "no_answer_needed",
    "visitor_left",
    "acute_danger",
    "inappropriate",
    "blocked",
]
AbandonReason = Literal["visitor_left", "visitor_gone", "wait_limit"]


class _ChatEvent(DomainEvent):
    TOPIC = "chat.conversations.v1"
    SOURCE = "/chat"

    chat_id: UUID
    queue: str = Field(examples=["youth-chat-sv"], description="The queue's code.")
    municipality_code: MunicipalityCode | None = Field(
        default=None, description="The queue's municipality; none for a region-wide queue."
    )
    language: ChatLanguage

    def key(self) -> str:
        return str(self.chat_id)


class ChatRequested(_ChatEvent):
    """A visitor asked for a chat: queued, or turned away (closed or full)."""

    TYPE = "fi.familjecentret.chat.ChatRequested.v1"

    visitor: VisitorKind
    on_behalf_of_child: bool = False
    outcome: RequestOutcome
    requested_at: datetime
    topic: str | None = Field(default=None, description="The routing topic's code, if chosen.")


class ChatStarted(_ChatEvent):
    """A professional took a waiting chat."""

    TYPE = "fi.familjecentret.chat.ChatStarted.v1"

    professional_id: UUID
    started_at: datetime
    waited_seconds: int = Field(ge=0)


class ChatTransferred(_ChatEvent):
    """A chat went from one professional to another, or back to a queue (`queue` is where
    it went; `from_queue` where it was)."""

    TYPE = "fi.familjecentret.chat.ChatTransferred.v1"

    from_queue: str
    from_professional_id: UUID
    to_professional_id: UUID | None = Field(
        default=None, description="None when the chat went back to a queue to wait."
    )
    transferred_at: datetime


class ChatClosed(_ChatEvent):
    """A chat ended after a professional took it."""

    TYPE = "fi.familjecentret.chat.ChatClosed.v1"

    professional_id: UUID
    closed_at: datetime
    duration_seconds: int = Field(ge=0)
    closing_code: ClosingCode
    messages: int = Field(ge=0, description="Messages written in it, by both sides.")
    emergency_info_shown: bool = Field(
        description="Whether the professional showed 112 and the crisis line in it."
    )


class ChatAbandoned(_ChatEvent):
    """A waiting chat ended before anyone took it."""

    TYPE = "fi.familjecentret.chat.ChatAbandoned.v1"

    abandoned_at: datetime
    waited_seconds: int = Field(ge=0)
    reason: AbandonReason


class ChatAnswerWaiting(_ChatEvent):
    """A professional answered an identified visitor who had left the page: notify tells
    the visitor that an answer waits, never what it says. Once per absence."""

    TYPE = "fi.familjecentret.chat.ChatAnswerWaiting.v1"

    visitor_id: UUID = Field(description="Pseudonymous subject id of the identified visitor.")
    answered_at: datetime
