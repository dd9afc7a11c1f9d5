"""Erased speakers are marked as erased instead of carrying a German placeholder as their guest name:
the pages say "erased" in the reader's language.

Revision ID: 0007_erased_speakers
Revises: 0006_participant_links
"""

from alembic import op

revision = "0007_erased_speakers"
down_revision = "0006_participant_links"
branch_labels = None
depends_on = None

# The placeholder the service wrote for an erased speaker before this revision.
PLACEHOLDER = "Gelöschte Person"


def _replace(old: str, new: str) -> None:
    op.execute(
        f"""
        UPDATE agenda_items SET speakers = (
            SELECT jsonb_agg(CASE WHEN speaker = '{old}'::jsonb THEN '{new}'::jsonb ELSE speaker END
                             ORDER BY position)
            FROM jsonb_array_elements(speakers) WITH ORDINALITY AS listed(speaker, position)
        )
        WHERE speakers @> '[{old}]'::jsonb
        """
    )


def upgrade() -> None:
    _replace(f'{{"guest_name": "{PLACEHOLDER}"}}', '{"erased": true}')


def downgrade() -> None:
    _replace('{"erased": true}', f'{{"guest_name": "{PLACEHOLDER}"}}')
