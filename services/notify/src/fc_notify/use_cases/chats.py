"""Letters about chats: that an answer waits for an identified visitor who left the chat's
page. Chat never sends what the answer says, and the letter does not pretend to know it;
it tells the visitor alone (a youth's chat is the youth's: no guardian is looked up), and
its e-mail and SMS say only that a message waits (a sensitive kind, domain/letters.py)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain import recipients
from fc_notify.domain.letters import LetterValues
from fc_notify.domain.notifications import NotificationKind
from fc_notify.settings import NotifySettings
from fc_notify.use_cases.letters import tell
from fc_shared.events import ChatAnswerWaiting
from fc_shared.principals import RESERVED_SUBJECTS


async def answer_waiting(
    session: AsyncSession, settings: NotifySettings, event: ChatAnswerWaiting, event_id: UUID
) -> None:
    """The visitor hears, in the chat's language unless they chose another, that an answer
    waits and where to read it; a redelivered event finds its letter and writes nothing."""
    if event.visitor_id in RESERVED_SUBJECTS:
        return  # nobody has that id: a letter kept for "nobody" would reach whoever became it
    await tell(
        session,
        settings,
        recipients=recipients.for_own_matter(event.visitor_id),
        kind=NotificationKind.CHAT_ANSWER_WAITING,
        event_id=event_id,
        about=event.chat_id,
        values=LetterValues(
            chat_queue=event.queue,
            answered_at=event.answered_at,
            inbox_url=settings.notify_portal_url,
        ),
        fallback_language=event.language,
    )
