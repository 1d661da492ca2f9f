"""The network service's tables."""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

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

municipalities = Table(
    "municipalities",
    metadata,
    Column("code", String(3), primary_key=True),  # Statistics Finland's municipality code
    Column("name_sv", String(100), nullable=False),
    Column("name_fi", String(100), nullable=False),
    Column("region", String(100), nullable=False),
)

meeting_points = Table(
    "meeting_points",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("municipality_code", String(3), ForeignKey("municipalities.code"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("digital", Boolean, nullable=False),
    Column("address", String(300)),
    Column("link", String(500)),
    Column("accessibility", Text),
    Column("responsible_person", UUID(as_uuid=True)),
    Column("audience_bands", JSONB, nullable=False),
    # Who opened it, responsible until someone is named; none for the seeded ones.
    Column("opened_by", UUID(as_uuid=True)),
    Column("agreement_parties", ARRAY(String(200))),
    Column("agreement_from", Date),
    Column("agreement_until", Date),
    Column("agreement_rooms", ARRAY(String(200))),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

referrals = Table(
    "referrals",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("family_id", UUID(as_uuid=True), nullable=False),
    Column("referred_by", UUID(as_uuid=True), nullable=False),
    Column("referred_to", UUID(as_uuid=True), nullable=False),
    Column("reason_category", String(100), nullable=False),
    Column("urgency", String(20), nullable=False),
    Column("message", Text),
    Column("status", String(20), nullable=False, server_default="made"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("accepted_at", DateTime(timezone=True)),
    Column("declined_at", DateTime(timezone=True)),
    Column("decline_reason", String(40)),
    Column("completed_at", DateTime(timezone=True)),
)

organisations = Table(
    "organisations",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("sector", String(40), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

services = Table(
    "services",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("organisation_id", UUID(as_uuid=True), ForeignKey("organisations.id"), nullable=False),
    Column("municipality_code", String(3), ForeignKey("municipalities.code")),
    Column("digital", Boolean, nullable=False),
    Column("age_min", Integer, nullable=False),
    Column("age_max", Integer, nullable=False),
    Column("free_of_charge", Boolean, nullable=False),
    Column("languages", ARRAY(String(3)), nullable=False),
    Column("topics", ARRAY(String(40)), nullable=False),
    Column("contact", String(300)),
    Column("opening_hours", String(300)),
    Column("status", String(20), nullable=False, server_default="draft"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

service_texts = Table(
    "service_texts",
    metadata,
    Column("service_id", UUID(as_uuid=True), ForeignKey("services.id"), primary_key=True),
    Column("language", String(3), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False),
    # `search` is a generated tsvector column (see the migration), stemmed per language.
)

families = Table(
    "families",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("created_by", UUID(as_uuid=True), nullable=False),
    Column("language", String(3), nullable=False, server_default="sv"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # Grows with every published change of the family or its case, under the row lock.
    Column("revision", Integer, nullable=False, server_default="0"),
    # Set by a migration that changes what a family's snapshot says (or predates them);
    # cleared when the service publishes it again at start (use_cases/relationships.py).
    Column("republish", Boolean, nullable=False, server_default="false"),
)

family_members = Table(
    "family_members",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("family_id", UUID(as_uuid=True), ForeignKey("families.id"), nullable=False),
    Column("role", String(20), nullable=False),  # guardian, child
    # A guardian's login subject; on a child, the youth's own login subject.
    Column("subject", UUID(as_uuid=True)),
    Column("name", String(200), nullable=False),
    Column("birth_date", Date),
    Column("email", String(320)),
    Column("phone", String(40)),
    Column("address", String(300)),
    Column("non_disclosure", Boolean, nullable=False, server_default="false"),
    # A guardian acts for the family only once confirmed (see domain/guardianship.py); a child's
    # youth login counts only once the youth confirmed it, for one child record at most
    # (unique index family_members_one_child_per_youth_login, migration 0011).
    Column("confirmed_at", DateTime(timezone=True)),
)

case_requests = Table(
    "case_requests",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("family_id", UUID(as_uuid=True), ForeignKey("families.id"), nullable=False),
    Column("professional", UUID(as_uuid=True), nullable=False),
    Column("requested_by", UUID(as_uuid=True), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("used_at", DateTime(timezone=True)),
    Column("case_id", UUID(as_uuid=True), ForeignKey("cases.id")),
)

cases = Table(
    "cases",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("family_id", UUID(as_uuid=True), ForeignKey("families.id"), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# A contact request a professional took in the forms service (migration 0014): the second
# ground on which they may open the family's case, used up by opening it.
taken_contact_requests = Table(
    "taken_contact_requests",
    metadata,
    Column("submission_id", UUID(as_uuid=True), primary_key=True),
    Column("professional", UUID(as_uuid=True), nullable=False),
    Column("submitted_by", UUID(as_uuid=True), nullable=False),
    Column("taken_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
    Column("case_id", UUID(as_uuid=True), ForeignKey("cases.id")),
)

responsibilities = Table(
    "responsibilities",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("case_id", UUID(as_uuid=True), ForeignKey("cases.id"), nullable=False),
    Column("professional", UUID(as_uuid=True), nullable=False),
    Column("since", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("until", DateTime(timezone=True)),
)

consents = Table(
    "consents",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("case_id", UUID(as_uuid=True), ForeignKey("cases.id"), nullable=False),
    Column("member", UUID(as_uuid=True), nullable=False),
    Column("scope", String(40), nullable=False),
    Column("given_by", UUID(as_uuid=True), nullable=False),
    Column("given_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("withdrawn_at", DateTime(timezone=True)),
)

# One shape for every service's access log (fc_shared.access_log writes and reads it);
# migration 0013 turned network's earlier log into it, keeping the entries.
access_log = access_log_table(metadata)

professionals = Table(
    "professionals",
    metadata,
    Column("subject", UUID(as_uuid=True), primary_key=True),
    Column("organisation_id", UUID(as_uuid=True), ForeignKey("organisations.id"), nullable=False),
    Column("role", String(100), nullable=False),
    Column("languages", ARRAY(String(3)), nullable=False),
    Column("municipalities", ARRAY(String(3)), nullable=False),
)

trainings = Table(
    "trainings",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("professional", UUID(as_uuid=True), ForeignKey("professionals.subject"), nullable=False),
    Column("course", String(60), nullable=False),
    Column("completed_on", Date, nullable=False),
)

service_staff = Table(
    "service_staff",
    metadata,
    Column("service_id", UUID(as_uuid=True), ForeignKey("services.id"), primary_key=True),
    Column(
        "professional", UUID(as_uuid=True), ForeignKey("professionals.subject"), primary_key=True
    ),
    Column("added_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

advice_articles = Table(
    "advice_articles",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("topic", String(40), nullable=False),
    Column("age_min", Integer, nullable=False),
    Column("age_max", Integer, nullable=False),
    Column("texts", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

network_members = Table(
    "network_members",
    metadata,
    Column("case_id", UUID(as_uuid=True), ForeignKey("cases.id"), primary_key=True),
    Column("member", UUID(as_uuid=True), primary_key=True),
    Column("kind", String(20), nullable=False),  # professional, close_person
    Column("added_by", UUID(as_uuid=True), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
