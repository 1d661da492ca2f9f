"""A person says how to reach them."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain.notifications import ContactPoint
from fc_notify.store import contact_points as store


async def set_contact_point(
    session: AsyncSession, *, subject: UUID, email: str | None, language: str
) -> None:
    """Replace the person's contact point; no address means in-app notifications only."""
    await store.upsert_contact_point(
        session, ContactPoint(subject=subject, email=email, language=language)
    )
