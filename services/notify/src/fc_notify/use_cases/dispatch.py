"""The dispatcher: the scheduler's pass that writes due reminders and sends due deliveries.

Each delivery is claimed with a lease in a committed transaction of its own, sent, and its
result recorded in another (use_cases/deliveries.py): a sender killed mid-send leaves its
claimed deliveries to be taken up when their leases end, and the only possible duplicate is
the one in flight, whose e-mail carries the same Message-ID. A channel whose server is away
is paused, and what it had claimed goes back untried, spending no attempts.

Every replica runs this loop; the claims (SKIP LOCKED) share the work between them. Letters
of one order (one booking, one person, one channel) are sent one after another, in order;
different orders are sent side by side.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain.channels import ChannelUnavailable, RecipientRefused, TemporaryRefusal
from fc_notify.domain.deliveries import OUTSIDE_CHANNELS, Channel, ClaimedDelivery
from fc_notify.domain.preferences import Preferences, held_until
from fc_notify.settings import NotifySettings
from fc_notify.store import deliveries as store
from fc_notify.store import notifications, preferences
from fc_notify.use_cases import deliveries
from fc_notify.use_cases.bookings import send_due_reminders
from fc_notify.use_cases.letters import now as clock_now
from fc_shared.service import ServiceContext

log = structlog.get_logger(__name__)
PARALLEL_SENDS = 8
PURGE_EVERY_SECONDS = 3600.0
RATE_WINDOW = timedelta(hours=1)


async def _finished_even_if_stopped(
    work: Coroutine[Any, Any, str], *, on_stop: Coroutine[Any, Any, None]
) -> str:
    """Run `work` (one send and its record) to its end even when the service is stopping:
    a letter handed to the server but not recorded would be sent again by another replica
    when its lease ends. On a stop, `on_stop` then gives back what was not yet tried."""
    task = asyncio.ensure_future(work)
    try:
        result = await asyncio.shield(task)
    except asyncio.CancelledError:
        await task  # bounded by the adapter's own timeout
        await on_stop
        raise
    on_stop.close()  # not needed: the service goes on
    return result


class Sender(Protocol):
    async def send(self, delivery: ClaimedDelivery, *, now: datetime) -> str | None:
        """Send; the provider's id when a report will follow, else None (done)."""


@dataclass(frozen=True, slots=True)
class PassReport:
    reminders: int = 0
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    held: int = 0
    released: int = 0
    purged: int = 0

    @property
    def idle(self) -> bool:
        return self.reminders == 0 and self.claimed == 0


@dataclass
class Dispatcher:
    settings: NotifySettings
    senders: Mapping[Channel, Sender]
    paused_until: dict[Channel, float] = field(default_factory=dict)
    last_purge: float = -math.inf

    def _open_channels(self) -> list[Channel]:
        clock = time.monotonic()
        return [
            channel
            for channel in OUTSIDE_CHANNELS
            if channel in self.senders and self.paused_until.get(channel, 0.0) <= clock
        ]

    async def run_pass(
        self, context: ServiceContext, at: datetime | None = None, *, purge: bool = False
    ) -> PassReport:
        """One round at `at` (the scheduler's clock by default); `purge` purges now rather
        than at the hour's turn."""
        async with context.transaction() as session:
            moment = at or await clock_now(session, self.settings)
            reminders = await send_due_reminders(session, self.settings, at=moment)
        claimed, held = await self._claim(context, moment)
        counts = await self._send_all(context, claimed, moment)
        purged = await self._purge(context, moment, now=purge)
        return PassReport(
            reminders=reminders,
            claimed=len(claimed) + held,
            sent=counts[0],
            failed=counts[1],
            held=held,
            released=counts[2],
            purged=purged,
        )

    async def _claim(
        self, context: ServiceContext, moment: datetime
    ) -> tuple[list[ClaimedDelivery], int]:
        """Claim due deliveries and, in the same transaction, hold back those that must
        wait: an SMS in its recipient's quiet hours, a letter over the rate limit."""
        async with context.transaction() as session:
            claimed = await store.claim(
                session,
                now=moment,
                lease=timedelta(seconds=self.settings.notify_lease_seconds),
                channels=self._open_channels(),
                limit=self.settings.notify_batch_size,
            )
            await store.lock_rate_counts(
                session, list({(d.recipient, d.channel) for d in claimed if not d.critical})
            )
            ready: list[ClaimedDelivery] = []
            known: dict[UUID, Preferences | None] = {}
            planned: dict[tuple[UUID, Channel], int] = {}
            batch = [delivery.id for delivery in claimed]
            for delivery in claimed:
                until = await self._held_until(session, delivery, moment, known, planned, batch)
                if until is None:
                    ready.append(delivery)
                else:
                    await store.hold(session, delivery.id, until)
        return ready, len(claimed) - len(ready)

    async def _held_until(
        self,
        session: AsyncSession,
        delivery: ClaimedDelivery,
        moment: datetime,
        known: dict[UUID, Preferences | None],
        planned: dict[tuple[UUID, Channel], int],
        batch: list[UUID],
    ) -> datetime | None:
        if delivery.recipient not in known:
            known[delivery.recipient] = await preferences.get_preferences(
                session, delivery.recipient
            )
        quiet = held_until(
            known[delivery.recipient], delivery.channel, critical=delivery.critical, now=moment
        )
        if quiet is not None or delivery.critical:
            return quiet
        return await self._over_rate_limit(session, delivery, moment, planned, batch)

    async def _over_rate_limit(
        self,
        session: AsyncSession,
        delivery: ClaimedDelivery,
        moment: datetime,
        planned: dict[tuple[UUID, Channel], int],
        batch: list[UUID],
    ) -> datetime | None:
        """When the letter may go without passing the person's limit on this channel,
        counting those sent in the last hour and those this batch is about to send."""
        key = (delivery.recipient, delivery.channel)
        recent = await store.sent_within(
            session,
            delivery.recipient,
            delivery.channel,
            moment - RATE_WINDOW,
            now=moment,
            excluding=batch,
        )
        going = len(recent) + planned.get(key, 0)
        limit = self.settings.notify_rate_limit_per_hour
        if going < limit:
            planned[key] = planned.get(key, 0) + 1
            return None
        # A place frees up an hour after the send that is `going - limit` from the oldest.
        oldest = going - limit
        return (recent[oldest] if oldest < len(recent) else moment) + RATE_WINDOW

    async def _send_all(
        self, context: ServiceContext, claimed: Sequence[ClaimedDelivery], moment: datetime
    ) -> tuple[int, int, int]:
        """Send each order's letters in order, different orders side by side. The counts
        sent, failed and released untried."""
        orders: dict[str, list[ClaimedDelivery]] = {}
        for delivery in claimed:
            orders.setdefault(delivery.order_key or str(delivery.id), []).append(delivery)
        limit = asyncio.Semaphore(PARALLEL_SENDS)
        results = await asyncio.gather(
            *(self._send_order(context, order, moment, limit) for order in orders.values())
        )
        return (
            sum(result[0] for result in results),
            sum(result[1] for result in results),
            sum(result[2] for result in results),
        )

    async def _send_order(
        self,
        context: ServiceContext,
        order: list[ClaimedDelivery],
        moment: datetime,
        limit: asyncio.Semaphore,
    ) -> tuple[int, int, int]:
        sent = failed = 0
        async with limit:
            for index, delivery in enumerate(order):
                outcome = await _finished_even_if_stopped(
                    self._send_one(context, delivery, moment),
                    on_stop=self._release(context, [later.id for later in order[index + 1 :]]),
                )
                if outcome != "sent":
                    # A later letter of this order must not overtake this one: the rest
                    # go back untried and are claimed again after it.
                    failed += outcome == "failed"
                    rest = [later.id for later in order[index + (outcome == "failed") :]]
                    async with context.transaction() as session:
                        await store.release(session, rest)
                    return sent, failed, len(rest)
                sent += 1
        return sent, failed, 0

    async def _release(self, context: ServiceContext, ids: list[UUID]) -> None:
        async with context.transaction() as session:
            await store.release(session, ids)

    async def _send_one(
        self, context: ServiceContext, delivery: ClaimedDelivery, moment: datetime
    ) -> str:
        if self.paused_until.get(delivery.channel, 0.0) > time.monotonic():
            return "paused"
        try:
            provider_id = await self.senders[delivery.channel].send(delivery, now=moment)
        except ChannelUnavailable as error:
            pause = self.settings.notify_outage_pause_seconds
            self.paused_until[delivery.channel] = time.monotonic() + pause
            # Ids only: the address is personal data.
            log.warning(
                "channel away, paused", channel=delivery.channel.value, error=str(error)[:100]
            )
            return "paused"
        except (RecipientRefused, TemporaryRefusal) as error:
            return await self._record_failure(context, delivery, error, moment)
        except Exception as error:  # a bug or surprise in an adapter: retry, counted
            log.exception("send failed unexpectedly", delivery_id=str(delivery.id))
            return await self._record_failure(context, delivery, error, moment)
        async with context.transaction() as session:
            await deliveries.sent(
                session, self.settings, delivery, provider_id=provider_id, now=moment
            )
        return "sent"

    async def _record_failure(
        self, context: ServiceContext, delivery: ClaimedDelivery, error: Exception, moment: datetime
    ) -> str:
        async with context.transaction() as session:
            await deliveries.failed(
                session,
                self.settings,
                delivery,
                permanently=isinstance(error, RecipientRefused),
                error=f"{type(error).__name__}: {str(error)[:200]}",
                now=moment,
            )
        log.warning("letter not sent", delivery_id=str(delivery.id), error=type(error).__name__)
        return "failed"

    async def _purge(self, context: ServiceContext, moment: datetime, *, now: bool) -> int:
        """Letters past their retention go, with their delivery records, once an hour."""
        if not now and time.monotonic() - self.last_purge < PURGE_EVERY_SECONDS:
            return 0
        self.last_purge = time.monotonic()
        async with context.transaction() as session:
            return await notifications.purge(session, moment)

    async def run_forever(self, context: ServiceContext) -> None:
        """The background loop of every replica."""
        try:
            await self._loop(context)
        finally:
            for sender in self.senders.values():
                close = getattr(sender, "aclose", None)
                if close is not None:
                    await close()

    async def _loop(self, context: ServiceContext) -> None:
        while True:
            try:
                report = await self.run_pass(context)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # database down: try again shortly
                log.warning("dispatch round failed", error=repr(error)[:200])
                report = PassReport()
            if report.idle or report.released:
                await asyncio.sleep(self.settings.outbox_poll_seconds)
