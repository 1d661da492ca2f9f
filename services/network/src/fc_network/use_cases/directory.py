"""The service directory: organisations, services drafted by their staff and published by
their organiser (ServicePublished), searched and exported by anyone."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from fc_network.domain import access, directory, hsds
from fc_network.domain.directory import (
    NewService,
    Organisation,
    ServiceStatus,
    ShownService,
)
from fc_network.domain.municipalities import unknown_municipality
from fc_network.store import directory as store
from fc_network.store import meeting_points as municipality_store
from fc_network.store import professionals as professional_store
from fc_network.store.directory import Search
from fc_shared.events import ServicePublished
from fc_shared.outbox import add_event
from fc_shared.principals import Principal
from fc_shared.settings import Settings


async def add_organisation(session: AsyncSession, *, name: str, sector: str) -> Organisation:
    directory.check_sector(sector)
    organisation = Organisation(id=uuid4(), name=name, sector=sector)
    await store.insert_organisation(session, organisation)
    return organisation


async def add_service(session: AsyncSession, *, principal: Principal, service: NewService) -> UUID:
    """Staff of an organisation (as the professionals register has them) draft its
    services; an admin drafts for any. The draft's id."""
    directory.check_service(age_min=service.age_min, age_max=service.age_max, topics=service.topics)
    if not await store.organisation_exists(session, service.organisation_id):
        raise directory.unknown_organisation()
    access.check_may_draft_service(
        principal,
        organisation_id=service.organisation_id,
        own_organisation=await professional_store.organisation_of(session, principal.subject),
    )
    code = service.municipality_code
    if code and not await municipality_store.municipality_exists(session, code):
        raise unknown_municipality(code)
    service_id = uuid4()
    await store.insert_service(session, service_id, service)
    return service_id


async def publish_service(
    session: AsyncSession, settings: Settings, *, principal: Principal, service_id: UUID
) -> None:
    """The organisation's organiser (registered with it in the professionals register) or
    an admin publishes its service; publishing twice changes nothing."""
    service = await store.get_service(session, service_id, for_update=True)
    if service is None:
        raise directory.no_such_service()
    access.check_may_publish_service(
        principal,
        organisation_id=service.organisation_id,
        own_organisation=await professional_store.organisation_of(session, principal.subject),
    )
    if service.status == ServiceStatus.PUBLISHED:
        return
    directory.check_publishable(await store.text_languages(session, service_id))
    await store.mark_published(session, service_id)
    await add_event(
        session,
        settings,
        ServicePublished(
            service_id=service_id,
            organisation_id=service.organisation_id,
            municipality_code=service.municipality_code,
            topics=service.topics,
            languages=service.languages,
            age_min=service.age_min,
            age_max=service.age_max,
        ),
    )


async def search(
    session: AsyncSession, *, query: Search, language: str
) -> tuple[list[ShownService], int]:
    """Published services matching the query, each in the caller's language if it has a
    text in it, and how many match in all."""
    found, total = await store.search(session, query)
    texts = await store.texts_of(session, [service.id for service in found])
    return [directory.shown(service, texts[service.id], language) for service in found], total


async def read_service(session: AsyncSession, *, service_id: UUID, language: str) -> ShownService:
    """A published service, as the directory shows it; a draft is nobody's business yet."""
    service = await store.get_service(session, service_id)
    if service is None or service.status != ServiceStatus.PUBLISHED:
        raise directory.no_such_service()
    texts = await store.texts_of(session, [service_id])
    return directory.shown(service, texts[service_id], language)


async def export_hsds(session: AsyncSession, *, language: str) -> dict[str, Any]:
    """The published directory in Open Referral HSDS shape (JSON)."""
    services, organisations = await store.published_with_organisations(session)
    texts = await store.texts_of(session, [service.id for service in services])
    return hsds.export(services, organisations, texts, language)
