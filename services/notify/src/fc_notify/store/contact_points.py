"""Contact points in SQL, as typed records."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain.notifications import ContactPoint
from fc_notify.store.tables import contact_points


async def upsert_contact_point(session: AsyncSession, contact: ContactPoint) -> None:
    statement = pg_insert(contact_points).values(
        subject=contact.subject, email=contact.email, language=contact.language
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[contact_points.c.subject],
            set_={"email": contact.email, "language": contact.language, "updated_at": func.now()},
        )
    )


async def get_contact_point(session: AsyncSession, subject: UUID) -> ContactPoint | None:
    query = select(
        contact_points.c.subject, contact_points.c.email, contact_points.c.language
    ).where(contact_points.c.subject == subject)
    row = (await session.execute(query)).first()
    return (
        ContactPoint(subject=row.subject, email=row.email, language=row.language) if row else None
    )
