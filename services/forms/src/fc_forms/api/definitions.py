"""Routes for authors (organisers, admins): edit a form's draft definition and publish it."""

from __future__ import annotations

from fastapi import APIRouter

from fc_forms.api.definition_schemas import (
    DefinitionDraftOut,
    DefinitionIn,
    FormDefinition,
    FormType,
)
from fc_forms.use_cases import definitions
from fc_shared.auth import OrganiserOrAdmin
from fc_shared.service import Context

router = APIRouter(prefix="/v1/form-definitions", tags=["form definitions"])


@router.put("/{form_type}/draft", response_model=DefinitionDraftOut)
async def save_draft(
    form_type: FormType, body: DefinitionIn, principal: OrganiserOrAdmin, context: Context
) -> DefinitionDraftOut:
    """Create or replace the form's draft definition. Refused (422 `invalid_definition`,
    `errors` listing every problem with its path and code) when a field's type is unknown
    (`unknown_field_type`), a name repeats (`duplicate_field_name`), a condition names no
    earlier field (`unknown_condition_field`), a choice has no options (`options_missing`)
    or the JSON Schema generated from it is not valid (`invalid_json_schema`). Texts may
    lack translations until it is published."""
    async with context.transaction() as session:
        draft = await definitions.save_draft(
            session, form_type=form_type, content=body, author=principal.subject
        )
    return DefinitionDraftOut.of_draft(draft)


@router.get("/{form_type}/draft", response_model=DefinitionDraftOut)
async def read_draft(
    form_type: FormType, principal: OrganiserOrAdmin, context: Context
) -> DefinitionDraftOut:
    """The form's draft definition, as it would be published."""
    del principal  # authors only
    async with context.sessions() as session:
        draft = await definitions.draft(session, form_type=form_type)
    return DefinitionDraftOut.of_draft(draft)


@router.post("/{form_type}/publish", status_code=201, response_model=FormDefinition)
async def publish(
    form_type: FormType, principal: OrganiserOrAdmin, context: Context
) -> FormDefinition:
    """Freeze the draft as the form's next version (it never changes after; people filling
    in an older version keep it). Refused (422 `translation_missing`, with `paths`) while any
    Swedish or Finnish text is missing. Publishes FormDefinitionPublished."""
    async with context.transaction() as session:
        published = await definitions.publish(
            session, context.settings, form_type=form_type, author=principal.subject
        )
    return FormDefinition.of(published)
