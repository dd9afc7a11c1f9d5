"""Changes to a stored plan: moves by hand (hard rules re-checked, quality measured anew) and
participants who came late or dropped out, changing as little of the plan as possible."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from events_service.groupwork import speed, workshops, world_cafe
from events_service.groupwork.barcamp import plan_barcamp
from events_service.groupwork.barcamp_models import BarcampPlan, BarcampQuality, BarcampRequest, Placement
from events_service.groupwork.common import NoticeSeverity, PlanNotice
from events_service.groupwork.speed import SpeedPlan, SpeedRequest
from events_service.groupwork.workshops import (
    Assignment,
    Satisfaction,
    WorkshopChoiceRequest,
    WorkshopPlan,
    choice_cost,
    unranked_choice,
)
from events_service.groupwork.world_cafe_models import WorldCafePlan
from events_service.planning.build import (
    AnyPlan,
    PlanningInput,
    barcamp_request,
    cafe_request,
    make_plan,
    speed_request,
    workshop_request,
)
from netzwerkstatt.contracts.groupwork import (
    BarcampParameters,
    MovePerson,
    MoveSession,
    SpeedParameters,
    SwapPeople,
    WorkshopChoiceParameters,
    WorldCafeParameters,
)
from netzwerkstatt.errors import InvalidInput, RuleViolation

# -- World Café --------------------------------------------------------------------------------------


def _cafe_seating(source: PlanningInput, parameters: WorldCafeParameters, plan: WorldCafePlan) -> Any:
    request = cafe_request(source, parameters)
    indexed = world_cafe._index(request)
    position = {p.id: i for i, p in enumerate(indexed.rotating)}
    table_index = {t.id: j for j, t in enumerate(request.tables)}
    seat = [[-1] * len(indexed.rotating) for _ in plan.rounds]
    for k, cafe_round in enumerate(plan.rounds):
        for table in cafe_round.tables:
            for person in table.participant_ids:
                seat[k][position[person]] = table_index[table.table_id]
    return indexed, seat


def _cafe_plan(indexed: Any, seat: list[list[int]]) -> WorldCafePlan:
    notices = world_cafe._capacity_notices(indexed)
    result: WorldCafePlan = world_cafe._with_bound_notice(world_cafe._to_plan(indexed, seat, notices))
    return result


def _check_round(number: int, rounds: Sequence[Any]) -> None:
    if number > len(rounds):
        raise InvalidInput.for_field(
            "change.round", f"the plan has {len(rounds)} round(s)", "no_such_round", {"rounds": len(rounds)}
        )


def move_in_cafe(
    source: PlanningInput, parameters: WorldCafeParameters, plan: WorldCafePlan, change: MovePerson
) -> WorldCafePlan:
    person = str(change.person_id)
    if change.round is None:
        raise InvalidInput.for_field("change.round", "a World Café move needs the round", code="missing")
    if change.table_id is None:
        raise InvalidInput.for_field("change.table_id", "a World Café move needs the table", code="missing")
    _check_round(change.round, plan.rounds)
    hosts = {h for t in parameters.tables for h in map(str, t.host_ids)}
    if person in hosts:
        raise RuleViolation.for_field(
            "change.person_id",
            "table hosts stay at their table for all rounds and cannot be moved",
            "host_stays",
        )
    tables = [t.id for t in parameters.tables]
    if change.table_id not in tables:
        raise InvalidInput.for_field("change.table_id", f"no table {change.table_id!r}", "unknown_table")
    indexed, seat = _cafe_seating(source, parameters, plan)
    position = {p.id: i for i, p in enumerate(indexed.rotating)}
    if person not in position:
        raise InvalidInput.for_field(
            "change.person_id", "this person is not seated in the plan", "not_in_plan"
        )
    seat[change.round - 1][position[person]] = tables.index(change.table_id)
    return _cafe_plan(indexed, seat)


# -- speed consultations ---------------------------------------------------------------------------


def swap_in_speed(
    source: PlanningInput, parameters: SpeedParameters, plan: SpeedPlan, change: SwapPeople
) -> SpeedPlan:
    _check_round(change.round, plan.rounds)
    a, b = str(change.person_id), str(change.other_person_id)
    if a == b:
        raise InvalidInput.for_field(
            "change.other_person_id", "choose two different people to swap", "same_person"
        )
    groupings: list[list[list[str]]] = [[list(g.participant_ids) for g in r.groups] for r in plan.rounds]
    k = change.round - 1
    seated = {x for g in groupings[k] for x in g} | set(plan.rounds[k].byes)
    for field, person in (("change.person_id", a), ("change.other_person_id", b)):
        if person not in seated:
            raise InvalidInput.for_field(field, "this person is not in the plan", "not_in_plan")
    if any(a in group and b in group for group in groupings[k]):
        raise RuleViolation.for_field(
            "change.other_person_id",
            "the two people are in one group; swapping them changes nothing",
            "same_group",
        )
    groupings[k] = [[b if x == a else a if x == b else x for x in g] for g in groupings[k]]
    request: SpeedRequest = speed_request(source, parameters)
    people = _speed_order(request)
    limit = plan.quality.max_rounds_without_repeats
    rebuilt: SpeedPlan = speed._assemble(request, people, groupings, limit, list(plan.notices), plan)
    return rebuilt


def _speed_order(request: SpeedRequest) -> list[str]:
    """The order the planner used (byes are listed in it)."""
    people = list(request.participant_ids)
    random.Random(request.seed).shuffle(people)
    return people


# -- workshop choice -------------------------------------------------------------------------------


def _workshop_plan(request: WorkshopChoiceRequest, chosen: dict[str, str | None]) -> WorkshopPlan:
    rankings = {p.participant_id: list(p.ranked_workshop_ids) for p in request.preferences}
    unranked = unranked_choice(request)
    assignments = []
    for preference in request.preferences:
        workshop = chosen.get(preference.participant_id)
        ranks = rankings[preference.participant_id]
        choice = ranks.index(workshop) + 1 if workshop in ranks else None
        assignments.append(
            Assignment(participant_id=preference.participant_id, workshop_id=workshop, choice=choice)
        )
    cost = sum(choice_cost(a.choice or unranked) for a in assignments if a.workshop_id is not None)
    satisfaction: Satisfaction = workshops._satisfaction(assignments, cost)
    return WorkshopPlan(
        seed=request.seed,
        assignments=tuple(assignments),
        occupancy={w.id: sum(a.workshop_id == w.id for a in assignments) for w in request.workshops},
        satisfaction=satisfaction,
        notices=tuple(workshops._notices(request, assignments)),
    )


def move_in_workshops(
    source: PlanningInput, parameters: WorkshopChoiceParameters, plan: WorkshopPlan, change: MovePerson
) -> WorkshopPlan:
    person = str(change.person_id)
    request = workshop_request(source, parameters)
    chosen: dict[str, str | None] = {a.participant_id: a.workshop_id for a in plan.assignments}
    if person not in chosen:
        raise InvalidInput.for_field("change.person_id", "this person is not in the plan", "not_in_plan")
    capacity = {w.id: w.capacity for w in request.workshops}
    titles = {w.id: w.title or w.id for w in request.workshops}
    target = change.table_id
    if target is not None and target not in capacity:
        raise InvalidInput.for_field("change.table_id", f"no workshop {target!r}", "unknown_workshop")
    if target is not None and chosen[person] != target:
        taken = sum(1 for w in chosen.values() if w == target)
        if taken >= capacity[target]:
            raise RuleViolation.for_field(
                "change.table_id",
                f"workshop {target!r} is full ({taken} of {capacity[target]} seats); move someone out first",
                "workshop_full",
                {"workshop": titles[target], "taken": taken, "capacity": capacity[target]},
            )
    chosen[person] = target
    return _workshop_plan(request, chosen)


def sync_workshops(
    source: PlanningInput, parameters: WorkshopChoiceParameters, plan: WorkshopPlan
) -> WorkshopPlan:
    """People still present keep their seat; newcomers get their best choice with a free seat."""
    request = workshop_request(source, parameters)
    before = {a.participant_id: a.workshop_id for a in plan.assignments}
    chosen = {
        p.participant_id: before[p.participant_id] for p in request.preferences if p.participant_id in before
    }
    capacity = {w.id: w.capacity for w in request.workshops}
    for preference in request.preferences:
        if preference.participant_id in chosen:
            continue
        free = [w for w in capacity if sum(1 for c in chosen.values() if c == w) < capacity[w]]
        ranked = [w for w in preference.ranked_workshop_ids if w in free]
        fallback = sorted(free, key=lambda w: -(capacity[w] - sum(1 for c in chosen.values() if c == w)))
        pick = ranked[0] if ranked else (fallback[0] if fallback and request.assign_unranked else None)
        chosen[preference.participant_id] = pick
    return _workshop_plan(request, chosen)


# -- Barcamp -----------------------------------------------------------------------------------------


def _barcamp_quality(request: BarcampRequest, placements: Sequence[Placement]) -> BarcampQuality:
    sessions = {s.id: s for s in request.sessions}
    giver_conflicts = voter_conflicts = 0
    for slot in request.slots:
        here = [sessions[p.session_id] for p in placements if p.slot_id == slot.id]
        givers = [g for s in here for g in s.giver_ids]
        voters = [v for s in here for v in s.voter_ids]
        giver_conflicts += len(givers) - len(set(givers))
        voter_conflicts += len(voters) - len(set(voters))
    overflow = sum(max(0, p.votes - (p.room_capacity or 0)) for p in placements if p.room_id is not None)
    return BarcampQuality(
        voter_conflicts=voter_conflicts,
        giver_conflicts=giver_conflicts,
        overflow=overflow,
        unplaced_sessions=sum(1 for p in placements if p.slot_id is None),
    )


def move_in_barcamp(
    source: PlanningInput, parameters: BarcampParameters, plan: BarcampPlan, change: MoveSession
) -> BarcampPlan:
    request = barcamp_request(source, parameters)
    sessions = {s.id: s for s in request.sessions}
    rooms = {r.id: r for r in request.rooms}
    slots = {s.id: s.label or s.id for s in request.slots}
    if change.session_id not in sessions:
        raise InvalidInput.for_field(
            "change.session_id", f"no session {change.session_id!r}", "unknown_session"
        )
    if change.slot_id not in slots:
        raise InvalidInput.for_field("change.slot_id", f"no slot {change.slot_id!r}", "unknown_slot")
    if change.room_id is not None and change.room_id not in rooms:
        raise InvalidInput.for_field("change.room_id", f"no room {change.room_id!r}", "unknown_room")
    where = {p.session_id: (p.slot_id, p.room_id) for p in plan.placements}
    for session_id in sessions:
        where.setdefault(session_id, (None, None))
    old_slot, old_room = where[change.session_id]
    in_target = [s for s, (slot, _) in where.items() if slot == change.slot_id and s != change.session_id]
    room = change.room_id
    if room is None:
        used = {where[s][1] for s in in_target}
        free = sorted((r for r in rooms if r not in used), key=lambda r: -rooms[r].capacity)
        if not free:
            raise RuleViolation.for_field(
                "change.room_id",
                f"every room in slot {change.slot_id!r} is taken; name a room to swap with",
                "slot_rooms_taken",
                {"slot": slots[change.slot_id]},
            )
        room = free[0]
    occupant = next((s for s in in_target if where[s][1] == room), None)
    where[change.session_id] = (change.slot_id, room)
    if occupant is not None:
        where[occupant] = (old_slot, old_room)
    for moved in (change.session_id, occupant):
        slot = where[moved][0] if moved is not None else None
        if moved is None or slot is None:
            continue
        givers = set(sessions[moved].giver_ids)
        for other, (other_slot, _) in where.items():
            shared = givers & set(sessions[other].giver_ids)
            if other != moved and other_slot == slot and shared:
                raise RuleViolation.for_field(
                    "change.slot_id",
                    f"session {moved!r} and session {other!r} would both run in slot {slot!r}, but "
                    f"{', '.join(sorted(shared))} give(s) both and cannot be in two places",
                    "giver_in_two_places",
                    {
                        "session": sessions[moved].title or moved,
                        "other": sessions[other].title or other,
                        "slot": slots[slot],
                    },
                )
    placements = tuple(
        Placement(
            session_id=s.id,
            slot_id=where[s.id][0],
            room_id=where[s.id][1],
            votes=len(s.voter_ids),
            room_capacity=None if where[s.id][1] is None else rooms[str(where[s.id][1])].capacity,
        )
        for s in request.sessions
    )
    quality = _barcamp_quality(request, placements)
    notices = [n for n in plan.notices if n.code != "rooms_too_small"]
    if quality.overflow:
        notices.append(
            PlanNotice(
                severity=NoticeSeverity.WARNING,
                code="rooms_too_small",
                field="rooms.capacity",
                message=f"Sessions with more votes than seats in their room ({quality.overflow} too many).",
            )
        )
    return BarcampPlan(seed=plan.seed, placements=placements, quality=quality, notices=tuple(notices))


def sync_barcamp(source: PlanningInput, parameters: BarcampParameters, plan: BarcampPlan) -> BarcampPlan:
    """Placed sessions stay where they are (pinned); only votes change and new sessions are placed."""
    placed = [
        {"session_id": p.session_id, "slot_id": p.slot_id, "room_id": p.room_id}
        for p in plan.placements
        if p.slot_id is not None
    ]
    known = {s["id"] for s in source.inputs.get("proposals", [])}
    pins = [pin for pin in placed if pin["session_id"] in known]
    return plan_barcamp(barcamp_request(source, parameters, extra_pins=pins))


# -- participants who came late or dropped out ------------------------------------------------------


def sync_participants(source: PlanningInput, plan: AnyPlan) -> AnyPlan:
    parameters = source.parameters
    if isinstance(parameters, WorldCafeParameters) and isinstance(plan, WorldCafePlan):
        return world_cafe.replan_participants(cafe_request(source, parameters), plan)
    if isinstance(parameters, WorkshopChoiceParameters) and isinstance(plan, WorkshopPlan):
        return sync_workshops(source, parameters, plan)
    if isinstance(parameters, BarcampParameters) and isinstance(plan, BarcampPlan):
        return sync_barcamp(source, parameters, plan)
    # Speed consultations rotate everyone every round: a new person changes every pairing anyway.
    replanned = make_plan(source)
    notice = PlanNotice(
        severity=NoticeSeverity.WARNING,
        code="replanned_in_full",
        field="participants",
        message="Speed consultations were planned anew for the changed participants "
        "(with rotating pairs every round changes anyway).",
    )
    return replanned.model_copy(update={"notices": (*replanned.notices, notice)})
