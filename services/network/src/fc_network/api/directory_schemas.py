"""Request and response bodies of the directory, professionals and advice."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import Field, StringConstraints

from fc_shared.models import RequestModel, ResponseModel

Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
MunicipalityCodeIn = Annotated[str, StringConstraints(pattern=r"^\d{3}$")]


class OrganisationIn(RequestModel):
    name: str = Field(min_length=1, max_length=200, examples=["Österbottens välfärdsområde"])
    sector: str = Field(examples=["wellbeing_county"])


class Organisation(ResponseModel):
    name: str
    sector: str
    id: UUID


class ServiceText(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=10_000)


class ServiceIn(RequestModel):
    organisation_id: UUID
    municipality_code: str | None = Field(default=None, pattern=r"^\d{3}$")
    digital: bool = False
    age_min: int = Field(ge=0, le=17)
    age_max: int = Field(ge=0, le=17)
    free_of_charge: bool = True
    languages: list[Language] = Field(min_length=1, max_length=20, examples=[["sv", "fi"]])
    topics: list[str] = Field(default_factory=list, max_length=20, examples=[["parenting"]])
    contact: str | None = Field(default=None, max_length=300)
    opening_hours: str | None = Field(default=None, max_length=300)
    texts: dict[str, ServiceText] = Field(
        min_length=1, description="Name and description per language code (sv, fi, en, ...)."
    )


class DirectoryEntry(ResponseModel):
    """A published service as the directory shows it, in one language."""

    id: UUID
    language: str = Field(description="The language of name and description.")
    name: str
    description: str
    organisation_id: UUID
    municipality_code: str | None
    digital: bool
    age_min: int
    age_max: int
    free_of_charge: bool
    languages: list[str]
    topics: list[str]
    contact: str | None
    opening_hours: str | None


class DirectoryPage(ResponseModel):
    items: list[DirectoryEntry]
    total: int
    page: int
    page_size: int


class ServiceCreated(ResponseModel):
    id: UUID
    status: str


class ProfessionalIn(RequestModel):
    subject: UUID = Field(description="The professional's login subject id.")
    organisation_id: UUID
    role: str = Field(min_length=1, max_length=100, examples=["public health nurse"])
    languages: list[Language] = Field(min_length=1, max_length=20, examples=[["sv", "fi"]])
    municipalities: list[MunicipalityCodeIn] = Field(
        min_length=1, max_length=50, examples=[["905", "499"]]
    )


class Professional(ResponseModel):
    subject: UUID
    organisation_id: UUID
    role: str
    languages: list[str]
    municipalities: list[str]


class TrainingIn(RequestModel):
    course: str = Field(examples=["lets_talk_about_children"])
    completed_on: date


class TrainingRecorded(ResponseModel):
    recorded: bool = Field(description="False when this course was already recorded for them.")


class TrainingProgress(ResponseModel):
    course: str
    year: int
    target: int
    completed: int
    share_of_target: float


class StaffIn(RequestModel):
    professional: UUID


class StaffAdded(ResponseModel):
    service_id: UUID
    professional: UUID


class AdviceText(RequestModel):
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20_000)


class AdviceIn(RequestModel):
    topic: str = Field(examples=["parenting"])
    age_min: int = Field(ge=0, le=17)
    age_max: int = Field(ge=0, le=17)
    texts: dict[str, AdviceText] = Field(min_length=1)


class AdviceCreated(ResponseModel):
    id: UUID = Field(description="The new article's id.")


class Advice(ResponseModel):
    id: UUID
    topic: str
    age_min: int
    age_max: int
    language: str
    title: str
    body: str
