"""Types shared by all group work planners: participants, notices and the frozen model base."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# Participant, table, session and workshop ids arrive as UUID strings or other stable keys.
EntityId = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class FrozenModel(BaseModel):
    """Immutable, strict-about-unknown-fields base for planner inputs and outputs."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Participant(FrozenModel):
    """A confirmed or checked-in person, with what is needed to mix tables well."""

    id: EntityId
    organisation_id: EntityId | None = None
    organisation_type: str | None = None
    district_key: str | None = None


class NoticeSeverity(StrEnum):
    WARNING = "warning"
    INFEASIBLE = "infeasible"


class PlanNotice(FrozenModel):
    """Something the planner could not do as asked, and what it did instead.

    ``infeasible`` means a requested rule cannot hold at all (the plan is the best that can be made);
    ``warning`` means the plan is complete but weaker than one might expect.
    """

    severity: NoticeSeverity
    code: str
    field: str
    message: str
    # Whom and what it is about, as ids: the page names them (people by name, sessions by title).
    person_ids: tuple[str, ...] = ()
    session_ids: tuple[str, ...] = ()


class GroupworkInputError(ValueError):
    """Input that no plan can be made from at all (not even a partial one)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def check_unique_ids(ids: list[str], field: str) -> None:
    """Reject duplicate ids, naming the first duplicate, because a plan keyed by id would lose one."""
    seen: set[str] = set()
    for entity_id in ids:
        if entity_id in seen:
            raise ValueError(f"{field} contains the id {entity_id!r} more than once")
        seen.add(entity_id)


NonNegativeInt = Annotated[int, Field(ge=0)]
PositiveInt = Annotated[int, Field(ge=1)]
