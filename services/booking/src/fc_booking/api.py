"""The booking service's HTTP routes for bookings: book, hold, series, cancel, reschedule,
attendance and a booking's own .ics."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Header, Request, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking import access, calendar_export, domain, places, store
from fc_booking.access import Family, Staff
from fc_booking.schemas import (
    AccessLogEntry,
    AttendanceIn,
    Booking,
    BookingIn,
    ConfirmIn,
    HoldIn,
    RescheduleIn,
    SeriesBooking,
    SeriesBookingIn,
)
from fc_shared.auth import CurrentPrincipal, Principal, Role
from fc_shared.etags import IfMatch, etag, require_if_match
from fc_shared.events import AttendanceRecorded, BookingCancelled, BookingRescheduled
from fc_shared.idempotency import run_idempotent
from fc_shared.outbox import add_event
from fc_shared.problems import UNIQUE_VIOLATION, Problem, refused_by_constraint
from fc_shared.service import Context, ServiceContext

router = APIRouter(prefix="/v1", tags=["bookings"])

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]
Row = dict[str, Any]


def _second_booking_refused() -> AbstractContextManager[None]:
    """The unique index refused a second live booking by one participant on one slot."""
    return refused_by_constraint(
        UNIQUE_VIOLATION, 409, "Already booked", "You already have a booking on this slot."
    )


def _booking(row: Row, slot: Row | None = None) -> Booking:
    view = {**(slot or {}), **row}
    # The stored position only orders the queue (its sequence serves every slot); the family
    # is shown its live place in this slot's queue.
    view["waitlist_position"] = (
        view.get("queue_place") if view.get("status") == "waitlisted" else None
    )
    return Booking(**{name: view.get(name) for name in Booking.model_fields})


async def _write(
    context: ServiceContext,
    request: Request,
    principal: Principal,
    key: str | None,
    create: Callable[[AsyncSession], Awaitable[tuple[int, BaseModel]]],
) -> Response:
    """One write in one transaction, once per Idempotency-Key; a second live booking by the
    same participant on a slot is refused by the database's unique index."""
    body = await request.body()
    with _second_booking_refused():
        async with context.transaction() as session:

            async def run() -> tuple[int, BaseModel]:
                return await create(session)

            return await run_idempotent(
                session,
                subject=principal.subject,
                key=key,
                method=request.method,
                path=request.url.path,
                body=body,
                create=run,
            )


async def _participant(
    session: AsyncSession,
    principal: Principal,
    slot: Row,
    child_id: UUID | None,
    child_birth_date: date | None = None,
    *,
    action: str = "book",
) -> UUID | None:
    """Check whom the caller books for, and name the child (None: themselves).

    A guardian names their child by id: booking checks in its families replica that the
    caller is a confirmed guardian of the child's family, and takes the birth date from
    there. A youth books youth activities for themselves only. Naming somebody else's
    child is refused, and the attempt is in that child's guardians' access log.
    """
    today = datetime.now(UTC).date()
    if principal.has_any(Role.GUARDIAN):
        if child_id is None and child_birth_date is not None:
            # A birth date says nothing about whose child it is, so it is no longer taken.
            raise Problem(
                422,
                "Name the child by child_id",
                "child_birth_date is no longer accepted: send child_id, the "
                "child's id in your family's record, instead.",
            )
        birth_date = None
        if child_id is not None:
            child = await store.child(session, child_id)
            try:
                domain.check_guardian_of(principal, child["guardians"] if child else [])
            except Problem as refused:
                if child is None:
                    raise  # an id no family has: there is nobody to tell
                raise access.Refusal(
                    refused,
                    actor=principal.subject,
                    action=f"{action}_refused",
                    guardians=child["guardians"],
                ) from refused
            assert child is not None
            birth_date = child["birth_date"]
        domain.check_participant(
            audience=slot["audience"],
            min_age=slot["min_age_years"],
            max_age=slot["max_age_years"],
            starts_at=slot["starts_at"],
            child_birth_date=birth_date,
            today=today,
        )
        return child_id
    own = domain.youths_own_record(await store.children_by_subject(session, principal.subject))
    own_id = own["child_id"] if own else None
    if child_birth_date is not None or child_id not in (None, own_id):
        not_theirs = Problem(403, "Forbidden", "Youths book youth activities, for themselves.")
        named = await store.child(session, child_id) if child_id is not None else None
        if named is not None:  # somebody else's child: their guardians are told
            raise access.Refusal(
                not_theirs,
                actor=principal.subject,
                action=f"{action}_refused",
                guardians=named["guardians"],
            )
        raise not_theirs
    domain.check_youth_participant(
        audience=slot["audience"],
        min_age=slot["min_age_years"],
        max_age=slot["max_age_years"],
        starts_at=slot["starts_at"],
        own_birth_date=own["birth_date"] if own else None,
        today=today,
    )
    # A youth known as their child record books as that child, so the one-place-per-child
    # constraint also holds between the youth and a guardian booking them.
    return own_id


async def _still_fits(session: AsyncSession, principal: Principal, booking: Row, slot: Row) -> None:
    """An existing booking's participant, checked against another slot (a reschedule)."""
    if booking["child_id"] is not None or booking["child_birth_date"] is None:
        await _participant(session, principal, slot, booking["child_id"], action="reschedule")
    else:  # made before children were named by id: its stored birth date is what we know
        domain.check_participant(
            audience=slot["audience"],
            min_age=slot["min_age_years"],
            max_age=slot["max_age_years"],
            starts_at=slot["starts_at"],
            child_birth_date=booking["child_birth_date"],
            today=datetime.now(UTC).date(),
        )


def _unmoved(booking: Row, locked_slot: Row) -> None:
    """The booking was read before its slot was locked: if a concurrent reschedule moved it
    meanwhile, the lock is on the wrong slot, and going on would miscount both."""
    if booking["slot_id"] != locked_slot["id"]:
        raise Problem(409, "Changed meanwhile", "The booking was moved meanwhile; try again.")


async def _locked_slot(session: AsyncSession, slot_id: UUID, *, as_series: bool = False) -> Row:
    slot = await store.lock_slot(session, slot_id)
    if slot is None:
        raise Problem(404, "Not Found", "No such slot.")
    places.check_bookable(slot, datetime.now(UTC), as_series=as_series)
    return slot


@router.post(
    "/bookings",
    status_code=201,
    response_model=Booking,
    responses={202: {"model": Booking, "description": "Full: waitlisted"}},
)
async def book_slot(
    body: BookingIn,
    principal: Family,
    context: Context,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Book a place for oneself or one's child: 201 confirmed, or 202 on the waitlist when
    the slot is full (409 instead if `join_waitlist` is false)."""

    async def create(session: AsyncSession) -> tuple[int, BaseModel]:
        slot = await _locked_slot(session, body.slot_id)
        child_id = await _participant(
            session, principal, slot, body.child_id, body.child_birth_date
        )
        booking = await places.take(
            session,
            context.settings,
            slot=slot,
            booked_by=principal.subject,
            now=datetime.now(UTC),
            child_id=child_id,
            interpreter_language=body.interpreter_language,
            join_waitlist=body.join_waitlist,
        )
        return (201 if booking["status"] == "confirmed" else 202), _booking(booking, slot)

    return await _write(context, request, principal, idempotency_key, create)


@router.post("/holds", status_code=201, response_model=Booking)
async def hold_slot(
    body: HoldIn,
    principal: Family,
    context: Context,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Keep a place for a short while (`hold_expires_at`) while the family fills in the
    details; it is given back by itself unless confirmed."""

    async def create(session: AsyncSession) -> tuple[int, BaseModel]:
        slot = await _locked_slot(session, body.slot_id)
        if not principal.has_any(Role.GUARDIAN):
            await _participant(session, principal, slot, None)  # youth activities only
        booking = await places.take(
            session,
            context.settings,
            slot=slot,
            booked_by=principal.subject,
            now=datetime.now(UTC),
            hold=True,
        )
        return 201, _booking(booking, slot)

    return await _write(context, request, principal, idempotency_key, create)


async def _own_hold(session: AsyncSession, principal: Principal, hold_id: UUID) -> tuple[Row, Row]:
    found = await store.get_booking(session, hold_id)
    if found is None or found["booked_by"] != principal.subject:
        raise Problem(404, "Not Found", "No such hold of yours.")
    slot = await store.lock_slot(session, found["slot_id"])
    hold = await store.get_booking(session, hold_id, lock=True)
    assert slot is not None
    assert hold is not None
    if hold["status"] != "held" or hold["hold_expires_at"] <= datetime.now(UTC):
        raise Problem(409, "Hold lapsed", "The hold has lapsed or was used; book again.")
    return slot, hold


@router.post("/holds/{hold_id}/confirm")
async def confirm_hold(
    hold_id: UUID, body: ConfirmIn, principal: Family, context: Context
) -> Booking:
    with _second_booking_refused():
        async with context.transaction() as session:
            slot, hold = await _own_hold(session, principal, hold_id)
            child_id = await _participant(
                session,
                principal,
                slot,
                body.child_id,
                body.child_birth_date,
                action="confirm_hold",
            )
            values = {
                "status": "confirmed",
                "hold_expires_at": None,
                "child_id": child_id,
                "interpreter_language": body.interpreter_language,
            }
            await store.update_booking(session, hold_id, values)
            hold.update(values)
            await add_event(session, context.settings, places.booked_event(slot, hold))
    return _booking(hold, slot)


@router.delete("/holds/{hold_id}", status_code=204)
async def release_hold(hold_id: UUID, principal: Family, context: Context) -> Response:
    async with context.transaction() as session:
        slot, hold = await _own_hold(session, principal, hold_id)
        await places.release(session, context.settings, slot=slot, booking=hold, status="lapsed")
    return Response(status_code=204)


@router.get("/bookings")
async def list_bookings(
    principal: CurrentPrincipal, context: Context, resource_id: UUID | None = None
) -> list[Booking]:
    """A family's own bookings; with `resource_id`, the bookings on a calendar one manages
    (each of them then in its family's access log)."""
    async with context.transaction() as session:
        if resource_id is not None:
            await access.managed_resource(session, principal, resource_id)
            rows = await store.list_bookings(session, resource_ids=[resource_id])
            await store.log_access(
                session,
                actor=principal.subject,
                bookings_seen=rows,
                action="list",
                purpose=access.PURPOSE,
            )
        elif principal.has_any(Role.GUARDIAN, Role.YOUTH):
            rows = await store.list_bookings(session, family_of=principal.subject)
        else:
            raise Problem(403, "Forbidden", "Staff list bookings per resource (resource_id).")
    return [_booking(row) for row in rows]


@router.get("/access-log")
async def my_access_log(principal: Family, context: Context) -> list[AccessLogEntry]:
    """Who on the staff read or changed this family's bookings (those the other guardian
    made for a shared child included) or looked at when the family is free, when and why."""
    async with context.sessions() as session:
        return [
            AccessLogEntry(**row) for row in await store.access_log_of(session, principal.subject)
        ]


@router.get("/bookings/{booking_id}.ics", responses={200: {"content": {"text/calendar": {}}}})
async def booking_ics(booking_id: UUID, principal: CurrentPrincipal, context: Context) -> Response:
    async with context.transaction() as session:
        booking, _ = await access.visible_booking(session, principal, booking_id, action="read_ics")
    status = {"confirmed": "CONFIRMED", "held": "TENTATIVE", "waitlisted": "TENTATIVE"}
    entry = calendar_export.CalendarEntry(
        uid=booking["id"],
        starts_at=booking["starts_at"],
        ends_at=booking["ends_at"],
        summary=booking["title"] or booking["activity"].replace("_", " ").capitalize(),
        status=status.get(booking["status"], "CANCELLED"),
        sequence=booking["sequence"],
        updated_at=booking["updated_at"],
    )
    return Response(
        calendar_export.booking_calendar(entry),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{booking_id}.ics"'},
    )


@router.get("/bookings/{booking_id}")
async def get_booking(
    booking_id: UUID, principal: CurrentPrincipal, context: Context, response: Response
) -> Booking:
    """The booking, with an `ETag` for staff to send back in `If-Match` (attendance)."""
    async with context.transaction() as session:
        booking, _ = await access.visible_booking(session, principal, booking_id, action="read")
        response.headers["ETag"] = etag(await store.booking_version(session, booking_id))
    return _booking(booking)


async def _cancel(
    session: AsyncSession,
    context: ServiceContext,
    *,
    booking: Row,
    slot: Row,
    by_staff: bool,
    announce: bool = True,
) -> Row:
    if booking["status"] not in store.LIVE:
        raise Problem(409, "Not active", f"The booking is already {booking['status']}.")
    now = datetime.now(UTC)
    late = (
        not by_staff
        and booking["status"] == "confirmed"
        and domain.is_late_cancellation(
            starts_at=slot["starts_at"], deadline_hours=slot["cancel_deadline_hours"], now=now
        )
    )
    values = {"cancelled_at": now, "late_cancellation": late, "cancelled_by_staff": by_staff}
    was_waitlisted = booking["status"] == "waitlisted"
    await places.release(
        session, context.settings, slot=slot, booking=booking, status="cancelled", values=values
    )
    if announce:
        await add_event(
            session,
            context.settings,
            BookingCancelled(
                booking_id=booking["id"],
                slot_id=slot["id"],
                resource_id=slot["resource_id"],
                booked_by=booking["booked_by"],
                municipality_code=slot["municipality_code"],
                starts_at=slot["starts_at"],
                late=late,
                by_staff=by_staff,
                was_waitlisted=was_waitlisted,
            ),
        )
    return {**booking, **values, "status": "cancelled"}


@router.post("/bookings/{booking_id}/cancel")
async def cancel_booking(
    booking_id: UUID, principal: CurrentPrincipal, context: Context
) -> Booking:
    """Cancel; after the slot's deadline it is recorded as a late cancellation. The freed
    place goes to the first on the waitlist."""
    async with context.transaction() as session:
        found, by_staff = await access.visible_booking(
            session, principal, booking_id, action="cancel"
        )
        if found["series_booking_id"] is not None:
            raise Problem(
                409,
                "Part of a series",
                "Cancel the series booking as a whole: "
                f"POST /v1/series-bookings/{found['series_booking_id']}/cancel.",
            )
        slot = await store.lock_slot(session, found["slot_id"])
        booking = await store.get_booking(session, booking_id, lock=True)
        assert slot is not None
        assert booking is not None
        _unmoved(booking, slot)
        cancelled = await _cancel(session, context, booking=booking, slot=slot, by_staff=by_staff)
    return _booking(cancelled, slot)


@router.post("/bookings/{booking_id}/reschedule")
async def reschedule_booking(
    booking_id: UUID, body: RescheduleIn, principal: Family, context: Context
) -> Booking:
    """Move a confirmed booking to another slot in one transaction: the new place is taken
    and the old one given back together, or neither happens."""
    with _second_booking_refused():
        async with context.transaction() as session:
            found = await store.get_booking(session, booking_id)
            if found is None:
                raise Problem(404, "Not Found", "No such booking.")
            if not await store.is_family_booking(session, booking_id, principal.subject):
                raise access.Refusal(
                    Problem(403, "Forbidden", "This booking is not your family's."),
                    actor=principal.subject,
                    action="reschedule_refused",
                    bookings=[found],
                )
            if found["series_booking_id"] is not None:
                raise Problem(409, "Part of a series", "A series is not moved session by session.")
            if body.slot_id == found["slot_id"]:
                raise Problem(422, "Same slot", "The booking is already on that slot.")
            locked = {
                s["id"]: s
                for s in await store.lock_slots(session, [found["slot_id"], body.slot_id])
            }
            if body.slot_id not in locked:
                raise Problem(404, "Not Found", "No such slot.")
            old, new = locked[found["slot_id"]], locked[body.slot_id]
            booking = await store.get_booking(session, booking_id, lock=True)
            assert booking is not None
            _unmoved(booking, old)
            if booking["status"] != "confirmed":
                raise Problem(409, "Not active", "Only a confirmed booking is moved.")
            places.check_bookable(new, datetime.now(UTC))
            await _still_fits(session, principal, booking, new)
            if new["booked_count"] >= new["capacity"]:
                raise Problem(
                    409, "Slot full", "The new slot is full; the booking stays as it was."
                )
            await store.add_taken(session, new["id"], 1)
            await store.update_booking(
                session,
                booking_id,
                {
                    "slot_id": new["id"],
                    "rescheduled_from": old["id"],
                    "sequence": booking["sequence"] + 1,
                },
            )
            await store.add_taken(session, old["id"], -1)
            old["booked_count"] -= 1
            await places.promote(session, context.settings, slot=old)
            await add_event(
                session,
                context.settings,
                BookingRescheduled(
                    booking_id=booking_id,
                    booked_by=booking["booked_by"],
                    from_slot_id=old["id"],
                    to_slot_id=new["id"],
                    resource_id=new["resource_id"],
                    municipality_code=new["municipality_code"],
                    previous_starts_at=old["starts_at"],
                    starts_at=new["starts_at"],
                    ends_at=new["ends_at"],
                ),
            )
            moved = await store.get_booking(session, booking_id)
    assert moved is not None
    return _booking(moved)


@router.post("/bookings/{booking_id}/attendance")
async def record_attendance(
    booking_id: UUID,
    body: AttendanceIn,
    principal: Staff,
    context: Context,
    response: Response,
    if_match: IfMatch = None,
) -> Booking:
    """The resource's staff record attendance or a no-show once the activity has begun.
    `If-Match` (the booking's ETag) is required: two staff correcting one record must not
    silently overwrite each other (428 without it, 412 when stale)."""
    async with context.transaction() as session:
        booking, by_staff = await access.visible_booking(
            session, principal, booking_id, action="record_attendance", lock=True
        )
        if not by_staff:
            raise Problem(403, "Forbidden", "Attendance is recorded by the resource's staff.")
        require_if_match(if_match, await store.booking_version(session, booking_id))
        if booking["status"] != "confirmed":
            raise Problem(409, "Not active", "Attendance is recorded for confirmed bookings.")
        domain.check_may_record_attendance(starts_at=booking["starts_at"], now=datetime.now(UTC))
        await store.update_booking(
            session,
            booking_id,
            {"attended": body.attended, "attendance_recorded_by": principal.subject},
        )
        await add_event(
            session,
            context.settings,
            AttendanceRecorded(
                booking_id=booking_id,
                slot_id=booking["slot_id"],
                resource_id=booking["resource_id"],
                municipality_code=booking["municipality_code"],
                starts_at=booking["starts_at"],
                attended=body.attended,
                audience=booking["audience"],
                activity=booking["activity"],
            ),
        )
        response.headers["ETag"] = etag(await store.booking_version(session, booking_id))
    return _booking({**booking, "attended": body.attended})


# Series: a weekly peer group or a family-school course, booked and cancelled as one.


def _series_booking(series_booking_id: UUID, rows: list[Row]) -> SeriesBooking:
    statuses = {row["status"] for row in rows}
    return SeriesBooking(
        id=series_booking_id,
        series_id=rows[0]["series_id"],
        status=statuses.pop() if len(statuses) == 1 else "mixed",
        bookings=[_booking(row) for row in rows],
    )


@router.post("/series/{series_id}/bookings", status_code=201, response_model=SeriesBooking)
async def book_series(
    series_id: UUID,
    body: SeriesBookingIn,
    principal: Family,
    context: Context,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Every future session of the series, all or nothing, with one confirmation."""

    async def create(session: AsyncSession) -> tuple[int, BaseModel]:
        now = datetime.now(UTC)
        slots = sorted(
            await store.lock_slots(session, await store.series_slot_ids(session, series_id)),
            key=lambda s: s["starts_at"],
        )
        slots = [slot for slot in slots if slot["starts_at"] > now]
        if not slots:
            raise Problem(404, "Not Found", "No series with sessions still to come.")
        for slot in slots:
            places.check_bookable(slot, now, as_series=True)
        child_id = await _participant(
            session, principal, slots[0], body.child_id, body.child_birth_date, action="book_series"
        )
        series_booking_id = uuid4()
        rows = []
        for slot in slots:
            booking = await places.take(
                session,
                context.settings,
                slot=slot,
                booked_by=principal.subject,
                now=now,
                child_id=child_id,
                interpreter_language=body.interpreter_language,
                series_booking_id=series_booking_id,
                announce=False,
            )
            rows.append(_booking(booking, slot).model_dump())
        first = {**rows[0], "id": series_booking_id, "booked_by": principal.subject}
        await add_event(
            session,
            context.settings,
            places.booked_event(slots[0], first, session_count=len(slots)),
        )
        return 201, SeriesBooking(
            id=series_booking_id,
            series_id=series_id,
            status="confirmed",
            bookings=[Booking(**r) for r in rows],
        )

    return await _write(context, request, principal, idempotency_key, create)


async def _visible_series(
    session: AsyncSession, principal: Principal, series_booking_id: UUID, action: str
) -> tuple[list[Row], bool]:
    rows = await store.series_booking(session, series_booking_id)
    if not rows:
        raise Problem(404, "Not Found", "No such series booking.")
    _, by_staff = await access.visible_booking(session, principal, rows[0]["id"], action=action)
    if by_staff:  # the first session is logged already; staff see every one of them
        await store.log_access(
            session,
            actor=principal.subject,
            bookings_seen=rows[1:],
            action=action,
            purpose=access.PURPOSE,
        )
    return rows, by_staff


@router.get("/series-bookings/{series_booking_id}")
async def get_series_booking(
    series_booking_id: UUID, principal: CurrentPrincipal, context: Context
) -> SeriesBooking:
    async with context.transaction() as session:
        rows, _ = await _visible_series(session, principal, series_booking_id, "read")
    return _series_booking(series_booking_id, rows)


@router.post("/series-bookings/{series_booking_id}/cancel")
async def cancel_series_booking(
    series_booking_id: UUID, principal: CurrentPrincipal, context: Context
) -> SeriesBooking:
    """Every session still to come is given back together; one cancellation event."""
    async with context.transaction() as session:
        rows, by_staff = await _visible_series(session, principal, series_booking_id, "cancel")
        now = datetime.now(UTC)
        live = [row for row in rows if row["status"] in store.LIVE and row["starts_at"] > now]
        if not live:
            raise Problem(409, "Not active", "Nothing left to cancel in this series booking.")
        slots = {s["id"]: s for s in await store.lock_slots(session, [r["slot_id"] for r in live])}
        late = False
        for row in live:
            booking = await store.get_booking(session, row["id"], lock=True)
            assert booking is not None
            cancelled = await _cancel(
                session,
                context,
                booking=booking,
                slot=slots[row["slot_id"]],
                by_staff=by_staff,
                announce=False,
            )
            late = late or bool(cancelled["late_cancellation"])
        first = slots[live[0]["slot_id"]]
        await add_event(
            session,
            context.settings,
            BookingCancelled(
                booking_id=series_booking_id,
                slot_id=first["id"],
                resource_id=first["resource_id"],
                booked_by=live[0]["booked_by"],
                municipality_code=first["municipality_code"],
                starts_at=first["starts_at"],
                late=late,
                by_staff=by_staff,
            ),
        )
        rows = await store.series_booking(session, series_booking_id)
    return _series_booking(series_booking_id, rows)
