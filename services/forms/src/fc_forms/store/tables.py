"""The forms service's tables."""

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    LargeBinary,
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

# Uploaded files with their bytes (bytea): the PostgreSQL attachment store
# (store/attachments.py). Personal data: stays in this database.
attachments = Table(
    "attachments",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("uploaded_by", UUID(as_uuid=True), nullable=False),
    Column("filename", String(200), nullable=False),
    Column("media_type", String(50), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("status", String(20), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("attachments_pending", "created_at", postgresql_where=text("status = 'pending'")),
)
