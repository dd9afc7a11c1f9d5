"""The participants' links are asked of the events service when an e-mail is sent: the projections
keep no tokens, and a queued message names the invitation or registration it links to instead.

Revision ID: 0005_links_from_events
Revises: 0004_erasure_records
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_links_from_events"
down_revision = "0004_erasure_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Messages still waiting: the token they were queued with becomes the link it belongs to.
    for table, column, kind in (
        ("invitations", "invitation_id", "invitation"),
        ("registrations", "registration_id", "registration"),
    ):
        op.execute(
            f"UPDATE messages SET facts = (messages.facts - 'token') || jsonb_build_object("
            f"'link', jsonb_build_object('kind', '{kind}', 'id', {table}.{column})) "
            f"FROM {table} WHERE messages.status = 'pending' AND messages.facts ->> 'token' = {table}.token"
        )
    op.execute("UPDATE messages SET facts = facts - 'token' WHERE facts ? 'token'")
    op.drop_column("invitations", "token")
    op.drop_column("registrations", "token")


def downgrade() -> None:
    # The tokens are not known here any more: the projections get values no link carries, and waiting
    # messages would fail to render for want of a token.
    for table in ("invitations", "registrations"):
        op.add_column(table, sa.Column("token", sa.Text, nullable=True))
        op.execute(f"UPDATE {table} SET token = md5(random()::text || {table}::text)")
        op.alter_column(table, "token", nullable=False)
