"""Routes for the forms themselves: what a form asks."""

from __future__ import annotations

from fastapi import APIRouter

from fc_forms.api.schemas import FormDefinition, FormSummary
from fc_forms.use_cases import forms

router = APIRouter(prefix="/v1", tags=["forms"])


@router.get("/forms", response_model=list[FormSummary])
async def list_forms() -> list[FormSummary]:
    """The forms there are, by type, each with the address of its definition. Public, like
    the definitions."""
    return [
        FormSummary(form_type=form_type, definition_url=f"/v1/forms/{form_type}")
        for form_type in forms.form_types()
    ]


@router.get("/forms/{form_type}", response_model=FormDefinition)
async def form_definition(form_type: str) -> FormDefinition:
    """A form's definition: the JSON Schema its answers must match (e.g. `contact-request`).
    Public: a family may read a form before signing in."""
    return FormDefinition.model_validate(forms.form_definition(form_type=form_type))
