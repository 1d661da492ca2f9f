"""Initial chat schema: platform tables, the families replica, queues and duty, visitors,
chats, their entries, and the rate-limit counts (generated from store/tables.py as it was at
the service's birth; later changes are migrations of their own).

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "access_log",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("actor", sa.UUID(), nullable=False),
        sa.Column("family_id", sa.UUID(), nullable=True),
        sa.Column("person", sa.UUID(), nullable=True),
        sa.Column("subject_kind", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.UUID(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.Column("allowed", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("access_log_by_family", "access_log", ["family_id"], unique=False)
    op.create_index("access_log_by_person", "access_log", ["person"], unique=False)
    op.create_index("access_log_by_subject", "access_log", ["subject_id"], unique=False)
    op.create_table(
        "data_keys",
        sa.Column("subject", sa.UUID(), nullable=False),
        sa.Column("generation", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("master_key_id", sa.String(length=40), nullable=True),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "wrapped_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("destroyed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(wrapped_key IS NULL) = (master_key_id IS NULL) "
            "AND (wrapped_key IS NULL) = (destroyed_at IS NOT NULL)",
            name="data_keys_wrapped_or_destroyed",
        ),
        sa.PrimaryKeyConstraint("subject"),
    )
    op.create_index("data_keys_by_master_key", "data_keys", ["master_key_id"], unique=False)
    op.create_table(
        "duty",
        sa.Column("professional_id", sa.UUID(), nullable=False),
        sa.Column("chat_limit", sa.Integer(), nullable=False),
        sa.Column(
            "since", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.PrimaryKeyConstraint("professional_id"),
    )
    op.create_table(
        "families",
        sa.Column("family_id", sa.UUID(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("family_id"),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("subject", sa.UUID(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("subject", "key"),
    )
    op.create_table(
        "inbox",
        sa.Column("event_id", sa.UUID(), nullable=False),
        sa.Column("consumer", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=200), nullable=False),
        sa.Column("trace_id", sa.String(length=32), nullable=True),
        sa.Column(
            "processed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("event_id", "consumer"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.UUID(), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("traceparent", sa.String(length=100), nullable=True),
        sa.Column("tracestate", sa.String(length=500), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    op.create_index(
        "outbox_unsent", "outbox", ["id"], unique=False, postgresql_where=sa.text("sent_at IS NULL")
    )
    op.create_table(
        "queues",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("names", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("municipality_code", sa.String(length=3), nullable=True),
        sa.Column("audience", sa.String(length=10), nullable=False),
        sa.Column("allows_anonymous", sa.Boolean(), nullable=False),
        sa.Column(
            "topics",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column("hours", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("closed_on_public_holidays", sa.Boolean(), nullable=False),
        sa.Column("default_limit", sa.Integer(), nullable=False),
        sa.Column("max_wait_minutes", sa.Integer(), nullable=False),
        sa.Column("visitor_gone_seconds", sa.Integer(), nullable=False),
        sa.Column("away_messages", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("help_numbers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "rate_counts",
        sa.Column("key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window_start"),
    )
    op.create_table(
        "rate_salts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("salt", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_table(
        "visitors",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "chats",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("queue_id", sa.UUID(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("visitor_id", sa.UUID(), nullable=True),
        sa.Column("visitor_subject", sa.UUID(), nullable=True),
        sa.Column("on_behalf_of", sa.UUID(), nullable=True),
        sa.Column(
            "identity_verified", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        sa.Column("professional_id", sa.UUID(), nullable=True),
        sa.Column("topic", sa.String(length=60), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closing_code", sa.String(length=30), nullable=True),
        sa.Column("emergency_shown", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("last_seq", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("visitor_present_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("visitor_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer_waiting_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["queue_id"],
            ["queues.id"],
        ),
        sa.ForeignKeyConstraint(
            ["visitor_id"],
            ["visitors.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "chats_active_by_professional",
        "chats",
        ["professional_id"],
        unique=False,
        postgresql_where=sa.text("status='active'"),
    )
    op.create_index("chats_by_subject", "chats", ["visitor_subject"], unique=False)
    op.create_index(
        "chats_ended",
        "chats",
        ["ended_at"],
        unique=False,
        postgresql_where=sa.text("ended_at IS NOT NULL"),
    )
    op.create_index(
        "chats_waiting",
        "chats",
        ["queue_id", "requested_at"],
        unique=False,
        postgresql_where=sa.text("status='waiting'"),
    )
    op.create_table(
        "duty_queues",
        sa.Column("professional_id", sa.UUID(), nullable=False),
        sa.Column("queue_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(["professional_id"], ["duty.professional_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["queue_id"],
            ["queues.id"],
        ),
        sa.PrimaryKeyConstraint("professional_id", "queue_id"),
    )
    op.create_index("duty_queues_by_queue", "duty_queues", ["queue_id"], unique=False)
    op.create_table(
        "family_children",
        sa.Column("child_id", sa.UUID(), nullable=False),
        sa.Column("family_id", sa.UUID(), nullable=False),
        sa.Column("subject", sa.UUID(), nullable=True),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.family_id"],
        ),
        sa.PrimaryKeyConstraint("child_id"),
    )
    op.create_index("family_children_by_family", "family_children", ["family_id"], unique=False)
    op.create_index("family_children_by_subject", "family_children", ["subject"], unique=False)
    op.create_table(
        "family_guardians",
        sa.Column("family_id", sa.UUID(), nullable=False),
        sa.Column("guardian", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.family_id"],
        ),
        sa.PrimaryKeyConstraint("family_id", "guardian"),
    )
    op.create_index("family_guardians_by_guardian", "family_guardians", ["guardian"], unique=False)
    op.create_table(
        "queue_members",
        sa.Column("queue_id", sa.UUID(), nullable=False),
        sa.Column("professional_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["queue_id"],
            ["queues.id"],
        ),
        sa.PrimaryKeyConstraint("queue_id", "professional_id"),
    )
    op.create_index(
        "queue_members_by_professional", "queue_members", ["professional_id"], unique=False
    )
    op.create_table(
        "chat_entries",
        sa.Column("chat_id", sa.UUID(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("author", sa.String(length=12), nullable=False),
        sa.Column("author_id", sa.UUID(), nullable=True),
        sa.Column("text_token", sa.Text(), nullable=True),
        sa.Column("staff_only", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column(
            "details",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(["chat_id"], ["chats.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("chat_id", "seq"),
    )
    op.create_table(
        "chat_participants",
        sa.Column("chat_id", sa.UUID(), nullable=False),
        sa.Column("professional_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chats.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("chat_id", "professional_id"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("chat_participants")
    op.drop_table("chat_entries")
    op.drop_index("queue_members_by_professional", table_name="queue_members")
    op.drop_table("queue_members")
    op.drop_index("family_guardians_by_guardian", table_name="family_guardians")
    op.drop_table("family_guardians")
    op.drop_index("family_children_by_subject", table_name="family_children")
    op.drop_index("family_children_by_family", table_name="family_children")
    op.drop_table("family_children")
    op.drop_index("duty_queues_by_queue", table_name="duty_queues")
    op.drop_table("duty_queues")
    op.drop_index("chats_waiting", table_name="chats", postgresql_where=sa.text("status='waiting'"))
    op.drop_index(
        "chats_ended", table_name="chats", postgresql_where=sa.text("ended_at IS NOT NULL")
    )
    op.drop_index("chats_by_subject", table_name="chats")
    op.drop_index(
        "chats_active_by_professional",
        table_name="chats",
        postgresql_where=sa.text("status='active'"),
    )
    op.drop_table("chats")
    op.drop_table("visitors")
    op.drop_table("rate_salts")
    op.drop_table("rate_counts")
    op.drop_table("queues")
    op.drop_index("outbox_unsent", table_name="outbox", postgresql_where=sa.text("sent_at IS NULL"))
    op.drop_table("outbox")
    op.drop_table("inbox")
    op.drop_table("idempotency_keys")
    op.drop_table("families")
    op.drop_table("duty")
    op.drop_index("data_keys_by_master_key", table_name="data_keys")
    op.drop_table("data_keys")
    op.drop_index("access_log_by_subject", table_name="access_log")
    op.drop_index("access_log_by_person", table_name="access_log")
    op.drop_index("access_log_by_family", table_name="access_log")
    op.drop_table("access_log")
