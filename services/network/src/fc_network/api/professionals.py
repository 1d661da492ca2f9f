"""HTTP routes of the professionals register, tracked trainings and services' staff."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from fastapi import APIRouter

from fc_network.api.directory_schemas import (
    Professional,
    ProfessionalIn,
    StaffAdded,
    StaffIn,
    TrainingIn,
    TrainingProgress,
    TrainingRecorded,
)
from fc_network.domain import professionals as rules
from fc_network.use_cases import professionals
from fc_shared.auth import Admin, CoordinatorOrAdmin, OrganiserOrAdmin
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["professionals"])


@router.post("/professionals", status_code=201, response_model=Professional)
async def register_professional(body: ProfessionalIn, _: Admin, context: Context) -> Professional:
    """An admin registers a professional with an organisation. The register says which
    organisation someone works for, and that decides whose services they draft and
    publish: only an admin writes it. Registering someone twice is 409."""
    professional = rules.Professional(
        subject=body.subject,
        organisation_id=body.organisation_id,
        role=body.role,
        languages=body.languages,
        municipalities=body.municipalities,
    )
    async with context.transaction() as session:
        await professionals.register_professional(session, professional=professional)
    return Professional(**body.model_dump())


@router.post("/professionals/{subject}/trainings", status_code=201, response_model=TrainingRecorded)
async def record_training(
    subject: UUID, body: TrainingIn, _: CoordinatorOrAdmin, context: Context
) -> TrainingRecorded:
    """A coordinator (or an admin) records a completed tracked course; a repeated report
    changes nothing (`recorded` false)."""
    async with context.transaction() as session:
        recorded = await professionals.record_training(
            session,
            context.settings,
            subject=subject,
            course=body.course,
            completed_on=body.completed_on,
            today=datetime.now(UTC).date(),
        )
    return TrainingRecorded(recorded=recorded)


@router.get("/trainings/{course}/progress", response_model=TrainingProgress)
async def training_progress(course: str, year: int, context: Context) -> TrainingProgress:
    """How many professionals completed the course in the year, against the yearly target."""
    async with context.sessions() as session:
        progress = await professionals.training_progress(
            session, course=course, year=year, today=datetime.now(UTC).date()
        )
    return TrainingProgress(
        course=progress.course,
        year=progress.year,
        target=progress.target,
        completed=progress.completed,
        share_of_target=progress.share_of_target,
    )


@router.post("/services/{service_id}/staff", status_code=201, response_model=StaffAdded)
async def add_staff(
    service_id: UUID, body: StaffIn, principal: OrganiserOrAdmin, context: Context
) -> StaffAdded:
    """The service's organisation's organiser, or an admin, puts a registered professional
    on it; its staff receive the families referred to it. Who may is decided per
    organisation (domain/access.py); the role check only turns away roles that never may."""
    async with context.transaction() as session:
        await professionals.add_staff(
            session, principal=principal, service_id=service_id, professional=body.professional
        )
    return StaffAdded(service_id=service_id, professional=body.professional)
