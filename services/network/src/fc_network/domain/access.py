"""Who may do what (docs/authorisation.md): each decision one function, deny by default."""

from __future__ import annotations

from uuid import UUID

from fc_shared.principals import Principal, Role
from fc_shared.refusals import not_allowed


def may_see_family(
    *,
    viewer: UUID,
    is_professional: bool,
    guardians: set[UUID],
    responsible: UUID | None,
    consented: set[UUID],
) -> bool:
    """A guardian sees their own family; a professional only as the case's responsible
    person or as a network member with the family's consent. Everyone else: no."""
    if viewer in guardians:
        return True
    return is_professional and (viewer == responsible or viewer in consented)


def check_may_see_family(
    principal: Principal, *, guardians: set[UUID], responsible: UUID | None, consented: set[UUID]
) -> None:
    if not may_see_family(
        viewer=principal.subject,
        is_professional=principal.has_any(Role.PROFESSIONAL),
        guardians=guardians,
        responsible=responsible,
        consented=consented,
    ):
        raise not_allowed(
            "family_not_visible",
            "You are not the family's guardian, its responsible "
            "person, or a network member the family has consented to.",
        )


def may_see_protected_details(
    *, viewer: UUID, person: UUID | None, responsible: UUID | None
) -> bool:
    """Under a non-disclosure order only the person and the responsible person need to know
    the contact details and address."""
    return viewer in (person, responsible)


def meeting_point_coordinator(*, responsible: UUID | None, opened_by: UUID | None) -> UUID | None:
    """The one person responsible for a meeting point: the one named, else its opener. A
    seeded meeting point has neither until an admin appoints someone."""
    return responsible or opened_by


def may_edit_meeting_point(
    principal: Principal, *, responsible: UUID | None, opened_by: UUID | None
) -> bool:
    """Deny by default: an admin, or the one person responsible for the meeting point,
    edits it; one without a responsible person only an admin."""
    if principal.has_any(Role.ADMIN):
        return True
    coordinator = meeting_point_coordinator(responsible=responsible, opened_by=opened_by)
    return coordinator is not None and principal.subject == coordinator


def check_may_edit_meeting_point(
    principal: Principal, *, responsible: UUID | None, opened_by: UUID | None
) -> None:
    if not may_edit_meeting_point(principal, responsible=responsible, opened_by=opened_by):
        raise not_allowed(
            "meeting_point_not_yours",
            "Only the meeting point's responsible person or an admin edits it.",
        )


def may_draft_service(
    principal: Principal, *, organisation_id: UUID, own_organisation: UUID | None
) -> bool:
    """An admin, or staff registered with the organisation (the professionals register),
    drafts its services; nobody drafts for an organisation they do not work for."""
    if principal.has_any(Role.ADMIN):
        return True
    return (
        principal.has_any(Role.PROFESSIONAL, Role.COORDINATOR, Role.ORGANISER)
        and own_organisation == organisation_id
    )


def check_may_draft_service(
    principal: Principal, *, organisation_id: UUID, own_organisation: UUID | None
) -> None:
    if not may_draft_service(
        principal, organisation_id=organisation_id, own_organisation=own_organisation
    ):
        raise not_allowed(
            "not_your_organisation",
            "You draft services only for the organisation "
            "the professionals register has you working for.",
        )


def may_publish_service(
    principal: Principal, *, organisation_id: UUID, own_organisation: UUID | None
) -> bool:
    """An admin, or an organiser registered with the organisation, publishes its services:
    nothing else ties an organiser to an organisation than the professionals register."""
    if principal.has_any(Role.ADMIN):
        return True
    return principal.has_any(Role.ORGANISER) and own_organisation == organisation_id


def check_may_publish_service(
    principal: Principal, *, organisation_id: UUID, own_organisation: UUID | None
) -> None:
    if not may_publish_service(
        principal, organisation_id=organisation_id, own_organisation=own_organisation
    ):
        raise not_allowed(
            "not_your_organisation",
            "The organisation's organiser or an admin publishes its services.",
        )


def may_staff_service(
    principal: Principal, *, organisation_id: UUID, own_organisation: UUID | None
) -> bool:
    """Who publishes a service staffs it: staff take the service's referrals and see the
    families referred, so nobody puts people on another organisation's service."""
    return may_publish_service(
        principal, organisation_id=organisation_id, own_organisation=own_organisation
    )


def check_may_staff_service(
    principal: Principal, *, organisation_id: UUID, own_organisation: UUID | None
) -> None:
    if not may_staff_service(
        principal, organisation_id=organisation_id, own_organisation=own_organisation
    ):
        raise not_allowed(
            "not_your_organisation",
            "The organisation's organiser or an admin staffs its services.",
        )
