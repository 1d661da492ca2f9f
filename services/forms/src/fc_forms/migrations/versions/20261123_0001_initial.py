"""Initial forms schema: platform tables and submissions.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from fc_shared.platform_tables import create_platform_tables_in_migration

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables_in_migration()
    op.create_table(
        "submissions",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("form_type", sa.String(100), nullable=False),
        sa.Column("municipality_code", sa.String(3), nullable=False),
        sa.Column("submitted_by", UUID(as_uuid=True), nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("answers", JSONB, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )


def downgrade() -> None:
    for table in ("submissions", "idempotency_keys", "inbox", "outbox"):
        op.drop_table(table)
