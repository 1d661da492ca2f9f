"""Availability, activities, waitlists, holds, series, attendance and calendar feeds.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# 32 random bytes from PostgreSQL's own CSPRNG (gen_random_uuid is built in since 13):
# the key that signs a resource's private calendar-feed link; replacing it revokes the link.
RANDOM_KEY = sa.text("uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())")


def upgrade() -> None:
    op.add_column("resources", sa.Column("name", sa.Text))
    op.add_column("resources", sa.Column("owner_subject", UUID(as_uuid=True)))
    op.add_column(
        "resources",
        sa.Column("languages", JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
    )
    op.add_column(
        "resources",
        sa.Column("feed_key", sa.LargeBinary, nullable=False, server_default=RANDOM_KEY),
    )
    op.create_index(
        "one_calendar_per_professional",
        "resources",
        ["owner_subject"],
        unique=True,
        postgresql_where=sa.text("kind = 'professional'"),
    )

    op.create_table(
        "resource_managers",
        sa.Column(
            "resource_id", UUID(as_uuid=True), sa.ForeignKey("resources.id"), primary_key=True
        ),
        sa.Column("subject", UUID(as_uuid=True), primary_key=True),
        sa.Column("assigned_by", UUID(as_uuid=True), nullable=False),
        sa.Column(
            "assigned_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "closures",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "resource_id",
            UUID(as_uuid=True),
            sa.ForeignKey("resources.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_by", UUID(as_uuid=True), nullable=False),
        sa.CheckConstraint("ends_on >= starts_on", name="closure_ends_after_start"),
    )
    op.create_table(
        "availability_rules",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("resource_id", UUID(as_uuid=True), sa.ForeignKey("resources.id"), nullable=False),
        sa.Column("rrule", sa.Text, nullable=False),
        sa.Column("first_start_local", sa.DateTime(timezone=False), nullable=False),
        sa.Column("duration_minutes", sa.Integer, nullable=False),
        sa.Column("time_zone", sa.Text, nullable=False, server_default="Europe/Helsinki"),
        sa.Column("is_series", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_by", UUID(as_uuid=True), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )

    slot_columns: tuple[sa.Column[Any], ...] = (
        sa.Column("kind", sa.String(20), nullable=False, server_default="appointment"),
        sa.Column("activity", sa.String(30), nullable=False, server_default="appointment"),
        sa.Column("title", sa.Text),
        sa.Column("service_id", UUID(as_uuid=True)),
        sa.Column("audience", sa.String(20), nullable=False, server_default="family"),
        sa.Column("min_age_years", sa.Integer),
        sa.Column("max_age_years", sa.Integer),
        sa.Column("municipality_code", sa.String(3)),
        sa.Column("rule_id", UUID(as_uuid=True), sa.ForeignKey("availability_rules.id")),
        sa.Column("series_id", UUID(as_uuid=True)),
        sa.Column("cancel_deadline_hours", sa.Integer, nullable=False, server_default="24"),
        sa.Column("band_override_by", UUID(as_uuid=True)),
        sa.Column("band_override_reason", sa.Text),
        sa.Column("network_meeting_id", UUID(as_uuid=True)),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    for column in slot_columns:
        op.add_column("slots", column)
    op.create_check_constraint(
        "slot_ages_in_order",
        "slots",
        "min_age_years IS NULL OR max_age_years IS NULL OR min_age_years <= max_age_years",
    )
    op.create_index("slots_by_start", "slots", ["starts_at", "id"])
    op.create_index(
        "slots_by_series", "slots", ["series_id"], postgresql_where=sa.text("series_id IS NOT NULL")
    )

    op.execute("CREATE SEQUENCE waitlist_order")
    booking_columns: tuple[sa.Column[Any], ...] = (
        sa.Column("child_birth_date", sa.Date),
        sa.Column("interpreter_language", sa.String(3)),
        sa.Column("waitlist_position", sa.BigInteger),
        sa.Column("waited_behind", sa.Integer),
        sa.Column("hold_expires_at", sa.DateTime(timezone=True)),
        sa.Column("series_booking_id", UUID(as_uuid=True)),
        sa.Column("cancelled_at", sa.DateTime(timezone=True)),
        sa.Column("late_cancellation", sa.Boolean),
        sa.Column("cancelled_by_staff", sa.Boolean),
        sa.Column("attended", sa.Boolean),
        sa.Column("attendance_recorded_by", UUID(as_uuid=True)),
        sa.Column("rescheduled_from", UUID(as_uuid=True)),
        sa.Column("sequence", sa.Integer, nullable=False, server_default="0"),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    for column in booking_columns:
        op.add_column("bookings", column)
    op.create_check_constraint(
        "booking_status_known",
        "bookings",
        "status IN ('held', 'confirmed', 'waitlisted', 'cancelled', 'lapsed')",
    )
    # A place is taken once per participant: the guardian, or one child of theirs (told
    # apart by birth date), whether confirmed, held or queuing.
    op.drop_index("one_confirmed_booking_per_guardian", table_name="bookings")
    op.execute(
        "CREATE UNIQUE INDEX one_active_booking_per_participant ON bookings "
        "(slot_id, booked_by, coalesce(child_birth_date, 'infinity'::date)) "
        "WHERE status IN ('held', 'confirmed', 'waitlisted')"
    )
    op.create_index(
        "bookings_waitlist",
        "bookings",
        ["slot_id", "waitlist_position"],
        postgresql_where=sa.text("status = 'waitlisted'"),
    )
    op.create_index(
        "bookings_holds",
        "bookings",
        ["hold_expires_at"],
        postgresql_where=sa.text("status = 'held'"),
    )
    op.create_index("bookings_by_guardian", "bookings", ["booked_by"])
    op.create_index(
        "bookings_by_series_booking",
        "bookings",
        ["series_booking_id"],
        postgresql_where=sa.text("series_booking_id IS NOT NULL"),
    )

    op.create_table(
        "band_overrides",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("slot_id", UUID(as_uuid=True), sa.ForeignKey("slots.id"), nullable=False),
        sa.Column("overridden_by", UUID(as_uuid=True), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("room_bands", JSONB, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column(
            "recorded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )


def downgrade() -> None:
    op.drop_table("band_overrides")
    op.execute("DROP INDEX one_active_booking_per_participant")
    for index in (
        "bookings_waitlist",
        "bookings_holds",
        "bookings_by_guardian",
        "bookings_by_series_booking",
    ):
        op.drop_index(index, table_name="bookings")
    op.drop_constraint("booking_status_known", "bookings")
    for name in (
        "child_birth_date",
        "interpreter_language",
        "waitlist_position",
        "waited_behind",
        "hold_expires_at",
        "series_booking_id",
        "cancelled_at",
        "late_cancellation",
        "cancelled_by_staff",
        "attended",
        "attendance_recorded_by",
        "rescheduled_from",
        "sequence",
        "updated_at",
    ):
        op.drop_column("bookings", name)
    op.execute("DROP SEQUENCE waitlist_order")
    op.create_index(
        "one_confirmed_booking_per_guardian",
        "bookings",
        ["slot_id", "booked_by"],
        unique=True,
        postgresql_where=sa.text("status = 'confirmed'"),
    )
    op.drop_index("slots_by_series", table_name="slots")
    op.drop_index("slots_by_start", table_name="slots")
    op.drop_constraint("slot_ages_in_order", "slots")
    for name in (
        "kind",
        "activity",
        "title",
        "service_id",
        "audience",
        "min_age_years",
        "max_age_years",
        "municipality_code",
        "rule_id",
        "series_id",
        "cancel_deadline_hours",
        "band_override_by",
        "band_override_reason",
        "network_meeting_id",
        "created_at",
    ):
        op.drop_column("slots", name)
    op.drop_table("availability_rules")
    op.drop_table("closures")
    op.drop_table("resource_managers")
    op.drop_index("one_calendar_per_professional", table_name="resources")
    for name in ("name", "owner_subject", "languages", "feed_key"):
        op.drop_column("resources", name)
