"""Closing the authorisation holes: guardians confirm themselves, a guardian asks a
professional to open the case, seeded meeting points belong to nobody, and a family has a
revision counter for the snapshots it publishes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

NIL = "00000000-0000-0000-0000-000000000000"


def upgrade() -> None:
    # Bumped under the family row's lock with every published change (FamilyChanged,
    # CaseTeamChanged), so a consumer can drop a snapshot older than the one it holds.
    op.add_column("families", sa.Column("revision", sa.Integer, nullable=False, server_default="0"))
    # A guardian acts for the family only once confirmed. Of the guardians registered so
    # far only the one who registered the family signed in; anyone they named waits for
    # their own confirmation, as new ones do.
    op.add_column("family_members", sa.Column("confirmed_at", sa.DateTime(timezone=True)))
    op.execute("""
        UPDATE family_members m SET confirmed_at = f.created_at
        FROM families f
        WHERE m.family_id = f.id AND m.role = 'guardian' AND m.subject = f.created_by
    """)
    # A guardian's request that a named professional open the family's case: the ground
    # for opening one, used up when the case is opened.
    op.create_table(
        "case_requests",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("family_id", UUID(as_uuid=True), sa.ForeignKey("families.id"), nullable=False),
        sa.Column("professional", UUID(as_uuid=True), nullable=False),
        sa.Column("requested_by", UUID(as_uuid=True), nullable=False),
        sa.Column(
            "requested_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("used_at", sa.DateTime(timezone=True)),
        sa.Column("case_id", UUID(as_uuid=True), sa.ForeignKey("cases.id")),
    )
    op.create_index(
        "case_requests_open",
        "case_requests",
        ["family_id", "professional"],
        postgresql_where=sa.text("used_at IS NULL"),
    )
    # The seeded meeting points were "opened" by the nil UUID, so a token with that subject
    # could edit all twelve. They have no responsible person until an admin appoints one.
    op.alter_column("meeting_points", "opened_by", nullable=True)
    op.execute(f"UPDATE meeting_points SET opened_by = NULL WHERE opened_by = '{NIL}'")
    op.execute(
        f"UPDATE meeting_points SET responsible_person = NULL WHERE responsible_person = '{NIL}'"
    )


def downgrade() -> None:
    op.execute(f"UPDATE meeting_points SET opened_by = '{NIL}' WHERE opened_by IS NULL")
    op.alter_column("meeting_points", "opened_by", nullable=False)
    op.drop_index("case_requests_open", table_name="case_requests")
    op.drop_table("case_requests")
    op.drop_column("family_members", "confirmed_at")
    op.drop_column("families", "revision")
