"""Who may see or act on what in booking: pure decisions, deny by default. Where a refusal
belongs in a family's access log, the use case logs it (use_cases.access_log)."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from fc_shared.principals import Principal, Role
from fc_shared.refusals import Refused, not_allowed

PURPOSE = "running the resource's calendar"
# What a refused attempt's log entry says was wanted: the attempt had no accepted purpose.
REFUSED = "refused: not the caller's family, case or calendar"


def may_manage(principal: Principal, *, owner: UUID | None, managers: Iterable[UUID]) -> bool:
    """Deny by default: an admin, the professional whose calendar it is, or an assigned
    coordinator, professional or organiser manages a resource; nobody else."""
    if principal.has_any(Role.ADMIN):
        return True
    if not principal.has_any(Role.PROFESSIONAL, Role.COORDINATOR, Role.ORGANISER):
        return False
    return principal.subject == owner or principal.subject in set(managers)


def check_manages(principal: Principal, *, owner: UUID | None, managers: Iterable[UUID]) -> None:
    if not may_manage(principal, owner=owner, managers=managers):
        raise not_allowed("not_your_calendar", "You do not manage this resource's calendar.")


def may_plan_for_case(
    principal: Principal, *, responsible: UUID | None, members: Iterable[UUID]
) -> bool:
    """Deny by default: a family's network meeting is planned by its case's responsible
    person or a member the family has consented to, and nobody else (not even an admin:
    the free times show when the family is busy)."""
    if not principal.has_any(Role.PROFESSIONAL):
        return False
    return principal.subject == responsible or principal.subject in set(members)


def is_family(principal: Principal) -> bool:
    return principal.has_any(Role.GUARDIAN, Role.YOUTH)


def booking_not_theirs() -> Refused:
    return not_allowed(
        "not_your_booking", "This booking is not your family's, nor on a calendar you manage."
    )


def not_the_familys() -> Refused:
    return not_allowed("not_your_familys_booking", "This booking is not your family's.")


def staff_list_per_resource() -> Refused:
    return not_allowed("list_per_resource", "Staff list bookings per resource (resource_id).")


def attendance_by_staff_only() -> Refused:
    return not_allowed("attendance_by_staff", "Attendance is recorded by the resource's staff.")
