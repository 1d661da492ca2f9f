"""Initial booking schema: platform tables, resources, slots, bookings.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from fc_shared.platform_tables import create_platform_tables_in_migration

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables_in_migration()
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table(
        "resources",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("meeting_point_id", UUID(as_uuid=True), unique=True),
        sa.Column("municipality_code", sa.String(3)),
        sa.Column("audience_bands", JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "slots",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("resource_id", UUID(as_uuid=True), sa.ForeignKey("resources.id"), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("booked_count", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("language", sa.String(5), nullable=False, server_default="sv"),
        sa.Column("created_by", UUID(as_uuid=True), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name="slot_ends_after_start"),
        sa.CheckConstraint(
            "booked_count >= 0 AND booked_count <= capacity", name="slot_within_capacity"
        ),
    )
    # One resource cannot have two slots at overlapping times.
    op.execute(
        "ALTER TABLE slots ADD CONSTRAINT slots_no_overlap EXCLUDE USING gist "
        "(resource_id WITH =, tstzrange(starts_at, ends_at) WITH &&)"
    )
    op.create_table(
        "bookings",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("slot_id", UUID(as_uuid=True), sa.ForeignKey("slots.id"), nullable=False),
        sa.Column("booked_by", UUID(as_uuid=True), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_index(
        "one_confirmed_booking_per_guardian",
        "bookings",
        ["slot_id", "booked_by"],
        unique=True,
        postgresql_where=sa.text("status = 'confirmed'"),
    )


def downgrade() -> None:
    for table in ("bookings", "slots", "resources", "idempotency_keys", "inbox", "outbox"):
        op.drop_table(table)
