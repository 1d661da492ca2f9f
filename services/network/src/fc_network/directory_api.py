"""HTTP routes of the public service directory (reading needs no login)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Header, Query

from fc_network import directory_store as store
from fc_network import domain, hsds
from fc_network.professionals_store import organisation_of
from fc_network.schemas import (
    DirectoryEntry,
    DirectoryPage,
    Organisation,
    OrganisationIn,
    ServiceCreated,
    ServiceIn,
)
from fc_network.store import municipality_exists
from fc_shared.auth import Principal, Role, require_role
from fc_shared.events import ServicePublished
from fc_shared.outbox import add_event
from fc_shared.problems import Problem
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["directory"])

Admin = Annotated[Principal, Depends(require_role(Role.ADMIN))]
Editor = Annotated[
    Principal,
    Depends(require_role(Role.PROFESSIONAL, Role.COORDINATOR, Role.ORGANISER, Role.ADMIN)),
]
Publisher = Annotated[Principal, Depends(require_role(Role.ORGANISER, Role.ADMIN))]


@router.post("/organisations", status_code=201)
async def add_organisation(body: OrganisationIn, _: Admin, context: Context) -> Organisation:
    if body.sector not in domain.SECTORS:
        raise Problem(422, "Unknown sector", f"Use one of: {', '.join(sorted(domain.SECTORS))}.")
    organisation = Organisation(id=uuid4(), **body.model_dump())
    async with context.transaction() as session:
        await store.insert_organisation(session, organisation.model_dump())
    return organisation


@router.post("/services", status_code=201)
async def add_service(body: ServiceIn, principal: Editor, context: Context) -> ServiceCreated:
    """Staff of an organisation (as the professionals register has them) draft its services;
    an admin drafts for any."""
    domain.check_service(age_min=body.age_min, age_max=body.age_max, topics=body.topics)
    service_id = uuid4()
    async with context.transaction() as session:
        if not await store.organisation_exists(session, body.organisation_id):
            raise Problem(422, "Unknown organisation", "No organisation has this id.")
        if not domain.may_draft_service(
            principal,
            organisation_id=body.organisation_id,
            own_organisation=await organisation_of(session, principal.subject),
        ):
            raise Problem(
                403,
                "Forbidden",
                "You draft services only for the organisation "
                "the professionals register has you working for.",
            )
        if body.municipality_code and not await municipality_exists(
            session, body.municipality_code
        ):
            raise Problem(
                422,
                "Unknown municipality",
                f"No municipality has the code {body.municipality_code}.",
            )
        values = body.model_dump(exclude={"texts"})
        await store.insert_service(
            session,
            {**values, "id": service_id, "status": "draft"},
            {language: (text.name, text.description) for language, text in body.texts.items()},
        )
    return ServiceCreated(id=service_id, status="draft")


@router.post("/services/{service_id}/publish")
async def publish_service(
    service_id: UUID, principal: Publisher, context: Context
) -> ServiceCreated:
    """The organisation's organiser (registered with it in the professionals register) or
    an admin publishes its service."""
    async with context.transaction() as session:
        service = await store.get_service(session, service_id, for_update=True)
        if service is None:
            raise Problem(404, "Not Found", "No such service.")
        if not domain.may_publish_service(
            principal,
            organisation_id=service["organisation_id"],
            own_organisation=await organisation_of(session, principal.subject),
        ):
            raise Problem(
                403, "Forbidden", "The organisation's organiser or an admin publishes its services."
            )
        if service["status"] != "published":
            domain.check_publishable(await store.text_languages(session, service_id))
            await store.mark_published(session, service_id)
            await add_event(
                session,
                context.settings,
                ServicePublished(
                    service_id=service_id,
                    organisation_id=service["organisation_id"],
                    municipality_code=service["municipality_code"],
                    topics=service["topics"],
                    languages=service["languages"],
                    age_min=service["age_min"],
                    age_max=service["age_max"],
                ),
            )
    return ServiceCreated(id=service_id, status="published")


@router.get("/directory/services")
async def search_directory(
    context: Context,
    q: Annotated[str | None, Query(max_length=200, description="Words to search for")] = None,
    municipality: Annotated[str | None, Query(pattern=r"^\d{3}$")] = None,
    age: Annotated[int | None, Query(ge=0, le=17)] = None,
    language: Annotated[
        str | None, Query(pattern=r"^[a-z]{2,3}$", description="Offered in this language")
    ] = None,
    topic: str | None = None,
    lang: Annotated[
        str | None, Query(pattern=r"^[a-z]{2,3}$", description="Answer in this language")
    ] = None,
    accept_language: Annotated[str | None, Header()] = None,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> DirectoryPage:
    wanted = lang or (accept_language or "sv")[:2].lower()
    query = store.Search(
        text=(q or "").strip() or None,
        municipality=municipality,
        age=age,
        language=language,
        topic=topic,
        limit=page_size,
        offset=(page - 1) * page_size,
    )
    async with context.sessions() as session:
        rows, total = await store.search(session, query)
        texts = await store.texts_of(session, [row["id"] for row in rows])
    items = []
    for row in rows:
        shown, (name, description) = domain.pick_text(texts[row["id"]], wanted)
        items.append(DirectoryEntry(**row, language=shown, name=name, description=description))
    return DirectoryPage(items=items, total=total, page=page, page_size=page_size)


@router.get("/directory/hsds")
async def export_hsds(
    context: Context,
    lang: Annotated[str, Query(pattern=r"^[a-z]{2,3}$")] = "sv",
) -> dict[str, Any]:
    """The published directory in Open Referral HSDS shape (organizations and services)."""
    async with context.sessions() as session:
        rows, orgs = await store.published_with_organisations(session)
        texts = await store.texts_of(session, [row["id"] for row in rows])
    return hsds.export(rows, orgs, texts, lang)
