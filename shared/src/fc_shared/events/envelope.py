"""CloudEvents 1.0 in Kafka binary mode: attributes in `ce_*` headers, data as JSON.

The event id is minted once, when the event is written to the outbox, so it stays the same
on every redelivery: consumers rely on that to ignore duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4

from fc_shared.events.contracts import DomainEvent

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"


@dataclass(frozen=True, slots=True)
class Envelope:
    """One event as it travels: CloudEvents attributes plus JSON data and trace context."""

    id: UUID
    type: str
    source: str
    time: datetime
    key: str
    data: bytes
    traceparent: str | None = None
    tracestate: str | None = None

    @classmethod
    def wrap(cls, event: DomainEvent, *, traceparent: str | None = None) -> Envelope:
        return cls(
            id=uuid4(),
            type=event.TYPE,
            source=event.SOURCE,
            time=datetime.now(UTC),
            key=event.key(),
            data=event.model_dump_json().encode(),
            traceparent=traceparent,
        )

    def headers(self) -> dict[str, str]:
        headers = {
            "ce_specversion": SPEC_VERSION,
            "ce_id": str(self.id),
            "ce_type": self.type,
            "ce_source": self.source,
            "ce_time": self.time.isoformat(),
            "content-type": CONTENT_TYPE,
        }
        if self.traceparent:
            headers["traceparent"] = self.traceparent
        if self.tracestate:
            headers["tracestate"] = self.tracestate
        return headers

    @classmethod
    def from_headers(cls, headers: dict[str, str], key: str, data: bytes) -> Envelope:
        """Rebuild an envelope from Kafka headers; KeyError/ValueError when one is missing."""
        return cls(
            id=UUID(headers["ce_id"]),
            type=headers["ce_type"],
            source=headers["ce_source"],
            time=datetime.fromisoformat(headers["ce_time"]),
            key=key,
            data=data,
            traceparent=headers.get("traceparent"),
            tracestate=headers.get("tracestate"),
        )
