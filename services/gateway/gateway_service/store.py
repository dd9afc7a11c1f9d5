"""Tables of the gateway's own schema: staff accounts, their sessions, API tokens and the counters
behind login throttling and the public pages' rate limit. No domain data lives here."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, UUID

metadata = sa.MetaData()

staff_accounts = sa.Table(
    "staff_accounts",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("network_ids", ARRAY(UUID(as_uuid=True)), nullable=False, server_default="{}"),
    sa.Column("language", sa.Text, nullable=False, server_default="de"),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("staff_accounts_email", sa.func.lower(sa.column("email")), unique=True),
)

staff_sessions = sa.Table(
    "staff_sessions",
    metadata,
    # Only a digest of the cookie's value is stored: a copy of the table opens no session.
    sa.Column("id_digest", sa.Text, primary_key=True),
    sa.Column(
        "account_id",
        UUID(as_uuid=True),
        sa.ForeignKey("staff_accounts.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("csrf_token", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("staff_sessions_account", "account_id"),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("token_digest", sa.Text, nullable=False, unique=True),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_used_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
)

login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(always=True), primary_key=True),
    # "account:<digest of the e-mail>" or "address:<digest of the client address>"
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("login_failures_key_time", "key", "failed_at"),
)

request_counters = sa.Table(
    "request_counters",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("window_start", sa.DateTime(timezone=True), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)

# Answers of state-changing JSON API calls sent with an Idempotency-Key, kept for a retry's window
# (gateway_service/idempotency.py). ``status`` is NULL while the first request is being handled.
idempotent_requests = sa.Table(
    "idempotent_requests",
    metadata,
    sa.Column("caller", sa.Text, primary_key=True),
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("request_digest", sa.Text, nullable=False),
    sa.Column("status", sa.Integer),
    sa.Column("media_type", sa.Text),
    sa.Column("body", sa.LargeBinary),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    # Digests of the ids the request and its answer mention (``idempotency.mentions``).
    sa.Column("mentions", ARRAY(sa.Text), nullable=False, server_default="{}"),
    sa.Index("idempotent_requests_created", "created_at"),
)
