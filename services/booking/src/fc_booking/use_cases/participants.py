"""Whom a family books for: a guardian names their child by id (checked in the families
replica), a youth books youth activities for themselves. Naming somebody else's child is
refused, and the attempt is in that child's guardians' access log."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.domain import participants as rules
from fc_booking.domain.bookings import Booking
from fc_booking.domain.slots import Slot
from fc_booking.store import families as family_store
from fc_booking.use_cases.access_log import refused_on_family
from fc_shared.principals import Principal, Role
from fc_shared.refusals import Refused


async def participant(
    session: AsyncSession,
    principal: Principal,
    slot: Slot,
    child_id: UUID | None,
    child_birth_date: date | None = None,
    *,
    today: date,
    action: str = "book",
) -> UUID | None:
    """Check whom the caller books for, and name the child (None: themselves)."""
    if principal.has_any(Role.GUARDIAN):
        rules.check_names_child_by_id(child_id, child_birth_date)
        birth_date = None
        if child_id is not None:
            birth_date = await _guardians_child(session, principal, child_id, action)
        rules.check_participant_for_slot(slot, birth_date, today)
        return child_id
    return await _youth_self(session, principal, slot, child_id, child_birth_date, today, action)


async def _guardians_child(
    session: AsyncSession, principal: Principal, child_id: UUID, action: str
) -> date:
    """The child's birth date, if the caller is a confirmed guardian of the child's family."""
    child = await family_store.child(session, child_id)
    try:
        rules.check_guardian_of(principal.subject, child.guardians if child else ())
    except Refused as refused:
        if child is None:
            raise  # an id no family has: there is nobody to tell
        raise refused_on_family(
            refused, actor=principal.subject, action=f"{action}_refused", guardians=child.guardians
        ) from refused
    assert child is not None
    return child.birth_date


async def _youth_self(
    session: AsyncSession,
    principal: Principal,
    slot: Slot,
    child_id: UUID | None,
    child_birth_date: date | None,
    today: date,
    action: str,
) -> UUID | None:
    own = rules.youths_own_record(
        await family_store.children_by_subject(session, principal.subject)
    )
    own_id = own.child_id if own else None
    if child_birth_date is not None or child_id not in (None, own_id):
        not_theirs = rules.youth_books_for_self()
        named = await family_store.child(session, child_id) if child_id is not None else None
        if named is not None:  # somebody else's child: their guardians are told
            raise refused_on_family(
                not_theirs,
                actor=principal.subject,
                action=f"{action}_refused",
                guardians=named.guardians,
            )
        raise not_theirs
    rules.check_youth_participant(
        audience=slot.audience,
        min_age=slot.min_age_years,
        max_age=slot.max_age_years,
        starts_at=slot.starts_at,
        own_birth_date=own.birth_date if own else None,
        today=today,
    )
    # A youth known as their child record books as that child, so the one-place-per-child
    # constraint also holds between the youth and a guardian booking them.
    return own_id


async def still_fits(
    session: AsyncSession, principal: Principal, booking: Booking, slot: Slot, *, today: date
) -> None:
    """An existing booking's participant, checked against another slot (a reschedule)."""
    if booking.child_id is not None or booking.child_birth_date is None:
        await participant(
            session, principal, slot, booking.child_id, today=today, action="reschedule"
        )
    else:  # made before children were named by id: its stored birth date is what we know
        rules.check_participant_for_slot(slot, booking.child_birth_date, today)
