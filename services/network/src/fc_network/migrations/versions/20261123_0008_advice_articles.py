"""Advice articles by topic and child age, with texts per language.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "advice_articles",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("topic", sa.String(40), nullable=False, index=True),
        sa.Column("age_min", sa.Integer, nullable=False),
        sa.Column("age_max", sa.Integer, nullable=False),
        sa.Column("texts", JSONB, nullable=False),  # {"sv": {"title": .., "body": ..}, ..}
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.CheckConstraint("age_min >= 0 AND age_min <= age_max", name="advice_age_range"),
    )


def downgrade() -> None:
    op.drop_table("advice_articles")
