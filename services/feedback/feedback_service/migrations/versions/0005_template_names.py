"""template names: one survey template per name, whatever its case. Names are trimmed; of templates
that shared a name, the ready-made one (else the one changed first) keeps it and each other gets
" (2)", " (3)", … appended, so that staff can still tell them apart.

Revision ID: 0005_template_names
Revises: 0004_event_network
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_template_names"
down_revision = "0004_event_network"
branch_labels = None
depends_on = None

NAME_LENGTH = 200  # the longest name a template has (``SurveyTemplate.name``)


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, name FROM templates ORDER BY built_in DESC, updated_at, id")
    ).all()
    taken: set[str] = set()
    for template_id, stored in rows:
        name = base = stored.strip()
        number = 2
        while name.lower() in taken:
            suffix = f" ({number})"
            name = f"{base[: NAME_LENGTH - len(suffix)]}{suffix}"
            number += 1
        taken.add(name.lower())
        if name != stored:
            connection.execute(
                sa.text("UPDATE templates SET name = :name WHERE id = :id"), {"name": name, "id": template_id}
            )
    op.execute("CREATE UNIQUE INDEX templates_name ON templates (lower(name))")


def downgrade() -> None:
    op.drop_index("templates_name", table_name="templates")
