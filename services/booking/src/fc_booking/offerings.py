"""An offering (what a slot offers) placed at given times: checked, then slot rows."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking import domain, store
from fc_booking.availability import HELSINKI
from fc_booking.schemas import Offering
from fc_shared.auth import Principal
from fc_shared.problems import EXCLUSION_VIOLATION, Problem, refused_by_constraint

Row = dict[str, Any]


def overlaps_refused() -> AbstractContextManager[None]:
    """The exclusion constraint refused a slot overlapping another of the same resource."""
    return refused_by_constraint(
        EXCLUSION_VIOLATION,
        409,
        "Slot overlaps",
        "The resource already has a slot at an overlapping time.",
    )


async def place(
    session: AsyncSession,
    principal: Principal,
    *,
    resource: Row,
    offering: Offering,
    times: Sequence[tuple[datetime, datetime]],
    rule_id: UUID | None = None,
    series_id: UUID | None = None,
) -> list[Row]:
    """Insert one slot per (start, end); every check passes for all of them or none is made."""
    now = datetime.now(UTC)
    domain.check_ages(offering.min_age_years, offering.max_age_years)
    if resource["kind"] == domain.ResourceKind.INTERPRETER:
        raise Problem(
            422,
            "Not a place for activities",
            "Interpreters are booked together with a meeting, not given slots.",
        )
    rows: list[Row] = []
    overrides: list[Row] = []
    for starts_at, ends_at in times:
        domain.check_slot(starts_at=starts_at, ends_at=ends_at, capacity=offering.capacity, now=now)
        row: Row = {
            "id": uuid4(),
            "resource_id": resource["id"],
            "starts_at": starts_at,
            "ends_at": ends_at,
            "capacity": offering.capacity,
            "language": offering.language,
            "created_by": principal.subject,
            "kind": domain.slot_kind(offering.capacity, offering.activity),
            "activity": offering.activity,
            "title": offering.title,
            "service_id": offering.service_id,
            "audience": offering.audience,
            "min_age_years": offering.min_age_years,
            "max_age_years": offering.max_age_years,
            "municipality_code": resource["municipality_code"],
            "rule_id": rule_id,
            "series_id": series_id,
            "cancel_deadline_hours": offering.cancel_deadline_hours,
            "band_override_by": None,
            "band_override_reason": None,
        }
        # Only a meeting point's physical room keeps audience bands (DESIGN.md).
        banded = resource["kind"] == domain.ResourceKind.ROOM and resource["meeting_point_id"]
        if banded and domain.check_band(
            audience=offering.audience,
            starts_at=starts_at,
            ends_at=ends_at,
            room_bands=resource["audience_bands"],
            override_reason=offering.band_override_reason,
            principal=principal,
        ):
            row.update(
                band_override_by=principal.subject,
                band_override_reason=offering.band_override_reason,
            )
            overrides.append(
                {
                    "slot_id": row["id"],
                    "overridden_by": principal.subject,
                    "audience": offering.audience,
                    "room_bands": resource["audience_bands"],
                    "reason": offering.band_override_reason,
                }
            )
        rows.append(row)
    # A rule's expansion already skipped closed days; a single slot is checked here.
    if rule_id is None:
        for row in rows:
            first = row["starts_at"].astimezone(HELSINKI).date()
            last = row["ends_at"].astimezone(HELSINKI).date()
            if await store.closed_on(session, resource["id"], first, last):
                raise Problem(409, "Resource closed", "The resource is closed on that day.")
    if rows:
        await store.insert_slots(session, rows)
    for override in overrides:
        await store.insert_band_override(session, override)
    return rows
