"""Anonymous, yet counted once: the token scheme of a survey.

The full argument, including what storage, logs and events must (not) do, is the "Anonymity"
section of the service README. In short:

- Each survey gets a random secret, its *pepper* (32 bytes), kept only in the feedback schema and
  only while the survey is open.
- Each attendee gets a random token (``secrets.token_urlsafe``), created here and handed to
  notifications in flight together with the person. The feedback service stores neither the token
  nor the person next to it: only ``token_digest = HMAC(pepper, "token\\0" + token)`` (H1), as an
  unordered set, to recognise valid tokens.
- A response is stored under ``response_key = HMAC(pepper, "response\\0" + token)`` (H2). Presenting
  the same token again yields the same key, so a respondent can replace the answer while the survey
  is open, and each token counts once. Nothing stored links H1 to H2 or either to a person.
- The two HMACs use distinct, NUL-separated labels so that no token's H1 can equal another token's
  H2 (domain separation).
- When the survey closes, the pepper is destroyed and the H1 set deleted (only its size is kept for
  the response rate); response keys are replaced by random row keys. From then on even a
  person's own token no longer leads to their answer.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Container, Sequence
from enum import StrEnum
from uuid import UUID

from pydantic import Field, SecretBytes, SecretStr

from feedback_service.domain.model import Frozen

PEPPER_BYTES = 32
TOKEN_BYTES = 32
# token_urlsafe(32) gives 43 characters of the URL-safe base64 alphabet.
_TOKEN_FORMAT = re.compile(r"^[A-Za-z0-9_-]{43}$")
_TOKEN_LABEL = b"token\x00"
_RESPONSE_LABEL = b"response\x00"


class SurveyState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class TokenDelivery(Frozen):
    """Person and token, for the message to notifications only; never stored, never logged.

    The token is a ``SecretStr`` so that an accidental log line or repr shows ``**********``.
    """

    person_id: UUID
    token: SecretStr
    # The token's H1, stored apart from the person: kept here so that a link the mail service did
    # not take can be withdrawn (out of the repr, like the token: the two are never shown together).
    digest: str = Field(repr=False)

    def message_payload(self) -> dict[str, str]:
        """The one place the token is revealed: the payload handed to notifications."""
        return {"person_id": str(self.person_id), "token": self.token.get_secret_value()}


class TokenIssue(Frozen):
    """What issuing yields: deliveries go out in flight, digests are all that storage keeps."""

    deliveries: tuple[TokenDelivery, ...]
    digests: tuple[str, ...]


class TokenRejectedCode(StrEnum):
    UNKNOWN_TOKEN = "unknown_token"
    SURVEY_NOT_OPEN = "survey_not_open"
    SURVEY_CLOSED = "survey_closed"


class TokenRejected(Exception):
    """The token cannot answer. The message never repeats the token."""

    def __init__(self, code: TokenRejectedCode, message: str) -> None:
        self.code = code
        super().__init__(message)


def new_pepper() -> SecretBytes:
    return SecretBytes(secrets.token_bytes(PEPPER_BYTES))


def new_token() -> SecretStr:
    return SecretStr(secrets.token_urlsafe(TOKEN_BYTES))


def _mac(pepper: SecretBytes, label: bytes, token: str) -> str:
    return hmac.new(pepper.get_secret_value(), label + token.encode("utf-8"), hashlib.sha256).hexdigest()


def token_digest(pepper: SecretBytes, token: str) -> str:
    """H1: recognises a valid token without storing it."""
    return _mac(pepper, _TOKEN_LABEL, token)


def response_key(pepper: SecretBytes, token: str) -> str:
    """H2: the key a token's response is stored under while the survey is open."""
    return _mac(pepper, _RESPONSE_LABEL, token)


def new_row_key() -> str:
    """A random key that replaces a response key when the survey closes."""
    return secrets.token_hex(32)


def issue_tokens(pepper: SecretBytes, person_ids: Sequence[UUID]) -> TokenIssue:
    """One fresh token per person.

    The digests come back sorted, which is a random order unrelated to the order of ``person_ids``
    (e.g. the attendance list), so storage inserting them as given leaks no ordering.
    """
    if len(set(person_ids)) != len(person_ids):
        raise ValueError("person_ids: each person gets exactly one token, a person was listed twice")
    tokens = [(person_id, new_token()) for person_id in person_ids]
    deliveries = tuple(
        TokenDelivery(person_id=person_id, token=token, digest=token_digest(pepper, token.get_secret_value()))
        for person_id, token in tokens
    )
    digests = tuple(sorted(delivery.digest for delivery in deliveries))
    return TokenIssue(deliveries=deliveries, digests=digests)


def authorise_response(
    *,
    state: SurveyState,
    pepper: SecretBytes | None,
    token: str,
    issued_digests: Container[str],
) -> str:
    """The response key under which this token's answers are stored, or ``TokenRejected``.

    ``issued_digests`` is the survey's H1 set (storage may pass just the one row it looked up).
    """
    if state is SurveyState.DRAFT:
        raise TokenRejected(TokenRejectedCode.SURVEY_NOT_OPEN, "the survey is not open yet")
    if state is SurveyState.CLOSED or pepper is None:
        raise TokenRejected(
            TokenRejectedCode.SURVEY_CLOSED, "the survey is closed, no more answers are taken"
        )
    if not _TOKEN_FORMAT.match(token) or token_digest(pepper, token) not in issued_digests:
        raise TokenRejected(TokenRejectedCode.UNKNOWN_TOKEN, "the link is not valid for this survey")
    return response_key(pepper, token)
