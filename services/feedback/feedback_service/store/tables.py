"""Tables of the feedback schema. What may be stored where is decided by the anonymity scheme
(README, "Anonymity"): no table holds a person id next to a token, token digest or response key."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import BYTEA, JSONB, UUID

from netzwerkstatt.db import kernel_tables

metadata = sa.MetaData()
kernel_tables(metadata)

templates = sa.Table(
    "templates",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("language", sa.Text, nullable=False),
    sa.Column("questions", JSONB, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("built_in", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    # One template per name, whatever its case or spacing (``netzwerkstatt.names.name_key``).
    sa.Column("name_key", sa.Text, nullable=False),
    sa.Index("templates_name_key", "name_key", unique=True),
)

# What feedback knows of events: titles and series, from the events service's facts.
event_facts = sa.Table(
    "event_facts",
    metadata,
    sa.Column("event_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("series_id", UUID(as_uuid=True)),
    sa.Column("series_title", sa.Text),
    sa.Column("edition", sa.Integer),
    sa.Column("first_day", sa.Date),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    # The event's network: its coordinators may open and close the event's survey.
    sa.Column("network_id", UUID(as_uuid=True)),
)

surveys = sa.Table(
    "surveys",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("series_id", UUID(as_uuid=True)),
    sa.Column("series_title", sa.Text),
    sa.Column("edition", sa.Integer),
    sa.Column("first_day", sa.Date),
    sa.Column("template_id", UUID(as_uuid=True), sa.ForeignKey("templates.id"), nullable=False),
    sa.Column("snapshot", JSONB, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    # The survey's secret; only while it is open.
    sa.Column("pepper", BYTEA),
    sa.Column("opened_at", sa.DateTime(timezone=True)),
    sa.Column("closes_at", sa.DateTime(timezone=True)),
    # A day, not a time: retention counts from it.
    sa.Column("closed_on", sa.Date),
    # Size of the token digest set, kept when the set is deleted at closing.
    sa.Column("tokens_issued", sa.Integer, nullable=False, server_default="0"),
    sa.Column("announced_responses", sa.Integer, nullable=False, server_default="0"),
    sa.Column("announced_period", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("free_texts_removed", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index("surveys_series", "series_id"),
    sa.Index("surveys_due", "closes_at", postgresql_where=sa.text("state = 'open'")),
)

# H1 set: "is this a token we issued?"; no person, no time, inserted in sorted batches.
token_digests = sa.Table(
    "token_digests",
    metadata,
    sa.Column("survey_id", UUID(as_uuid=True), sa.ForeignKey("surveys.id"), primary_key=True),
    sa.Column("digest", sa.Text, primary_key=True),
)

# Answers under H2 while open, under a random key after closing; no timestamp, no serial.
responses = sa.Table(
    "responses",
    metadata,
    sa.Column("survey_id", UUID(as_uuid=True), sa.ForeignKey("surveys.id"), primary_key=True),
    sa.Column("response_key", sa.Text, primary_key=True),
    sa.Column("answers", JSONB, nullable=False),
)

# Who was already invited, as HMAC(pepper, person) so a repeated completion invites only newcomers;
# unrelated to the digests and deleted with the pepper.
invitee_marks = sa.Table(
    "invitee_marks",
    metadata,
    sa.Column("survey_id", UUID(as_uuid=True), sa.ForeignKey("surveys.id"), primary_key=True),
    sa.Column("mark", sa.Text, primary_key=True),
)

# Links still to be handed to notifications: the person only, never a token; a row is deleted once
# notifications has accepted the person's link. ``send_key``: the idempotency key of the link's
# e-mail, set before the request may reach notifications and kept until it answers, so that a crash
# or a lost answer is settled by asking again under the same key (one mail, never two).
pending_handouts = sa.Table(
    "pending_handouts",
    metadata,
    sa.Column("survey_id", UUID(as_uuid=True), sa.ForeignKey("surveys.id"), primary_key=True),
    sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("send_key", UUID(as_uuid=True), nullable=True),
)
