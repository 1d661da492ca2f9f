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
    submitted_by: UUID = Field(description="Pseudonymous subject id of the submitter.")
    language: str = Field(default="sv")

    def key(self) -> str:
        return str(self.submission_id)
