"""SQL of a case's consents."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain.consents import Consent, ConsentScope
from fc_network.store.tables import consents


async def consented_members(
    session: AsyncSession, case_id: UUID, scope: ConsentScope = ConsentScope.CASE
) -> set[UUID]:
    """Members holding a consent in force of the given scope."""
    query = select(consents.c.member).where(
        consents.c.case_id == case_id, consents.c.scope == scope, consents.c.withdrawn_at.is_(None)
    )
    return set((await session.scalars(query)).all())


async def insert_consent(
    session: AsyncSession, consent: Consent, *, case_id: UUID, given_by: UUID
) -> None:
    await session.execute(
        insert(consents).values(
            id=consent.id,
            member=consent.member,
            scope=consent.scope,
            case_id=case_id,
            given_by=given_by,
        )
    )


async def withdraw_consent(
    session: AsyncSession, *, case_id: UUID, consent_id: UUID
) -> ConsentScope | None:
    """Withdraw a consent in force; its scope, or None if there was none."""
    scope: str | None = await session.scalar(
        update(consents)
        .where(
            consents.c.id == consent_id,
            consents.c.case_id == case_id,
            consents.c.withdrawn_at.is_(None),
        )
        .values(withdrawn_at=func.now())
        .returning(consents.c.scope)
    )
    return ConsentScope(scope) if scope is not None else None
