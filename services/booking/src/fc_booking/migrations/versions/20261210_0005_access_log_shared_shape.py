"""The access log in the platform's one shape (fc_shared.platform_tables.access_log_table),
altered in place so every entry stays: `guardian` is the entry's `person`, `booking_id` its
`subject_id` (`subject_kind` "booking", or "family" for a read about the family as a whole),
`family_id` unknown for the entries so far, and `allowed` false for the refused attempts.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# How booking logged a refused attempt: its action is the attempted one with `_refused`
# after it, or the network meeting refused because the family was busy then.
REFUSED = "right(action, 8) = '_refused' OR action = 'book_network_meeting_busy'"


def upgrade() -> None:
    op.alter_column("access_log", "guardian", new_column_name="person", nullable=True)
    op.alter_column("access_log", "booking_id", new_column_name="subject_id")
    op.add_column("access_log", sa.Column("subject_kind", sa.String(40)))
    op.execute(
        "UPDATE access_log SET subject_kind = "
        "CASE WHEN subject_id IS NULL THEN 'family' ELSE 'booking' END"
    )
    op.alter_column("access_log", "subject_kind", nullable=False)
    op.add_column("access_log", sa.Column("family_id", UUID(as_uuid=True)))
    op.add_column(
        "access_log",
        sa.Column("allowed", sa.Boolean, nullable=False, server_default=sa.text("true")),
    )
    op.execute(f"UPDATE access_log SET allowed = false WHERE {REFUSED}")
    op.drop_index("ix_access_log_guardian", table_name="access_log")
    op.create_index("access_log_by_family", "access_log", ["family_id"])
    op.create_index("access_log_by_person", "access_log", ["person"])
    op.create_index("access_log_by_subject", "access_log", ["subject_id"])


def downgrade() -> None:
    op.drop_index("access_log_by_subject", table_name="access_log")
    op.drop_index("access_log_by_person", table_name="access_log")
    op.drop_index("access_log_by_family", table_name="access_log")
    # Entries about a family booking did not know as a person's cannot go back.
    op.execute("DELETE FROM access_log WHERE person IS NULL")
    op.drop_column("access_log", "allowed")
    op.drop_column("access_log", "family_id")
    op.drop_column("access_log", "subject_kind")
    op.alter_column("access_log", "subject_id", new_column_name="booking_id")
    op.alter_column("access_log", "person", new_column_name="guardian", nullable=False)
    op.create_index("ix_access_log_guardian", "access_log", ["guardian"])
