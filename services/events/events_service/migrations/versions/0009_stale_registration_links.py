"""Links mailed for a registration before it was cancelled or declined and made anew: since the
registration's row is reused, they acted on the new registration (an old mail's link could cancel
it). New registrations forget them as they are made; this removes those issued before the row's
current registration.

Revision ID: 0009_stale_registration_links
Revises: 0008_recorded_editions
"""

from alembic import op

revision = "0009_stale_registration_links"
down_revision = "0008_recorded_editions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "DELETE FROM participant_links AS link USING registrations AS registration"
        " WHERE link.registration_id = registration.id AND link.issued_at < registration.registered_at"
    )


def downgrade() -> None:
    pass  # a forgotten link is not brought back: it would act for the person again
