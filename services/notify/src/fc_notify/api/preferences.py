"""Routes for preferences: how and when a person is told."""

from __future__ import annotations

from fastapi import APIRouter

from fc_notify.api.schemas import PreferencesIn, PreferencesOut
from fc_notify.domain.deliveries import Channel
from fc_notify.use_cases import preferences
from fc_shared.auth import CurrentPrincipal
from fc_shared.service import Context

router = APIRouter(prefix="/v1/preferences", tags=["preferences"])


@router.get("/me", response_model=PreferencesOut)
async def my_preferences(principal: CurrentPrincipal, context: Context) -> PreferencesOut:
    """The caller's language, quiet hours and channels per kind (defaults if never set)."""
    async with context.sessions() as session:
        return PreferencesOut.of(await preferences.mine(session, subject=principal.subject))


@router.put("/me", response_model=PreferencesOut)
async def set_my_preferences(
    body: PreferencesIn, principal: CurrentPrincipal, context: Context
) -> PreferencesOut:
    """Replace the caller's preferences. Quiet hours (Finnish time) hold back SMS until they
    end, except critical letters. 422 for an unknown language or quiet hours that make no
    sense; nothing changes then."""
    async with context.transaction() as session:
        chosen = await preferences.choose(
            session,
            subject=principal.subject,
            language=body.language,
            quiet_start=body.quiet_start,
            quiet_end=body.quiet_end,
            channels={
                kind: frozenset(Channel(channel) for channel in wanted)
                for kind, wanted in body.channels.items()
            },
        )
    return PreferencesOut.of(chosen)
