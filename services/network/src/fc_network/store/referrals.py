"""SQL of referrals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import ColumnElement, Row, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain.referrals import Referral, ReferralStatus
from fc_network.store.tables import referrals


def _referral(row: Row[tuple[object, ...]]) -> Referral:
    return Referral(
        id=row.id,
        family_id=row.family_id,
        referred_by=row.referred_by,
        referred_to=row.referred_to,
        reason_category=row.reason_category,
        urgency=row.urgency,
        status=ReferralStatus(row.status),
        created_at=row.created_at,
        message=row.message,
        accepted_at=row.accepted_at,
        declined_at=row.declined_at,
        decline_reason=row.decline_reason,
        completed_at=row.completed_at,
    )


async def insert_referral(session: AsyncSession, referral: Referral) -> None:
    await session.execute(
        insert(referrals).values(
            id=referral.id,
            family_id=referral.family_id,
            referred_by=referral.referred_by,
            referred_to=referral.referred_to,
            reason_category=referral.reason_category,
            urgency=referral.urgency,
            message=referral.message,
            status=referral.status,
            created_at=referral.created_at,
        )
    )


async def get_referral(
    session: AsyncSession, referral_id: UUID, *, lock: bool = False
) -> Referral | None:
    """The referral; with `lock`, the steps of one referral are taken one after another."""
    query = select(referrals).where(referrals.c.id == referral_id)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).first()
    return _referral(row) if row else None


async def referrals_of(
    session: AsyncSession, *, professional: UUID | None, family_ids: Sequence[UUID]
) -> list[Referral]:
    """Referrals `professional` made or received, and those of the families, newest first."""
    conditions: list[ColumnElement[bool]] = (
        [referrals.c.family_id.in_(family_ids)] if family_ids else []
    )
    if professional is not None:
        conditions += [
            referrals.c.referred_by == professional,
            referrals.c.referred_to == professional,
        ]
    if not conditions:
        return []
    query = (
        select(referrals)
        .where(or_(*conditions))
        .order_by(referrals.c.created_at.desc(), referrals.c.id)
    )
    return [_referral(row) for row in await session.execute(query)]


async def record_step(
    session: AsyncSession,
    referral_id: UUID,
    *,
    step: ReferralStatus,
    at: datetime,
    decline_reason: str | None = None,
) -> Referral:
    """Move the referral to `step`, stamped with its moment (accepted_at, declined_at or
    completed_at)."""
    moments: dict[ReferralStatus, dict[str, object]] = {
        ReferralStatus.ACCEPTED: {"accepted_at": at},
        ReferralStatus.DECLINED: {"declined_at": at, "decline_reason": decline_reason},
        ReferralStatus.COMPLETED: {"completed_at": at},
    }
    row = (
        await session.execute(
            update(referrals)
            .where(referrals.c.id == referral_id)
            .values(status=step, **moments[step])
            .returning(*referrals.c)
        )
    ).one()
    return _referral(row)
