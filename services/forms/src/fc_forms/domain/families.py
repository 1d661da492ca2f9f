"""Who acts for which child, as the network service tells it: families' confirmed
guardians and children (pseudonymous ids only), so a `child` answer names one of the
caller's own children."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class ChildRecord:
    """A child as a family snapshot names it; `subject` is a youth's own sign-in."""

    child_id: UUID
    subject: UUID | None
