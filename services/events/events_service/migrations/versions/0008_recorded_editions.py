"""Past editions of a series entered afterwards as history: an event keeps the counts recorded for
it (attendees, organisations, and the districts, decision makers and newcomers where counted).

Revision ID: 0008_recorded_editions
Revises: 0007_erased_speakers
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0008_recorded_editions"
down_revision = "0007_erased_speakers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("recorded_figures", JSONB, nullable=True))


def downgrade() -> None:
    op.drop_column("events", "recorded_figures")
