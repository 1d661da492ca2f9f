"""Families, cases with one responsible person at a time, consents and the access log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    now = sa.func.now()
    op.create_table(
        "families",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("created_by", UUID(as_uuid=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=now),
    )
    op.create_table(
        "family_members",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "family_id",
            UUID(as_uuid=True),
            sa.ForeignKey("families.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("subject", UUID(as_uuid=True), index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("birth_date", sa.Date),
        sa.Column("email", sa.String(320)),
        sa.Column("phone", sa.String(40)),
        sa.Column("address", sa.String(300)),
        sa.Column("non_disclosure", sa.Boolean, nullable=False, server_default="false"),
        sa.CheckConstraint("role IN ('guardian', 'child')", name="family_member_role"),
    )
    op.create_table(
        "cases",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "family_id",
            UUID(as_uuid=True),
            sa.ForeignKey("families.id"),
            nullable=False,
            unique=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=now),
    )
    op.create_table(
        "responsibilities",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("case_id", UUID(as_uuid=True), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("professional", UUID(as_uuid=True), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False, server_default=now),
        sa.Column("until", sa.DateTime(timezone=True)),
    )
    # Exactly one current responsible person per case, whatever the concurrency.
    op.create_index(
        "one_current_responsible",
        "responsibilities",
        ["case_id"],
        unique=True,
        postgresql_where=sa.text("until IS NULL"),
    )
    op.create_table(
        "consents",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "case_id", UUID(as_uuid=True), sa.ForeignKey("cases.id"), nullable=False, index=True
        ),
        sa.Column("member", UUID(as_uuid=True), nullable=False),
        sa.Column("scope", sa.String(40), nullable=False),
        sa.Column("given_by", UUID(as_uuid=True), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False, server_default=now),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "access_log",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("actor", UUID(as_uuid=True), nullable=False),
        sa.Column("family_id", UUID(as_uuid=True), nullable=False, index=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("purpose", sa.String(200), nullable=False),
        sa.Column("allowed", sa.Boolean, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=now),
    )


def downgrade() -> None:
    for table in (
        "access_log",
        "consents",
        "responsibilities",
        "cases",
        "family_members",
        "families",
    ):
        op.drop_table(table)
