"""The group work table, on the events service's metadata. Keep in step with the migration
``0003_groupwork_plans``."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from events_service.store.tables import metadata

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
