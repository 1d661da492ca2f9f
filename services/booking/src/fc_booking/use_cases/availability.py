"""Recurring availability: a rule expanded in Helsinki time, skipping public holidays, the
resource's closures and the given dates, and stored as UTC slots."""

from __future__ import annotations

import asyncio
import functools
from datetime import datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain import availability
from fc_booking.domain.availability import RecurringRule
from fc_booking.domain.slots import Offering, Slot
from fc_booking.store import availability as store
from fc_booking.use_cases.resources import managed_resource
from fc_booking.use_cases.slots import place
from fc_shared.principals import Principal


async def add_availability(
    session: AsyncSession,
    principal: Principal,
    *,
    resource_id: UUID,
    offering: Offering,
    rule: RecurringRule,
    now: datetime,
) -> tuple[UUID, UUID | None, list[Slot]]:
    """The rule's id, its series id (when booked as one) and the slots it placed."""
    rule_id = uuid4()
    series_id = rule_id if rule.as_series else None
    resource = await managed_resource(session, principal, resource_id)
    occurrences = await _occurrences(session, resource_id, rule, now)
    await store.insert_rule(
        session,
        rule_id=rule_id,
        resource_id=resource_id,
        rrule=rule.rrule,
        first_start_local=rule.first_start,
        duration_minutes=rule.duration_minutes,
        is_series=rule.as_series,
        created_by=principal.subject,
    )
    placed = await place(
        session,
        principal,
        resource=resource,
        offering=offering,
        times=[(o.starts_at, o.ends_at) for o in occurrences],
        now=now,
        rule_id=rule_id,
        series_id=series_id,
    )
    return rule_id, series_id, placed


async def _occurrences(
    session: AsyncSession, resource_id: UUID, rule: RecurringRule, now: datetime
) -> list[availability.Occurrence]:
    closures = [
        availability.Closure(closure.starts_on, closure.ends_on)
        for closure in await store.closures_of(session, resource_id)
    ]
    # A rule's work is bounded before it is expanded (recurrence.check_bounds); the
    # expansion still runs off the event loop, as it is CPU work all the same.
    occurrences = await asyncio.to_thread(
        functools.partial(
            availability.expand,
            rrule=rule.rrule,
            first_start=rule.first_start,
            duration=timedelta(minutes=rule.duration_minutes),
            skip_public_holidays=rule.skip_public_holidays,
            closures=closures,
            exdates=rule.except_dates,
            now=now,
        )
    )
    availability.check_sessions(occurrences)
    return occurrences
