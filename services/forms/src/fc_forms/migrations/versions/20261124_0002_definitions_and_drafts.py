"""Versioned form definitions, authors' drafts, drafts of answers; a submission's version,
receipt number and booking hold.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_definitions",
        sa.Column("form_type", sa.String(100), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("content", JSONB, nullable=False),
        sa.Column("published_by", UUID(as_uuid=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "definition_drafts",
        sa.Column("form_type", sa.String(100), primary_key=True),
        sa.Column("content", JSONB, nullable=False),
        sa.Column("edited_by", UUID(as_uuid=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "answer_drafts",
        sa.Column("subject", UUID(as_uuid=True), primary_key=True),
        sa.Column("form_type", sa.String(100), primary_key=True),
        sa.Column("form_version", sa.Integer, nullable=False),
        sa.Column("answers", JSONB, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute("CREATE SEQUENCE submission_receipts")
    op.add_column(
        "submissions",
        sa.Column("form_version", sa.Integer, nullable=False, server_default="1"),
    )
    op.add_column("submissions", sa.Column("receipt_number", sa.String(20), nullable=True))
    op.add_column("submissions", sa.Column("hold_id", UUID(as_uuid=True), nullable=True))
    # Submissions from before receipt numbers get one, in the order they came.
    op.execute(
        "UPDATE submissions SET receipt_number = 'FC-' || extract(year FROM created_at)::int"
        " || '-' || lpad(nextval('submission_receipts')::text, 6, '0')"
    )
    op.alter_column("submissions", "receipt_number", nullable=False)
    op.create_unique_constraint("submissions_receipt_number", "submissions", ["receipt_number"])


def downgrade() -> None:
    op.drop_constraint("submissions_receipt_number", "submissions")
    for column in ("hold_id", "receipt_number", "form_version"):
        op.drop_column("submissions", column)
    op.execute("DROP SEQUENCE submission_receipts")
    for table in ("answer_drafts", "definition_drafts", "form_definitions"):
        op.drop_table(table)
