"""Typed rule errors shared by every domain module.

A broken rule raises :class:`RuleViolation`, which is the kernel's rule-violation error, so
request-reply answers it as a typed ``rule_violation`` reply whose details name each field. Field
paths are dotted like the kernel's validation errors (``days.1.end``, ``items.3.room``).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from netzwerkstatt import errors as kernel


class RuleError(BaseModel):
    """One broken rule: a stable code for machines, a message for people, the field it concerns."""

    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    field: str
    # What a reader's wording needs besides the code (a date, a figure), as the kernel's field errors.
    params: dict[str, str | int | float] = {}

    def as_field_error(self) -> kernel.FieldError:
        return kernel.FieldError(field=self.field, message=self.message, code=self.code, params=self.params)


class RuleViolation(kernel.RuleViolation):
    """Raised when a requested change breaks one or more rules; nothing was changed."""

    def __init__(self, errors: Iterable[RuleError]) -> None:
        self.errors: tuple[RuleError, ...] = tuple(errors)
        if not self.errors:
            raise ValueError("a RuleViolation needs at least one error")
        message = "; ".join(f"{error.field}: {error.message}" for error in self.errors)
        super().__init__(message, [error.as_field_error() for error in self.errors])

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(error.code for error in self.errors)


def fail(code: str, message: str, field: str) -> RuleViolation:
    """Build a violation with a single error, for ``raise fail(...)``."""
    return RuleViolation([RuleError(code=code, message=message, field=field)])


def raise_if_any(errors: Iterable[RuleError]) -> None:
    collected = tuple(errors)
    if collected:
        raise RuleViolation(collected)
