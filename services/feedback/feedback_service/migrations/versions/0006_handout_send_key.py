"""handout send key: the idempotency key of a link's e-mail, kept with the person waiting for it from
the moment its request may reach notifications until notifications has answered. A crash or a lost
answer is settled by asking again under the same key, so notifications sends one mail, not two.

Revision ID: 0006_handout_send_key
Revises: 0005_template_names
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_handout_send_key"
down_revision = "0005_template_names"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("pending_handouts", sa.Column("send_key", sa.UUID(), nullable=True))


def downgrade() -> None:
    op.drop_column("pending_handouts", "send_key")
