"""Who staffs a service, and the language a family chose, so a family can be routed to
staff who speak it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "service_staff",
        sa.Column("service_id", UUID(as_uuid=True), sa.ForeignKey("services.id"), primary_key=True),
        sa.Column(
            "professional",
            UUID(as_uuid=True),
            sa.ForeignKey("professionals.subject"),
            primary_key=True,
        ),
        sa.Column(
            "added_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.add_column(
        "families", sa.Column("language", sa.String(3), nullable=False, server_default="sv")
    )


def downgrade() -> None:
    op.drop_column("families", "language")
    op.drop_table("service_staff")
