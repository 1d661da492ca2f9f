"""The family's access log in network: what is written for a read, a change or a refused
attempt, and the guardians' view of it. Written and read only through fc_shared.access_log.

Every read of a family's data, and every refused attempt, writes an entry; a refusal in a
transaction of its own, once the request's transaction has closed, so it is kept although
the request fails and no request ever holds two connections.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain import families
from fc_network.store import families as family_store
from fc_shared import access_log
from fc_shared.access_log import AccessEntry, LoggedAccess
from fc_shared.principals import Principal
from fc_shared.problems import LoggedRefusal
from fc_shared.refusals import Refused

FAMILY = "family"
CASE = "case"


class RefusedAndLogged(LoggedRefusal):
    """A refusal about a family, written to its access log by the platform's handler once
    the request's transaction has closed (fc_shared LoggedRefusal). Written from inside, it
    held the connection and the family's row lock while waiting for a second connection: a
    few dozen refused requests at once took every connection of the pool, waited on each
    other until the pool timed out, and every other request of the service waited too."""

    def __init__(self, refusal: Refused, entry: AccessEntry) -> None:
        super().__init__(
            int(refusal.kind),
            refusal.title,
            refusal.detail,
            code=refusal.code,
            **refusal.extensions,
        )
        self.entry = replace(entry, allowed=False)

    async def record(self, session: AsyncSession) -> None:
        await access_log.record(session, [self.entry])


def about_family(
    principal: Principal,
    family_id: UUID,
    *,
    action: str,
    purpose: str,
    case_id: UUID | None = None,
) -> AccessEntry:
    """An entry in the family's log; about its case when `case_id` is given."""
    return AccessEntry(
        actor=principal.subject,
        family_id=family_id,
        subject_kind=CASE if case_id else FAMILY,
        subject_id=case_id or family_id,
        action=action,
        purpose=purpose[:200],
    )


@contextlib.contextmanager
def refusals_logged(entry: AccessEntry) -> Iterator[None]:
    """A rule's refusal inside the block is answered as it is, and kept in the log."""
    try:
        yield
    except Refused as refusal:
        raise RefusedAndLogged(refusal, entry) from refusal


async def log(session: AsyncSession, *entries: AccessEntry) -> None:
    """Allowed reads and changes, in the caller's transaction."""
    await access_log.record(session, entries)


async def who_has_looked(
    session: AsyncSession, *, principal: Principal, family_id: UUID
) -> list[LoggedAccess]:
    """The family's log, newest first, for its confirmed guardians; anyone else is refused,
    and the attempt logged when the family exists."""
    members = await family_store.members_of(session, family_id)
    if not members:
        families.check_sees_access_log(principal, members)
    entry = about_family(principal, family_id, action="read_access_log", purpose="access log")
    with refusals_logged(entry):
        families.check_sees_access_log(principal, members)
    return await access_log.entries_about(session, family_ids=[family_id])
