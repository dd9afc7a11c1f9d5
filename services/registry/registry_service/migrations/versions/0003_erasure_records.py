"""One erasure record table in every service (``erasure_records``, a kernel table); the rows
of `erasures` move into it.

Revision ID: 0003_erasure_records
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0003_erasure_records"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "erasure_records",
        sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute("INSERT INTO erasure_records (person_id, erased_at) SELECT person_id, erased_at FROM erasures")
    op.drop_table("erasures")


def downgrade() -> None:
    op.create_table(
        "erasures",
        sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute("INSERT INTO erasures (person_id, erased_at) SELECT person_id, erased_at FROM erasure_records")
    op.drop_table("erasure_records")
