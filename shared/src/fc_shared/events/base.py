"""What every event shares: the base model and the small types events use.

Events carry ids (pseudonymous UUIDs), codes, municipality, times and counts only: never a
name, identity code, phone number, e-mail address or free text written by a family. A field
is only ever added within a major version; `schemas/` holds the exported JSON Schemas and a
test fails on a breaking change. Unknown fields are ignored (`extra="ignore"`): that is what
keeps an additive change safe for a consumer that has not been updated.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

MunicipalityCode = str  # Statistics Finland's three-digit code, e.g. "905" for Vasa/Vaasa
AudienceBand = Literal["small_children", "school_children", "youth"]


def every_audience() -> list[AudienceBand]:
    return ["small_children", "school_children", "youth"]


class DomainEvent(BaseModel):
    """Base of every event's data; `TYPE` and `TOPIC` route it, `key` orders it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    TYPE: ClassVar[str]
    TOPIC: ClassVar[str]
    SOURCE: ClassVar[str]

    def key(self) -> str:
        """The aggregate id: Kafka keeps one aggregate's events in order on one partition."""
        raise NotImplementedError
