"""The chat service's tables.

A chat's entries (`chat_entries`) are the truth every live reader is served from: numbered
per chat by `chats.last_seq`, which a writer bumps under the chat's row lock, so two
replicas writing at once still give one order. Text is stored only as field-encryption
tokens under the chat's own data key (subject = the chat's id), which the retention purge
destroys. An anonymous visitor is a row with a token's hash and nothing else.
"""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from fc_shared.family_replica import family_replica_tables
from fc_shared.platform_tables import (
    access_log_table,
    data_keys_table,
    idempotency_table,
    inbox_table,
    outbox_table,
)

metadata = MetaData()
outbox_table(metadata)
inbox_table(metadata)
idempotency_table(metadata)
access_log_table(metadata)
data_keys_table(metadata)
family_replica = family_replica_tables(metadata)

queues = Table(
    "queues",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("code", String(60), nullable=False, unique=True),
    Column("names", JSONB, nullable=False),
    Column("language", String(2), nullable=False),
    Column("municipality_code", String(3)),
    Column("audience", String(10), nullable=False),
    Column("allows_anonymous", Boolean, nullable=False),
    Column("topics", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    # [{"weekday": 0, "start": "09:00", "end": "15:00"}, ...] in Helsinki wall-clock time
    Column("hours", JSONB, nullable=False),
    Column("closed_on_public_holidays", Boolean, nullable=False),
    Column("default_limit", Integer, nullable=False),
    Column("max_wait_minutes", Integer, nullable=False),
    Column("visitor_gone_seconds", Integer, nullable=False),
    Column("away_messages", JSONB, nullable=False),
    Column("help_numbers", JSONB, nullable=False),
    Column("retention_days", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Who may serve a queue (an admin says so), and who is on duty in it now with what limit.
queue_members = Table(
    "queue_members",
    metadata,
    Column("queue_id", UUID(as_uuid=True), ForeignKey("queues.id"), primary_key=True),
    Column("professional_id", UUID(as_uuid=True), primary_key=True),
    Index("queue_members_by_professional", "professional_id"),
)
duty = Table(
    "duty",
    metadata,
    Column("professional_id", UUID(as_uuid=True), primary_key=True),
    Column("chat_limit", Integer, nullable=False),
    Column("since", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
duty_queues = Table(
    "duty_queues",
    metadata,
    Column(
        "professional_id",
        UUID(as_uuid=True),
        ForeignKey("duty.professional_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("queue_id", UUID(as_uuid=True), ForeignKey("queues.id"), primary_key=True),
    Index("duty_queues_by_queue", "queue_id"),
)

visitors = Table(
    "visitors",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("token_hash", LargeBinary(32), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("blocked_at", DateTime(timezone=True)),
)

chats = Table(
    "chats",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("queue_id", UUID(as_uuid=True), ForeignKey("queues.id"), nullable=False),
    Column("language", String(2), nullable=False),
    Column("status", String(12), nullable=False),
    Column("visitor_id", UUID(as_uuid=True), ForeignKey("visitors.id")),
    Column("visitor_subject", UUID(as_uuid=True)),
    Column("on_behalf_of", UUID(as_uuid=True)),
    Column("identity_verified", Boolean, nullable=False, server_default=text("false")),
    Column("professional_id", UUID(as_uuid=True)),
    Column("topic", String(60)),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("started_at", DateTime(timezone=True)),
    Column("ended_at", DateTime(timezone=True)),
    Column("closing_code", String(30)),
    Column("emergency_shown", Boolean, nullable=False, server_default=text("false")),
    Column("last_seq", Integer, nullable=False, server_default=text("0")),
    # Until when the visitor counts as present (an open stream renews it), when they were
    # last seen, and when they were last told an answer waits (once per absence).
    Column("visitor_present_until", DateTime(timezone=True)),
    Column("visitor_seen_at", DateTime(timezone=True)),
    Column("answer_waiting_at", DateTime(timezone=True)),
    Index("chats_waiting", "queue_id", "requested_at", postgresql_where=text("status='waiting'")),
    Index(
        "chats_active_by_professional", "professional_id", postgresql_where=text("status='active'")
    ),
    Index("chats_by_subject", "visitor_subject"),
    Index("chats_ended", "ended_at", postgresql_where=text("ended_at IS NOT NULL")),
)

# Who took part in a chat as staff: they, and only they, may read its transcript later.
chat_participants = Table(
    "chat_participants",
    metadata,
    Column(
        "chat_id", UUID(as_uuid=True), ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("professional_id", UUID(as_uuid=True), primary_key=True),
)

chat_entries = Table(
    "chat_entries",
    metadata,
    Column(
        "chat_id", UUID(as_uuid=True), ForeignKey("chats.id", ondelete="CASCADE"), nullable=False
    ),
    Column("seq", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("author", String(12), nullable=False),
    Column("author_id", UUID(as_uuid=True)),
    Column("text_token", Text),  # fc_shared.field_crypto token, never clear text
    Column("staff_only", Boolean, nullable=False, server_default=text("false")),
    Column("details", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("chat_id", "seq"),
)

# Rate limits shared by every replica (domain/limits.py says why an address is never kept).
rate_salts = Table(
    "rate_salts",
    metadata,
    Column("day", Date, primary_key=True),
    Column("salt", LargeBinary(32), nullable=False),
)
rate_counts = Table(
    "rate_counts",
    metadata,
    Column("key", LargeBinary(32), nullable=False),
    Column("window_start", DateTime(timezone=True), nullable=False),
    Column("count", Integer, nullable=False),
    PrimaryKeyConstraint("key", "window_start"),
)
