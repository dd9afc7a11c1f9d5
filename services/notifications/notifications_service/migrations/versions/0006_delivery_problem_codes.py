"""Why a message waits, failed or was not sent, as a code the staff pages put in words
(``error_code``); ``last_error`` keeps the detail for operators.

Revision ID: 0006_delivery_problem_codes
Revises: 0005_links_from_events
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_delivery_problem_codes"
down_revision = "0005_links_from_events"
branch_labels = None
depends_on = None

# The codes of the messages the service wrote before, recognised by their words.
_KNOWN = (
    ("opted out of optional messages", "opted_out"),
    ("no consent to event contact", "no_consent"),
    ("recipient erased before delivery", "recipient_erased"),
    ("waiting for the contact", "waiting_for_contact"),
    ("the recipient is not (or no longer) a known contact", "unknown_contact"),
)


def upgrade() -> None:
    op.add_column("messages", sa.Column("error_code", sa.Text, nullable=True))
    for words, code in _KNOWN:
        op.execute(
            sa.text("UPDATE messages SET error_code = :code WHERE last_error = :words").bindparams(
                code=code, words=words
            )
        )
    for prefix, code in (
        ("cannot be built:", "cannot_be_built"),
        ("recipient refused:", "recipient_refused"),
        ("SMTP ", "mail_server_refused"),
        ("mail server unreachable:", "mail_server_unreachable"),
    ):
        op.execute(
            sa.text(
                "UPDATE messages SET error_code = :code WHERE starts_with(last_error, :prefix)"
            ).bindparams(code=code, prefix=prefix)
        )


def downgrade() -> None:
    op.drop_column("messages", "error_code")
