"""The forms service's tables."""

from sqlalchemy import Column, DateTime, Integer, MetaData, Sequence, String, Table, func
from sqlalchemy.dialects.postgresql import JSONB, UUID

from fc_shared.platform_tables import idempotency_table, inbox_table, outbox_table

metadata = MetaData()
outbox_table(metadata)
inbox_table(metadata)
idempotency_table(metadata)

receipts = Sequence("submission_receipts", metadata=metadata)

submissions = Table(
    "submissions",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("form_type", String(100), nullable=False),
    Column("form_version", Integer, nullable=False, server_default="1"),
    Column("municipality_code", String(3), nullable=False),
    Column("submitted_by", UUID(as_uuid=True), nullable=False),
    Column("language", String(5), nullable=False),
    Column("answers", JSONB, nullable=False),  # personal data: stays in this database
    Column("status", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("receipt_number", String(20), nullable=False, unique=True),
    Column("hold_id", UUID(as_uuid=True), nullable=True),
)

# A published version of a form: inserted once, never updated.
form_definitions = Table(
    "form_definitions",
    metadata,
    Column("form_type", String(100), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("content", JSONB, nullable=False),  # definitions.FormContent as JSON
    Column("published_by", UUID(as_uuid=True), nullable=True),  # None: loaded with the seed
    Column("published_at", DateTime(timezone=True), nullable=False),
)

# The one draft per form type that authors edit and publish.
definition_drafts = Table(
    "definition_drafts",
    metadata,
    Column("form_type", String(100), primary_key=True),
    Column("content", JSONB, nullable=False),
    Column("edited_by", UUID(as_uuid=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# A family member's unfinished answers, one per form type, on the version it was started on.
answer_drafts = Table(
    "answer_drafts",
    metadata,
    Column("subject", UUID(as_uuid=True), primary_key=True),
    Column("form_type", String(100), primary_key=True),
    Column("form_version", Integer, nullable=False),
    Column("answers", JSONB, nullable=False),  # personal data: stays in this database
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
