"""The files a submission attaches: one row per (submission, attachment).

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submission_attachments",
        sa.Column(
            "submission_id",
            UUID(as_uuid=True),
            sa.ForeignKey("submissions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "attachment_id",
            UUID(as_uuid=True),
            sa.ForeignKey("attachments.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index(
        "submission_attachments_by_attachment", "submission_attachments", ["attachment_id"]
    )


def downgrade() -> None:
    op.drop_table("submission_attachments")
