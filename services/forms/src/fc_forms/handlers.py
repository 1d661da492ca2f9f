"""Events the forms service reacts to."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.use_cases import families
from fc_shared.events import FamilyChanged
from fc_shared.events.envelope import Envelope
from fc_shared.family_replica import ReplicaChild
from fc_shared.service import ServiceContext


async def on_family_changed(session: AsyncSession, event: FamilyChanged, _: Envelope) -> None:
    """Who acts for which child: a snapshot replaces what forms knew, unless older."""
    await families.family_changed(
        session,
        family_id=event.family_id,
        revision=event.revision,
        guardians=event.guardians,
        children=[ReplicaChild(child_id=c.child_id, subject=c.subject) for c in event.children],
    )


def register_handlers(context: ServiceContext) -> None:
    context.subscribe(FamilyChanged, "families", on_family_changed)
