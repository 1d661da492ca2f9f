"""A youth's own login counts for a child record only once the youth confirmed it, and for
one child record at most.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Whoever registered a family could type any login as a child's; booking then took that
    # youth for the child (their age, their bookings). The youth now confirms with their own
    # sign-in (family_members.confirmed_at on the child), and one login is confirmed for at
    # most one child record across all families. No child was ever confirmed so far: every
    # link typed until now stays pending until its youth confirms it.
    op.create_index(
        "family_members_one_child_per_youth_login",
        "family_members",
        ["subject"],
        unique=True,
        postgresql_where=sa.text("role = 'child' AND confirmed_at IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("family_members_one_child_per_youth_login", table_name="family_members")
