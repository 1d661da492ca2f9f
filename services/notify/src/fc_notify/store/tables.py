"""The notify service's tables.

A notification is one letter to one person (their in-app inbox row); each of its deliveries
is that letter on one outside channel (e-mail, SMS) with its own status, attempts and lease:
the channel's own outbox, written in the event's transaction and sent by the dispatcher
(use_cases/dispatch.py) only after that commit.
"""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from fc_shared.family_replica import family_replica_tables
from fc_shared.platform_tables import idempotency_table, inbox_table, outbox_table

metadata = MetaData()
outbox_table(metadata)
inbox_table(metadata)
idempotency_table(metadata)
family_replica = family_replica_tables(metadata)

# A person's e-mail address and phone number. `address` is used for letters only once its
# owner proved it theirs with the code sent to it; until then it waits in `pending_address`.
contact_points = Table(
    "contact_points",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("subject", UUID(as_uuid=True), nullable=False),
    Column("channel", String(10), nullable=False),  # email | sms
    Column("address", String(320)),  # confirmed: personal data, never on a topic or in a log
    Column("confirmed_at", DateTime(timezone=True)),
    Column("pending_address", String(320)),
    Column("code_hash", String(64)),  # SHA-256 of the contact point's id and the code
    Column("code_expires_at", DateTime(timezone=True)),
    Column("code_attempts", Integer, nullable=False, server_default=text("0")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("subject", "channel", name="contact_points_one_per_channel"),
)

# How and when a person wants to be told: language, quiet hours (Europe/Helsinki wall-clock
# times) and, per kind, the outside channels wanted (no row: the defaults).
preferences = Table(
    "preferences",
    metadata,
    Column("subject", UUID(as_uuid=True), primary_key=True),
    Column("language", String(5), nullable=False, server_default="sv"),
    Column("quiet_start", Time),
    Column("quiet_end", Time),
    Column("channels", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("recipient", UUID(as_uuid=True), nullable=False, index=True),
    Column("kind", String(50), nullable=False),
    Column("event_id", UUID(as_uuid=True), nullable=False),
    Column("about", UUID(as_uuid=True)),  # the booking, form or referral it is about
    Column("subject_line", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("read_at", DateTime(timezone=True)),
    Column("purge_after", DateTime(timezone=True)),
    # One letter per event, kind and person: a replayed event or a second replica finds it.
    UniqueConstraint("event_id", "kind", "recipient", name="notifications_once_per_event"),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    # Fixes the order of one booking's letters on one channel (see store/deliveries.py).
    Column("sequence", BigInteger, Identity(), nullable=False, unique=True),
    Column("notification_id", UUID(as_uuid=True), ForeignKey("notifications.id"), nullable=False),
    Column("recipient", UUID(as_uuid=True), nullable=False),
    Column("kind", String(50), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("address", String(320), nullable=False),
    Column("critical", Boolean, nullable=False, server_default=text("false")),
    Column("subject_line", String(200), nullable=False, server_default=""),
    Column("text", Text, nullable=False, server_default=""),
    Column("html", Text),
    Column("order_key", String(200)),
    Column("status", String(20), nullable=False, server_default="queued"),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("due_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("lease_until", DateTime(timezone=True)),
    Column("provider_id", String(100)),  # the SMS gateway's message id
    Column("last_error", Text),  # an error's class and code, never an address or a text
    Column("sent_at", DateTime(timezone=True)),
    Column("delivered_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("purge_after", DateTime(timezone=True)),
    Index("deliveries_waiting", "status", "due_at"),
    Index("deliveries_in_order", "order_key", "sequence"),
    Index("deliveries_by_provider_id", "provider_id"),
    Index("deliveries_by_recipient_sent", "recipient", "channel", "sent_at"),
)

# One reminder per booking, due `lead` before it starts; the booking's public facts are
# kept as the event gave them (no personal data), so the letter needs nothing else.
reminders = Table(
    "reminders",
    metadata,
    Column("booking_id", UUID(as_uuid=True), primary_key=True),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("status", String(20), nullable=False),  # scheduled | sent | cancelled
    Column("booking", JSONB, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("reminders_due", "status", "due_at"),
)

# The time the scheduler runs at, when a test sets one (FC_NOTIFY_TEST_CLOCK); one row.
scheduler_clock = Table(
    "scheduler_clock",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("now", DateTime(timezone=True), nullable=False),
)
