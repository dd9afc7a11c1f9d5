"""The participants' links as digests (``participant_links``); the plain tokens of invitations and
registrations go. Links already mailed keep working: their digests are taken over.

Revision ID: 0006_participant_links
Revises: 0005_erasure_records
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0006_participant_links"
down_revision = "0005_erasure_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "participant_links",
        sa.Column("digest", sa.LargeBinary, primary_key=True),
        sa.Column("invitation_id", UUID(as_uuid=True), sa.ForeignKey("invitations.id", ondelete="CASCADE")),
        sa.Column(
            "registration_id", UUID(as_uuid=True), sa.ForeignKey("registrations.id", ondelete="CASCADE")
        ),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(invitation_id IS NULL) <> (registration_id IS NULL)", name="participant_links_one_target"
        ),
    )
    op.create_index("participant_links_invitation", "participant_links", ["invitation_id"])
    op.create_index("participant_links_registration", "participant_links", ["registration_id"])
    for table, column in (("invitations", "invitation_id"), ("registrations", "registration_id")):
        op.execute(
            f"INSERT INTO participant_links (digest, {column}, issued_at) "
            f"SELECT sha256(convert_to(token, 'UTF8')), id, now() FROM {table} WHERE NOT anonymised"
        )
        op.drop_column(table, "token")


def downgrade() -> None:
    # The plain tokens cannot be recovered from their digests: links mailed before stop working.
    for table in ("invitations", "registrations"):
        op.add_column(table, sa.Column("token", sa.Text, nullable=True))
        op.execute(f"UPDATE {table} SET token = md5(random()::text || id::text) || md5(id::text)")
        op.alter_column(table, "token", nullable=False)
        op.create_unique_constraint(f"{table}_token_key", table, ["token"])
    op.drop_table("participant_links")
