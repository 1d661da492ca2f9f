"""Referral lifecycle: accepted, declined (with a reason) or completed, with lead times.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("referrals", sa.Column("accepted_at", sa.DateTime(timezone=True)))
    op.add_column("referrals", sa.Column("declined_at", sa.DateTime(timezone=True)))
    op.add_column("referrals", sa.Column("decline_reason", sa.String(40)))
    op.add_column("referrals", sa.Column("completed_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    for column in ("completed_at", "decline_reason", "declined_at", "accepted_at"):
        op.drop_column("referrals", column)
