"""Contacts, events, registrations and invitations projections; messages; reminders; templates.

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


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("given_name", sa.Text, nullable=False),
        sa.Column("family_name", sa.Text, nullable=False),
        sa.Column("form_of_address", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("email", sa.Text),
        sa.Column("language", sa.Text, nullable=False),
        sa.Column("consents_to_event_contact", sa.Boolean, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("unsubscribe_token", sa.Text, nullable=False, unique=True),
        sa.Column("opted_out_at", sa.DateTime(timezone=True)),
        sa.Column("projected_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "erased_contacts",
        sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("event_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("facts", JSONB, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminder_offsets_seconds", ARRAY(sa.Integer)),
        sa.Column("projected_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "registrations",
        sa.Column("registration_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("event_id", UUID(as_uuid=True), nullable=False, index=True),
        sa.Column("person_id", UUID(as_uuid=True), nullable=False, index=True),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("token", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "invitations",
        sa.Column("invitation_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("event_id", UUID(as_uuid=True), nullable=False, index=True),
        sa.Column("person_id", UUID(as_uuid=True), nullable=False, index=True),
        sa.Column("token", sa.Text, nullable=False),
        sa.Column("declined", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "messages",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("position", sa.BigInteger, sa.Identity(always=True), nullable=False, unique=True),
        sa.Column("idempotency_key", sa.Text, nullable=False, unique=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("person_id", UUID(as_uuid=True)),
        sa.Column("recipient_key", sa.Text, nullable=False),
        sa.Column("recipient_email", sa.Text),
        sa.Column("subject_id", sa.Text, nullable=False),
        sa.Column("event_id", UUID(as_uuid=True)),
        sa.Column("facts", JSONB),
        sa.Column("email_subject", sa.Text),
        sa.Column("language", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
    )
    op.create_index(
        "messages_due", "messages", ["next_attempt_at"], postgresql_where=sa.text("status = 'pending'")
    )
    op.create_index(
        "messages_pending_per_recipient",
        "messages",
        ["recipient_key", "position"],
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index("messages_person", "messages", ["person_id"])
    op.create_index("messages_event", "messages", ["event_id"])
    op.create_index("messages_status_kind", "messages", ["status", "kind"])
    op.create_table(
        "reminder_jobs",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("event_id", UUID(as_uuid=True), nullable=False, index=True),
        sa.Column("offset_seconds", sa.Integer, nullable=False),
        sa.Column("event_starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True)),
        sa.Column("recipients", sa.Integer),
        sa.UniqueConstraint("event_id", "offset_seconds", "event_starts_at", name="reminder_jobs_once"),
    )
    op.create_index(
        "reminder_jobs_due", "reminder_jobs", ["due_at"], postgresql_where=sa.text("status = 'planned'")
    )
    op.create_table(
        "custom_templates",
        sa.Column("kind", sa.Text, primary_key=True),
        sa.Column("language", sa.Text, primary_key=True),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("html", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "custom_templates",
        "reminder_jobs",
        "messages",
        "invitations",
        "registrations",
        "events",
        "erased_contacts",
        "contacts",
    ):
        op.drop_table(table)
