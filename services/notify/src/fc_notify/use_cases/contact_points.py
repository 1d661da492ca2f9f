"""A person sets an e-mail address or phone number and proves it theirs with the code sent
to it; only then do letters go there."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from fc_notify.domain import contact_points as rules
from fc_notify.domain.contact_points import ContactPoint
from fc_notify.domain.deliveries import Channel
from fc_notify.domain.letters import LetterValues
from fc_notify.settings import NotifySettings
from fc_notify.store import contact_points as store
from fc_notify.use_cases.letters import now, send_code
from fc_shared.refusals import Refused, not_found


async def ask_to_confirm(
    session: AsyncSession,
    settings: NotifySettings,
    *,
    subject: UUID,
    channel: Channel,
    address: str,
) -> None:
    """Keep `address` waiting and send it a fresh code; the confirmed address, if any, stays
    in use until the new one is confirmed."""
    code = rules.new_code()
    moment = await now(session, settings)
    await store.start_confirmation(
        session,
        subject=subject,
        channel=channel,
        pending_address=address,
        code_hash_for=lambda point_id: rules.code_hash(point_id, code),
        expires_at=moment + rules.CODE_LIFETIME,
    )
    await send_code(
        session,
        settings,
        subject=subject,
        channel=channel,
        address=address,
        values=LetterValues(
            code=code, valid_minutes=int(rules.CODE_LIFETIME.total_seconds() // 60)
        ),
        request_id=uuid4(),
    )


async def confirm(
    session: AsyncSession, settings: NotifySettings, *, subject: UUID, channel: Channel, code: str
) -> ContactPoint | Refused:
    """Confirm the waiting address with its code, or the refusal. A refusal is returned,
    not raised, so the caller commits the count of a wrong code before answering it (a
    raised refusal would roll the count back, and guessing would cost nothing)."""
    point = await store.get(session, subject, channel, lock=True)
    moment = await now(session, settings)
    try:
        address = rules.check_code(point, code, now=moment)
    except Refused as refusal:
        if refusal.code == "confirmation_code_wrong" and point is not None:
            await store.count_wrong_code(session, point.id)
        return refusal
    assert point is not None
    await store.confirm(session, point.id, address, moment)
    confirmed = await store.get(session, subject, channel)
    assert confirmed is not None
    return confirmed


async def mine(session: AsyncSession, *, subject: UUID) -> list[ContactPoint]:
    return await store.of_subject(session, subject)


async def remove(session: AsyncSession, *, subject: UUID, channel: Channel) -> None:
    if not await store.remove(session, subject, channel):
        raise not_found("no_contact_point", f"You have no {channel.value} contact point.")
