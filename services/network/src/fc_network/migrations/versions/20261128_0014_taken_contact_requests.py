"""Contact requests a professional took in the forms service (FormStatusChanged, received →
in_handling): the second ground on which they may open the family's case, used up by
opening it. One row per submission, so a redelivered event changes nothing.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "taken_contact_requests",
        sa.Column("submission_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("professional", UUID(as_uuid=True), nullable=False),
        sa.Column("submitted_by", UUID(as_uuid=True), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True)),
        sa.Column("case_id", UUID(as_uuid=True), sa.ForeignKey("cases.id")),
    )
    op.create_index(
        "taken_contact_requests_open_by_professional",
        "taken_contact_requests",
        ["professional"],
        postgresql_where=sa.text("used_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "taken_contact_requests_open_by_professional", table_name="taken_contact_requests"
    )
    op.drop_table("taken_contact_requests")
