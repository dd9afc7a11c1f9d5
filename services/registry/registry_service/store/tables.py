"""Tables of the registry's own schema. A change here needs a migration
(``make migration SERVICE=registry MESSAGE=...``); a test compares the two."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from netzwerkstatt.db import kernel_tables
from netzwerkstatt.people import erasure_records as erasure_records_of

metadata = sa.MetaData()
kernel_tables(metadata)

organisations = sa.Table(
    "organisations",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("region_keys", ARRAY(sa.Text), nullable=False, server_default="{}"),
    sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("parent_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id", ondelete="SET NULL")),
    sa.Column("street", sa.Text),
    sa.Column("postal_code", sa.Text),
    sa.Column("city", sa.Text),
    sa.Column("contact_channels", JSONB, nullable=False, server_default="[]"),
    # The same name may exist in different regions (a Jobcenter per district), not twice in one.
    sa.Index("organisations_name_regions", sa.func.lower(sa.column("name")), "region_keys", unique=True),
)

custom_regions = sa.Table(
    "custom_regions",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("district_keys", ARRAY(sa.Text), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("custom_regions_name", sa.func.lower(sa.column("name")), unique=True),
)

people = sa.Table(
    "people",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("given_name", sa.Text, nullable=False),
    sa.Column("family_name", sa.Text, nullable=False),
    sa.Column("form_of_address", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("phone", sa.Text),
    sa.Column("language", sa.Text, nullable=False),
    sa.Column("notes", sa.Text),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

# One row per address: the primary key makes an e-mail address belong to one person only, which is
# also how imports recognise people they already know.
person_emails = sa.Table(
    "person_emails",
    metadata,
    sa.Column("email", sa.Text, primary_key=True),
    sa.Column(
        "person_id", UUID(as_uuid=True), sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("position", sa.Integer, nullable=False),
)

memberships = sa.Table(
    "memberships",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column(
        "person_id", UUID(as_uuid=True), sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("organisation_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("function", sa.Text),
    sa.Column("decision_maker", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("substitute_person_id", UUID(as_uuid=True), sa.ForeignKey("people.id", ondelete="SET NULL")),
    sa.Column("start_date", sa.Date),
    sa.Column("end_date", sa.Date),
    sa.Index(
        "memberships_current",
        "person_id",
        "organisation_id",
        unique=True,
        postgresql_where=sa.text("end_date IS NULL"),
    ),
)

consents = sa.Table(
    "consents",
    metadata,
    sa.Column(
        "person_id", UUID(as_uuid=True), sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
)

# Erased people leave only their id and the time: enough to answer "was erased" and to count.
erasures = erasure_records_of(metadata)

networks = sa.Table(
    "networks",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("coordinating_organisation_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id")),
    sa.Column("region_keys", ARRAY(sa.Text), nullable=False, server_default="{}"),
    sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("networks_name", sa.func.lower(sa.column("name")), unique=True),
)

network_members = sa.Table(
    "network_members",
    metadata,
    sa.Column(
        "network_id", UUID(as_uuid=True), sa.ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("organisation_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id"), primary_key=True),
)

sub_projects = sa.Table(
    "sub_projects",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column(
        "network_id", UUID(as_uuid=True), sa.ForeignKey("networks.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("organisation_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id")),
    sa.Column("programme", sa.Text),
    sa.Column("funders", ARRAY(sa.Text), nullable=False, server_default="{}"),
    sa.Column("start_date", sa.Date),
    sa.Column("end_date", sa.Date),
)

topics = sa.Table(
    "topics",
    metadata,
    sa.Column("code", sa.Text, primary_key=True),
    sa.Column("label_de", sa.Text, nullable=False),
    sa.Column("label_en", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    # One topic per name in each language, whatever its case or spacing (``netzwerkstatt.names``).
    sa.Column("label_de_key", sa.Text, nullable=False),
    sa.Column("label_en_key", sa.Text, nullable=False),
    sa.Index("topics_label_de_key", "label_de_key", unique=True),
    sa.Index("topics_label_en_key", "label_en_key", unique=True),
)

responsibilities = sa.Table(
    "responsibilities",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("topic", sa.Text, nullable=False),
    sa.Column("organisation_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("region_key", sa.Text, nullable=False),
    sa.Column("contact_person_id", UUID(as_uuid=True), sa.ForeignKey("people.id", ondelete="SET NULL")),
    sa.Column("substitute_person_id", UUID(as_uuid=True), sa.ForeignKey("people.id", ondelete="SET NULL")),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("topic", "organisation_id", "region_key", name="responsibilities_once"),
)

# Issued Schnittstellenpapiere: immutable content, except that erasure redacts a person's contact data.
interface_papers = sa.Table(
    "interface_papers",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("scope_kind", sa.Text, nullable=False),
    sa.Column("scope_key", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("title", sa.Text),  # none: readers title the paper in their language
    sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("content", JSONB, nullable=False),
    sa.Column("person_ids", ARRAY(UUID(as_uuid=True)), nullable=False, server_default="{}"),
    sa.Column("redactions", sa.Integer, nullable=False, server_default="0"),
    sa.UniqueConstraint("scope_kind", "scope_key", "version", name="interface_papers_version"),
)
