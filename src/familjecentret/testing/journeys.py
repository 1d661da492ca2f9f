"""Steps of the journeys in the services other than booking, as a frontend would take them
over HTTP: they need those services running (the full stack)."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from familjecentret.testing.stack import Stack


async def open_meeting_point(stack: Stack, municipality: str = "905") -> dict[str, Any]:
    response = await stack.client.post(
        stack.url("network", "/v1/meeting-points"),
        json={"municipality_code": municipality, "name": "Träffpunkten", "address": "Torget 1"},
        headers=stack.auth("coordinator"),
    )
    assert response.status_code == 201, response.text
    point: dict[str, Any] = response.json()
    return point


async def open_case_for(
    stack: Stack, family_id: str, *, guardian: UUID, professional: UUID
) -> dict[str, Any]:
    """The family's guardian asks `professional` (registered as staff first, if they are
    not yet) to open the case, who then opens it (a professional opens a case only when
    asked). The case."""
    await ensure_registered(stack, professional)
    asked = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/case-requests"),
        json={"professional": str(professional)},
        headers=stack.auth("guardian", subject=guardian),
    )
    assert asked.status_code == 201, asked.text
    case = await stack.client.post(
        stack.url("network", f"/v1/families/{family_id}/case"),
        headers=stack.auth("professional", subject=professional),
    )
    assert case.status_code == 201, case.text
    opened: dict[str, Any] = case.json()
    return opened


async def ensure_registered(stack: Stack, subject: UUID) -> None:
    """`subject` is in network's professionals register, with a new organisation if they
    were not there yet."""
    await registered_professional(stack, subject, already_there_is_fine=True)


async def registered_professional(
    stack: Stack,
    subject: UUID | None = None,
    *,
    organisation_id: str | None = None,
    role: str = "social worker",
    already_there_is_fine: bool = False,
) -> UUID:
    """A professional in network's register (an admin registers them, with a new
    organisation unless one is given): a case is handed over only to one. Their subject."""
    admin = stack.auth("admin")
    if organisation_id is None:
        organisation = await stack.client.post(
            stack.url("network", "/v1/organisations"),
            headers=admin,
            json={"name": "Välfärdsområdet", "sector": "wellbeing_county"},
        )
        assert organisation.status_code == 201, organisation.text
        organisation_id = organisation.json()["id"]
    subject = subject or uuid4()
    registered = await stack.client.post(
        stack.url("network", "/v1/professionals"),
        headers=admin,
        json={
            "subject": str(subject),
            "organisation_id": organisation_id,
            "role": role,
            "languages": ["sv", "fi"],
            "municipalities": ["905"],
        },
    )
    accepted = (201, 409) if already_there_is_fine else (201,)
    assert registered.status_code in accepted, registered.text
    return subject


async def family_with_referral_consent(
    stack: Stack, professional: UUID, language: str = "sv", **guardian_fields: Any
) -> str:
    """A registered family whose case `professional` holds, with the guardian's consent to
    refer it onwards. The family's id."""
    guardian = uuid4()
    family = await stack.client.post(
        stack.url("network", "/v1/families"),
        json={
            "language": language,
            "guardians": [{"name": "Anna Andersson", **guardian_fields}],
            "children": [{"name": "Elsa", "birth_date": "2022-05-01"}],
        },
        headers=stack.auth("guardian", subject=guardian),
    )
    assert family.status_code == 201, family.text
    family_id: str = family.json()["id"]
    case = await open_case_for(stack, family_id, guardian=guardian, professional=professional)
    consent = await stack.client.post(
        stack.url("network", f"/v1/cases/{case['id']}/consents"),
        json={"member": str(professional), "scope": "referral"},
        headers=stack.auth("guardian", subject=guardian),
    )
    assert consent.status_code == 201, consent.text
    return family_id
