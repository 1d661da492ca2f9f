"""Notify in full: confirmed contact points per channel, preferences, deliveries with
statuses, leases and order, reminders, the families replica and the test clock.

Existing rows are kept: a language moves to preferences; an e-mail address set before
addresses were confirmed waits as unconfirmed (its owner must confirm it before letters go
there again: anyone could set a stranger's address); a pending e-mail stays queued.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_NOW = sa.func.now()


def upgrade() -> None:
    _preferences()
    _contact_points()
    _notifications()
    _deliveries()
    _reminders_and_clock()
    _family_replica()


def _preferences() -> None:
    op.create_table(
        "preferences",
        sa.Column("subject", UUID(as_uuid=True), primary_key=True),
        sa.Column("language", sa.String(5), nullable=False, server_default="sv"),
        sa.Column("quiet_start", sa.Time),
        sa.Column("quiet_end", sa.Time),
        sa.Column("channels", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=_NOW),
    )
    op.execute(
        "INSERT INTO preferences (subject, language) SELECT subject, language FROM contact_points"
    )


def _contact_points() -> None:
    op.rename_table("contact_points", "contact_points_before_0002")
    op.create_table(
        "contact_points",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("subject", UUID(as_uuid=True), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("address", sa.String(320)),
        sa.Column("confirmed_at", sa.DateTime(timezone=True)),
        sa.Column("pending_address", sa.String(320)),
        sa.Column("code_hash", sa.String(64)),
        sa.Column("code_expires_at", sa.DateTime(timezone=True)),
        sa.Column("code_attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=_NOW),
        sa.UniqueConstraint("subject", "channel", name="contact_points_one_per_channel"),
    )
    op.execute(
        "INSERT INTO contact_points (id, subject, channel, pending_address) "
        "SELECT gen_random_uuid(), subject, 'email', email FROM contact_points_before_0002 "
        "WHERE email IS NOT NULL AND email <> ''"
    )
    op.drop_table("contact_points_before_0002")


def _notifications() -> None:
    op.add_column("notifications", sa.Column("about", UUID(as_uuid=True)))
    op.add_column("notifications", sa.Column("purge_after", sa.DateTime(timezone=True)))
    op.create_unique_constraint(
        "notifications_once_per_event", "notifications", ["event_id", "kind", "recipient"]
    )


def _deliveries() -> None:
    columns: list[sa.Column[Any]] = [
        sa.Column("sequence", sa.BigInteger, sa.Identity()),
        sa.Column("recipient", UUID(as_uuid=True)),
        sa.Column("kind", sa.String(50)),
        sa.Column("critical", sa.Boolean, nullable=False, server_default=sa.text("false")),
        sa.Column("subject_line", sa.String(200), nullable=False, server_default=""),
        sa.Column("text", sa.Text, nullable=False, server_default=""),
        sa.Column("html", sa.Text),
        sa.Column("order_key", sa.String(200)),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False, server_default=_NOW),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.Column("provider_id", sa.String(100)),
        sa.Column("delivered_at", sa.DateTime(timezone=True)),
        sa.Column("purge_after", sa.DateTime(timezone=True)),
    ]
    for column in columns:
        op.add_column("deliveries", column)
    op.execute(
        "UPDATE deliveries d SET recipient = n.recipient, kind = n.kind, "
        "subject_line = n.subject_line, text = n.body FROM notifications n "
        "WHERE n.id = d.notification_id"
    )
    op.execute(
        "UPDATE deliveries SET status = CASE status WHEN 'pending' THEN 'queued' "
        "WHEN 'sent' THEN 'delivered' WHEN 'failed' THEN 'failed_permanently' ELSE status END, "
        "delivered_at = sent_at"
    )
    op.alter_column("deliveries", "status", server_default="queued")
    op.alter_column("deliveries", "recipient", nullable=False)
    op.alter_column("deliveries", "kind", nullable=False)
    op.alter_column("deliveries", "sequence", nullable=False)
    op.create_unique_constraint("deliveries_sequence_key", "deliveries", ["sequence"])
    op.create_index("deliveries_waiting", "deliveries", ["status", "due_at"])
    op.create_index("deliveries_in_order", "deliveries", ["order_key", "sequence"])
    op.create_index("deliveries_by_provider_id", "deliveries", ["provider_id"])
    op.create_index(
        "deliveries_by_recipient_sent", "deliveries", ["recipient", "channel", "sent_at"]
    )


def _reminders_and_clock() -> None:
    op.create_table(
        "reminders",
        sa.Column("booking_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("booking", JSONB, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=_NOW),
    )
    op.create_index("reminders_due", "reminders", ["status", "due_at"])
    op.create_table(
        "scheduler_clock",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("now", sa.DateTime(timezone=True), nullable=False),
    )


def _family_replica() -> None:
    op.create_table(
        "families",
        sa.Column("family_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=_NOW),
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
        sa.Column("subject", UUID(as_uuid=True)),
    )
    op.create_index("family_children_by_family", "family_children", ["family_id"])
    op.create_index("family_children_by_subject", "family_children", ["subject"])


def downgrade() -> None:
    raise NotImplementedError("notify 0002 is not reversible: restore from a backup")
