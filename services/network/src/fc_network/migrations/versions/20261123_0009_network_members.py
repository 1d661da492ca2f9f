"""The case's network: people close to the child and professionals gathered around it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "network_members",
        sa.Column("case_id", UUID(as_uuid=True), sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("member", UUID(as_uuid=True), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("added_by", UUID(as_uuid=True), nullable=False),
        sa.Column(
            "added_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.CheckConstraint("kind IN ('professional', 'close_person')", name="network_member_kind"),
    )


def downgrade() -> None:
    op.drop_table("network_members")
