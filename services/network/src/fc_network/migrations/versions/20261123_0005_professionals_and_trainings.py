"""Professionals (organisation, role, languages, municipalities served) and their trainings.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, UUID

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "professionals",
        sa.Column("subject", UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "organisation_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id"), nullable=False
        ),
        sa.Column("role", sa.String(100), nullable=False),
        sa.Column("languages", ARRAY(sa.String(3)), nullable=False),
        sa.Column("municipalities", ARRAY(sa.String(3)), nullable=False),
    )
    op.create_table(
        "trainings",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "professional",
            UUID(as_uuid=True),
            sa.ForeignKey("professionals.subject"),
            nullable=False,
        ),
        sa.Column("course", sa.String(60), nullable=False),
        sa.Column("completed_on", sa.Date, nullable=False),
        # A course counts once per professional, however often it is reported.
        sa.UniqueConstraint("professional", "course", name="one_completion_per_course"),
    )


def downgrade() -> None:
    op.drop_table("trainings")
    op.drop_table("professionals")
