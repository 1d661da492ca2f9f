"""The forms service's tables."""

from sqlalchemy import Column, DateTime, MetaData, String, Table, func
from sqlalchemy.dialects.postgresql import JSONB, UUID

from fc_shared.platform_tables import idempotency_table, inbox_table, outbox_table

metadata = MetaData()
outbox_table(metadata)
inbox_table(metadata)
idempotency_table(metadata)

submissions = Table(
    "submissions",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("form_type", String(100), nullable=False),
    Column("municipality_code", String(3), nullable=False),
    Column("submitted_by", UUID(as_uuid=True), nullable=False),
    Column("language", String(5), nullable=False),
    Column("answers", JSONB, nullable=False),  # personal data: stays in this database
    Column("status", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
