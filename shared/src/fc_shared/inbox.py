"""The consumer inbox: an event id is claimed in the same transaction as its effect."""

from __future__ import annotations

from uuid import UUID

from opentelemetry import trace
from sqlalchemy import MetaData
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_shared.platform_tables import inbox_table

INBOX = inbox_table(MetaData())


async def claim(session: AsyncSession, *, event_id: UUID, consumer: str, event_type: str) -> bool:
    """True the first time this consumer sees the event; False on any redelivery.

    Runs inside the handler's transaction: if the effect rolls back, so does the claim.
    """
    span_context = trace.get_current_span().get_span_context()
    trace_id = format(span_context.trace_id, "032x") if span_context.is_valid else None
    result = await session.execute(
        insert(INBOX)
        .values(event_id=event_id, consumer=consumer, type=event_type, trace_id=trace_id)
        .on_conflict_do_nothing()
        .returning(INBOX.c.event_id)
    )
    return result.first() is not None
