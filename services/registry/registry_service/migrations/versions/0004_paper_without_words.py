"""Issued Schnittstellenpapiere hold no German words: a paper without a title of its own has none
(readers title it in their language, the registry wrote "Schnittstellenpapier <scope>"), and an
erased contact has no name (the registry wrote „[gelöscht]“); readers say "erased" in their language.

Revision ID: 0004_paper_without_words
Revises: 0003_erasure_records
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_paper_without_words"
down_revision = "0003_erasure_records"
branch_labels = None
depends_on = None

# What the registry wrote before this revision.
DEFAULT_TITLE_PREFIX = "Schnittstellenpapier "
ERASED_NAME = "[gelöscht]"


def _erased_contacts(old: str, new: str) -> None:
    """Set the name of every erased contact (no person id) that reads ``old`` to ``new``."""

    def contact(field: str) -> str:
        return f"""CASE WHEN entry->'{field}'->'person_id' = 'null'::jsonb
                             AND entry->'{field}'->'name' = {old}
                        THEN jsonb_build_object('{field}', jsonb_set(entry->'{field}', '{{name}}', {new}))
                        ELSE '{{}}'::jsonb END"""

    op.execute(
        sa.text(
            f"""
            UPDATE interface_papers SET content = jsonb_set(content, '{{entries}}', (
                SELECT coalesce(jsonb_agg(entry || {contact("contact")} || {contact("substitute")}
                                          ORDER BY position), '[]'::jsonb)
                FROM jsonb_array_elements(content->'entries') WITH ORDINALITY AS listed(entry, position)
            ))
            WHERE redactions > 0
            """
        ).bindparams(erased=f'"{ERASED_NAME}"')
    )


def upgrade() -> None:
    op.alter_column("interface_papers", "title", existing_type=sa.Text, nullable=True)
    op.execute(
        sa.text(
            """
            UPDATE interface_papers SET title = NULL, content = jsonb_set(content, '{title}', 'null')
            WHERE title = :prefix || (content->>'scope_name')
            """
        ).bindparams(prefix=DEFAULT_TITLE_PREFIX)
    )
    _erased_contacts("CAST(:erased AS jsonb)", "'null'::jsonb")


def downgrade() -> None:
    op.execute(
        sa.text(
            """
            UPDATE interface_papers SET title = :prefix || (content->>'scope_name'),
                content = jsonb_set(content, '{title}', to_jsonb(:prefix || (content->>'scope_name')))
            WHERE title IS NULL
            """
        ).bindparams(prefix=DEFAULT_TITLE_PREFIX)
    )
    _erased_contacts("'null'::jsonb", "CAST(:erased AS jsonb)")
    op.alter_column("interface_papers", "title", existing_type=sa.Text, nullable=False)
