"""Events the forms service produces."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from fc_shared.events.base import DomainEvent, MunicipalityCode


class FormSubmitted(DomainEvent):
    """A family submitted an e-form; the answers stay in the forms service."""

    TYPE = "fi.familjecentret.forms.FormSubmitted.v1"
    TOPIC = "forms.submissions.v1"
    SOURCE = "/forms"

    submission_id: UUID
    form_type: str = Field(examples=["contact-request"])
    municipality_code: MunicipalityCode
    submitted_by: UUID = Field(
        description="Pseudonymous subject id of the submitter; the nil UUID for an anonymous "
        "submission (feedback), which no person has."
    )
    language: str = Field(default="sv")
    form_version: int | None = Field(
        default=None, description="The version of the form the answers were checked against."
    )
    hold_id: UUID | None = Field(
        default=None,
        description="The booking hold a registration was filled in for (booking confirms it).",
    )

    def key(self) -> str:
        return str(self.submission_id)


class FormDefinitionPublished(DomainEvent):
    """A version of a form was published (or loaded with the reference data): it never
    changes after; the definition itself is read from the forms API."""

    TYPE = "fi.familjecentret.forms.FormDefinitionPublished.v1"
    TOPIC = "forms.definitions.v1"
    SOURCE = "/forms"

    form_type: str = Field(examples=["contact-request"])
    version: int = Field(ge=1)
    published_by: UUID | None = Field(
        default=None, description="The author's subject id; none for a built-in form."
    )

    def key(self) -> str:
        return self.form_type
