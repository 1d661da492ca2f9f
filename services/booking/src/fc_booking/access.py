"""Who may touch which resource or booking; deny by default (rules in `domain`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from fc_booking import domain, store
from fc_shared.auth import Principal, Role, require_role
from fc_shared.problems import LoggedRefusal, Problem

Row = dict[str, Any]
PURPOSE = "running the resource's calendar"
# What a refused attempt's log entry says was wanted: the attempt had no accepted purpose.
REFUSED = "refused: not the caller's family, case or calendar"

# The callers each route lets in at all; which resource or booking is theirs is checked below.
Family = Annotated[Principal, Depends(require_role(Role.GUARDIAN, Role.YOUTH))]
Staff = Annotated[
    Principal,
    Depends(require_role(Role.PROFESSIONAL, Role.COORDINATOR, Role.ORGANISER, Role.ADMIN)),
]
Admin = Annotated[Principal, Depends(require_role(Role.ADMIN))]


class Refusal(LoggedRefusal):
    """A refusal about a family's data (answered as `problem`), in the access log of the
    guardians concerned: `guardians` (an attempt on the family as a whole, booking_id None)
    and the guardians of `bookings` (each its booked_by; a child's other confirmed guardian
    sees it through the booking, as with staff reads). Raise it anywhere in a request: the
    platform's handler logs it after the request's transaction (fc_shared LoggedRefusal)."""

    def __init__(
        self,
        problem: Problem,
        *,
        actor: UUID,
        action: str,
        guardians: Sequence[UUID] = (),
        bookings: Sequence[Row] = (),
        purpose: str = REFUSED,
    ) -> None:
        super().__init__(
            problem.status, problem.title, problem.detail, type_=problem.type, **problem.extensions
        )
        self.actor, self.action, self.purpose = actor, action, purpose
        self.guardians = sorted(set(guardians))
        self.bookings = [{"id": row["id"], "booked_by": row["booked_by"]} for row in bookings]

    async def record(self, session: AsyncSession) -> None:
        await store.log_access(
            session,
            actor=self.actor,
            bookings_seen=self.bookings,
            action=self.action,
            purpose=self.purpose,
        )
        await store.log_family_access(
            session,
            actor=self.actor,
            guardians=self.guardians,
            action=self.action,
            purpose=self.purpose,
        )


async def may_manage(session: AsyncSession, principal: Principal, resource: Row) -> bool:
    return domain.may_manage(
        principal,
        owner=resource["owner_subject"],
        managers=await store.managers_of(session, resource["id"]),
    )


async def managed_resource(
    session: AsyncSession, principal: Principal, resource_id: UUID, *, unknown_status: int = 404
) -> Row:
    """The resource, if the caller manages it: 404 (or 422 when named in a body) if there is
    none, 403 if it is somebody else's."""
    resource = await store.get_resource(session, resource_id)
    if resource is None:
        raise Problem(unknown_status, "Unknown resource", "No resource has this id.")
    if not await may_manage(session, principal, resource):
        raise Problem(403, "Forbidden", "You do not manage this resource's calendar.")
    return resource


async def visible_booking(
    session: AsyncSession,
    principal: Principal,
    booking_id: UUID,
    *,
    action: str,
    lock: bool = False,
) -> tuple[Row, bool]:
    """A booking the caller may see, and whether they see it as the resource's staff.

    A guardian sees their own bookings and those either guardian made for their children
    (a youth's bookings for themselves stay the youth's); staff see the bookings on resources
    they manage, and each time is in the family's access log (`action`, in the caller's
    transaction). Anyone else is refused (403), and that is in the family's log too
    (`{action}_refused`).
    """
    booking = await store.get_booking(session, booking_id, lock=lock)
    if booking is None:
        raise Problem(404, "Not Found", "No such booking.")
    if booking["booked_by"] == principal.subject or (
        principal.has_any(Role.GUARDIAN, Role.YOUTH)
        and await store.is_family_booking(session, booking_id, principal.subject)
    ):
        return booking, False
    resource = await store.get_resource(session, booking["resource_id"])
    if resource is not None and await may_manage(session, principal, resource):
        await store.log_access(
            session,
            actor=principal.subject,
            bookings_seen=[booking],
            action=action,
            purpose=PURPOSE,
        )
        return booking, True
    raise Refusal(
        Problem(
            403, "Forbidden", "This booking is not your family's, nor on a calendar you manage."
        ),
        actor=principal.subject,
        action=f"{action}_refused",
        bookings=[booking],
    )
