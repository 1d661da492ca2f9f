"""Who vouches that a named person is a guardian of a family: the one trust decision behind
"acts for the family", kept behind one small interface.

Today the person vouches for themselves by signing in: the guardian who registers a family
is confirmed, and every other guardian named (by them, or by a professional) is pending until
they confirm with their own sign-in. A population-register source (who is whose guardian,
from the Digital and Population Data Services Agency) can implement the same protocol later
and confirm guardians at registration without waiting for them.
"""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from fc_shared.principals import Principal, Role


class GuardianConfirmation(Protocol):
    async def confirmed_at_registration(self, registrant: Principal, guardian: UUID | None) -> bool:
        """Whether `guardian`, named by `registrant` registering a family, acts for it at
        once."""
        ...

    async def confirms(self, principal: Principal, guardian: UUID) -> bool:
        """Whether `principal` may confirm that they are the pending guardian `guardian`."""
        ...


class SignInConfirmation:
    """A guardian is confirmed by their own sign-in, nobody else's. A professional who
    registers a family confirms no one: every guardian they name confirms themselves."""

    async def confirmed_at_registration(self, registrant: Principal, guardian: UUID | None) -> bool:
        return (
            guardian is not None
            and guardian == registrant.subject
            and registrant.has_any(Role.GUARDIAN)
        )

    async def confirms(self, principal: Principal, guardian: UUID) -> bool:
        return principal.subject == guardian and principal.has_any(Role.GUARDIAN)


def guardian_confirmation() -> GuardianConfirmation:
    """The dependency routes use; override it (app.dependency_overrides) to trust another
    source."""
    return SignInConfirmation()
