"""One erasure record table in every service (``erasure_records``, a kernel table); the rows
of `erased_people` move into it.

Revision ID: 0005_erasure_records
Revises: 0004_groupwork_live
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0005_erasure_records"
down_revision = "0004_groupwork_live"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "erasure_records",
        sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute(
        "INSERT INTO erasure_records (person_id, erased_at) SELECT person_id, erased_at FROM erased_people"
    )
    op.drop_table("erased_people")


def downgrade() -> None:
    op.create_table(
        "erased_people",
        sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute(
        "INSERT INTO erased_people (person_id, erased_at) SELECT person_id, erased_at FROM erasure_records"
    )
    op.drop_table("erasure_records")
