"""Group work in the room: the moderation state (round, timer) and the record of who met whom.

Revision ID: 0004_groupwork_live
Revises: 0003_groupwork
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004_groupwork_live"
down_revision = "0003_groupwork"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("groupwork_plans", sa.Column("live", JSONB))
    op.add_column(
        "groupwork_plans",
        sa.Column("outcome", JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
    )


def downgrade() -> None:
    op.drop_column("groupwork_plans", "outcome")
    op.drop_column("groupwork_plans", "live")
