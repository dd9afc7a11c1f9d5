"""Templates, event facts, surveys, token digests, responses, invitee marks, pending hand-outs.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import BYTEA, JSONB, UUID

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "templates",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("language", sa.Text, nullable=False),
        sa.Column("questions", JSONB, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("built_in", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "event_facts",
        sa.Column("event_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("series_id", UUID(as_uuid=True)),
        sa.Column("series_title", sa.Text),
        sa.Column("edition", sa.Integer),
        sa.Column("first_day", sa.Date),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "surveys",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("series_id", UUID(as_uuid=True)),
        sa.Column("series_title", sa.Text),
        sa.Column("edition", sa.Integer),
        sa.Column("first_day", sa.Date),
        sa.Column("template_id", UUID(as_uuid=True), sa.ForeignKey("templates.id"), nullable=False),
        sa.Column("snapshot", JSONB, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("pepper", BYTEA),
        sa.Column("opened_at", sa.DateTime(timezone=True)),
        sa.Column("closes_at", sa.DateTime(timezone=True)),
        sa.Column("closed_on", sa.Date),
        sa.Column("tokens_issued", sa.Integer, nullable=False, server_default="0"),
        sa.Column("announced_responses", sa.Integer, nullable=False, server_default="0"),
        sa.Column("announced_period", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("free_texts_removed", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("surveys_series", "surveys", ["series_id"])
    op.create_index("surveys_due", "surveys", ["closes_at"], postgresql_where=sa.text("state = 'open'"))
    op.create_table(
        "token_digests",
        sa.Column("survey_id", UUID(as_uuid=True), sa.ForeignKey("surveys.id"), primary_key=True),
        sa.Column("digest", sa.Text, primary_key=True),
    )
    op.create_table(
        "responses",
        sa.Column("survey_id", UUID(as_uuid=True), sa.ForeignKey("surveys.id"), primary_key=True),
        sa.Column("response_key", sa.Text, primary_key=True),
        sa.Column("answers", JSONB, nullable=False),
    )
    op.create_table(
        "invitee_marks",
        sa.Column("survey_id", UUID(as_uuid=True), sa.ForeignKey("surveys.id"), primary_key=True),
        sa.Column("mark", sa.Text, primary_key=True),
    )
    op.create_table(
        "pending_handouts",
        sa.Column("survey_id", UUID(as_uuid=True), sa.ForeignKey("surveys.id"), primary_key=True),
        sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "pending_handouts",
        "invitee_marks",
        "responses",
        "token_digests",
        "surveys",
        "event_facts",
        "templates",
    ):
        op.drop_table(table)
