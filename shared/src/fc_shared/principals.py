"""Who is calling, and the named sets of roles each route admits: pure data, no web framework,
so a domain rule can take a `Principal` without importing FastAPI.

Each set of roles has one name here, and the name says exactly who is in it. A route or a rule
that admits "organisers and admins" uses `ORGANISER_OR_ADMIN`; nothing re-declares a set under
a name of its own (the same word once meant two different sets in two files).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID


class Role(StrEnum):
    GUARDIAN = "guardian"
    YOUTH = "youth"
    PROFESSIONAL = "professional"
    COORDINATOR = "coordinator"
    ORGANISER = "organiser"
    ADMIN = "admin"
    ANALYST = "analyst"


KNOWN_ROLES = frozenset(role.value for role in Role)

# Subjects no person can have. The nil UUID is what a missing value turns into (a seed, a
# default, a zeroed column); a token carrying it would act as "nobody", and whatever was
# ever stored as nobody's would become its holder's. The max UUID is refused alike.
RESERVED_SUBJECTS = frozenset({UUID(int=0), UUID(int=(1 << 128) - 1)})


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a pseudonymous subject id and roles, nothing more."""

    subject: UUID
    roles: frozenset[Role]
    language: str = "sv"  # the token's locale, or Swedish when it names none
    locale: str | None = None  # the token's locale as given: None lets Accept-Language speak
    acr: str | None = None  # the sign-in's level (the `acr` claim), when the token names one

    def has_any(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))


# The sets of roles routes admit, declared once (docs/authorisation.md says who gets what).
FAMILY: tuple[Role, ...] = (Role.GUARDIAN, Role.YOUTH)
GUARDIAN: tuple[Role, ...] = (Role.GUARDIAN,)
YOUTH: tuple[Role, ...] = (Role.YOUTH,)
PROFESSIONAL: tuple[Role, ...] = (Role.PROFESSIONAL,)
ADMIN: tuple[Role, ...] = (Role.ADMIN,)
STAFF: tuple[Role, ...] = (Role.PROFESSIONAL, Role.COORDINATOR, Role.ORGANISER, Role.ADMIN)
PROFESSIONAL_OR_ADMIN: tuple[Role, ...] = (Role.PROFESSIONAL, Role.ADMIN)
COORDINATOR_OR_ADMIN: tuple[Role, ...] = (Role.COORDINATOR, Role.ADMIN)
ORGANISER_OR_ADMIN: tuple[Role, ...] = (Role.ORGANISER, Role.ADMIN)
