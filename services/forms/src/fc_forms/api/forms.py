"""Routes for the published forms, public: what a form asks, in every version."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi import Path as PathParam

from fc_forms.api.definition_schemas import FormDefinition, FormSummary, FormType
from fc_forms.use_cases import definitions
from fc_shared.service import Context

router = APIRouter(prefix="/v1", tags=["forms"])

Version = Annotated[int, PathParam(ge=1, le=1_000_000)]


@router.get("/forms", response_model=list[FormSummary])
async def list_forms(context: Context) -> list[FormSummary]:
    """The forms there are, by type, each with its newest version, its titles and the
    address of its definition. Public, like the definitions."""
    async with context.sessions() as session:
        published = await definitions.published_forms(session)
    return [
        FormSummary(
            form_type=form.form_type,
            version=form.version or 1,
            titles=form.content.titles,
            definition_url=f"/v1/forms/{form.form_type}",
        )
        for form in published
    ]


@router.get("/forms/{form_type}", response_model=FormDefinition)
async def form_definition(form_type: str, context: Context) -> FormDefinition:
    """A form's newest version (e.g. `contact-request`): the JSON Schema its answers must
    match and the pages a frontend renders it from. Public: a family may read a form before
    signing in. An unknown form is 404 `unknown_form`."""
    async with context.sessions() as session:
        found = await definitions.definition(session, form_type=form_type)
    return FormDefinition.of(found)


@router.get("/forms/{form_type}/versions/{version}", response_model=FormDefinition)
async def form_version(form_type: FormType, version: Version, context: Context) -> FormDefinition:
    """One published version of a form, as it was published (it never changes): for a
    draft started on it. An unknown version is 404 `unknown_form_version`."""
    async with context.sessions() as session:
        found = await definitions.definition(session, form_type=form_type, version=version)
    return FormDefinition.of(found)
