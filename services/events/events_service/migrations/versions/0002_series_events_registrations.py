"""Registry projections (people, memberships, networks) and the service's own data: series, events,
agenda, invitations, registrations, attendance, agreements.

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


def _uuid() -> UUID:  # type: ignore[type-arg]
    return UUID(as_uuid=True)


def upgrade() -> None:
    op.add_column(
        "organisations", sa.Column("statutory", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.add_column("organisations", sa.Column("parent_id", _uuid()))
    op.add_column(
        "organisations", sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.create_table(
        "people",
        sa.Column("id", _uuid(), primary_key=True),
        sa.Column("given_name", sa.Text, nullable=False),
        sa.Column("family_name", sa.Text, nullable=False),
        sa.Column("form_of_address", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("email", sa.Text),
        sa.Column("language", sa.Text, nullable=False),
        sa.Column("consents_to_event_contact", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("projected_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "memberships",
        sa.Column("person_id", _uuid(), primary_key=True),
        sa.Column("organisation_id", _uuid(), primary_key=True),
        sa.Column("function", sa.Text),
        sa.Column("decision_maker", sa.Boolean, nullable=False),
        sa.Column("substitute_person_id", _uuid()),
        sa.Column("start_date", sa.Date),
    )
    op.create_table(
        "erased_people",
        sa.Column("person_id", _uuid(), primary_key=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "networks",
        sa.Column("id", _uuid(), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("coordinating_organisation_id", _uuid()),
        sa.Column("member_organisation_ids", ARRAY(_uuid()), nullable=False),
        sa.Column("region_keys", ARRAY(sa.Text), nullable=False),
        sa.Column("district_keys", ARRAY(sa.Text), nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("projected_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "series",
        sa.Column("id", _uuid(), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("format", sa.Text, nullable=False),
        sa.Column("network_id", _uuid()),
        sa.Column("organiser_organisation_ids", ARRAY(_uuid()), nullable=False),
        sa.Column("host_pool", ARRAY(sa.Text), nullable=False),
        sa.Column("first_edition", sa.Integer, nullable=False),
        sa.Column("organiser_email", sa.Text),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("id", _uuid(), primary_key=True),
        sa.Column("series_id", _uuid(), sa.ForeignKey("series.id")),
        sa.Column("edition", sa.Integer),
        sa.Column("format", sa.Text, nullable=False),
        sa.Column("network_id", _uuid()),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("motto", sa.Text),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("days", JSONB, nullable=False),
        sa.Column("venue", JSONB),
        sa.Column("host_district_key", sa.Text),
        sa.Column("host_organisation_id", _uuid()),
        sa.Column("capacity", sa.Integer),
        sa.Column("seats_per_organisation", sa.Integer),
        sa.Column("target_groups", ARRAY(sa.Text), nullable=False),
        sa.Column("registration_opens_at", sa.DateTime(timezone=True)),
        sa.Column("registration_closes_at", sa.DateTime(timezone=True)),
        sa.Column("funding_note", sa.Text),
        sa.Column("organiser_name", sa.Text, nullable=False),
        sa.Column("organiser_email", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("cancel_reason", sa.Text),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("series_id", "edition", name="events_series_edition"),
    )
    op.create_table(
        "agenda_items",
        sa.Column("id", _uuid(), primary_key=True),
        sa.Column("event_id", _uuid(), sa.ForeignKey("events.id"), nullable=False, index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("start_time", sa.Time, nullable=False),
        sa.Column("end_time", sa.Time, nullable=False),
        sa.Column("format", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("room", sa.Text),
        sa.Column("speakers", JSONB, nullable=False),
    )
    op.create_table(
        "invitations",
        sa.Column("id", _uuid(), primary_key=True),
        sa.Column("event_id", _uuid(), sa.ForeignKey("events.id"), nullable=False),
        sa.Column("person_id", _uuid(), nullable=False),
        sa.Column("organisation_id", _uuid()),
        sa.Column("token", sa.Text, nullable=False, unique=True),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("anonymised", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("event_id", "person_id", name="invitations_once_per_person"),
    )
    op.execute("CREATE SEQUENCE registration_arrival")
    op.create_table(
        "registrations",
        sa.Column("id", _uuid(), primary_key=True),
        sa.Column("event_id", _uuid(), sa.ForeignKey("events.id"), nullable=False),
        sa.Column("person_id", _uuid(), nullable=False),
        sa.Column("organisation_id", _uuid()),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("arrival", sa.BigInteger, nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_newcomer", sa.Boolean, nullable=False),
        sa.Column("is_decision_maker", sa.Boolean, nullable=False),
        sa.Column("substitute_for", _uuid()),
        sa.Column("token", sa.Text, nullable=False, unique=True),
        sa.Column("anonymised", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("version", sa.Integer, nullable=False),
        sa.UniqueConstraint("event_id", "person_id", name="registrations_once_per_person"),
    )
    op.create_table(
        "attendance",
        sa.Column("registration_id", _uuid(), sa.ForeignKey("registrations.id"), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("present", sa.Boolean, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "agreements",
        sa.Column("id", _uuid(), primary_key=True),
        sa.Column("event_id", _uuid(), sa.ForeignKey("events.id"), nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("owner_organisation_id", _uuid(), nullable=False),
        sa.Column("owner_person_id", _uuid()),
        sa.Column("due_on", sa.Date),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "agreement_due_marks",
        sa.Column("agreement_id", _uuid(), sa.ForeignKey("agreements.id"), primary_key=True),
        sa.Column("due_on", sa.Date, primary_key=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "agreement_due_marks",
        "agreements",
        "attendance",
        "registrations",
        "invitations",
        "agenda_items",
        "events",
        "series",
        "networks",
        "erased_people",
        "memberships",
        "people",
    ):
        op.drop_table(table)
    op.execute("DROP SEQUENCE registration_arrival")
    for column in ("archived", "parent_id", "statutory"):
        op.drop_column("organisations", column)
