"""The room-use agreement between municipality and wellbeing county, per meeting point.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("meeting_points", sa.Column("agreement_parties", ARRAY(sa.String(200))))
    op.add_column("meeting_points", sa.Column("agreement_from", sa.Date))
    op.add_column("meeting_points", sa.Column("agreement_until", sa.Date))
    op.add_column("meeting_points", sa.Column("agreement_rooms", ARRAY(sa.String(200))))


def downgrade() -> None:
    for column in ("agreement_rooms", "agreement_until", "agreement_from", "agreement_parties"):
        op.drop_column("meeting_points", column)
