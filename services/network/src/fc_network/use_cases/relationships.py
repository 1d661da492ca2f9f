"""Who acts for whom, told to the other services: a family's shape and its case team, as
whole snapshots on `network.families.v1` (ids and a child's birth date, never a name).

Every change stages its snapshot in the change's own transaction (the outbox), numbered by
the family's revision. Families that existed before the snapshots did, or whose published
shape an upgrade changed (a youth's login now pending until the youth confirms it), are
marked `republish` by a migration and published once when the service starts, so booking
never keeps an older shape than network holds.
"""

from __future__ import annotations

import asyncio
from uuid import UUID

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain import families
from fc_network.store import cases as case_store
from fc_network.store import consents as consent_store
from fc_network.store import families as family_store
from fc_shared.events import CaseTeamChanged, FamilyChanged, FamilyChild
from fc_shared.outbox import add_event
from fc_shared.service import ServiceContext
from fc_shared.settings import Settings

log = structlog.get_logger(__name__)

REPUBLISH_BATCH = 100


async def publish_family(session: AsyncSession, settings: Settings, family_id: UUID) -> None:
    """Stage the family's whole shape: confirmed guardians and children, ids only."""
    revision = await family_store.bump_revision(session, family_id)
    members = await family_store.members_of(session, family_id)
    await add_event(
        session,
        settings,
        FamilyChanged(
            family_id=family_id,
            revision=revision,
            guardians=sorted(families.confirmed_guardians(members)),
            children=[
                FamilyChild(
                    child_id=child.id,
                    birth_date=child.birth_date,
                    subject=families.youth_login(child),
                )
                for child in families.children_of(members)
            ],
        ),
    )


async def publish_team(
    session: AsyncSession, settings: Settings, *, case_id: UUID, family_id: UUID
) -> None:
    """Stage who may work on the case now: its responsible person and consented members."""
    revision = await family_store.bump_revision(session, family_id)
    await add_event(
        session,
        settings,
        CaseTeamChanged(
            case_id=case_id,
            family_id=family_id,
            revision=revision,
            responsible=await case_store.current_responsible(session, case_id),
            consented_members=sorted(await consent_store.consented_members(session, case_id)),
        ),
    )


async def republish_marked(context: ServiceContext) -> int:
    """Publish the snapshots of every family marked `republish`, a batch per transaction,
    until none is left; how many were published. Replicas starting together wait on each
    other's rows and each family is published once (see take_marked_for_republish). A batch
    can come back short while marks remain (rows re-checked after a wait), so only an empty
    batch ends the work."""
    published = 0
    while True:
        async with context.transaction() as session:
            marked = await family_store.take_marked_for_republish(session, REPUBLISH_BATCH)
            for family_id in marked:
                await publish_family(session, context.settings, family_id)
                case = await case_store.case_of(session, family_id)
                if case is not None:
                    await publish_team(
                        session, context.settings, case_id=case.id, family_id=family_id
                    )
        published += len(marked)
        if not marked:
            return published


async def republish_at_start(context: ServiceContext) -> None:
    """Background work: republish the marked families once, retrying while the database is
    away (a service starts while PostgreSQL is down and catches up when it is back)."""
    delay = 1.0
    while True:
        try:
            count = await republish_marked(context)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.warning("republishing family snapshots failed; retrying", error=repr(error))
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)
            continue
        if count:
            log.info("family snapshots republished", families=count)
        return
