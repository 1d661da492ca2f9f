"""Events the forms service produces."""

from __future__ import annotations

from typing import Literal
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
        default=None,
        description="Version of the form definition the family answered (absent: unversioned).",
    )
    hold_id: UUID | None = Field(
        default=None,
        description=(
            "The booking hold this submission registers for (a group activity's "
            "registration form); booking confirms the hold when the submitter owns it and "
            "submitted before it expired. Absent when the form books nothing."
        ),
    )
    receipt_number: str | None = Field(
        default=None,
        description="The receipt number the family was given (a code, e.g. FC-2026-000123), "
        "for the letter that confirms the form arrived.",
        examples=["FC-2026-000123"],
    )

    def key(self) -> str:
        return str(self.submission_id)


HandlingStatus = Literal["received", "in_handling", "waiting_for_family", "closed"]


class FormStatusChanged(DomainEvent):
    """A submission moved a step in its handling (received → in_handling → waiting_for_family
    → in_handling → closed). Ids, codes and statuses only: the question to the family and
    its reply stay in the forms service."""

    TYPE = "fi.familjecentret.forms.FormStatusChanged.v1"
    TOPIC = "forms.submissions.v1"
    SOURCE = "/forms"

    submission_id: UUID
    form_type: str = Field(examples=["contact-request"])
    municipality_code: MunicipalityCode
    status: HandlingStatus
    previous_status: HandlingStatus
    submitted_by: UUID = Field(description="Pseudonymous subject id of the submitter.")
    assignee: UUID | None = Field(
        default=None,
        description="Pseudonymous subject id of the professional who took the submission "
        "(none before it is taken): network lets them open a case for a contact request's "
        "family once it is in_handling.",
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
