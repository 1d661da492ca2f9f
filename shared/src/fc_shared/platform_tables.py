"""Tables every service has in its own database: outbox, inbox, idempotency keys, the
access log, and the data keys of field encryption where a service encrypts fields."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import UUID


def outbox_table(metadata: MetaData) -> Table:
    """Events waiting to be published, written in the same transaction as the change."""
    return Table(
        "outbox",
        metadata,
        # A sequence, not the event time, fixes the publishing order.
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
        Column("topic", String(200), nullable=False),
        Column("key", String(200), nullable=False),
        Column("type", String(200), nullable=False),
        Column("source", String(200), nullable=False),
        Column("time", DateTime(timezone=True), nullable=False),
        Column("data", LargeBinary, nullable=False),
        Column("traceparent", String(100)),
        Column("tracestate", String(500)),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("sent_at", DateTime(timezone=True)),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column("last_error", Text),
        Index("outbox_unsent", "id", postgresql_where=text("sent_at IS NULL")),
    )


def inbox_table(metadata: MetaData) -> Table:
    """Event ids already handled, per handler (`<service>.<purpose>`, see
    fc_shared.consumer.Route): redelivery finds its id here."""
    return Table(
        "inbox",
        metadata,
        Column("event_id", UUID(as_uuid=True), primary_key=True),
        Column("consumer", String(200), primary_key=True),
        Column("type", String(200), nullable=False),
        Column("trace_id", String(32)),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


def idempotency_table(metadata: MetaData) -> Table:
    """Responses to writes that carried an `Idempotency-Key`, replayed on a repeat."""
    return Table(
        "idempotency_keys",
        metadata,
        Column("subject", UUID(as_uuid=True), primary_key=True),
        Column("key", String(200), primary_key=True),
        Column("request_hash", String(64), nullable=False),
        Column("status", Integer, nullable=False),
        Column("body", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


def access_log_table(metadata: MetaData) -> Table:
    """Who read, changed or was refused what about a family (DESIGN.md: every read or change
    of personal data is logged), one shape in every service. An entry is keyed by the family
    (`family_id`, when the service knows it), the person whose log it belongs in (`person`,
    e.g. the guardian who made a booking) and the subject concerned (`subject_kind` and
    `subject_id`: a booking, a case, the family as a whole). Pseudonymous ids only."""
    return Table(
        "access_log",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column("actor", UUID(as_uuid=True), nullable=False),
        Column("family_id", UUID(as_uuid=True)),
        Column("person", UUID(as_uuid=True)),
        Column("subject_kind", String(40), nullable=False),
        Column("subject_id", UUID(as_uuid=True)),
        Column("action", String(40), nullable=False),
        Column("purpose", String(200), nullable=False),
        Column("allowed", Boolean, nullable=False, server_default=text("true")),
        Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Index("access_log_by_family", "family_id"),
        Index("access_log_by_person", "person"),
        Index("access_log_by_subject", "subject_id"),
    )


def data_keys_table(metadata: MetaData) -> Table:
    """One data key per data subject (fc_shared.field_crypto), wrapped under the master key
    named beside it. Destroying a subject's key (erasure) empties `wrapped_key` and
    `master_key_id`; encrypting for the subject again starts the next `generation`."""
    return Table(
        "data_keys",
        metadata,
        Column("subject", UUID(as_uuid=True), primary_key=True),
        Column("generation", Integer, nullable=False, server_default=text("1")),
        Column("master_key_id", String(40)),
        Column("wrapped_key", LargeBinary),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("wrapped_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("destroyed_at", DateTime(timezone=True)),
        CheckConstraint(
            "(wrapped_key IS NULL) = (master_key_id IS NULL)"
            " AND (wrapped_key IS NULL) = (destroyed_at IS NOT NULL)",
            name="data_keys_wrapped_or_destroyed",
        ),
        Index("data_keys_by_master_key", "master_key_id"),
    )


def create_platform_tables_in_migration() -> None:
    """Create the tables above from a service's first Alembic migration."""
    from alembic import op

    metadata = MetaData()
    outbox_table(metadata)
    inbox_table(metadata)
    idempotency_table(metadata)
    metadata.create_all(op.get_bind())


def create_access_log_in_migration() -> None:
    """Create the access log from a service's migration (booking and network instead turn
    their earlier logs into this shape, keeping the entries)."""
    from alembic import op

    metadata = MetaData()
    access_log_table(metadata)
    metadata.create_all(op.get_bind())


def create_data_keys_in_migration() -> None:
    """Create the data keys of field encryption from a service's migration."""
    from alembic import op

    metadata = MetaData()
    data_keys_table(metadata)
    metadata.create_all(op.get_bind())
