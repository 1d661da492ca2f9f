"""HTTP routes of families: registering one, its members confirming themselves, reading
it and its network. Every read and every refused attempt is in the family's access log."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from fastapi import APIRouter

from fc_network.api.family_schemas import (
    Confirmed,
    Family,
    FamilyCreated,
    FamilyIn,
    FamilyMember,
    NetworkMember,
)
from fc_network.api.params import Confirmation, Purpose
from fc_network.domain.families import FamilyView, MemberRole, Person
from fc_network.use_cases import families
from fc_shared.auth import CurrentPrincipal, Guardian, Youth
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["families"])


@router.post("/families", status_code=201, response_model=FamilyCreated)
async def register_family(
    body: FamilyIn, principal: CurrentPrincipal, context: Context, confirmation: Confirmation
) -> FamilyCreated:
    """A guardian registers their own family and is confirmed; any other guardian named is
    pending until they confirm with their own sign-in. A professional registering a family
    confirms nobody: every guardian they name confirms themselves. A youth's own login on a
    child is pending until the youth confirms it (`confirm_youth_login`)."""
    guardians = [
        Person(role=MemberRole.GUARDIAN, **guardian.model_dump()) for guardian in body.guardians
    ]
    children = [Person(role=MemberRole.CHILD, **child.model_dump()) for child in body.children]
    async with context.transaction() as session:
        family_id = await families.register_family(
            session,
            context.settings,
            principal=principal,
            confirmation=confirmation,
            language=body.language,
            guardians=guardians,
            children=children,
            now=datetime.now(UTC),
        )
    return FamilyCreated(id=family_id)


@router.post("/families/{family_id}/guardians/me/confirmation", response_model=Confirmed)
async def confirm_guardianship(
    family_id: UUID, principal: Guardian, context: Context, confirmation: Confirmation
) -> Confirmed:
    """A guardian named by someone else confirms, with their own sign-in, that they are one;
    from then on they act for the family. Confirming twice changes nothing."""
    async with context.transaction() as session:
        await families.confirm_guardian(
            session,
            context.settings,
            principal=principal,
            confirmation=confirmation,
            family_id=family_id,
        )
    return Confirmed(family_id=family_id, confirmed=True)


@router.post("/families/{family_id}/children/me/confirmation", response_model=Confirmed)
async def confirm_youth_login(family_id: UUID, principal: Youth, context: Context) -> Confirmed:
    """A youth confirms, with their own sign-in, that the child record naming their login
    is them. Until then the services do not know that login as the child: whoever registers
    a family could type anyone's login. One login is confirmed for one child record in all
    families (409 for a second). Confirming twice changes nothing."""
    async with context.transaction() as session:
        await families.confirm_youth_login(
            session, context.settings, principal=principal, family_id=family_id
        )
    return Confirmed(family_id=family_id, confirmed=True)


@router.get("/families", response_model=list[Family])
async def my_families(principal: CurrentPrincipal, context: Context) -> list[Family]:
    """The families the caller is a confirmed guardian of, each as `GET /v1/families/{id}`
    shows it: a frontend learns its children's ids here (bookings name a child by id).
    A guardian who has not confirmed yet sees none. Each read is in the family's log."""
    async with context.transaction() as session:
        found = await families.own_families(session, principal=principal)
    return [family_answer(family) for family in found]


@router.get("/families/{family_id}", response_model=Family)
async def read_family(
    family_id: UUID, principal: CurrentPrincipal, context: Context, purpose: Purpose = "case work"
) -> Family:
    """The family, for its confirmed guardians, its case's responsible person and the
    network members it consented to; a protected person's contact details only to
    themselves and the responsible person. Every read and refusal is in its access log."""
    async with context.transaction() as session:
        family = await families.read_family(
            session, principal=principal, family_id=family_id, purpose=purpose
        )
    return family_answer(family)


@router.get("/families/{family_id}/network", response_model=list[NetworkMember])
async def family_network(
    family_id: UUID, principal: CurrentPrincipal, context: Context, purpose: Purpose = "case work"
) -> list[NetworkMember]:
    """The network of the family's case (empty without a case), for those who may see the
    family; the read is in its access log."""
    async with context.transaction() as session:
        members = await families.family_network(
            session, principal=principal, family_id=family_id, purpose=purpose
        )
    return [
        NetworkMember(
            member=member.member,
            kind=member.kind,
            added_by=member.added_by,
            added_at=member.added_at,
        )
        for member in members
    ]


def family_answer(family: FamilyView) -> Family:
    return Family(
        id=family.id,
        members=[
            FamilyMember(
                id=shown.member.id,
                role=shown.member.role,
                name=shown.member.name,
                birth_date=shown.member.birth_date,
                email=shown.member.email,
                phone=shown.member.phone,
                address=shown.member.address,
                non_disclosure=shown.member.non_disclosure,
                details_hidden=shown.details_hidden,
                pending=shown.pending,
            )
            for shown in family.members
        ],
        case_id=family.case_id,
        responsible=family.responsible,
    )
