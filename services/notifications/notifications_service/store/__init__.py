"""Tables of the notifications service's own schema (keep in step with migrations/versions)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from netzwerkstatt.db import kernel_tables
from netzwerkstatt.people import erasure_records as erasure_records_of

metadata = sa.MetaData()
kernel_tables(metadata)

# Projection of the registry's people: whom to write, how, and in which language.
contacts = sa.Table(
    "contacts",
    metadata,
    sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("given_name", sa.Text, nullable=False),
    sa.Column("family_name", sa.Text, nullable=False),
    sa.Column("form_of_address", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("email", sa.Text),
    sa.Column("language", sa.Text, nullable=False),
    sa.Column("consents_to_event_contact", sa.Boolean, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    # Capability in the unsubscribe link; created once, kept across updates.
    sa.Column("unsubscribe_token", sa.Text, nullable=False, unique=True),
    sa.Column("opted_out_at", sa.DateTime(timezone=True)),
    sa.Column("projected_at", sa.DateTime(timezone=True), nullable=False),
)

# Ids of erased people only, so that a late event about them never brings their data back.
erasure_records = erasure_records_of(metadata)

# Projection of the events service's events: what messages say about them and when they start.
events = sa.Table(
    "events",
    metadata,
    sa.Column("event_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("facts", JSONB, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
    # Reminder offsets chosen by staff; NULL means the service's defaults.
    sa.Column("reminder_offsets_seconds", ARRAY(sa.Integer)),
    sa.Column("projected_at", sa.DateTime(timezone=True), nullable=False),
)

# Who is registered for which event (whom to tell when it changes or is cancelled).
registrations = sa.Table(
    "registrations",
    metadata,
    sa.Column("registration_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("event_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("person_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
)

# Who was invited to which event and has not declined (they hear of a cancellation too).
invitations = sa.Table(
    "invitations",
    metadata,
    sa.Column("invitation_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("event_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("person_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("declined", sa.Boolean, nullable=False, server_default=sa.false()),
)

# Outgoing messages and their delivery log. `facts` holds what the message is rendered from (links
# are capabilities) and is cleared once the message reached its final state.
messages = sa.Table(
    "messages",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("position", sa.BigInteger, sa.Identity(always=True), nullable=False, unique=True),
    sa.Column("idempotency_key", sa.Text, nullable=False, unique=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("person_id", UUID(as_uuid=True)),
    # Messages to the same key go out in the order they were created.
    sa.Column("recipient_key", sa.Text, nullable=False),
    sa.Column("recipient_email", sa.Text),
    sa.Column("subject_id", sa.Text, nullable=False),
    sa.Column("event_id", UUID(as_uuid=True)),
    sa.Column("facts", JSONB),
    # Why it waits, failed or was not sent (a DeliveryProblem code); last_error keeps the detail.
    sa.Column("error_code", sa.Text),
    sa.Column("email_subject", sa.Text),
    sa.Column("language", sa.Text),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_error", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True)),
    sa.Index("messages_due", "next_attempt_at", postgresql_where=sa.text("status = 'pending'")),
    sa.Index(
        "messages_pending_per_recipient",
        "recipient_key",
        "position",
        postgresql_where=sa.text("status = 'pending'"),
    ),
    sa.Index("messages_person", "person_id"),
    sa.Index("messages_event", "event_id"),
    sa.Index("messages_status_kind", "status", "kind"),
)

# "The mail server accepted this message": written in a short transaction of its own right after
# SMTP accepted it, while the delivering worker still holds the message's row lock, and removed
# in the transaction that marks the message sent. After a crash the message's next worker finds
# the mark and records the message as sent instead of sending it again. No foreign key: it would
# wait for the worker's row lock.
delivery_marks = sa.Table(
    "delivery_marks",
    metadata,
    sa.Column("message_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("language", sa.Text, nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
)

# The durable reminder schedule: one row per event, offset and start time; run once.
reminder_jobs = sa.Table(
    "reminder_jobs",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("event_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("offset_seconds", sa.Integer, nullable=False),
    sa.Column("event_starts_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("done_at", sa.DateTime(timezone=True)),
    sa.Column("recipients", sa.Integer),
    sa.UniqueConstraint("event_id", "offset_seconds", "event_starts_at", name="reminder_jobs_once"),
    sa.Index("reminder_jobs_due", "due_at", postgresql_where=sa.text("status = 'planned'")),
)

# Templates customised by staff; the shipped ones apply where none is stored.
custom_templates = sa.Table(
    "custom_templates",
    metadata,
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("language", sa.Text, primary_key=True),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("html", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
