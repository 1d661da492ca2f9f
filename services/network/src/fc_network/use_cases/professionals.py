"""The professionals register, their tracked trainings (ProfessionalTrained) and the staff
of services, who receive the families referred to them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain import access, directory, professionals
from fc_network.domain.dates import check_year
from fc_network.domain.municipalities import unknown_municipality
from fc_network.domain.professionals import Professional, TrainingProgress
from fc_network.store import directory as directory_store
from fc_network.store import meeting_points as municipality_store
from fc_network.store import professionals as store
from fc_network.use_cases.constraints import unique_or
from fc_shared.events import ProfessionalTrained
from fc_shared.outbox import add_event
from fc_shared.principals import Principal
from fc_shared.settings import Settings


async def register_professional(session: AsyncSession, *, professional: Professional) -> None:
    """An admin registers a professional with an organisation: the register decides whose
    services they draft and publish. Twice is 409."""
    if not await directory_store.organisation_exists(session, professional.organisation_id):
        raise directory.unknown_organisation()
    for code in professional.municipalities:
        if not await municipality_store.municipality_exists(session, code):
            raise unknown_municipality(code)
    with unique_or(professionals.already_registered()):
        await store.insert_professional(session, professional)
        await session.flush()


async def record_training(
    session: AsyncSession,
    settings: Settings,
    *,
    subject: UUID,
    course: str,
    completed_on: date,
    today: date,
) -> bool:
    """Record a completed course; whether it was new (a repeated report changes nothing and
    publishes nothing)."""
    professionals.check_course(course)
    professionals.check_completion(completed_on, today)
    professional = await store.get_professional(session, subject)
    if professional is None:
        raise professionals.no_such_professional()
    first_time = await store.add_training(
        session, professional=subject, course=course, completed_on=completed_on
    )
    if first_time:
        await add_event(
            session,
            settings,
            ProfessionalTrained(
                professional=subject,
                organisation_id=professional.organisation_id,
                course=course,
                completed_on=completed_on,
            ),
        )
    return first_time


async def training_progress(
    session: AsyncSession, *, course: str, year: int, today: date
) -> TrainingProgress:
    professionals.check_course(course)
    check_year(year, today)
    completed = await store.completions(session, course=course, year=year)
    return professionals.progress(course, year, completed)


async def add_staff(
    session: AsyncSession, *, principal: Principal, service_id: UUID, professional: UUID
) -> None:
    """The service's organisation's organiser, or an admin, puts a registered professional
    on it; its staff receive the families referred to it."""
    service = await directory_store.get_service(session, service_id)
    if service is None:
        raise directory.no_such_service()
    access.check_may_staff_service(
        principal,
        organisation_id=service.organisation_id,
        own_organisation=await store.organisation_of(session, principal.subject),
    )
    if await store.get_professional(session, professional) is None:
        raise professionals.unknown_professional()
    await store.add_staff(session, service_id=service_id, professional=professional)
