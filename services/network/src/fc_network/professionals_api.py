"""HTTP routes of professionals and their tracked trainings."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

from fc_network import domain
from fc_network import professionals_store as store
from fc_network.directory_store import get_service, organisation_exists
from fc_network.schemas import ProfessionalIn, StaffIn, TrainingIn, TrainingProgress
from fc_network.store import municipality_exists
from fc_shared.auth import Principal, Role, require_role
from fc_shared.events import ProfessionalTrained
from fc_shared.outbox import add_event
from fc_shared.problems import UNIQUE_VIOLATION, Problem, refused_by_constraint
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["professionals"])

Registrar = Annotated[Principal, Depends(require_role(Role.COORDINATOR, Role.ADMIN))]
# Who may staff a service is decided per organisation (domain.may_staff_service); this only
# turns away roles that never may.
Staffer = Annotated[Principal, Depends(require_role(Role.ORGANISER, Role.ADMIN))]
# The register says which organisation someone works for, and that decides whose services
# they draft and publish: only an admin writes it.
Admin = Annotated[Principal, Depends(require_role(Role.ADMIN))]


@router.post("/professionals", status_code=201)
async def register_professional(body: ProfessionalIn, _: Admin, context: Context) -> ProfessionalIn:
    async with context.transaction() as session:
        if not await organisation_exists(session, body.organisation_id):
            raise Problem(422, "Unknown organisation", "No organisation has this id.")
        for code in body.municipalities:
            if not await municipality_exists(session, code):
                raise Problem(422, "Unknown municipality", f"No municipality has the code {code}.")
        with refused_by_constraint(
            UNIQUE_VIOLATION,
            409,
            "Already registered",
            "This professional is in the register already.",
        ):
            await store.insert_professional(session, body.model_dump())
            await session.flush()
    return body


@router.post("/professionals/{subject}/trainings", status_code=201)
async def record_training(
    subject: UUID, body: TrainingIn, _: Registrar, context: Context
) -> dict[str, bool]:
    domain.check_course(body.course)
    today = datetime.now(UTC).date()
    if body.completed_on > today:
        raise Problem(422, "Date out of range", f"{body.completed_on} has not happened yet.")
    domain.check_date_near(body.completed_on, today, what="completion date")
    async with context.transaction() as session:
        professional = await store.get_professional(session, subject)
        if professional is None:
            raise Problem(404, "Not Found", "No such professional.")
        first_time = await store.add_training(
            session, professional=subject, course=body.course, completed_on=body.completed_on
        )
        if first_time:  # a repeated report changes nothing and publishes nothing
            await add_event(
                session,
                context.settings,
                ProfessionalTrained(
                    professional=subject,
                    organisation_id=professional["organisation_id"],
                    course=body.course,
                    completed_on=body.completed_on,
                ),
            )
    return {"recorded": first_time}


@router.get("/trainings/{course}/progress")
async def training_progress(course: str, year: int, context: Context) -> TrainingProgress:
    domain.check_course(course)
    domain.check_year(year, datetime.now(UTC).date())
    async with context.sessions() as session:
        completed = await store.completions(session, course=course, year=year)
    target = domain.YEARLY_TARGETS[course]
    return TrainingProgress(
        course=course,
        year=year,
        target=target,
        completed=completed,
        share_of_target=round(completed / target, 3),
    )


@router.post("/services/{service_id}/staff", status_code=201)
async def add_staff(
    service_id: UUID, body: StaffIn, principal: Staffer, context: Context
) -> dict[str, UUID]:
    """The service's organisation's organiser, or an admin, puts a registered professional
    on it; its staff receive the families referred to it."""
    async with context.transaction() as session:
        service = await get_service(session, service_id)
        if service is None:
            raise Problem(404, "Not Found", "No such service.")
        if not domain.may_staff_service(
            principal,
            organisation_id=service["organisation_id"],
            own_organisation=await store.organisation_of(session, principal.subject),
        ):
            raise Problem(
                403, "Forbidden", "The organisation's organiser or an admin staffs its services."
            )
        if await store.get_professional(session, body.professional) is None:
            raise Problem(422, "Unknown professional", "Register the professional first.")
        await store.add_staff(session, service_id=service_id, professional=body.professional)
    return {"service_id": service_id, "professional": body.professional}
