"""Workshop choice: everyone ranks the parallel workshops of an agenda slot; an optimal assignment
within room capacities (min-cost flow, so no greedy first-come advantage).

Cost of getting one's choice number ``c`` is ``(c - 1) ** 2``: a third choice costs more than two
second choices, so the plan avoids leaving a few people with a poor choice to please others
slightly more. A workshop one did not rank costs as much as a rank two places after one's last.
"""

from __future__ import annotations

import random
from typing import Self

from pydantic import Field, model_validator

from events_service.groupwork.common import (
    EntityId,
    FrozenModel,
    NonNegativeInt,
    NoticeSeverity,
    PlanNotice,
    check_unique_ids,
)
from events_service.groupwork.flow import FlowNetwork


class Workshop(FrozenModel):
    id: EntityId
    title: str = ""
    capacity: NonNegativeInt


class Preference(FrozenModel):
    participant_id: EntityId
    ranked_workshop_ids: tuple[EntityId, ...] = Field(description="Best first; may be shorter than the list")


class WorkshopChoiceRequest(FrozenModel):
    workshops: tuple[Workshop, ...] = Field(min_length=1)
    preferences: tuple[Preference, ...]
    # If false, people whose ranked workshops are full stay unassigned instead of getting any seat.
    assign_unranked: bool = True
    seed: int = 0

    @model_validator(mode="after")
    def _references_are_known(self) -> Self:
        check_unique_ids([w.id for w in self.workshops], "workshops")
        check_unique_ids([p.participant_id for p in self.preferences], "preferences")
        known = {w.id for w in self.workshops}
        for index, preference in enumerate(self.preferences):
            field = f"preferences[{index}].ranked_workshop_ids"
            check_unique_ids(list(preference.ranked_workshop_ids), field)
            unknown = [w for w in preference.ranked_workshop_ids if w not in known]
            if unknown:
                raise ValueError(
                    f"{field} names unknown workshop(s) {unknown} for {preference.participant_id!r}"
                )
        return self


def choice_cost(choice: int) -> int:
    """Cost of getting one's ``choice``-th wish (1 = first)."""
    return (choice - 1) ** 2


def unranked_choice(request: WorkshopChoiceRequest) -> int:
    return max((len(p.ranked_workshop_ids) for p in request.preferences), default=0) + 2


class Assignment(FrozenModel):
    participant_id: str
    workshop_id: str | None
    # 1 = first choice; None for an unranked workshop or no seat.
    choice: int | None


class Satisfaction(FrozenModel):
    people: int
    by_choice: dict[int, int]
    unranked: int
    unassigned: int
    share_first_choice: float
    share_top_three: float
    total_cost: int


class WorkshopPlan(FrozenModel):
    seed: int
    assignments: tuple[Assignment, ...]
    occupancy: dict[str, int]
    satisfaction: Satisfaction
    notices: tuple[PlanNotice, ...] = ()


def plan_workshop_choice(request: WorkshopChoiceRequest) -> WorkshopPlan:
    people = list(request.preferences)
    # Equal-cost alternatives go to whoever comes first; shuffle so that no list position is favoured.
    random.Random(request.seed).shuffle(people)
    workshops = request.workshops
    n, m = len(people), len(workshops)
    source, sink = n + m, n + m + 1
    network = FlowNetwork(n + m + 2)
    unranked = unranked_choice(request)
    arcs: list[list[tuple[int, int]]] = []
    for i, preference in enumerate(people):
        network.add_edge(source, i, 1, 0)
        ranks = {w: c for c, w in enumerate(preference.ranked_workshop_ids, start=1)}
        person_arcs = []
        for j, workshop in enumerate(workshops):
            choice = ranks.get(workshop.id)
            if choice is None and not request.assign_unranked:
                continue
            cost = choice_cost(choice if choice is not None else unranked)
            person_arcs.append((j, network.add_edge(i, n + j, 1, cost)))
        arcs.append(person_arcs)
    for j, workshop in enumerate(workshops):
        network.add_edge(n + j, sink, workshop.capacity, 0)
    _, total_cost = network.min_cost_flow(source, sink, n)
    chosen: dict[str, str | None] = {}
    for preference, person_arcs in zip(people, arcs, strict=True):
        seat = next((j for j, arc in person_arcs if network.flow_on(arc)), None)
        chosen[preference.participant_id] = None if seat is None else workshops[seat].id
    assignments = []
    for preference in request.preferences:
        workshop_id = chosen[preference.participant_id]
        ranks = {w: c for c, w in enumerate(preference.ranked_workshop_ids, start=1)}
        assignments.append(
            Assignment(
                participant_id=preference.participant_id,
                workshop_id=workshop_id,
                choice=None if workshop_id is None else ranks.get(workshop_id),
            )
        )
    return WorkshopPlan(
        seed=request.seed,
        assignments=tuple(assignments),
        occupancy={w.id: sum(a.workshop_id == w.id for a in assignments) for w in workshops},
        satisfaction=_satisfaction(assignments, total_cost),
        notices=tuple(_notices(request, assignments)),
    )


def _satisfaction(assignments: list[Assignment], total_cost: int) -> Satisfaction:
    people = len(assignments)
    by_choice: dict[int, int] = {}
    for a in assignments:
        if a.choice is not None:
            by_choice[a.choice] = by_choice.get(a.choice, 0) + 1
    unassigned = sum(a.workshop_id is None for a in assignments)
    unranked = sum(a.workshop_id is not None and a.choice is None for a in assignments)
    top_three = sum(count for choice, count in by_choice.items() if choice <= 3)
    return Satisfaction(
        people=people,
        by_choice=dict(sorted(by_choice.items())),
        unranked=unranked,
        unassigned=unassigned,
        share_first_choice=round(by_choice.get(1, 0) / people, 4) if people else 0.0,
        share_top_three=round(top_three / people, 4) if people else 0.0,
        total_cost=total_cost,
    )


def _notices(request: WorkshopChoiceRequest, assignments: list[Assignment]) -> list[PlanNotice]:
    notices = []
    seats = sum(w.capacity for w in request.workshops)
    if not request.preferences:
        notices.append(
            PlanNotice(
                severity=NoticeSeverity.INFEASIBLE,
                code="no_participants",
                field="preferences",
                message="Nobody has registered a choice yet; all workshops stay empty.",
            )
        )
    if seats < len(request.preferences):
        notices.append(
            PlanNotice(
                severity=NoticeSeverity.INFEASIBLE,
                code="capacity_below_participants",
                field="workshops.capacity",
                message=f"{len(request.preferences)} people but only {seats} seats in all workshops: "
                f"{len(request.preferences) - seats} cannot be placed. "
                "The others got the best possible choices; add seats or a workshop to place everyone.",
            )
        )
    left_out = sum(a.workshop_id is None for a in assignments)
    if left_out and seats >= len(request.preferences):
        notices.append(
            PlanNotice(
                severity=NoticeSeverity.INFEASIBLE,
                code="ranked_workshops_full",
                field="preferences",
                person_ids=tuple(a.participant_id for a in assignments if a.workshop_id is None),
                message=f"{left_out} people ranked only workshops that are full; allow unranked workshops "
                "or add seats to place them.",
            )
        )
    return notices
