"""Families: who is in one, who acts for it, and what a registration may say.

Who acts for a family: its confirmed guardians (guardianship.py says who vouches for them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from fc_network.domain.access import may_see_protected_details
from fc_shared.principals import Principal, Role
from fc_shared.refusals import Refused, conflict, invalid, not_allowed, not_found


class MemberRole(StrEnum):
    GUARDIAN = "guardian"
    CHILD = "child"


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """A family member as a registration names them."""

    role: MemberRole
    name: str
    subject: UUID | None = None
    birth_date: date | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    non_disclosure: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class NewMember(Person):
    """A person about to be stored, confirmed or not (guardianship decides)."""

    confirmed_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FamilyMember(NewMember):
    """A family member as stored."""

    id: UUID
    family_id: UUID


def no_such_family() -> Refused:
    return not_found("no_such_family", "No such family.")


def check_registrant(principal: Principal) -> None:
    if not principal.has_any(Role.GUARDIAN, Role.PROFESSIONAL):
        raise not_allowed(
            "registrant_not_allowed", "Guardians and professionals register families."
        )


def check_children(birth_dates: Iterable[date], today: date) -> None:
    """Born, and under 18. The family model has no unborn children (an expected date):
    family school is booked by the guardians themselves."""
    for born in birth_dates:
        if born > today:
            raise invalid(
                "birth_date_in_future", "Birth date in the future", f"{born} has not happened yet."
            )
        if (today.year - born.year - ((today.month, today.day) < (born.month, born.day))) >= 18:
            raise invalid(
                "not_a_child", "Not a child", "The family centre serves children under 18."
            )


def guardians_as_registered(registrant: Principal, guardians: list[Person]) -> list[Person]:
    """A guardian registers their own family: when they did not name themselves, the first
    guardian named is them."""
    if registrant.has_any(Role.GUARDIAN) and all(
        g.subject != registrant.subject for g in guardians
    ):
        return [replace(guardians[0], subject=registrant.subject), *guardians[1:]]
    return guardians


def check_family_subjects(guardians: list[UUID | None], children: list[UUID | None]) -> None:
    """Each login acts as one person of the family: no guardian named twice, and no youth's
    own login that is also a guardian's (it would let a guardian act as the child)."""
    named = [subject for subject in guardians if subject is not None]
    youths = [subject for subject in children if subject is not None]
    if len(set(named)) != len(named):
        raise invalid(
            "guardian_named_twice",
            "Guardian named twice",
            "Each guardian's subject id appears once.",
        )
    if len(set(youths)) != len(youths) or set(youths) & set(named):
        raise invalid(
            "subject_named_twice",
            "Subject named twice",
            "A youth's own login belongs to one child and is no guardian's.",
        )


def youth_login(child: NewMember) -> UUID | None:
    """The login the services know a child as: the youth's own, once the youth confirmed it
    with their own sign-in. Until then it is only what a guardian or professional typed,
    which could be anyone's login (and would make booking take that youth for this child)."""
    return child.subject if child.confirmed_at is not None else None


def is_pending(member: NewMember) -> bool:
    """Named by someone else and not yet confirmed by that person's own sign-in: a
    guardian, or the youth's own login on a child record."""
    if member.role == MemberRole.GUARDIAN:
        return member.confirmed_at is None
    return member.subject is not None and member.confirmed_at is None


def confirmed_guardians(members: Sequence[NewMember]) -> set[UUID]:
    """The guardians who act for the family: signed in and confirmed. A guardian someone
    else named is pending until they confirm, and acts for nobody until then."""
    return {
        member.subject
        for member in members
        if member.role == MemberRole.GUARDIAN
        and member.confirmed_at is not None
        and member.subject is not None
    }


def children_of(members: Sequence[FamilyMember]) -> list[FamilyMember]:
    return [member for member in members if member.role == MemberRole.CHILD]


def check_acts_for_family(
    principal: Principal, members: Sequence[NewMember], *, detail: str
) -> None:
    """Only the family's confirmed guardians act for it (ask for a case, consent, ...)."""
    if principal.subject not in confirmed_guardians(members):
        raise not_allowed("not_a_confirmed_guardian", detail)


def check_sees_access_log(principal: Principal, members: Sequence[NewMember]) -> None:
    if principal.subject not in confirmed_guardians(members):
        raise not_allowed("access_log_not_allowed", "A family's guardians see its access log.")


def not_named(detail: str) -> Refused:
    """The family does not name the signed-in person as the member they confirm."""
    return not_found("not_named_in_family", detail)


def check_confirms_as_guardian(confirms: bool) -> None:
    if not confirms:
        raise not_allowed("not_the_named_guardian", "Only the named guardian confirms, signed in.")


def login_already_linked() -> Refused:
    return conflict(
        "login_already_linked",
        "Login already linked",
        "Your login is already confirmed for a child record, in this or another family.",
    )


def as_member(person: Person, *, confirmed_at: datetime | None) -> NewMember:
    return NewMember(
        role=person.role,
        name=person.name,
        subject=person.subject,
        birth_date=person.birth_date,
        email=person.email,
        phone=person.phone,
        address=person.address,
        non_disclosure=person.non_disclosure,
        confirmed_at=confirmed_at,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ShownMember:
    """A member as a viewer sees them: a protected person's contact details withheld from
    anyone but themselves and the responsible person."""

    member: FamilyMember
    details_hidden: bool
    pending: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class FamilyView:
    id: UUID
    members: list[ShownMember]
    case_id: UUID | None
    responsible: UUID | None


def shown_to(viewer: UUID, member: FamilyMember, *, responsible: UUID | None) -> ShownMember:
    hidden = member.non_disclosure and not may_see_protected_details(
        viewer=viewer, person=member.subject, responsible=responsible
    )
    if hidden:
        member = replace(member, email=None, phone=None, address=None)
    return ShownMember(member=member, details_hidden=hidden, pending=is_pending(member))
