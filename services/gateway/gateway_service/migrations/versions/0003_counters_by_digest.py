"""The sign-in and public-page counters key by digests: the counts kept before, under the e-mail
addresses and client addresses themselves, are dropped (they count for minutes only).

Revision ID: 0003_counters_by_digest
Revises: 0002_idempotent_requests
"""

from alembic import op

revision = "0003_counters_by_digest"
down_revision = "0002_idempotent_requests"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM login_failures")
    op.execute("DELETE FROM request_counters")


def downgrade() -> None:
    """Nothing to restore: the counters fill again as sign-ins fail."""
