"""HTTP routes of the public service directory (reading needs no login)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Query

from fc_network.api.directory_schemas import (
    DirectoryEntry,
    DirectoryPage,
    Organisation,
    OrganisationIn,
    ServiceCreated,
    ServiceIn,
)
from fc_network.domain.directory import NewService, ServiceStatus, ServiceText, ShownService
from fc_network.store.directory import Search
from fc_network.use_cases import directory
from fc_shared.auth import Admin, OrganiserOrAdmin, Staff
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["directory"])

AnswerLanguage = Annotated[
    str | None, Query(pattern=r"^[a-z]{2,3}$", description="Answer in this language")
]
AcceptLanguage = Annotated[str | None, Header()]


def _wanted(lang: str | None, accept_language: str | None) -> str:
    return lang or (accept_language or "sv")[:2].lower()


@router.post("/organisations", status_code=201, response_model=Organisation)
async def add_organisation(body: OrganisationIn, _: Admin, context: Context) -> Organisation:
    """An admin adds an organisation (its sector one of the directory's)."""
    async with context.transaction() as session:
        added = await directory.add_organisation(session, name=body.name, sector=body.sector)
    return Organisation(id=added.id, name=added.name, sector=added.sector)


@router.post("/services", status_code=201, response_model=ServiceCreated)
async def add_service(body: ServiceIn, principal: Staff, context: Context) -> ServiceCreated:
    """Staff of an organisation (as the professionals register has them) draft its services;
    an admin drafts for any."""
    service = NewService(
        organisation_id=body.organisation_id,
        municipality_code=body.municipality_code,
        digital=body.digital,
        age_min=body.age_min,
        age_max=body.age_max,
        free_of_charge=body.free_of_charge,
        languages=body.languages,
        topics=body.topics,
        contact=body.contact,
        opening_hours=body.opening_hours,
        texts={
            language: ServiceText(name=text.name, description=text.description)
            for language, text in body.texts.items()
        },
    )
    async with context.transaction() as session:
        service_id = await directory.add_service(session, principal=principal, service=service)
    return ServiceCreated(id=service_id, status=ServiceStatus.DRAFT)


@router.post("/services/{service_id}/publish", response_model=ServiceCreated)
async def publish_service(
    service_id: UUID, principal: OrganiserOrAdmin, context: Context
) -> ServiceCreated:
    """The organisation's organiser (registered with it in the professionals register) or
    an admin publishes its service."""
    async with context.transaction() as session:
        await directory.publish_service(
            session, context.settings, principal=principal, service_id=service_id
        )
    return ServiceCreated(id=service_id, status=ServiceStatus.PUBLISHED)


@router.get("/services/{service_id}", response_model=DirectoryEntry)
async def read_service(
    service_id: UUID,
    context: Context,
    lang: AnswerLanguage = None,
    accept_language: AcceptLanguage = None,
) -> DirectoryEntry:
    """A published service as the directory shows it, in the caller's language when it has
    a text in it (`lang`, else `Accept-Language`). Public, like the directory; a draft is
    404."""
    async with context.sessions() as session:
        shown = await directory.read_service(
            session, service_id=service_id, language=_wanted(lang, accept_language)
        )
    return entry(shown)


@router.get("/directory/services", response_model=DirectoryPage)
async def search_directory(
    context: Context,
    q: Annotated[str | None, Query(max_length=200, description="Words to search for")] = None,
    municipality: Annotated[str | None, Query(pattern=r"^\d{3}$")] = None,
    age: Annotated[int | None, Query(ge=0, le=17)] = None,
    language: Annotated[
        str | None, Query(pattern=r"^[a-z]{2,3}$", description="Offered in this language")
    ] = None,
    topic: str | None = None,
    lang: AnswerLanguage = None,
    accept_language: AcceptLanguage = None,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> DirectoryPage:
    """Published services matching the words (stemmed in each text's language) and the
    filters, best first; each in the caller's language when it has a text in it."""
    query = Search(
        text=(q or "").strip() or None,
        municipality=municipality,
        age=age,
        language=language,
        topic=topic,
        limit=page_size,
        offset=(page - 1) * page_size,
    )
    async with context.sessions() as session:
        found, total = await directory.search(
            session, query=query, language=_wanted(lang, accept_language)
        )
    return DirectoryPage(
        items=[entry(shown) for shown in found], total=total, page=page, page_size=page_size
    )


@router.get("/directory/hsds")
async def export_hsds(
    context: Context,
    lang: Annotated[str, Query(pattern=r"^[a-z]{2,3}$")] = "sv",
) -> dict[str, Any]:
    """The published directory in Open Referral HSDS shape (organizations and services)."""
    async with context.sessions() as session:
        return await directory.export_hsds(session, language=lang)


def entry(shown: ShownService) -> DirectoryEntry:
    service = shown.service
    return DirectoryEntry(
        id=service.id,
        language=shown.language,
        name=shown.text.name,
        description=shown.text.description,
        organisation_id=service.organisation_id,
        municipality_code=service.municipality_code,
        digital=service.digital,
        age_min=service.age_min,
        age_max=service.age_max,
        free_of_charge=service.free_of_charge,
        languages=service.languages,
        topics=service.topics,
        contact=service.contact,
        opening_hours=service.opening_hours,
    )
