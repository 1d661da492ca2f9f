"""Mark every family existing now for one more snapshot, published when network starts.

Families registered before FamilyChanged/CaseTeamChanged existed were never published, so
booking does not know them; and 0011 made every youth login typed so far pending, which the
snapshots booking holds still show as linked. `relationships.republish_at_start` publishes
each marked family (and its case team) once and clears the mark.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "families", sa.Column("republish", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.execute("UPDATE families SET republish = true")


def downgrade() -> None:
    op.drop_column("families", "republish")
