"""Survey links and invitee marks, on top of the token scheme in ``anonymity``.

A link token is ``<survey id as 32 hex digits>.<secret token>``: the survey part lets the service
find the survey (and say clearly that it has closed), the secret part is the scheme's token from
which H1 and H2 are derived. The survey part is no secret: the person knows which event they
attended.

An invitee mark, ``HMAC(pepper, "invitee\\0" + person id)``, tells whether a person already got a
link for the open survey, so that a repeated completion of an event invites only newcomers. It is
kept apart from the token digests and deleted with the pepper when the survey closes.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from uuid import UUID

from pydantic import SecretBytes, SecretStr

_LINK_TOKEN = re.compile(r"^([0-9a-f]{32})\.([A-Za-z0-9_-]{43})$")
_INVITEE_LABEL = b"invitee\x00"


def link_token(survey_id: UUID, secret: SecretStr) -> SecretStr:
    return SecretStr(f"{survey_id.hex}.{secret.get_secret_value()}")


def survey_url(public_url: str, token: SecretStr) -> str:
    return f"{public_url.rstrip('/')}/p/feedback/{token.get_secret_value()}"


def split_link_token(token: SecretStr) -> tuple[UUID, str] | None:
    """The survey id and the secret part, or ``None`` when the text is no link token at all."""
    match = _LINK_TOKEN.match(token.get_secret_value())
    if match is None:
        return None
    return UUID(hex=match.group(1)), match.group(2)


def invitee_mark(pepper: SecretBytes, person_id: UUID) -> str:
    return hmac.new(pepper.get_secret_value(), _INVITEE_LABEL + person_id.bytes, hashlib.sha256).hexdigest()
