"""Who acts for which child, as the network service tells it (FamilyChanged snapshots):
families' confirmed guardians and children, pseudonymous ids only, so a `child` answer can
be checked against the caller's own children.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "families",
        sa.Column("family_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "family_guardians",
        sa.Column(
            "family_id", UUID(as_uuid=True), sa.ForeignKey("families.family_id"), primary_key=True
        ),
        sa.Column("guardian", UUID(as_uuid=True), primary_key=True),
    )
    op.create_index("family_guardians_by_guardian", "family_guardians", ["guardian"])
    op.create_table(
        "family_children",
        sa.Column("child_id", UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "family_id", UUID(as_uuid=True), sa.ForeignKey("families.family_id"), nullable=False
        ),
        sa.Column("subject", UUID(as_uuid=True)),
    )
    op.create_index("family_children_by_family", "family_children", ["family_id"])
    op.create_index("family_children_by_subject", "family_children", ["subject"])


def downgrade() -> None:
    op.drop_table("family_children")
    op.drop_table("family_guardians")
    op.drop_table("families")
