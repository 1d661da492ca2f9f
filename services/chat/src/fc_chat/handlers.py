"""Events the chat service handles: network's family snapshots (who is whose child)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from fc_chat.use_cases import families
from fc_shared.events import FamilyChanged
from fc_shared.events.envelope import Envelope
from fc_shared.service import ServiceContext


async def on_family_changed(session: AsyncSession, event: FamilyChanged, _: Envelope) -> None:
    await families.family_changed(session, event)


def register_handlers(context: ServiceContext) -> None:
    context.subscribe(FamilyChanged, "families", on_family_changed)
