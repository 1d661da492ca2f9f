"""The scheduler's clock for tests: run one pass at a chosen time. Off (404) unless
FC_NOTIFY_TEST_CLOCK is set, which production never does."""

from __future__ import annotations

from fastapi import APIRouter, Request

from fc_notify.api.schemas import SchedulerRunIn, SchedulerRunOut
from fc_notify.settings import notify_settings
from fc_notify.use_cases import scheduler
from fc_shared.auth import Admin
from fc_shared.service import Context

router = APIRouter(prefix="/v1/scheduler", tags=["scheduler"])


@router.post("/runs", response_model=SchedulerRunOut)
async def run_scheduler(
    body: SchedulerRunIn, _: Admin, context: Context, request: Request
) -> SchedulerRunOut:
    """Set the scheduler's clock to `now` (every replica's handlers and dispatcher then
    read it) and run one pass at it: due reminders written, due deliveries sent, letters
    past their retention purged."""
    report = await scheduler.run_at(
        context,
        notify_settings(context.settings),
        request.app.state.dispatcher,
        now=body.now,
    )
    return SchedulerRunOut(
        now=body.now,
        reminders=report.reminders,
        claimed=report.claimed,
        sent=report.sent,
        failed=report.failed,
        held=report.held,
        released=report.released,
        purged=report.purged,
    )
