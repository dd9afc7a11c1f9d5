"""Typed failures. Domain code raises ``ServiceError`` subclasses; request-reply turns them (and
validation errors) into an ``ErrorReply`` that names the code, a message and the fields concerned."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError


class ErrorCode(StrEnum):
    VALIDATION = "validation_error"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    RULE_VIOLATION = "rule_violation"
    FORBIDDEN = "forbidden"
    UNAVAILABLE = "unavailable"
    INTERNAL = "internal_error"


class FieldError(BaseModel):
    model_config = ConfigDict(frozen=True)

    field: str
    message: str
    code: str = "invalid"
    # What a reader's message needs besides the code (pydantic's limits: ``ge``, ``max_length``,
    # ``expected``; a domain rule's figures), so callers can word it in their own language.
    params: dict[str, str | int | float] = {}


class ErrorReply(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: ErrorCode
    message: str
    details: list[FieldError] = []


# Field errors a reply lists at most; the rest are counted in one last entry. A request of thousands
# of bad lines (a list sent with the same person 5,000 times) is answered with its first problems,
# in a reply that stays far below NATS's payload limit, instead of one that cannot be sent at all.
MAX_REPLY_DETAILS = 100


class ServiceError(Exception):
    """Base of the errors a service answers with; never a timeout, never a stack trace."""

    code: ErrorCode = ErrorCode.INTERNAL
    # The field's code when ``for_field`` names none: the pages word it (``error.<code>``).
    field_code: str = "invalid"

    def __init__(self, message: str, details: Sequence[FieldError] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details)

    def reply(self) -> ErrorReply:
        details = self.details
        if len(details) > MAX_REPLY_DETAILS:
            more = len(details) - MAX_REPLY_DETAILS
            details = [
                *details[:MAX_REPLY_DETAILS],
                FieldError(
                    field="body",
                    message=f"{more} more problems of this request are not listed",
                    code="more_problems",
                    params={"count": more},
                ),
            ]
        return ErrorReply(code=self.code, message=self.message, details=details)

    @classmethod
    def for_field(
        cls,
        field: str,
        message: str,
        code: str | None = None,
        params: dict[str, str | int | float] | None = None,
    ) -> ServiceError:
        code = code or cls.field_code
        return cls(message, [FieldError(field=field, message=message, code=code, params=params or {})])


class InvalidInput(ServiceError):
    code = ErrorCode.VALIDATION


class NotFound(ServiceError):
    code = ErrorCode.NOT_FOUND
    # Something named that does not exist reads "Diesen Eintrag gibt es nicht.", not "not allowed".
    field_code = "unknown"


class Conflict(ServiceError):
    code = ErrorCode.CONFLICT


class RuleViolation(ServiceError):
    code = ErrorCode.RULE_VIOLATION


class Forbidden(ServiceError):
    code = ErrorCode.FORBIDDEN


class Unavailable(ServiceError):
    code = ErrorCode.UNAVAILABLE


class NoAnswer(Unavailable):
    """The request was sent but no answer came (time limit, connection lost meanwhile): unlike any
    other refusal, the service may have carried it out."""


_ERRORS_BY_CODE: dict[ErrorCode, type[ServiceError]] = {
    cls.code: cls for cls in (InvalidInput, NotFound, Conflict, RuleViolation, Forbidden, Unavailable)
}


def error_from_reply(reply: ErrorReply) -> ServiceError:
    """Turn an error reply back into the matching exception (used by callers such as the gateway)."""
    error = _ERRORS_BY_CODE.get(reply.code, ServiceError)(reply.message, reply.details)
    error.code = reply.code
    return error


def field_errors(error: ValidationError, *, strip_prefix: int = 0) -> list[FieldError]:
    """Pydantic's errors as field errors with dotted paths (``address.postal_code``, ``emails.1``)."""
    return [
        FieldError(
            field=_dotted(item["loc"][strip_prefix:]) or "body",
            message=item["msg"],
            code=item["type"],
            params=plain_params(item.get("ctx")),
        )
        for item in error.errors(include_url=False, include_input=False)
    ]


def problems_text(error: ValidationError) -> str:
    """Pydantic's errors as one line for a log or a stored reason: each field, what is wrong and the
    code, never the value sent (``str(error)`` quotes it, a person's name or phone number say)."""
    return "; ".join(
        f"{_dotted(item['loc']) or 'body'}: {item['msg']} ({item['type']})"
        for item in error.errors(include_url=False, include_input=False)
    )


def plain_params(context: Any) -> dict[str, str | int | float]:
    """The plain values of a pydantic error's context (limits, expected values); others left out."""
    if not isinstance(context, dict):
        return {}
    return {
        key: value
        for key, value in context.items()
        if isinstance(value, str | int | float) and not isinstance(value, bool)
    }


def _dotted(loc: Iterable[Any]) -> str:
    return ".".join(str(part) for part in loc)
