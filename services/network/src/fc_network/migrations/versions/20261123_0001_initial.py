"""Initial network schema: platform tables, municipalities, meeting points, referrals.

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
        "municipalities",
        sa.Column("code", sa.String(3), primary_key=True),
        sa.Column("name_sv", sa.String(100), nullable=False),
        sa.Column("name_fi", sa.String(100), nullable=False),
        sa.Column("region", sa.String(100), nullable=False),
    )
    op.create_table(
        "meeting_points",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "municipality_code", sa.String(3), sa.ForeignKey("municipalities.code"), nullable=False
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("digital", sa.Boolean, nullable=False),
        sa.Column("address", sa.String(300)),
        sa.Column("link", sa.String(500)),
        sa.Column("accessibility", sa.Text),
        sa.Column("responsible_person", UUID(as_uuid=True)),
        sa.Column("audience_bands", JSONB, nullable=False),
        sa.Column("opened_by", UUID(as_uuid=True), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "referrals",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("family_id", UUID(as_uuid=True), nullable=False),
        sa.Column("referred_by", UUID(as_uuid=True), nullable=False),
        sa.Column("referred_to", UUID(as_uuid=True), nullable=False),
        sa.Column("reason_category", sa.String(100), nullable=False),
        sa.Column("urgency", sa.String(20), nullable=False),
        sa.Column("message", sa.Text),
        sa.Column("status", sa.String(20), nullable=False, server_default="made"),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )


def downgrade() -> None:
    for table in (
        "referrals",
        "meeting_points",
        "municipalities",
        "idempotency_keys",
        "inbox",
        "outbox",
    ):
        op.drop_table(table)
