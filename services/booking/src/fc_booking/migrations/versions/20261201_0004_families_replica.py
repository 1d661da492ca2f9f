"""Who acts for whom, as the network service tells it: families (confirmed guardians and
children) and case teams (responsible person, consented members), kept from events. Bookings
name the child by id; the access log also records reads that concern no single booking.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

LIVE = "status IN ('held', 'confirmed', 'waitlisted')"


def upgrade() -> None:
    op.create_table(
        "families",
        sa.Column("family_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "family_guardians",
        sa.Column(
            "family_id", UUID(as_uuid=True), sa.ForeignKey("families.family_id"), primary_key=True
        ),
        sa.Column("guardian", UUID(as_uuid=True), primary_key=True),
    )
    op.create_index("family_guardians_by_guardian", "family_guardians", ["guardian"])
    op.create_table(
        "family_children",
        sa.Column("child_id", UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "family_id", UUID(as_uuid=True), sa.ForeignKey("families.family_id"), nullable=False
        ),
        sa.Column("birth_date", sa.Date, nullable=False),
        sa.Column("subject", UUID(as_uuid=True)),
    )
    op.create_index("family_children_by_family", "family_children", ["family_id"])
    op.create_index("family_children_by_subject", "family_children", ["subject"])
    op.create_table(
        "case_teams",
        sa.Column("case_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("family_id", UUID(as_uuid=True), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("responsible", UUID(as_uuid=True)),
    )
    op.create_table(
        "case_team_members",
        sa.Column(
            "case_id", UUID(as_uuid=True), sa.ForeignKey("case_teams.case_id"), primary_key=True
        ),
        sa.Column("member", UUID(as_uuid=True), primary_key=True),
    )

    op.add_column("bookings", sa.Column("child_id", UUID(as_uuid=True)))
    op.create_index(
        "bookings_by_child",
        "bookings",
        ["child_id"],
        postgresql_where=sa.text("child_id IS NOT NULL"),
    )
    # One live booking per participant: a child named by id is one participant whichever
    # guardian books; the older rule (booker and birth date) stays for the rest.
    op.execute("DROP INDEX one_active_booking_per_participant")
    op.execute(
        "CREATE UNIQUE INDEX one_active_booking_per_participant ON bookings "
        "(slot_id, booked_by, coalesce(child_birth_date, 'infinity'::date)) "
        f"WHERE {LIVE} AND child_id IS NULL"
    )
    op.execute(
        "CREATE UNIQUE INDEX one_active_booking_per_child ON bookings (slot_id, child_id) "
        f"WHERE {LIVE} AND child_id IS NOT NULL"
    )

    # Reads such as a network meeting's free times concern a family, not one booking.
    op.alter_column("access_log", "booking_id", nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM access_log WHERE booking_id IS NULL")
    op.alter_column("access_log", "booking_id", nullable=False)
    op.execute("DROP INDEX one_active_booking_per_child")
    op.execute("DROP INDEX one_active_booking_per_participant")
    op.execute(
        "CREATE UNIQUE INDEX one_active_booking_per_participant ON bookings "
        "(slot_id, booked_by, coalesce(child_birth_date, 'infinity'::date)) "
        f"WHERE {LIVE}"
    )
    op.drop_index("bookings_by_child", table_name="bookings")
    op.drop_column("bookings", "child_id")
    op.drop_table("case_team_members")
    op.drop_table("case_teams")
    op.drop_table("family_children")
    op.drop_table("family_guardians")
    op.drop_table("families")
