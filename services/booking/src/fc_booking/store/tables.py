"""The booking service's tables, as the store reads and writes them.

The migrations create them; the constraints are mirrored here so that the metadata says what
the database enforces. Double booking is impossible by constraint: slots of one resource
cannot overlap (an exclusion constraint), a slot's taken count cannot pass its capacity (a
check), and a participant holds at most one live booking per slot (a partial unique index).
"""

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    column,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID, ExcludeConstraint

from fc_shared.family_replica import family_replica_tables
from fc_shared.platform_tables import (
    access_log_table,
    idempotency_table,
    inbox_table,
    outbox_table,
)

metadata = MetaData()
outbox_table(metadata)
inbox_table(metadata)
idempotency_table(metadata)

resources = Table(
    "resources",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("kind", String(20), nullable=False),  # room, digital_room, professional, interpreter
    Column("name", Text),
    Column("meeting_point_id", UUID(as_uuid=True), unique=True),
    Column("municipality_code", String(3)),
    Column("audience_bands", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("owner_subject", UUID(as_uuid=True)),  # the professional whose calendar it is
    Column("languages", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    # Where a meeting point's room is, as network publishes it (public: a place's address),
    # or a digital room's meeting link.
    Column("street_address", Text),
    Column("postal_code", Text),
    Column("locality", Text),
    Column("meeting_link", Text),
    Column(
        "feed_key",
        LargeBinary,
        nullable=False,
        server_default=text("uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())"),
    ),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index(
        "one_calendar_per_professional",
        "owner_subject",
        unique=True,
        postgresql_where=text("kind = 'professional'"),
    ),
)

resource_managers = Table(
    "resource_managers",
    metadata,
    Column("resource_id", UUID(as_uuid=True), ForeignKey("resources.id"), primary_key=True),
    Column("subject", UUID(as_uuid=True), primary_key=True),
    Column("assigned_by", UUID(as_uuid=True), nullable=False),
    Column("assigned_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

closures = Table(
    "closures",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("resource_id", UUID(as_uuid=True), ForeignKey("resources.id"), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_by", UUID(as_uuid=True), nullable=False),
    CheckConstraint("ends_on >= starts_on", name="closure_ends_after_start"),
)

availability_rules = Table(
    "availability_rules",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("resource_id", UUID(as_uuid=True), ForeignKey("resources.id"), nullable=False),
    Column("rrule", Text, nullable=False),
    Column("first_start_local", DateTime(timezone=False), nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("time_zone", Text, nullable=False, server_default="Europe/Helsinki"),
    Column("is_series", Boolean, nullable=False, server_default=text("false")),
    Column("created_by", UUID(as_uuid=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

slots = Table(
    "slots",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("resource_id", UUID(as_uuid=True), ForeignKey("resources.id"), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("booked_count", Integer, nullable=False, server_default=text("0")),  # held+confirmed
    Column("language", String(5), nullable=False, server_default="sv"),
    Column("created_by", UUID(as_uuid=True), nullable=False),
    Column("kind", String(20), nullable=False),  # appointment, group, network_meeting
    Column("activity", String(30), nullable=False),
    Column("title", Text),
    Column("service_id", UUID(as_uuid=True)),
    Column("audience", String(20), nullable=False),
    Column("min_age_years", Integer),
    Column("max_age_years", Integer),
    Column("municipality_code", String(3)),
    Column("rule_id", UUID(as_uuid=True), ForeignKey("availability_rules.id")),
    Column("series_id", UUID(as_uuid=True)),
    Column("cancel_deadline_hours", Integer, nullable=False, server_default=text("24")),
    Column("band_override_by", UUID(as_uuid=True)),
    Column("band_override_reason", Text),
    Column("network_meeting_id", UUID(as_uuid=True)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("ends_at > starts_at", name="slot_ends_after_start"),
    CheckConstraint("booked_count >= 0 AND booked_count <= capacity", name="slot_within_capacity"),
    CheckConstraint(
        "min_age_years IS NULL OR max_age_years IS NULL OR min_age_years <= max_age_years",
        name="slot_ages_in_order",
    ),
    ExcludeConstraint(
        ("resource_id", "="),
        (func.tstzrange(column("starts_at"), column("ends_at")), "&&"),
        name="slots_no_overlap",
        using="gist",
    ),
)

bookings = Table(
    "bookings",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("slot_id", UUID(as_uuid=True), ForeignKey("slots.id"), nullable=False),
    Column("booked_by", UUID(as_uuid=True), nullable=False),
    Column("booked_as", String(10)),  # guardian, youth, staff; None: not known (older rows)
    Column("status", String(20), nullable=False),  # held, confirmed, waitlisted, cancelled, lapsed
    Column("child_birth_date", Date),  # bookings made before children were named by id
    Column("child_id", UUID(as_uuid=True)),  # the child in the families replica
    Column("interpreter_language", String(3)),
    Column("waitlist_position", BigInteger),
    Column("waited_behind", Integer),
    Column("hold_expires_at", DateTime(timezone=True)),
    Column("series_booking_id", UUID(as_uuid=True)),
    Column("cancelled_at", DateTime(timezone=True)),
    Column("late_cancellation", Boolean),
    Column("cancelled_by_staff", Boolean),
    Column("attended", Boolean),
    Column("attendance_recorded_by", UUID(as_uuid=True)),
    Column("rescheduled_from", UUID(as_uuid=True)),
    Column("sequence", Integer, nullable=False, server_default=text("0")),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint(
        "status IN ('held', 'confirmed', 'waitlisted', 'cancelled', 'lapsed')",
        name="booking_status_known",
    ),
    CheckConstraint(
        "booked_as IS NULL OR booked_as IN ('guardian', 'youth', 'staff')",
        name="booked_as_known",
    ),
    Index(
        "one_active_booking_per_participant",
        "slot_id",
        "booked_by",
        func.coalesce(column("child_birth_date"), text("'infinity'::date")),
        unique=True,
        postgresql_where=text("status IN ('held', 'confirmed', 'waitlisted') AND child_id IS NULL"),
    ),
    # A child is one participant whichever of their guardians books.
    Index(
        "one_active_booking_per_child",
        "slot_id",
        "child_id",
        unique=True,
        postgresql_where=text(
            "status IN ('held', 'confirmed', 'waitlisted') AND child_id IS NOT NULL"
        ),
    ),
    Index("bookings_by_child", "child_id", postgresql_where=text("child_id IS NOT NULL")),
)

# Who on the staff read, changed or was refused which family's booking, when and why
# (DESIGN.md: every read or change of personal data is logged); the family reads its own
# entries. The platform's one shape: `person` is the guardian whose log it is, the subject a
# booking (`subject_kind` "booking") or the family as a whole ("family").
access_log = access_log_table(metadata)

band_overrides = Table(
    "band_overrides",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("slot_id", UUID(as_uuid=True), ForeignKey("slots.id"), nullable=False),
    Column("overridden_by", UUID(as_uuid=True), nullable=False),
    Column("audience", String(20), nullable=False),
    Column("room_bands", JSONB, nullable=False),
    Column("reason", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


# Who acts for whom, kept from the network service's FamilyChanged (fc_shared.family_replica)
# and CaseTeamChanged snapshots (pseudonymous ids only): a newer revision replaces the whole,
# an older is ignored. Booking's age rules need each child's birth date, so its children
# carry one column more than the shared replica's.
family_replica = family_replica_tables(metadata, Column("birth_date", Date, nullable=False))
family_guardians, family_children = family_replica.guardians, family_replica.children

case_teams = Table(
    "case_teams",
    metadata,
    Column("case_id", UUID(as_uuid=True), primary_key=True),
    Column("family_id", UUID(as_uuid=True), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("responsible", UUID(as_uuid=True)),
)

case_team_members = Table(
    "case_team_members",
    metadata,
    Column("case_id", UUID(as_uuid=True), ForeignKey("case_teams.case_id"), primary_key=True),
    Column("member", UUID(as_uuid=True), primary_key=True),  # consented members
)
