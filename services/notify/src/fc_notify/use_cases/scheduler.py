"""Running the scheduler at a chosen time, for tests (FC_NOTIFY_TEST_CLOCK)."""

from __future__ import annotations

from datetime import datetime

from fc_notify.settings import NotifySettings
from fc_notify.store import clock
from fc_notify.use_cases.dispatch import Dispatcher, PassReport
from fc_shared.refusals import invalid, not_found
from fc_shared.service import ServiceContext


async def run_at(
    context: ServiceContext, settings: NotifySettings, dispatcher: Dispatcher, *, now: datetime
) -> PassReport:
    if not settings.notify_test_clock:
        raise not_found("no_test_clock", "The scheduler's clock is not settable here.")
    if now.tzinfo is None:
        raise invalid("naive_time", "Give the time with its offset", "e.g. 2026-12-01T23:00+02:00")
    async with context.transaction() as session:
        await clock.set_test_now(session, now)
    return await dispatcher.run_pass(context, now, purge=True)
