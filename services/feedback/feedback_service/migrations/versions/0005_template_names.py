"""template names: one survey template per name, whatever its case or spacing. Each template gets its
name's key (``name_key``: spaces collapsed, case folded, as ``netzwerkstatt.names`` makes it; PostgreSQL's
``lower()`` folds only ASCII letters here) under a unique index. Names are trimmed; of templates whose
names shared a key, the ready-made one (else the one changed first) keeps its name and each other gets
" (2)", " (3)", … appended, so that staff can still tell them apart.

Revision ID: 0005_template_names
Revises: 0004_event_network
"""

import sqlalchemy as sa
from alembic import op

from netzwerkstatt.migrations import name_key_v1 as _key
from netzwerkstatt.migrations import told_apart_v1

revision = "0005_template_names"
down_revision = "0004_event_network"
branch_labels = None
depends_on = None

NAME_LENGTH = 200  # the longest name a template has (``SurveyTemplate.name``)


def upgrade() -> None:
    op.add_column("templates", sa.Column("name_key", sa.Text(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, name FROM templates ORDER BY built_in DESC, updated_at, id")
    ).all()
    names = told_apart_v1((name for _, name in rows), NAME_LENGTH)
    for (template_id, _), name in zip(rows, names, strict=True):
        connection.execute(
            sa.text("UPDATE templates SET name = :name, name_key = :key WHERE id = :id"),
            {"name": name, "key": _key(name), "id": template_id},
        )
    op.alter_column("templates", "name_key", nullable=False)
    op.create_index("templates_name_key", "templates", ["name_key"], unique=True)


def downgrade() -> None:
    op.drop_index("templates_name_key", table_name="templates")
    op.drop_column("templates", "name_key")
