"""Handling: queues per form type and municipality, their handlers, each submission's place
in its handling and its history; the access log in the platform's one shape.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

from fc_shared.platform_tables import create_access_log_in_migration

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_access_log_in_migration()
    op.create_table(
        "handling_queues",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("form_type", sa.String(100), nullable=False),
        sa.Column("municipality_code", sa.String(3)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "form_type",
            "municipality_code",
            name="handling_queues_one_per_pair",
            postgresql_nulls_not_distinct=True,
        ),
    )
    op.create_table(
        "queue_handlers",
        sa.Column(
            "queue_id",
            UUID(as_uuid=True),
            sa.ForeignKey("handling_queues.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("subject", UUID(as_uuid=True), primary_key=True),
        sa.Column("assigned_by", UUID(as_uuid=True), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("queue_handlers_by_subject", "queue_handlers", ["subject"])
    op.create_table(
        "handling",
        sa.Column(
            "submission_id",
            UUID(as_uuid=True),
            sa.ForeignKey("submissions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "queue_id", UUID(as_uuid=True), sa.ForeignKey("handling_queues.id"), nullable=False
        ),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("assignee", UUID(as_uuid=True)),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("handling_by_queue", "handling", ["queue_id", "updated_at"])
    op.create_table(
        "handling_history",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column(
            "submission_id",
            UUID(as_uuid=True),
            sa.ForeignKey("submissions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("previous_status", sa.String(30)),
        sa.Column("actor", UUID(as_uuid=True), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message", sa.Text),
    )
    op.create_index("handling_history_by_submission", "handling_history", ["submission_id", "id"])
    # Submissions sent before handling existed arrive in their form type's fallback queue.
    op.execute(
        "INSERT INTO handling_queues (id, form_type, municipality_code, created_at) "
        "SELECT gen_random_uuid(), form_type, NULL, now() FROM submissions "
        "GROUP BY form_type ON CONFLICT DO NOTHING"
    )
    op.execute(
        "INSERT INTO handling (submission_id, queue_id, status, updated_at) "
        "SELECT s.id, q.id, 'received', s.created_at FROM submissions s "
        "JOIN handling_queues q ON q.form_type = s.form_type AND q.municipality_code IS NULL"
    )
    op.execute(
        "INSERT INTO handling_history (submission_id, status, actor, at) "
        "SELECT id, 'received', submitted_by, created_at FROM submissions"
    )


def downgrade() -> None:
    for table in ("handling_history", "handling", "queue_handlers", "handling_queues"):
        op.drop_table(table)
    op.drop_table("access_log")
