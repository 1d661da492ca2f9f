"""Where a room is, and who made each booking, so that booking can tell families what, when
and where (the booking events and the .ics) and notify can tell a youth's own booking from
one their guardian made.

Rooms keep the public address (or, digital ones, the meeting link) their meeting point's
events now carry; rooms opened before that learn it from the meeting point's next change.
Bookings record `booked_as`: a guardian, a youth for themselves, or staff on the family's
behalf. The bookings made so far get what their rows already say: a network meeting's
were made by staff; a youth names their own child record, or nobody on a youth activity
(a guardian books a youth activity only for their child); anything else a guardian booked.
A hold nobody has confirmed yet on a youth activity could be either, and stays unknown.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-15
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PLACE_COLUMNS = ("street_address", "postal_code", "locality", "meeting_link")


def upgrade() -> None:
    for name in PLACE_COLUMNS:
        op.add_column("resources", sa.Column(name, sa.Text()))
    op.add_column("bookings", sa.Column("booked_as", sa.String(10)))
    op.create_check_constraint(
        "booked_as_known",
        "bookings",
        "booked_as IS NULL OR booked_as IN ('guardian', 'youth', 'staff')",
    )
    op.execute(
        "UPDATE bookings b SET booked_as = CASE"
        " WHEN s.kind = 'network_meeting' THEN 'staff'"
        " WHEN EXISTS (SELECT 1 FROM family_children c"
        "   WHERE c.child_id = b.child_id AND c.subject = b.booked_by) THEN 'youth'"
        " WHEN b.child_id IS NULL AND b.child_birth_date IS NULL AND s.audience = 'youth'"
        "   THEN CASE WHEN b.status = 'held' THEN NULL ELSE 'youth' END"
        " ELSE 'guardian' END"
        " FROM slots s WHERE s.id = b.slot_id"
    )


def downgrade() -> None:
    op.drop_constraint("booked_as_known", "bookings")
    op.drop_column("bookings", "booked_as")
    for name in PLACE_COLUMNS:
        op.drop_column("resources", name)
