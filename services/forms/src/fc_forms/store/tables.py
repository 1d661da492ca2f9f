"""The forms service's tables."""

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Sequence,
    String,
    Table,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from fc_shared.family_replica import family_replica_tables
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

# Handling (fc_forms.store.handling): queues per form type and municipality, the
# professionals who handle each, where each submission is and its history. Its imports sit
# here, with its tables, so that this block merges as one piece.
import sqlalchemy as sa  # noqa: E402

from fc_shared.platform_tables import access_log_table  # noqa: E402

# One shape for every service's access log (fc_shared.access_log writes and reads it).
access_log = access_log_table(metadata)

handling_queues = Table(
    "handling_queues",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("form_type", String(100), nullable=False),
    Column("municipality_code", String(3)),  # NULL: the form type's fallback queue
    Column("created_at", DateTime(timezone=True), nullable=False),
    # One queue per pair, and one fallback per form type (NULLs count as equal).
    sa.UniqueConstraint(
        "form_type",
        "municipality_code",
        name="handling_queues_one_per_pair",
        postgresql_nulls_not_distinct=True,
    ),
)

queue_handlers = Table(
    "queue_handlers",
    metadata,
    Column(
        "queue_id",
        UUID(as_uuid=True),
        sa.ForeignKey("handling_queues.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("subject", UUID(as_uuid=True), primary_key=True),
    Column("assigned_by", UUID(as_uuid=True), nullable=False),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
    sa.Index("queue_handlers_by_subject", "subject"),
)

handling = Table(
    "handling",
    metadata,
    Column(
        "submission_id",
        UUID(as_uuid=True),
        sa.ForeignKey("submissions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("queue_id", UUID(as_uuid=True), sa.ForeignKey("handling_queues.id"), nullable=False),
    Column("status", String(30), nullable=False),
    Column("assignee", UUID(as_uuid=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    sa.Index("handling_by_queue", "queue_id", "updated_at"),
)

handling_history = Table(
    "handling_history",
    metadata,
    Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
    Column(
        "submission_id",
        UUID(as_uuid=True),
        sa.ForeignKey("submissions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("status", String(30), nullable=False),
    Column("previous_status", String(30)),
    Column("actor", UUID(as_uuid=True), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("message", sa.Text),  # the question to the family or its reply: personal data
    sa.Index("handling_history_by_submission", "submission_id", "id"),
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


# The files a submission attaches (store/submission_attachments.py): a handler of the
# submission's queue reads them. Gone with the submission or the file.
submission_attachments = Table(
    "submission_attachments",
    metadata,
    Column(
        "submission_id",
        UUID(as_uuid=True),
        sa.ForeignKey("submissions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "attachment_id",
        UUID(as_uuid=True),
        sa.ForeignKey("attachments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Index("submission_attachments_by_attachment", "attachment_id"),
)


# Who acts for which child, kept from the network service's FamilyChanged snapshots
# (fc_shared.family_replica; pseudonymous ids only): a newer revision replaces the whole.
family_replica = family_replica_tables(metadata)
