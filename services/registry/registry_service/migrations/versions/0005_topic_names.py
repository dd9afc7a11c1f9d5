"""topic names: one topic staff added per name in each language, whatever its case or spacing. Each
topic gets its labels' keys (``label_de_key``, ``label_en_key``: spaces collapsed, case folded, as
``netzwerkstatt.names`` makes them; PostgreSQL's ``lower()`` folds only ASCII letters here) under
unique indexes. Labels are trimmed; of topics whose labels in a language shared a key, the one added
first keeps its label and each other gets " (2)", " (3)", … appended, so that staff can still tell
them apart.

Revision ID: 0005_topic_names
Revises: 0004_paper_without_words
"""

import sqlalchemy as sa
from alembic import op

from netzwerkstatt.migrations import name_key_v1 as _key
from netzwerkstatt.migrations import told_apart_v1

revision = "0005_topic_names"
down_revision = "0004_paper_without_words"
branch_labels = None
depends_on = None

LABEL_LENGTH = 200  # the longest label a topic has (``CreateTopic``)
LABELS = ("label_de", "label_en")


def _told_apart(column: str) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text(f"SELECT code, {column} FROM topics ORDER BY created_at, code")).all()
    labels = told_apart_v1((label for _, label in rows), LABEL_LENGTH)
    for (code, _), label in zip(rows, labels, strict=True):
        connection.execute(
            sa.text(f"UPDATE topics SET {column} = :label, {column}_key = :key WHERE code = :code"),
            {"label": label, "key": _key(label), "code": code},
        )


def upgrade() -> None:
    for column in LABELS:
        op.add_column("topics", sa.Column(f"{column}_key", sa.Text(), nullable=True))
        _told_apart(column)
        op.alter_column("topics", f"{column}_key", nullable=False)
        op.create_index(f"topics_{column}_key", "topics", [f"{column}_key"], unique=True)


def downgrade() -> None:
    for column in LABELS:
        op.drop_index(f"topics_{column}_key", table_name="topics")
        op.drop_column("topics", f"{column}_key")
