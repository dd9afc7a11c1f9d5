"""Input and output models of the World Café planner (the plan is stored as JSON with the event)."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from events_service.groupwork.common import (
    EntityId,
    FrozenModel,
    Participant,
    PlanNotice,
    PositiveInt,
    check_unique_ids,
)


class CafeTable(FrozenModel):
    """A table with its topic; hosts stay at the table for all rounds."""

    id: EntityId
    topic: str = ""
    host_ids: tuple[EntityId, ...] = ()


class CafeWeights(FrozenModel):
    """Relative weight of each wish; encounters and revisits dominate the mix by default."""

    repeated_encounter: float = Field(default=100.0, ge=0)
    table_revisit: float = Field(default=5.0, ge=0)
    same_organisation: float = Field(default=2.0, ge=0)
    same_organisation_type: float = Field(default=1.0, ge=0)
    same_district: float = Field(default=1.0, ge=0)


class WorldCafeRequest(FrozenModel):
    """Who takes part, at which tables, for how many rounds.

    People listed as a table's host stay at that table; if they are also in ``participants`` their
    organisation, type and district count for the table's mix.
    """

    participants: tuple[Participant, ...]
    tables: tuple[CafeTable, ...] = Field(min_length=1)
    rounds: PositiveInt
    seed: int = 0
    previous_encounters: tuple[tuple[EntityId, EntityId], ...] = ()
    weights: CafeWeights = CafeWeights()
    search_steps_per_seat: PositiveInt = 400

    @model_validator(mode="after")
    def _ids_are_unique(self) -> Self:
        check_unique_ids([p.id for p in self.participants], "participants")
        check_unique_ids([t.id for t in self.tables], "tables")
        check_unique_ids([h for t in self.tables for h in t.host_ids], "tables.host_ids")
        return self


class CafeTableRound(FrozenModel):
    table_id: str
    topic: str
    host_ids: tuple[str, ...]
    participant_ids: tuple[str, ...]


class CafeRound(FrozenModel):
    number: int
    tables: tuple[CafeTableRound, ...]


class TableMix(FrozenModel):
    """How mixed one table is in one round (hosts included)."""

    round_number: int
    table_id: str
    size: int
    organisation_types: int
    districts: int
    max_organisation_type_share: float
    max_district_share: float
    max_organisation_share: float


class CafeQuality(FrozenModel):
    """The plan measured against what is possible at all.

    ``repeated_encounters`` counts, over all pairs of rotating participants, every meeting beyond the
    first (a pair that met at an earlier event of the series already has its first meeting).
    ``repeated_encounters_lower_bound`` is the larger of the counting bound and, for a plan in which nobody
    sits at a table twice, the bound of that rule (both documented in ``world_cafe_bounds``).
    """

    repeated_encounters: int
    repeated_encounters_lower_bound: int
    max_rounds_without_repeats: int | None  # None: no pairs meet at all (tables of one)
    table_revisits: int
    table_revisits_lower_bound: int
    max_organisation_type_share: float
    max_district_share: float
    max_organisation_share: float
    size_spread: int
    tables: tuple[TableMix, ...]


class WorldCafePlan(FrozenModel):
    seed: int
    rounds: tuple[CafeRound, ...]
    quality: CafeQuality
    notices: tuple[PlanNotice, ...] = ()
