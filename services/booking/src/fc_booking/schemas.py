"""The booking API's request and response bodies."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field


class Resource(BaseModel):
    id: UUID
    kind: str
    meeting_point_id: UUID | None
    municipality_code: str | None
    audience_bands: list[str]


class SlotIn(BaseModel):
    resource_id: UUID
    starts_at: datetime = Field(examples=["2026-12-01T09:00:00+02:00"])
    ends_at: datetime = Field(examples=["2026-12-01T10:00:00+02:00"])
    capacity: int = Field(default=1, ge=1, le=1000)
    language: str = Field(default="sv", pattern=r"^[a-z]{2}$")


class Slot(SlotIn):
    id: UUID
    booked_count: int


class BookingIn(BaseModel):
    slot_id: UUID


class Booking(BaseModel):
    id: UUID
    slot_id: UUID
    status: str
    starts_at: datetime
    ends_at: datetime
