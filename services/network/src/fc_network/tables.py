"""The network service's tables."""

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    MetaData,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from fc_shared.platform_tables import idempotency_table, inbox_table, outbox_table

metadata = MetaData()
outbox_table(metadata)
inbox_table(metadata)
idempotency_table(metadata)

municipalities = Table(
    "municipalities",
    metadata,
    Column("code", String(3), primary_key=True),  # Statistics Finland's municipality code
    Column("name_sv", String(100), nullable=False),
    Column("name_fi", String(100), nullable=False),
    Column("region", String(100), nullable=False),
)

meeting_points = Table(
    "meeting_points",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("municipality_code", String(3), ForeignKey("municipalities.code"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("digital", Boolean, nullable=False),
    Column("address", String(300)),
    Column("link", String(500)),
    Column("accessibility", Text),
    Column("responsible_person", UUID(as_uuid=True)),
    Column("audience_bands", JSONB, nullable=False),
    Column("opened_by", UUID(as_uuid=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

referrals = Table(
    "referrals",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("family_id", UUID(as_uuid=True), nullable=False),
    Column("referred_by", UUID(as_uuid=True), nullable=False),
    Column("referred_to", UUID(as_uuid=True), nullable=False),
    Column("reason_category", String(100), nullable=False),
    Column("urgency", String(20), nullable=False),
    Column("message", Text),
    Column("status", String(20), nullable=False, server_default="made"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
