"""The bodies of the form definitions' routes: what authors send, what anyone reads."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import ConfigDict, Field

from fc_forms.domain.definitions import Definition, DefinitionDraft, FormContent, Text
from fc_forms.domain.schema import document
from fc_shared.models import RequestModel, ResponseModel

FormType = Annotated[str, Path(pattern=r"^[a-z][a-z0-9-]{0,99}$", examples=["contact-request"])]


class DefinitionIn(RequestModel, FormContent):
    """An author's definition: titles, help, pages of fields, exits (docs/forms.md). Its
    JSON Schema is generated from the fields; unknown keys are refused."""


class FormDefinition(ResponseModel):
    """A form as one document: the JSON Schema (draft 2020-12) of its answers at the top
    level (`$schema`, `type`, `required`, `properties`, `allOf`), beside what a frontend
    renders it from (`titles`, `help`, `pages` of fields with labels and conditions,
    `exits`), in Swedish, Finnish and English. The server checks the answers again."""

    # The pages, fields and JSON Schema keywords pass through as the definition has them.
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    json_schema_dialect: str = Field(
        alias="$schema", examples=["https://json-schema.org/draft/2020-12/schema"]
    )
    type: Literal["object"]
    additional_properties: bool = Field(alias="additionalProperties")
    required: list[str] = Field(default_factory=list)
    properties: dict[str, dict[str, Any]]  # each answer's own JSON Schema
    form_type: str = Field(examples=["contact-request"])
    version: int | None = Field(default=None, description="None for an author's draft.")
    titles: Text
    pages: list[dict[str, Any]]

    @classmethod
    def of(cls, definition: Definition) -> FormDefinition:
        return cls.model_validate(document(definition))


class DefinitionDraftOut(FormDefinition):
    """The authors' draft, as it will be published (with no version yet)."""

    updated_at: datetime

    @classmethod
    def of_draft(cls, draft: DefinitionDraft) -> DefinitionDraftOut:
        definition = Definition(form_type=draft.form_type, version=None, content=draft.content)
        return cls.model_validate({**document(definition), "updated_at": draft.updated_at})


class FormSummary(ResponseModel):
    """One form a family can fill in: its type names it in every other route."""

    form_type: str = Field(examples=["contact-request"])
    version: int
    titles: Text
    definition_url: str = Field(examples=["/v1/forms/contact-request"])
