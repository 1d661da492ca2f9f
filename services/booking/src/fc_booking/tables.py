"""The booking service's tables.

Double booking is impossible by constraint: slots of one resource cannot overlap (an
exclusion constraint), a slot's confirmed count cannot pass its capacity (a check), and a
guardian holds at most one confirmed booking per slot (a partial unique index).
"""

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from fc_shared.platform_tables import idempotency_table, inbox_table, outbox_table

metadata = MetaData()
outbox_table(metadata)
inbox_table(metadata)
idempotency_table(metadata)

resources = Table(
    "resources",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("kind", String(20), nullable=False),  # room, digital_room, professional
    Column("meeting_point_id", UUID(as_uuid=True), unique=True),
    Column("municipality_code", String(3)),
    Column("audience_bands", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

slots = Table(
    "slots",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("resource_id", UUID(as_uuid=True), ForeignKey("resources.id"), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("booked_count", Integer, nullable=False, server_default=text("0")),
    Column("language", String(5), nullable=False, server_default="sv"),
    Column("created_by", UUID(as_uuid=True), nullable=False),
    CheckConstraint("ends_at > starts_at", name="slot_ends_after_start"),
    CheckConstraint("booked_count >= 0 AND booked_count <= capacity", name="slot_within_capacity"),
)

bookings = Table(
    "bookings",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("slot_id", UUID(as_uuid=True), ForeignKey("slots.id"), nullable=False),
    Column("booked_by", UUID(as_uuid=True), nullable=False),
    Column("status", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("one_confirmed_booking_per_guardian", "slot_id", "booked_by", unique=True,
          postgresql_where=text("status = 'confirmed'")),
)
