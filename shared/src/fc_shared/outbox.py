"""Writing events to the transactional outbox, beside the change that raised them."""

from __future__ import annotations

from opentelemetry import propagate
from sqlalchemy import MetaData, insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_shared.events.contracts import DomainEvent
from fc_shared.events.envelope import Envelope
from fc_shared.platform_tables import outbox_table
from fc_shared.settings import Settings

OUTBOX = outbox_table(MetaData())


def current_trace_context() -> dict[str, str]:
    """The W3C trace context of the request in flight, so the relay can continue its trace."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


# The session's mark that it staged an event (ServiceContext.transaction reads it).
STAGED = "fc_shared.outbox.staged"


async def add_event(session: AsyncSession, settings: Settings, event: DomainEvent) -> Envelope:
    """Stage an event; it is published only if the caller's transaction commits."""
    trace_context = current_trace_context()
    envelope = Envelope.wrap(event, traceparent=trace_context.get("traceparent"))
    await session.execute(
        insert(OUTBOX).values(
            event_id=envelope.id,
            topic=settings.topic(event.TOPIC),
            key=envelope.key,
            type=envelope.type,
            source=envelope.source,
            time=envelope.time,
            data=envelope.data,
            traceparent=envelope.traceparent,
            tracestate=trace_context.get("tracestate"),
        )
    )
    session.info[STAGED] = True  # so the unit of work wakes the relay after its commit
    return envelope
