"""From stored parameters, participants and inputs to a planner request, and from a planner's plan to
what is stored. Pure functions: the database work is in ``operations``; ``off_the_loop`` runs the
planners there."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from pydantic import BaseModel, ValidationError

from events_service.groupwork.barcamp import plan_barcamp
from events_service.groupwork.barcamp_models import BarcampPlan, BarcampRequest
from events_service.groupwork.common import GroupworkInputError, Participant
from events_service.groupwork.speed import SpeedPlan, SpeedRequest, plan_speed_consultations
from events_service.groupwork.workshops import WorkshopChoiceRequest, WorkshopPlan, plan_workshop_choice
from events_service.groupwork.world_cafe import plan_world_cafe
from events_service.groupwork.world_cafe_models import WorldCafePlan, WorldCafeRequest
from netzwerkstatt.contracts.groupwork import (
    BarcampParameters,
    GroupworkKind,
    SpeedParameters,
    WorkshopChoiceParameters,
    WorldCafeParameters,
)
from netzwerkstatt.errors import FieldError, InvalidInput
from netzwerkstatt.loops import in_worker_thread

T = TypeVar("T")
P = ParamSpec("P")

AnyParameters = WorldCafeParameters | SpeedParameters | WorkshopChoiceParameters | BarcampParameters
AnyPlan = WorldCafePlan | SpeedPlan | WorkshopPlan | BarcampPlan

PLAN_TYPES: dict[GroupworkKind, type[BaseModel]] = {
    GroupworkKind.WORLD_CAFE: WorldCafePlan,
    GroupworkKind.SPEED_CONSULTATION: SpeedPlan,
    GroupworkKind.WORKSHOP_CHOICE: WorkshopPlan,
    GroupworkKind.BARCAMP: BarcampPlan,
}


def empty_inputs() -> dict[str, Any]:
    return {"preferences": {}, "proposals": [], "votes": {}, "pins": []}


@dataclass(frozen=True)
class PlanningInput:
    """Everything a plan is made from."""

    parameters: AnyParameters
    participants: tuple[Participant, ...]
    inputs: Mapping[str, Any]
    seed: int
    # World Café: pairs that met at earlier events of the series (only when asked to avoid them).
    previous_encounters: tuple[tuple[str, str], ...] = ()


def validated(model: type[Any], values: dict[str, Any], prefix: str) -> Any:
    """Build a planner request; what it refuses becomes an InvalidInput naming the field."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        details = [
            FieldError(
                field=".".join([prefix, *(str(part) for part in item["loc"])]).strip("."),
                message=item["msg"].removeprefix("Value error, "),
                code=item["type"],
            )
            for item in error.errors(include_url=False, include_context=False, include_input=False)
        ]
        raise InvalidInput(details[0].message if details else "invalid plan input", details) from None


def cafe_request(source: PlanningInput, parameters: WorldCafeParameters) -> WorldCafeRequest:
    values = {
        "participants": [p.model_dump() for p in source.participants],
        "tables": [
            {"id": t.id, "topic": t.topic, "host_ids": [str(h) for h in t.host_ids]}
            for t in parameters.tables
        ],
        "rounds": parameters.rounds,
        "seed": source.seed,
        "previous_encounters": [list(pair) for pair in source.previous_encounters],
    }
    request: WorldCafeRequest = validated(WorldCafeRequest, values, "parameters")
    return request


def speed_request(source: PlanningInput, parameters: SpeedParameters) -> SpeedRequest:
    values = {
        "participant_ids": [p.id for p in source.participants],
        "group_size": parameters.group_size,
        "rounds": parameters.rounds,
        "speaking_seconds": parameters.speaking_seconds,
        "changeover_seconds": parameters.changeover_seconds,
        "seed": source.seed,
    }
    request: SpeedRequest = validated(SpeedRequest, values, "parameters")
    return request


def workshop_request(source: PlanningInput, parameters: WorkshopChoiceParameters) -> WorkshopChoiceRequest:
    """Everyone takes part; who has not ranked yet has an empty ranking (any seat, if allowed)."""
    rankings: Mapping[str, Sequence[str]] = source.inputs.get("preferences", {})
    values = {
        "workshops": [w.model_dump() for w in parameters.workshops],
        "preferences": [
            {"participant_id": p.id, "ranked_workshop_ids": list(rankings.get(p.id, []))}
            for p in source.participants
        ],
        "assign_unranked": parameters.assign_unranked,
        "seed": source.seed,
    }
    request: WorkshopChoiceRequest = validated(WorkshopChoiceRequest, values, "inputs")
    return request


def barcamp_request(
    source: PlanningInput, parameters: BarcampParameters, extra_pins: Sequence[Mapping[str, Any]] = ()
) -> BarcampRequest:
    """Sessions as proposed; only votes of current participants count."""
    present = {p.id for p in source.participants}
    votes: Mapping[str, Sequence[str]] = source.inputs.get("votes", {})
    sessions = [
        {
            "id": proposal["id"],
            "title": proposal["title"],
            "giver_ids": proposal["giver_ids"],
            "voter_ids": sorted(
                person for person, chosen in votes.items() if person in present and proposal["id"] in chosen
            ),
        }
        for proposal in source.inputs.get("proposals", [])
    ]
    pins = {pin["session_id"]: dict(pin) for pin in [*source.inputs.get("pins", []), *extra_pins]}
    values = {
        "rooms": [r.model_dump() for r in parameters.rooms],
        "slots": [s.model_dump() for s in parameters.slots],
        "sessions": sessions,
        "pins": list(pins.values()),
        "seed": source.seed,
    }
    request: BarcampRequest = validated(BarcampRequest, values, "inputs")
    return request


# A plan is up to about two seconds of CPU: one at a time per process (see ``in_worker_thread``).
_ONE_PLAN_AT_A_TIME = asyncio.Semaphore(1)


async def off_the_loop(work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``work(*args)``, a planner's work, in a worker thread: on the service's event loop it would
    hold up every other request, the consumers and the outbox relay for as long."""
    return await in_worker_thread(_ONE_PLAN_AT_A_TIME, work, *args, **kwargs)


def make_plan(source: PlanningInput) -> AnyPlan:
    """Run the planner of the parameters' kind."""
    parameters = source.parameters
    try:
        if isinstance(parameters, WorldCafeParameters):
            return plan_world_cafe(cafe_request(source, parameters))
        if isinstance(parameters, SpeedParameters):
            return plan_speed_consultations(speed_request(source, parameters))
        if isinstance(parameters, WorkshopChoiceParameters):
            return plan_workshop_choice(workshop_request(source, parameters))
        return plan_barcamp(barcamp_request(source, parameters))
    except GroupworkInputError as error:
        raise InvalidInput.for_field(error.field, error.message) from None


def stored_plan(kind: GroupworkKind, plan: Mapping[str, Any]) -> AnyPlan:
    parsed: AnyPlan = PLAN_TYPES[kind].model_validate(plan)  # type: ignore[assignment]
    return parsed


def encounters(plan: WorldCafePlan) -> set[tuple[str, str]]:
    """Every pair that sat at one table in some round (hosts included)."""
    pairs: set[tuple[str, str]] = set()
    for cafe_round in plan.rounds:
        for table in cafe_round.tables:
            people = sorted({*table.host_ids, *table.participant_ids})
            pairs.update((a, b) for i, a in enumerate(people) for b in people[i + 1 :])
    return pairs


def involved_people(plan: AnyPlan) -> list[str]:
    """Ids of the people a plan seats (for display names)."""
    found: set[str] = set()
    if isinstance(plan, WorldCafePlan):
        for cafe_round in plan.rounds:
            for table in cafe_round.tables:
                found.update(table.host_ids)
                found.update(table.participant_ids)
    elif isinstance(plan, SpeedPlan):
        for speed_round in plan.rounds:
            found.update(speed_round.byes)
            for group in speed_round.groups:
                found.update(group.participant_ids)
    elif isinstance(plan, WorkshopPlan):
        found.update(a.participant_id for a in plan.assignments)
    return sorted(found)
