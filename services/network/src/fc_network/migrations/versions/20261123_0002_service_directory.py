"""The public service directory: organisations, services and their texts per language.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, UUID

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Swedish and Finnish texts are stemmed with their own dictionaries; others word by word.
SEARCH_VECTOR = """
to_tsvector(
    CASE language WHEN 'sv' THEN 'swedish'::regconfig
                  WHEN 'fi' THEN 'finnish'::regconfig
                  WHEN 'en' THEN 'english'::regconfig
                  ELSE 'simple'::regconfig END,
    name || ' ' || description)
"""


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "organisations",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("sector", sa.String(40), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "services",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "organisation_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id"), nullable=False
        ),
        sa.Column("municipality_code", sa.String(3), sa.ForeignKey("municipalities.code")),
        sa.Column("digital", sa.Boolean, nullable=False),
        sa.Column("age_min", sa.Integer, nullable=False),
        sa.Column("age_max", sa.Integer, nullable=False),
        sa.Column("free_of_charge", sa.Boolean, nullable=False),
        sa.Column("languages", ARRAY(sa.String(3)), nullable=False),
        sa.Column("topics", ARRAY(sa.String(40)), nullable=False),
        sa.Column("contact", sa.String(300)),
        sa.Column("opening_hours", sa.String(300)),
        sa.Column("status", sa.String(20), nullable=False, server_default="draft"),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.CheckConstraint("age_min >= 0 AND age_min <= age_max", name="service_age_range"),
    )
    op.create_index(
        "services_published",
        "services",
        ["municipality_code"],
        postgresql_where=sa.text("status = 'published'"),
    )
    op.create_table(
        "service_texts",
        sa.Column("service_id", UUID(as_uuid=True), sa.ForeignKey("services.id"), primary_key=True),
        sa.Column("language", sa.String(3), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column(
            "search", sa.dialects.postgresql.TSVECTOR, sa.Computed(SEARCH_VECTOR, persisted=True)
        ),
    )
    op.create_index("service_texts_search", "service_texts", ["search"], postgresql_using="gin")
    op.execute(
        "CREATE INDEX service_texts_name_trgm ON service_texts USING gin (name gin_trgm_ops)"
    )


def downgrade() -> None:
    op.drop_table("service_texts")
    op.drop_table("services")
    op.drop_table("organisations")
