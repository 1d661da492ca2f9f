"""The outbox relay: publishes staged events in order and marks them sent.

One relay at a time per database holds a transaction-level advisory lock, so events that
share a key leave in the order they were written, however many replicas run.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable
from typing import Any

import structlog
from faststream.kafka import KafkaBroker
from opentelemetry import context, propagate
from sqlalchemy import func, select, text, update

from fc_shared.bus import ensure_topics
from fc_shared.db import Sessions
from fc_shared.events.envelope import Envelope
from fc_shared.outbox import OUTBOX
from fc_shared.settings import Settings

log = structlog.get_logger(__name__)

RELAY_LOCK_ID = 0x0FC0_0B0C  # any constant: each service has its own database


class OutboxRelay:
    def __init__(
        self,
        *,
        sessions: Sessions,
        broker: KafkaBroker,
        settings: Settings,
        topics: Iterable[str] = (),
    ) -> None:
        self._sessions = sessions
        self._broker = broker
        self._settings = settings
        self._topics = list(topics)
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Called after a commit that staged events, to publish without waiting for a poll."""
        self._wake.set()

    async def run(self, broker_ready: asyncio.Event) -> None:
        await broker_ready.wait()
        delay = self._settings.outbox_poll_seconds
        failed = False
        while True:
            try:
                self._wake.clear()  # before the batch: a wake() during it is not lost
                if failed and self._topics:
                    # A broker that lost its topics would otherwise auto-create them with
                    # its own partition count on the next publish.
                    await ensure_topics(self._settings, self._topics)
                published = await self.publish_batch()
                failed = False
                delay = self._settings.outbox_poll_seconds
            except asyncio.CancelledError:
                raise
            except Exception as error:
                # Broker or database down: nothing was marked sent, so nothing is lost.
                log.warning("outbox relay failed, will retry", error=repr(error))
                await self._record_failure(error)
                failed = True
                published = 0
                delay = min(max(delay * 2, 0.5), 5.0)
            if published < self._settings.outbox_batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=delay)

    async def _record_failure(self, error: Exception) -> None:
        """Leave the error on the oldest waiting event, for operators to see."""
        try:
            async with self._sessions() as session, session.begin():
                oldest = (
                    select(OUTBOX.c.id)
                    .where(OUTBOX.c.sent_at.is_(None))
                    .order_by(OUTBOX.c.id)
                    .limit(1)
                    .scalar_subquery()
                )
                await session.execute(
                    update(OUTBOX)
                    .where(OUTBOX.c.id == oldest)
                    .values(attempts=OUTBOX.c.attempts + 1, last_error=repr(error)[:1000])
                )
        except Exception as database_error:  # the database may be what failed
            log.warning("could not record the relay failure", error=repr(database_error))

    async def publish_batch(self) -> int:
        async with self._sessions() as session, session.begin():
            locked = await session.scalar(
                text("SELECT pg_try_advisory_xact_lock(:id)"), {"id": RELAY_LOCK_ID}
            )
            if not locked:
                return 0
            rows = (
                await session.execute(
                    select(OUTBOX)
                    .where(OUTBOX.c.sent_at.is_(None))
                    .order_by(OUTBOX.c.id)
                    .limit(self._settings.outbox_batch_size)
                )
            ).all()
            # All sends of a batch are in flight together and awaited together: the producer
            # keeps them in order per partition, so per key. If any fails, none is marked
            # sent and the whole batch goes again (consumers drop the duplicates).
            pending = [await self._publish(row._mapping) for row in rows]
            await asyncio.gather(*pending)
            if rows:
                await session.execute(
                    update(OUTBOX)
                    .where(OUTBOX.c.id.in_([row.id for row in rows]))
                    .values(sent_at=func.now(), attempts=OUTBOX.c.attempts + 1)
                )
            return len(rows)

    async def _publish(self, row: object) -> asyncio.Future[Any]:
        mapping = dict(row)  # type: ignore[call-overload]
        # The envelope's own headers, without a traceparent: the telemetry middleware writes
        # that one, for the publish span it starts under the restored context below.
        headers = Envelope(
            id=mapping["event_id"],
            type=mapping["type"],
            source=mapping["source"],
            time=mapping["time"],
            key=mapping["key"],
            data=mapping["data"],
        ).headers()
        carrier = {name: mapping[name] for name in ("traceparent", "tracestate") if mapping[name]}
        # Continue the trace of the request that staged the event: the telemetry middleware
        # starts its publish span as a child of this context and writes `traceparent`.
        token = context.attach(propagate.extract(carrier))
        try:
            sent: asyncio.Future[Any] = await self._broker.publish(
                mapping["data"],
                topic=mapping["topic"],
                key=mapping["key"].encode(),
                headers=headers,
                correlation_id=headers["ce_id"],
                no_confirm=True,
            )
            return sent
        finally:
            context.detach(token)
