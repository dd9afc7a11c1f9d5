"""The registry's full model: organisation details, custom regions, people with e-mails, memberships
and consents, erasures, networks with members and sub-projects, topics, responsibilities and issued
Schnittstellenpapiere.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _id(name: str = "id") -> sa.Column[object]:
    return sa.Column(name, UUID(as_uuid=True), primary_key=True)


def _timestamp(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _person_ref(name: str, ondelete: str, *, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(
        name, UUID(as_uuid=True), sa.ForeignKey("people.id", ondelete=ondelete), nullable=nullable
    )


def upgrade() -> None:
    op.add_column(
        "organisations",
        sa.Column("parent_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id", ondelete="SET NULL")),
    )
    op.add_column("organisations", sa.Column("street", sa.Text))
    op.add_column("organisations", sa.Column("postal_code", sa.Text))
    op.add_column("organisations", sa.Column("city", sa.Text))
    op.add_column("organisations", sa.Column("contact_channels", JSONB, nullable=False, server_default="[]"))
    op.create_table(
        "custom_regions",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("district_keys", ARRAY(sa.Text), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        _timestamp("created_at"),
    )
    op.execute("CREATE UNIQUE INDEX custom_regions_name ON custom_regions (lower(name))")
    op.create_table(
        "people",
        _id(),
        sa.Column("given_name", sa.Text, nullable=False),
        sa.Column("family_name", sa.Text, nullable=False),
        sa.Column("form_of_address", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("phone", sa.Text),
        sa.Column("language", sa.Text, nullable=False),
        sa.Column("notes", sa.Text),
        sa.Column("version", sa.Integer, nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
    )
    op.create_table(
        "person_emails",
        sa.Column("email", sa.Text, primary_key=True),
        _person_ref("person_id", "CASCADE", nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "memberships",
        _id(),
        _person_ref("person_id", "CASCADE", nullable=False),
        sa.Column("organisation_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("function", sa.Text),
        sa.Column("decision_maker", sa.Boolean, nullable=False, server_default=sa.false()),
        _person_ref("substitute_person_id", "SET NULL"),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
    )
    op.execute(
        "CREATE UNIQUE INDEX memberships_current ON memberships (person_id, organisation_id) "
        "WHERE end_date IS NULL"
    )
    op.create_table(
        "consents",
        sa.Column(
            "person_id",
            UUID(as_uuid=True),
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("kind", sa.Text, primary_key=True),
        _timestamp("given_at"),
    )
    op.create_table("erasures", _id("person_id"), _timestamp("erased_at"))
    op.create_table(
        "networks",
        _id(),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("coordinating_organisation_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id")),
        sa.Column("region_keys", ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("version", sa.Integer, nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
    )
    op.execute("CREATE UNIQUE INDEX networks_name ON networks (lower(name))")
    op.create_table(
        "network_members",
        sa.Column(
            "network_id",
            UUID(as_uuid=True),
            sa.ForeignKey("networks.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("organisation_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id"), primary_key=True),
    )
    op.create_table(
        "sub_projects",
        _id(),
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
    op.create_table(
        "topics",
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("label_de", sa.Text, nullable=False),
        sa.Column("label_en", sa.Text, nullable=False),
        _timestamp("created_at"),
    )
    op.create_table(
        "responsibilities",
        _id(),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("organisation_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("region_key", sa.Text, nullable=False),
        _person_ref("contact_person_id", "SET NULL"),
        _person_ref("substitute_person_id", "SET NULL"),
        sa.Column("version", sa.Integer, nullable=False),
        _timestamp("updated_at"),
        sa.UniqueConstraint("topic", "organisation_id", "region_key", name="responsibilities_once"),
    )
    op.create_table(
        "interface_papers",
        _id(),
        sa.Column("scope_kind", sa.Text, nullable=False),
        sa.Column("scope_key", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        _timestamp("issued_at"),
        sa.Column("content", JSONB, nullable=False),
        sa.Column("person_ids", ARRAY(UUID(as_uuid=True)), nullable=False, server_default="{}"),
        sa.Column("redactions", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint("scope_kind", "scope_key", "version", name="interface_papers_version"),
    )


def downgrade() -> None:
    for table in (
        "interface_papers",
        "responsibilities",
        "topics",
        "sub_projects",
        "network_members",
        "networks",
        "erasures",
        "consents",
        "memberships",
        "person_emails",
        "people",
        "custom_regions",
    ):
        op.drop_table(table)
    for column in ("contact_channels", "city", "postal_code", "street", "parent_id"):
        op.drop_column("organisations", column)
