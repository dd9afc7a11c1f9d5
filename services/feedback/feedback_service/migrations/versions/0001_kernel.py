"""Kernel tables: outbox, inbox, dead letters.

Revision ID: 0001
Revises:
"""

from netzwerkstatt.migrations import create_kernel_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_kernel_tables()


def downgrade() -> None:
    raise NotImplementedError("the kernel tables are never dropped by a migration")
