"""Tables of the events service's own schema. A change here needs a migration
(``make migration SERVICE=events MESSAGE=...``); a test compares the two."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from netzwerkstatt.db import kernel_tables
from netzwerkstatt.people import erasure_records as erasure_records_of

metadata = sa.MetaData()
kernel_tables(metadata)

# -- projections of the registry --------------------------------------------------------------------

organisations = sa.Table(
    "organisations",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("region_keys", ARRAY(sa.Text), nullable=False),
    sa.Column("statutory", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("parent_id", UUID(as_uuid=True)),
    sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("projected_at", sa.DateTime(timezone=True), nullable=False),
)

people = sa.Table(
    "people",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
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

memberships = sa.Table(
    "memberships",
    metadata,
    sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("organisation_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("function", sa.Text),
    sa.Column("decision_maker", sa.Boolean, nullable=False),
    sa.Column("substitute_person_id", UUID(as_uuid=True)),
    sa.Column("start_date", sa.Date),
)

# Ids of erased people only (no personal data): a late person.updated must not bring them back.
erasure_records = erasure_records_of(metadata)

networks = sa.Table(
    "networks",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("coordinating_organisation_id", UUID(as_uuid=True)),
    sa.Column("member_organisation_ids", ARRAY(UUID(as_uuid=True)), nullable=False),
    sa.Column("region_keys", ARRAY(sa.Text), nullable=False),
    sa.Column("district_keys", ARRAY(sa.Text), nullable=False),
    sa.Column("archived", sa.Boolean, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("projected_at", sa.DateTime(timezone=True), nullable=False),
)

# -- own data ----------------------------------------------------------------------------------------

series = sa.Table(
    "series",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("format", sa.Text, nullable=False),
    sa.Column("network_id", UUID(as_uuid=True)),
    sa.Column("organiser_organisation_ids", ARRAY(UUID(as_uuid=True)), nullable=False),
    sa.Column("host_pool", ARRAY(sa.Text), nullable=False),
    sa.Column("first_edition", sa.Integer, nullable=False),
    sa.Column("organiser_email", sa.Text),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("series_id", UUID(as_uuid=True), sa.ForeignKey("series.id")),
    sa.Column("edition", sa.Integer),
    sa.Column("format", sa.Text, nullable=False),
    sa.Column("network_id", UUID(as_uuid=True)),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("motto", sa.Text),
    sa.Column("description", sa.Text, nullable=False),
    # [{"date": "2025-11-21", "start": "10:00:00", "end": "17:00:00"}], wall-clock in Europe/Berlin
    sa.Column("days", JSONB, nullable=False),
    sa.Column("venue", JSONB),
    sa.Column("host_district_key", sa.Text),
    sa.Column("host_organisation_id", UUID(as_uuid=True)),
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
    # An edition entered afterwards as history (migration ``0008_recorded_editions``): its counts,
    # {"attendees", "organisations", "districts_represented", "decision_makers", "newcomers"}; None
    # for an edition held here, whose figures come from its attendance.
    sa.Column("recorded_figures", JSONB),
    sa.UniqueConstraint("series_id", "edition", name="events_series_edition"),
)

agenda_items = sa.Table(
    "agenda_items",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("event_id", UUID(as_uuid=True), sa.ForeignKey("events.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("start_time", sa.Time, nullable=False),
    sa.Column("end_time", sa.Time, nullable=False),
    sa.Column("format", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("room", sa.Text),
    # [{"person_id": "..."} | {"guest_name": "..."}]
    sa.Column("speakers", JSONB, nullable=False),
)

invitations = sa.Table(
    "invitations",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("event_id", UUID(as_uuid=True), sa.ForeignKey("events.id"), nullable=False),
    sa.Column("person_id", UUID(as_uuid=True), nullable=False),
    sa.Column("organisation_id", UUID(as_uuid=True)),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("anonymised", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("responded_at", sa.DateTime(timezone=True)),
    sa.UniqueConstraint("event_id", "person_id", name="invitations_once_per_person"),
)

registration_arrival = sa.Sequence("registration_arrival", metadata=metadata)

registrations = sa.Table(
    "registrations",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("event_id", UUID(as_uuid=True), sa.ForeignKey("events.id"), nullable=False),
    sa.Column("person_id", UUID(as_uuid=True), nullable=False),
    sa.Column("organisation_id", UUID(as_uuid=True)),
    sa.Column("status", sa.Text, nullable=False),
    # Arrival order (FIFO waitlist); drawn again when a person registers anew after cancelling.
    sa.Column("arrival", sa.BigInteger, nullable=False),
    sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("is_newcomer", sa.Boolean, nullable=False),
    # Kept on the row so that figures stay right after the person is erased from the registry.
    sa.Column("is_decision_maker", sa.Boolean, nullable=False),
    sa.Column("substitute_for", UUID(as_uuid=True)),
    sa.Column("anonymised", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("version", sa.Integer, nullable=False),
    sa.UniqueConstraint("event_id", "person_id", name="registrations_once_per_person"),
)

# The capabilities of the participants' public pages (answer an invitation; cancel a registration,
# download its calendar entry), as SHA-256 digests: the tokens exist only in the e-mails.
# Notifications asks for a fresh one for every e-mail it sends (``link.issue``); each stays valid
# until its registration's row is used for a new registration (see ``store.links``).
participant_links = sa.Table(
    "participant_links",
    metadata,
    sa.Column("digest", sa.LargeBinary, primary_key=True),
    sa.Column("invitation_id", UUID(as_uuid=True), sa.ForeignKey("invitations.id", ondelete="CASCADE")),
    sa.Column("registration_id", UUID(as_uuid=True), sa.ForeignKey("registrations.id", ondelete="CASCADE")),
    sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(
        "(invitation_id IS NULL) <> (registration_id IS NULL)", name="participant_links_one_target"
    ),
    sa.Index("participant_links_invitation", "invitation_id"),
    sa.Index("participant_links_registration", "registration_id"),
)

attendance = sa.Table(
    "attendance",
    metadata,
    sa.Column("registration_id", UUID(as_uuid=True), sa.ForeignKey("registrations.id"), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("present", sa.Boolean, nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
)

agreements = sa.Table(
    "agreements",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("event_id", UUID(as_uuid=True), sa.ForeignKey("events.id"), nullable=False, index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("owner_organisation_id", UUID(as_uuid=True), nullable=False),
    sa.Column("owner_person_id", UUID(as_uuid=True)),
    sa.Column("due_on", sa.Date),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

# One row per agreement and due date: whichever replica inserts it first announces agreement.due.
agreement_due_marks = sa.Table(
    "agreement_due_marks",
    metadata,
    sa.Column("agreement_id", UUID(as_uuid=True), sa.ForeignKey("agreements.id"), primary_key=True),
    sa.Column("due_on", sa.Date, primary_key=True),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
)

# Group work plans (World Café, speed consultations, workshop choice, Barcamp) of an event.
groupwork_plans = sa.Table(
    "groupwork_plans",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("event_id", UUID(as_uuid=True), sa.ForeignKey("events.id"), nullable=False, index=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("parameters", JSONB, nullable=False),
    sa.Column("participant_source", sa.Text, nullable=False),
    sa.Column("day", sa.Date),
    sa.Column("seed", sa.BigInteger, nullable=False),
    # [{"id", "organisation_id", "organisation_type", "district_key"}] the plan was made for
    sa.Column("participants", JSONB, nullable=False),
    # Workshop preferences, Barcamp proposals, votes and pins, as staff entered them.
    sa.Column("inputs", JSONB, nullable=False),
    sa.Column("plan", JSONB, nullable=False),
    sa.Column("quality", JSONB, nullable=False),
    sa.Column("notices", JSONB, nullable=False),
    sa.Column("adjustments", JSONB, nullable=False),
    sa.Column("outdated", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    # Moderation state while it runs in the room, and the record of who actually met whom
    # (migration ``0004_groupwork_live``).
    sa.Column("live", JSONB),
    sa.Column("outcome", JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
)
