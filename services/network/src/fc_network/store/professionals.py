"""SQL of professionals and their trainings."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from sqlalchemy import extract, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain.professionals import Professional
from fc_network.store.tables import professionals, service_staff, trainings


async def insert_professional(session: AsyncSession, professional: Professional) -> None:
    await session.execute(
        insert(professionals).values(
            subject=professional.subject,
            organisation_id=professional.organisation_id,
            role=professional.role,
            languages=professional.languages,
            municipalities=professional.municipalities,
        )
    )


async def get_professional(session: AsyncSession, subject: UUID) -> Professional | None:
    query = select(professionals).where(professionals.c.subject == subject)
    row = (await session.execute(query)).first()
    if row is None:
        return None
    return Professional(
        subject=row.subject,
        organisation_id=row.organisation_id,
        role=row.role,
        languages=list(row.languages),
        municipalities=list(row.municipalities),
    )


async def organisation_of(session: AsyncSession, subject: UUID) -> UUID | None:
    """The organisation the professionals register has `subject` working for, if any."""
    found: UUID | None = await session.scalar(
        select(professionals.c.organisation_id).where(professionals.c.subject == subject)
    )
    return found


async def add_training(
    session: AsyncSession, *, professional: UUID, course: str, completed_on: date
) -> bool:
    """True when recorded; False when this course was already recorded for them."""
    added = await session.execute(
        pg_insert(trainings)
        .values(id=uuid4(), professional=professional, course=course, completed_on=completed_on)
        .on_conflict_do_nothing(constraint="one_completion_per_course")
        .returning(trainings.c.id)
    )
    return added.first() is not None


async def completions(session: AsyncSession, *, course: str, year: int) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(trainings)
        .where(trainings.c.course == course, extract("year", trainings.c.completed_on) == year)
    )
    return int(count or 0)


async def add_staff(session: AsyncSession, *, service_id: UUID, professional: UUID) -> None:
    await session.execute(
        pg_insert(service_staff)
        .values(service_id=service_id, professional=professional)
        .on_conflict_do_nothing()
    )


async def staff_of(session: AsyncSession, service_id: UUID) -> list[tuple[UUID, list[str]]]:
    """A service's staff with their languages, in the order they joined."""
    query = (
        select(professionals.c.subject, professionals.c.languages)
        .join(service_staff, service_staff.c.professional == professionals.c.subject)
        .where(service_staff.c.service_id == service_id)
        .order_by(service_staff.c.added_at, professionals.c.subject)
    )
    return [(row.subject, list(row.languages)) for row in await session.execute(query)]
