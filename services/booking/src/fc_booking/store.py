"""The booking service's SQL, and nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import (
    ColumnElement,
    case,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking.tables import (
    access_log,
    availability_rules,
    band_overrides,
    bookings,
    case_team_members,
    case_teams,
    closures,
    families,
    family_children,
    family_guardians,
    resource_managers,
    resources,
    slots,
)

Row = dict[str, Any]
LIVE = ("held", "confirmed", "waitlisted")


# Resources


async def put_meeting_point_room(
    session: AsyncSession,
    *,
    meeting_point_id: UUID,
    municipality_code: str,
    kind: str,
    audience_bands: list[str],
    name: str | None,
    overwrite_bands: bool,
) -> bool:
    """The meeting point's room, created if missing; True if this call created it. An
    opening leaves an existing room's bands and name alone, as a change may overtake it
    (the two are handled by different consumers); a change overwrites them."""
    statement = pg_insert(resources).values(
        id=uuid4(),
        kind=kind,
        meeting_point_id=meeting_point_id,
        municipality_code=municipality_code,
        audience_bands=audience_bands,
        name=name,
    )
    index = [resources.c.meeting_point_id]
    if overwrite_bands:
        # xmax is 0 only on a row this statement inserted, not on one it updated.
        return bool(
            await session.scalar(
                statement.on_conflict_do_update(
                    index_elements=index,
                    set_={
                        "audience_bands": statement.excluded.audience_bands,
                        # An older change (from before names were sent) keeps the name.
                        "name": func.coalesce(statement.excluded.name, resources.c.name),
                    },
                ).returning(literal_column("xmax = 0"))
            )
        )
    return (
        await session.scalar(
            statement.on_conflict_do_nothing(index_elements=index).returning(resources.c.id)
        )
        is not None
    )


PUBLIC_RESOURCE_COLUMNS = [c for c in resources.c if c.name != "feed_key"]


async def insert_resource(session: AsyncSession, values: Row) -> None:
    await session.execute(insert(resources).values(**values))


async def list_resources(
    session: AsyncSession,
    *,
    meeting_point_id: UUID | None,
    municipality_code: str | None,
    kind: str | None = None,
    language: str | None = None,
) -> list[Row]:
    query = select(*PUBLIC_RESOURCE_COLUMNS).order_by(resources.c.created_at, resources.c.id)
    if meeting_point_id:
        query = query.where(resources.c.meeting_point_id == meeting_point_id)
    if municipality_code:
        query = query.where(resources.c.municipality_code == municipality_code)
    if kind:
        query = query.where(resources.c.kind == kind)
    if language:
        query = query.where(resources.c.languages.contains([language]))
    return [dict(row._mapping) for row in await session.execute(query)]


async def get_resource(session: AsyncSession, resource_id: UUID) -> Row | None:
    row = (await session.execute(select(resources).where(resources.c.id == resource_id))).first()
    return dict(row._mapping) if row else None


async def get_resources(session: AsyncSession, ids: Sequence[UUID]) -> list[Row]:
    rows = await session.execute(select(resources).where(resources.c.id.in_(ids)))
    return [dict(row._mapping) for row in rows]


async def managers_of(session: AsyncSession, resource_id: UUID) -> list[UUID]:
    rows = await session.scalars(
        select(resource_managers.c.subject).where(resource_managers.c.resource_id == resource_id)
    )
    return list(rows)


async def add_manager(
    session: AsyncSession, *, resource_id: UUID, subject: UUID, assigned_by: UUID
) -> None:
    """Name a manager. An admin naming someone network already named takes the entry
    over, so the manager stays when network later hands the meeting point to another;
    network naming someone an admin named leaves the admin's entry as it is."""
    insert_manager = pg_insert(resource_managers).values(
        resource_id=resource_id, subject=subject, assigned_by=assigned_by
    )
    if assigned_by == FROM_NETWORK:
        await session.execute(insert_manager.on_conflict_do_nothing())
        return
    await session.execute(
        insert_manager.on_conflict_do_update(
            index_elements=[resource_managers.c.resource_id, resource_managers.c.subject],
            set_={"assigned_by": assigned_by, "assigned_at": func.now()},
        )
    )


# Managers named by the network service's events, told apart from those an admin named.
FROM_NETWORK = UUID(int=0)


async def set_room_coordinator(
    session: AsyncSession, *, meeting_point_id: UUID, coordinator: UUID | None
) -> None:
    """The meeting point's responsible person, as network last said, manages its room:
    the one named before stops (None: nobody from network does). Managers an admin named
    stay. When someone loses the room, its feed key is rotated too, so the private feed
    link they were given stops working with their access."""
    room_id = await session.scalar(
        select(resources.c.id)
        .where(resources.c.meeting_point_id == meeting_point_id)
        .with_for_update()
    )
    if room_id is None:
        return
    removed = set(
        await session.scalars(
            delete(resource_managers)
            .where(
                resource_managers.c.resource_id == room_id,
                resource_managers.c.assigned_by == FROM_NETWORK,
            )
            .returning(resource_managers.c.subject)
        )
    )
    if coordinator is not None:
        await add_manager(
            session, resource_id=room_id, subject=coordinator, assigned_by=FROM_NETWORK
        )
    if removed - {coordinator}:
        await rotate_feed_key(session, room_id)


async def rotate_feed_key(session: AsyncSession, resource_id: UUID) -> None:
    await session.execute(
        update(resources)
        .where(resources.c.id == resource_id)
        .values(feed_key=text("uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())"))
    )


# Closures and rules


async def insert_closure(session: AsyncSession, values: Row) -> None:
    await session.execute(insert(closures).values(**values))


async def closures_of(session: AsyncSession, resource_id: UUID) -> list[Row]:
    rows = await session.execute(
        select(closures).where(closures.c.resource_id == resource_id).order_by(closures.c.starts_on)
    )
    return [dict(row._mapping) for row in rows]


async def closed_on(session: AsyncSession, resource_id: UUID, first: date, last: date) -> bool:
    found = await session.scalar(
        select(closures.c.id)
        .where(
            closures.c.resource_id == resource_id,
            closures.c.starts_on <= last,
            closures.c.ends_on >= first,
        )
        .limit(1)
    )
    return found is not None


async def insert_rule(session: AsyncSession, values: Row) -> None:
    await session.execute(insert(availability_rules).values(**values))


# Slots


async def insert_slots(session: AsyncSession, rows: Sequence[Row]) -> None:
    await session.execute(insert(slots), list(rows))


async def insert_band_override(session: AsyncSession, values: Row) -> None:
    await session.execute(insert(band_overrides).values(id=uuid4(), **values))


async def get_slot(session: AsyncSession, slot_id: UUID) -> Row | None:
    row = (await session.execute(select(slots).where(slots.c.id == slot_id))).first()
    return dict(row._mapping) if row else None


async def slot_version(session: AsyncSession, slot_id: UUID) -> str:
    """The row version (`xmin`): it changes with every write to the slot, bookings included."""
    return str(
        await session.scalar(
            select(literal_column("xmin::text")).select_from(slots).where(slots.c.id == slot_id)
        )
    )


async def booking_version(session: AsyncSession, booking_id: UUID) -> str:
    """The booking row's version (`xmin`), for its ETag."""
    return str(
        await session.scalar(
            select(literal_column("xmin::text"))
            .select_from(bookings)
            .where(bookings.c.id == booking_id)
        )
    )


async def lock_slot(session: AsyncSession, slot_id: UUID) -> Row | None:
    """The slot, its row locked until commit: every change to its places queues here, which
    is what keeps the waitlist in arrival order."""
    row = (
        await session.execute(select(slots).where(slots.c.id == slot_id).with_for_update())
    ).first()
    return dict(row._mapping) if row else None


async def lock_slots(session: AsyncSession, slot_ids: Sequence[UUID]) -> list[Row]:
    """Several slots locked in id order, so two transactions never wait on each other."""
    rows = await session.execute(
        select(slots).where(slots.c.id.in_(slot_ids)).order_by(slots.c.id).with_for_update()
    )
    return [dict(row._mapping) for row in rows]


async def series_slot_ids(session: AsyncSession, series_id: UUID) -> list[UUID]:
    rows = await session.scalars(
        select(slots.c.id).where(slots.c.series_id == series_id).order_by(slots.c.starts_at)
    )
    return list(rows)


async def add_taken(session: AsyncSession, slot_id: UUID, delta: int) -> None:
    await session.execute(
        update(slots).where(slots.c.id == slot_id).values(booked_count=slots.c.booked_count + delta)
    )


async def set_capacity(session: AsyncSession, slot_id: UUID, capacity: int) -> None:
    await session.execute(update(slots).where(slots.c.id == slot_id).values(capacity=capacity))


async def list_slots(session: AsyncSession, resource_id: UUID) -> list[Row]:
    query = (
        select(slots)
        .where(slots.c.resource_id == resource_id, slots.c.starts_at > func.now())
        .order_by(slots.c.starts_at)
    )
    return [dict(row._mapping) for row in await session.execute(query)]


async def search_slots(
    session: AsyncSession,
    *,
    municipality_code: str | None,
    resource_kind: str | None,
    resource_id: UUID | None,
    service_id: UUID | None,
    audience: str | None,
    language: str | None,
    activity: str | None,
    starts_from: datetime,
    starts_before: datetime | None,
    after: tuple[datetime, UUID] | None,
    limit: int,
) -> list[Row]:
    """One page of bookable slots in start order; `after` is the last row of the previous
    page (keyset paging, so a page never skips or repeats when slots are added)."""
    query = (
        select(slots, resources.c.kind.label("resource_kind"))
        .join(resources, resources.c.id == slots.c.resource_id)
        .where(slots.c.starts_at >= starts_from, slots.c.kind != "network_meeting")
        .order_by(slots.c.starts_at, slots.c.id)
        .limit(limit)
    )
    filters = {
        slots.c.municipality_code: municipality_code,
        resources.c.kind: resource_kind,
        slots.c.resource_id: resource_id,
        slots.c.service_id: service_id,
        slots.c.audience: audience,
        slots.c.language: language,
        slots.c.activity: activity,
    }
    for column, value in filters.items():
        if value is not None:
            query = query.where(column == value)
    if starts_before is not None:
        query = query.where(slots.c.starts_at < starts_before)
    if after is not None:
        query = query.where(tuple_(slots.c.starts_at, slots.c.id) > tuple_(*after))
    return [dict(row._mapping) for row in await session.execute(query)]


async def busy_on_resources(
    session: AsyncSession, resource_ids: Sequence[UUID], starts_at: datetime, ends_at: datetime
) -> list[Row]:
    rows = await session.execute(
        select(slots.c.resource_id, slots.c.starts_at, slots.c.ends_at).where(
            slots.c.resource_id.in_(resource_ids),
            slots.c.starts_at < ends_at,
            slots.c.ends_at > starts_at,
        )
    )
    return [dict(row._mapping) for row in rows]


async def busy_for_guardians(
    session: AsyncSession, guardians: Sequence[UUID], starts_at: datetime, ends_at: datetime
) -> list[Row]:
    rows = await session.execute(
        select(bookings.c.booked_by, slots.c.starts_at, slots.c.ends_at)
        .join(slots, slots.c.id == bookings.c.slot_id)
        .where(
            bookings.c.booked_by.in_(guardians),
            bookings.c.status.in_(("held", "confirmed")),
            slots.c.starts_at < ends_at,
            slots.c.ends_at > starts_at,
        )
    )
    return [dict(row._mapping) for row in rows]


async def feed_slots(session: AsyncSession, resource_id: UUID, since: datetime) -> list[Row]:
    rows = await session.execute(
        select(slots)
        .where(slots.c.resource_id == resource_id, slots.c.ends_at >= since)
        .order_by(slots.c.starts_at)
    )
    return [dict(row._mapping) for row in rows]


# Bookings


async def insert_booking(session: AsyncSession, values: Row) -> None:
    await session.execute(insert(bookings).values(**values))


async def next_waitlist_position(session: AsyncSession) -> int:
    return int(await session.scalar(text("SELECT nextval('waitlist_order')")) or 0)


async def count_waitlisted(session: AsyncSession, slot_id: UUID) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(bookings)
            .where(bookings.c.slot_id == slot_id, bookings.c.status == "waitlisted")
        )
        or 0
    )


async def first_waitlisted(session: AsyncSession, slot_id: UUID) -> Row | None:
    row = (
        await session.execute(
            select(bookings)
            .where(bookings.c.slot_id == slot_id, bookings.c.status == "waitlisted")
            .order_by(bookings.c.waitlist_position)
            .limit(1)
            .with_for_update()
        )
    ).first()
    return dict(row._mapping) if row else None


BOOKING_VIEW = [
    *bookings.c,
    slots.c.resource_id,
    slots.c.starts_at,
    slots.c.ends_at,
    slots.c.activity,
    slots.c.title,
    slots.c.audience,
    slots.c.language,
    slots.c.municipality_code,
    slots.c.cancel_deadline_hours,
    slots.c.series_id,
]


def _queue_place() -> ColumnElement[Any]:
    """A waitlisted booking's live place in its own slot's queue (1 = next): the sequence
    behind `waitlist_position` only orders, as its numbers count every slot's queues."""
    ahead = bookings.alias("ahead")
    return case(
        (
            bookings.c.status == "waitlisted",
            select(func.count())
            .where(
                ahead.c.slot_id == bookings.c.slot_id,
                ahead.c.status == "waitlisted",
                ahead.c.waitlist_position <= bookings.c.waitlist_position,
            )
            .scalar_subquery(),
        ),
        else_=None,
    ).label("queue_place")


async def get_booking(session: AsyncSession, booking_id: UUID, *, lock: bool = False) -> Row | None:
    query = select(*BOOKING_VIEW, _queue_place()) if not lock else select(*BOOKING_VIEW)
    query = query.join(slots, slots.c.id == bookings.c.slot_id).where(bookings.c.id == booking_id)
    if lock:
        query = query.with_for_update(of=bookings)
    row = (await session.execute(query)).first()
    return dict(row._mapping) if row else None


async def series_booking(session: AsyncSession, series_booking_id: UUID) -> list[Row]:
    rows = await session.execute(
        select(*BOOKING_VIEW)
        .join(slots, slots.c.id == bookings.c.slot_id)
        .where(bookings.c.series_booking_id == series_booking_id)
        .order_by(slots.c.starts_at)
    )
    return [dict(row._mapping) for row in rows]


async def update_booking(session: AsyncSession, booking_id: UUID, values: Row) -> None:
    await session.execute(
        update(bookings).where(bookings.c.id == booking_id).values(**values, updated_at=func.now())
    )


def _families_bookings(subject: UUID) -> ColumnElement[bool]:
    """The bookings `subject` sees as family: their own, those made for a child of a family
    they are a confirmed guardian of (whichever guardian booked), and, for a youth, those
    their guardians made for them. A youth's bookings for themselves name the youth's child
    record too, but stay the youth's: the guardians' part leaves out what the child booked."""
    for_guardian = (
        select(family_children.c.child_id)
        .join(family_guardians, family_guardians.c.family_id == family_children.c.family_id)
        .where(
            family_guardians.c.guardian == subject,
            or_(
                family_children.c.subject.is_(None),
                family_children.c.subject != bookings.c.booked_by,
            ),
        )
        .correlate(bookings)
    )
    # As `domain.youths_own_record`: a subject named by two child records is nobody's child.
    naming = (
        select(func.count())
        .select_from(family_children)
        .where(family_children.c.subject == subject)
        .scalar_subquery()
    )
    for_youth = select(family_children.c.child_id).where(
        family_children.c.subject == subject, naming == 1
    )
    return or_(
        bookings.c.booked_by == subject,
        bookings.c.child_id.in_(for_guardian),
        bookings.c.child_id.in_(for_youth),
    )


async def list_bookings(
    session: AsyncSession,
    *,
    family_of: UUID | None = None,
    resource_ids: Sequence[UUID] | None = None,
) -> list[Row]:
    query = (
        select(*BOOKING_VIEW, _queue_place())
        .join(slots, slots.c.id == bookings.c.slot_id)
        .order_by(
            slots.c.starts_at, bookings.c.waitlist_position.nulls_first(), bookings.c.created_at
        )
    )
    if family_of is not None:
        query = query.where(_families_bookings(family_of))
    if resource_ids is not None:
        query = query.where(slots.c.resource_id.in_(resource_ids))
    return [dict(row._mapping) for row in await session.execute(query)]


async def is_family_booking(session: AsyncSession, booking_id: UUID, subject: UUID) -> bool:
    found = await session.scalar(
        select(bookings.c.id).where(bookings.c.id == booking_id, _families_bookings(subject))
    )
    return found is not None


async def log_access(
    session: AsyncSession, *, actor: UUID, bookings_seen: Sequence[Row], action: str, purpose: str
) -> None:
    if bookings_seen:
        await session.execute(
            insert(access_log),
            [
                {
                    "actor": actor,
                    "guardian": row["booked_by"],
                    "booking_id": row["id"],
                    "action": action,
                    "purpose": purpose,
                }
                for row in bookings_seen
            ],
        )


async def log_family_access(
    session: AsyncSession, *, actor: UUID, guardians: Sequence[UUID], action: str, purpose: str
) -> None:
    """A read (or a refused attempt) about a family as a whole, in each guardian's log."""
    if guardians:
        await session.execute(
            insert(access_log),
            [
                {
                    "actor": actor,
                    "guardian": guardian,
                    "booking_id": None,
                    "action": action,
                    "purpose": purpose,
                }
                for guardian in guardians
            ],
        )


async def access_log_of(session: AsyncSession, guardian: UUID) -> list[Row]:
    """The entries about the guardian, and about the bookings of their children that the
    other guardian made."""
    childrens = select(bookings.c.id).where(
        bookings.c.child_id.isnot(None), _families_bookings(guardian)
    )
    rows = await session.execute(
        select(access_log)
        .where(or_(access_log.c.guardian == guardian, access_log.c.booking_id.in_(childrens)))
        .order_by(access_log.c.at.desc(), access_log.c.id.desc())
    )
    return [dict(row._mapping) for row in rows]


# The families replica (snapshots from the network service)


async def put_family(
    session: AsyncSession,
    *,
    family_id: UUID,
    revision: int,
    guardians: Sequence[UUID],
    children: Sequence[Row],
) -> bool:
    """Replace what is known of the family with a newer snapshot; False (and nothing
    changes) when the one held is as new or newer. The upsert locks the family's row, so
    two snapshots of one family are applied one after the other."""
    statement = pg_insert(families).values(family_id=family_id, revision=revision)
    applied = await session.scalar(
        statement.on_conflict_do_update(
            index_elements=[families.c.family_id],
            set_={"revision": statement.excluded.revision, "updated_at": func.now()},
            where=families.c.revision < statement.excluded.revision,
        ).returning(families.c.family_id)
    )
    if applied is None:
        return False
    await session.execute(delete(family_guardians).where(family_guardians.c.family_id == family_id))
    await session.execute(delete(family_children).where(family_children.c.family_id == family_id))
    if guardians:
        await session.execute(
            insert(family_guardians),
            [{"family_id": family_id, "guardian": guardian} for guardian in set(guardians)],
        )
    for child in children:
        # A child moved from another family's record keeps its id: the newer word wins.
        row = pg_insert(family_children).values(family_id=family_id, **child)
        await session.execute(
            row.on_conflict_do_update(
                index_elements=[family_children.c.child_id],
                set_={
                    "family_id": family_id,
                    "birth_date": row.excluded.birth_date,
                    "subject": row.excluded.subject,
                },
            )
        )
    return True


async def put_case_team(
    session: AsyncSession,
    *,
    case_id: UUID,
    family_id: UUID,
    revision: int,
    responsible: UUID | None,
    members: Sequence[UUID],
) -> bool:
    statement = pg_insert(case_teams).values(
        case_id=case_id, family_id=family_id, revision=revision, responsible=responsible
    )
    applied = await session.scalar(
        statement.on_conflict_do_update(
            index_elements=[case_teams.c.case_id],
            set_={"family_id": family_id, "revision": revision, "responsible": responsible},
            where=case_teams.c.revision < statement.excluded.revision,
        ).returning(case_teams.c.case_id)
    )
    if applied is None:
        return False
    await session.execute(delete(case_team_members).where(case_team_members.c.case_id == case_id))
    if members:
        await session.execute(
            insert(case_team_members),
            [{"case_id": case_id, "member": member} for member in set(members)],
        )
    return True


async def child(session: AsyncSession, child_id: UUID) -> Row | None:
    """The child's record and the confirmed guardians of its family (`guardians`)."""
    row = (
        await session.execute(select(family_children).where(family_children.c.child_id == child_id))
    ).first()
    if row is None:
        return None
    found = dict(row._mapping)
    found["guardians"] = await guardians_of(session, found["family_id"])
    return found


async def children_by_subject(session: AsyncSession, subject: UUID) -> list[Row]:
    """The child records naming this sign-in subject; two at most, which is enough for
    `domain.youths_own_record` to tell one from several."""
    rows = await session.execute(
        select(family_children)
        .where(family_children.c.subject == subject)
        .order_by(family_children.c.child_id)
        .limit(2)
    )
    return [dict(row._mapping) for row in rows]


async def guardians_of(session: AsyncSession, family_id: UUID) -> list[UUID]:
    rows = await session.scalars(
        select(family_guardians.c.guardian)
        .where(family_guardians.c.family_id == family_id)
        .order_by(family_guardians.c.guardian)
    )
    return list(rows)


async def case_team(session: AsyncSession, case_id: UUID) -> Row | None:
    """The case's family, responsible person and consented `members`."""
    row = (await session.execute(select(case_teams).where(case_teams.c.case_id == case_id))).first()
    if row is None:
        return None
    found = dict(row._mapping)
    found["members"] = list(
        await session.scalars(
            select(case_team_members.c.member).where(case_team_members.c.case_id == case_id)
        )
    )
    return found


async def lapsed_holds(session: AsyncSession, limit: int) -> list[Row]:
    """Holds past their time (not locked: the sweeper locks slot, then booking, the same
    order as every other writer, and checks again)."""
    rows = await session.execute(
        select(bookings.c.id, bookings.c.slot_id)
        .where(bookings.c.status == "held", bookings.c.hold_expires_at < func.now())
        .order_by(bookings.c.hold_expires_at)
        .limit(limit)
    )
    return [dict(row._mapping) for row in rows]
