"""Field encryption's data keys, one per data subject (fc_shared.field_crypto).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from alembic import op

from fc_shared.platform_tables import create_data_keys_in_migration

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_data_keys_in_migration()


def downgrade() -> None:
    op.drop_table("data_keys")
