"""Answers kept for retries with the same Idempotency-Key.

Revision ID: 0002_idempotent_requests
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_idempotent_requests"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "idempotent_requests",
        sa.Column("caller", sa.Text, primary_key=True),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("request_digest", sa.Text, nullable=False),
        sa.Column("status", sa.Integer),
        sa.Column("media_type", sa.Text),
        sa.Column("body", sa.LargeBinary),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("idempotent_requests_created", "idempotent_requests", ["created_at"])


def downgrade() -> None:
    op.drop_table("idempotent_requests")
