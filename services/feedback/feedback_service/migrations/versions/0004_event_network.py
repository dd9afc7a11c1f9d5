"""event network: the network of each event, so that its coordinators (and only they, besides
admins) may open and close the event's survey. Events known before carry none until they change
again; until then only admins change their surveys.

Revision ID: 0004_event_network
Revises: 0003_erasure_records
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_event_network"
down_revision = "0003_erasure_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("event_facts", sa.Column("network_id", sa.UUID(), nullable=True))


def downgrade() -> None:
    op.drop_column("event_facts", "network_id")
