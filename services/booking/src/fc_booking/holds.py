"""The background work that gives back the places of holds nobody confirmed in time."""

from __future__ import annotations

import asyncio

import structlog

from fc_booking import places, store
from fc_shared.service import ServiceContext

log = structlog.get_logger(__name__)


async def sweep_holds_forever(context: ServiceContext) -> None:
    while True:
        try:
            async with context.sessions() as session:
                lapsed = await store.lapsed_holds(session, limit=50)
            for hold in lapsed:
                async with context.transaction() as session:
                    await places.release_lapsed_hold(session, context.settings, hold)
            released = len(lapsed)
            if released:
                log.info("lapsed holds released", count=released)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # database down: the holds wait for the next round
            log.warning("hold sweep failed", error=repr(error))
        await asyncio.sleep(context.settings.booking_sweep_seconds)
