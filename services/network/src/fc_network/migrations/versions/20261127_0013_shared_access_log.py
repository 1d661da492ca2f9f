"""Network's access log in the shape every service shares (fc_shared.platform_tables
.access_log_table), altered in place so its entries stay: each old entry was about a family
as a whole, so its subject is that family.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("access_log", sa.Column("person", UUID(as_uuid=True), nullable=True))
    op.add_column("access_log", sa.Column("subject_kind", sa.String(40), nullable=True))
    op.add_column("access_log", sa.Column("subject_id", UUID(as_uuid=True), nullable=True))
    op.execute("UPDATE access_log SET subject_kind = 'family', subject_id = family_id")
    op.alter_column("access_log", "subject_kind", nullable=False)
    op.alter_column("access_log", "family_id", nullable=True)
    op.alter_column("access_log", "allowed", server_default=sa.true())
    op.drop_index("ix_access_log_family_id", table_name="access_log")
    op.create_index("access_log_by_family", "access_log", ["family_id"])
    op.create_index("access_log_by_person", "access_log", ["person"])
    op.create_index("access_log_by_subject", "access_log", ["subject_id"])


def downgrade() -> None:
    # Entries about no family (none are written yet) cannot go back into the old shape.
    op.execute("DELETE FROM access_log WHERE family_id IS NULL")
    op.drop_index("access_log_by_subject", table_name="access_log")
    op.drop_index("access_log_by_person", table_name="access_log")
    op.drop_index("access_log_by_family", table_name="access_log")
    op.create_index("ix_access_log_family_id", "access_log", ["family_id"])
    op.alter_column("access_log", "allowed", server_default=None)
    op.alter_column("access_log", "family_id", nullable=False)
    op.drop_column("access_log", "subject_id")
    op.drop_column("access_log", "subject_kind")
    op.drop_column("access_log", "person")
