"""Kept answers name the digests of the ids their request and answer mention, so that erasing a
person removes the answers about them (``idempotency.forget_answers_about``). Answers kept before
mention nothing known: they are dropped (they are kept for minutes only).

Revision ID: 0004_idempotent_mentions
Revises: 0003_counters_by_digest
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0004_idempotent_mentions"
down_revision = "0003_counters_by_digest"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM idempotent_requests")
    op.add_column(
        "idempotent_requests",
        sa.Column("mentions", ARRAY(sa.Text), nullable=False, server_default="{}"),
    )


def downgrade() -> None:
    op.drop_column("idempotent_requests", "mentions")
