"""Group work plans stored with the event (World Café, speed consultations, workshop choice, Barcamp).

Revision ID: 0003_groupwork
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0003_groupwork"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "groupwork_plans",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("event_id", UUID(as_uuid=True), sa.ForeignKey("events.id"), nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("parameters", JSONB, nullable=False),
        sa.Column("participant_source", sa.Text, nullable=False),
        sa.Column("day", sa.Date),
        sa.Column("seed", sa.BigInteger, nullable=False),
        sa.Column("participants", JSONB, nullable=False),
        sa.Column("inputs", JSONB, nullable=False),
        sa.Column("plan", JSONB, nullable=False),
        sa.Column("quality", JSONB, nullable=False),
        sa.Column("notices", JSONB, nullable=False),
        sa.Column("adjustments", JSONB, nullable=False),
        sa.Column("outdated", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_groupwork_plans_event_id", "groupwork_plans", ["event_id"])


def downgrade() -> None:
    op.drop_index("ix_groupwork_plans_event_id", table_name="groupwork_plans")
    op.drop_table("groupwork_plans")
