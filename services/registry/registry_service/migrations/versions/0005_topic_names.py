"""topic names: one topic staff added per name in each language, whatever its case. Labels are
trimmed; of topics that shared a label, the one added first keeps it and each other gets " (2)",
" (3)", … appended, so that staff can still tell them apart.

Revision ID: 0005_topic_names
Revises: 0004_paper_without_words
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_topic_names"
down_revision = "0004_paper_without_words"
branch_labels = None
depends_on = None

LABEL_LENGTH = 200  # the longest label a topic has (``CreateTopic``)


def _told_apart(column: str) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text(f"SELECT code, {column} FROM topics ORDER BY created_at, code")).all()
    taken: set[str] = set()
    for code, stored in rows:
        label = base = stored.strip()
        number = 2
        while label.lower() in taken:
            suffix = f" ({number})"
            label = f"{base[: LABEL_LENGTH - len(suffix)]}{suffix}"
            number += 1
        taken.add(label.lower())
        if label != stored:
            connection.execute(
                sa.text(f"UPDATE topics SET {column} = :label WHERE code = :code"),
                {"label": label, "code": code},
            )


def upgrade() -> None:
    for column in ("label_de", "label_en"):
        _told_apart(column)
        op.execute(f"CREATE UNIQUE INDEX topics_{column} ON topics (lower({column}))")


def downgrade() -> None:
    for column in ("label_de", "label_en"):
        op.drop_index(f"topics_{column}", table_name="topics")
