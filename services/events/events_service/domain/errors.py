"""Typed rule errors shared by every domain module."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict


class RuleError(BaseModel):
    """One broken rule: a stable code for machines, a message for people, the field it concerns."""

    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    field: str | None = None


class RuleViolation(Exception):
    """Raised when a requested change breaks one or more rules; nothing was changed."""

    def __init__(self, errors: Iterable[RuleError]) -> None:
        self.errors: tuple[RuleError, ...] = tuple(errors)
        if not self.errors:
            raise ValueError("a RuleViolation needs at least one error")
        super().__init__("; ".join(f"{e.field or '-'}: {e.message} [{e.code}]" for e in self.errors))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(error.code for error in self.errors)


def fail(code: str, message: str, field: str | None = None) -> RuleViolation:
    """Build a violation with a single error, for ``raise fail(...)``."""
    return RuleViolation([RuleError(code=code, message=message, field=field)])


def raise_if_any(errors: Iterable[RuleError]) -> None:
    collected = tuple(errors)
    if collected:
        raise RuleViolation(collected)
