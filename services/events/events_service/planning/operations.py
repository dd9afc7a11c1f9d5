"""The group work subjects of the events service (``events.groupwork.*``). Handlers are thin:
parse → check references → plan (``build``/``adjust``) → store → reply with the plan's view."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy.ext.asyncio import AsyncSession

from events_service.api.base import event_to_change, existing_event, operations
from events_service.domain import barcamp_slots
from events_service.domain.errors import raise_if_any
from events_service.groupwork.barcamp_models import BarcampPlan
from events_service.groupwork.common import Participant
from events_service.groupwork.speed import SpeedPlan
from events_service.groupwork.workshops import WorkshopPlan
from events_service.groupwork.world_cafe import replan_participants
from events_service.groupwork.world_cafe_models import WorldCafePlan
from events_service.planning import adjust, live
from events_service.planning import store as plans
from events_service.planning.build import (
    AnyParameters,
    AnyPlan,
    PlanningInput,
    cafe_request,
    empty_inputs,
    encounters,
    involved_people,
    make_plan,
    off_the_loop,
    speed_request,
    stored_plan,
)
from events_service.planning.participants import display_names, host_attributes, participants_of
from events_service.store import projection
from events_service.store.records import EventRecord, GroupworkPlanRecord
from netzwerkstatt.contracts.groupwork import (
    AdjustPlan,
    BarcampParameters,
    CastVotes,
    GroupworkEventRef,
    GroupworkKind,
    GroupworkParameters,
    GroupworkPlanList,
    GroupworkPlanRef,
    GroupworkPlanSummary,
    GroupworkPlanView,
    ModeratePlan,
    ModerationAction,
    MovePerson,
    MoveSession,
    NoticeView,
    ParticipantChanges,
    ParticipantSource,
    PinSession,
    PlanGroupwork,
    ProposeSession,
    RerunPlan,
    SetPreferences,
    SpeedParameters,
    SwapPeople,
    UnpinSession,
    WorkshopChoiceParameters,
    WorldCafeParameters,
)
from netzwerkstatt.db import Database, DatabaseDep, utcnow
from netzwerkstatt.errors import Conflict, InvalidInput, NotFound, RuleViolation
from netzwerkstatt.principal import Access, Principal, require_change

PARAMETERS: TypeAdapter[AnyParameters] = TypeAdapter(GroupworkParameters)
# How often a change planned outside the locks is planned again when the plan changed meanwhile.
REPLAN_ATTEMPTS = 3


# -- loading and saving ------------------------------------------------------------------------------


async def existing_plan(
    session: AsyncSession, plan_id: uuid.UUID, *, lock: bool = False
) -> GroupworkPlanRecord:
    stored = await plans.plan_row(session, plan_id, lock=lock)
    if stored is None:
        raise NotFound.for_field("plan_id", f"no group work plan with id {plan_id}")
    return stored


async def plan_to_change(
    session: AsyncSession, principal: Principal, plan_id: uuid.UUID
) -> GroupworkPlanRecord:
    """The plan, locked for the write, after checking that ``principal`` may change the plan's own
    event (under the event's lock, taken first as every change of an event's data does)."""
    found = await existing_plan(session, plan_id)
    await event_to_change(session, principal, found.event_id)
    return await existing_plan(session, plan_id, lock=True)


def _check_version(stored: GroupworkPlanRecord, expected: int | None) -> None:
    if expected is not None and expected != stored.version:
        raise Conflict.for_field(
            "version", f"the plan was changed meanwhile (now version {stored.version}); reload it and retry"
        )


async def _current_participants(
    session: AsyncSession, event_id: uuid.UUID, parameters: AnyParameters, source: str, day: Any
) -> tuple[Participant, ...]:
    registered = await participants_of(session, event_id, ParticipantSource(source), day)
    if not isinstance(parameters, WorldCafeParameters):
        return tuple(registered)
    known = {p.id for p in registered}
    missing_hosts = [h for t in parameters.tables for h in t.host_ids if str(h) not in known]
    return (*registered, *await host_attributes(session, missing_hosts))


async def _previous_encounters(
    session: AsyncSession, event: EventRecord, parameters: AnyParameters
) -> tuple[tuple[str, str], ...]:
    if not isinstance(parameters, WorldCafeParameters) or not parameters.avoid_series_encounters:
        return ()
    pairs: set[tuple[str, str]] = set()
    for earlier in await plans.earlier_cafe_plans(session, event):
        if earlier.outcome:
            # Who actually met whom, as recorded in the room, counts over the plan.
            pairs |= live.outcome_pairs(earlier.outcome)
        elif earlier.kind == GroupworkKind.WORLD_CAFE.value:
            pairs |= encounters(WorldCafePlan.model_validate(earlier.plan))
    return tuple(sorted(pairs))


def _source(
    stored: GroupworkPlanRecord, participants: tuple[Participant, ...] | None = None, **changes: Any
) -> PlanningInput:
    return PlanningInput(
        parameters=PARAMETERS.validate_python(stored.parameters),
        participants=participants
        if participants is not None
        else tuple(Participant.model_validate(p) for p in stored.participants),
        inputs=changes.get("inputs", stored.inputs),
        seed=changes.get("seed", stored.seed),
        previous_encounters=changes.get("previous_encounters", ()),
    )


def _plan_values(plan: AnyPlan, source: PlanningInput) -> dict[str, Any]:
    dumped = plan.model_dump(mode="json")
    return {
        "seed": source.seed,
        "participants": [p.model_dump(mode="json") for p in source.participants],
        "inputs": dict(source.inputs),
        "plan": dumped,
        "quality": dumped.get("quality") or dumped.get("satisfaction") or {},
        "notices": dumped.get("notices", []),
        "updated_at": utcnow(),
    }


async def plan_view(session: AsyncSession, stored: GroupworkPlanRecord) -> GroupworkPlanView:
    plan = stored_plan(GroupworkKind(stored.kind), stored.plan)
    participant_ids = [p["id"] for p in stored.participants]
    parameters = PARAMETERS.validate_python(stored.parameters)
    current = await _current_participants(
        session, stored.event_id, parameters, stored.participant_source, stored.day
    )
    live_people = [*(stored.live or {}).get("arrived", []), *(stored.live or {}).get("absent", [])]
    people = sorted(
        {*participant_ids, *involved_people(plan), *_people_in_inputs(stored.inputs), *live_people}
    )
    return GroupworkPlanView(
        id=stored.id,
        event_id=stored.event_id,
        kind=GroupworkKind(stored.kind),
        title=stored.title,
        parameters=stored.parameters,
        participant_source=ParticipantSource(stored.participant_source),
        day=stored.day,
        seed=stored.seed,
        participant_ids=participant_ids,
        inputs=stored.inputs,
        plan=stored.plan,
        quality=stored.quality,
        notices=[NoticeView.model_validate(n) for n in stored.notices],
        adjustments=stored.adjustments,
        names=await display_names(session, people),
        outdated=stored.outdated or {p.id for p in current} != set(participant_ids),
        version=stored.version,
        created_at=stored.created_at,
        updated_at=stored.updated_at,
        live=stored.live,
        outcome=stored.outcome or [],
        server_time=utcnow(),
    )


def _people_in_inputs(inputs: dict[str, Any]) -> set[str]:
    people = set(inputs.get("preferences", {})) | set(inputs.get("votes", {}))
    for proposal in inputs.get("proposals", []):
        people.update(proposal["giver_ids"])
    return people


async def _check_hosts(session: AsyncSession, parameters: AnyParameters) -> None:
    if not isinstance(parameters, WorldCafeParameters):
        return
    for t, table in enumerate(parameters.tables):
        for h, host in enumerate(table.host_ids):
            if await projection.person(session, host) is None:
                raise NotFound.for_field(f"parameters.tables.{t}.host_ids.{h}", f"no person with id {host}")


# -- operations ----------------------------------------------------------------------------------------


@operations("groupwork.plan", access=Access.CHANGE)
async def plan_groupwork(request: PlanGroupwork, principal: Principal, db: DatabaseDep) -> GroupworkPlanView:
    """Make and store a new plan from the event's confirmed (or checked-in) participants. What cannot
    be done as asked is explained in ``notices`` on the best plan that can be made.

    The plan is made between two transactions, not under the event's lock: registrations for the
    event go on while it is computed (up to about two seconds), and one that lands meanwhile shows
    the stored plan as ``outdated``. Who may plan is checked before (no plan for someone who may not
    store it) and again in the write's transaction.

    A Barcamp's slots are times of day or spans that end after they begin and do not overlap, and its
    rounds, when given, are as many as its slots: each problem is refused at its slot's label
    (``slot_not_a_time``, ``slot_ends_before_start``, ``slot_overlaps``) or at ``rounds``
    (``barcamp_rounds_are_slots``), all at once, before anything is planned."""
    if request.day is not None and request.participants != ParticipantSource.CHECKED_IN:
        raise InvalidInput.for_field("day", "a day only narrows checked-in participants; leave it empty")
    parameters = request.parameters
    if isinstance(parameters, BarcampParameters):
        raise_if_any(
            [
                *barcamp_slots.check_slots([slot.label for slot in parameters.slots]),
                *barcamp_slots.check_rounds(parameters.rounds, len(parameters.slots)),
            ]
        )
    async with db.read() as session:
        event = await existing_event(session, request.event_id)
        require_change(principal, event.network_id)
        _check_plannable(event)
        await _check_hosts(session, parameters)
        participants = await _current_participants(
            session, request.event_id, parameters, request.participants, request.day
        )
        source = PlanningInput(
            parameters=parameters,
            participants=participants,
            inputs=empty_inputs(),
            seed=request.seed,
            previous_encounters=await _previous_encounters(session, event, parameters),
        )
    plan = await off_the_loop(make_plan, source)
    async with db.unit_of_work() as uow:
        _check_plannable(await event_to_change(uow.session, principal, request.event_id))
        now = utcnow()
        stored = GroupworkPlanRecord(
            id=uuid.uuid4(),
            event_id=request.event_id,
            kind=parameters.kind,
            title=request.title,
            parameters=parameters.model_dump(mode="json"),
            participant_source=request.participants.value,
            day=request.day,
            adjustments=[],
            outdated=False,
            version=1,
            created_at=now,
            **_plan_values(plan, source),
        )
        await plans.insert(uow.session, stored)
        return await plan_view(uow.session, stored)


def _check_plannable(event: EventRecord) -> None:
    if event.status == "cancelled":
        raise RuleViolation.for_field("event_id", "the event is cancelled; no group work can be planned")


@operations("groupwork.get", access=Access.READ)
async def get_plan(request: GroupworkPlanRef, db: DatabaseDep) -> GroupworkPlanView:
    async with db.read() as session:
        return await plan_view(session, await existing_plan(session, request.plan_id))


@operations("groupwork.list", access=Access.READ)
async def list_plans(request: GroupworkEventRef, db: DatabaseDep) -> GroupworkPlanList:
    async with db.read() as session:
        await existing_event(session, request.event_id)
        found = await plans.plans_of_event(session, request.event_id)
    items = [
        GroupworkPlanSummary(
            id=stored.id,
            event_id=stored.event_id,
            kind=GroupworkKind(stored.kind),
            title=stored.title,
            seed=stored.seed,
            participants=len(stored.participants),
            notices=len(stored.notices),
            outdated=stored.outdated,
            version=stored.version,
            updated_at=stored.updated_at,
        )
        for stored in found
    ]
    return GroupworkPlanList.of(items, request, event_id=request.event_id)


async def _saved(
    session: AsyncSession, stored: GroupworkPlanRecord, values: dict[str, Any]
) -> GroupworkPlanView:
    """Store the plan with ``values`` changed and show it as stored now (with its new version)."""
    await plans.update(session, replace(stored, **values))
    return await plan_view(session, await existing_plan(session, stored.id))


PlanWork = Callable[[], dict[str, Any]]


async def _replanned(
    db: Database,
    principal: Principal,
    plan_id: uuid.UUID,
    expected_version: int | None,
    prepare: Callable[[AsyncSession, GroupworkPlanRecord, EventRecord], Awaitable[PlanWork]],
) -> GroupworkPlanView:
    """Change a stored plan by planning, outside the locks: ``prepare`` reads what the planning needs
    from the plan as it is and its event (and refuses what cannot be done); the work it returns (the
    plan's new values) runs in the worker thread with no transaction open; the values are stored only
    over the version they were made from. If the plan changed meanwhile, it is done again from the new
    version, or refused as a conflict when the request named the version it expected. Returns the
    stored plan's view."""
    for _ in range(REPLAN_ATTEMPTS):
        async with db.read() as session:
            planned_from = await existing_plan(session, plan_id)
            event = await existing_event(session, planned_from.event_id)
            require_change(principal, event.network_id)
            _check_version(planned_from, expected_version)
            work = await prepare(session, planned_from, event)
        values = await off_the_loop(work)
        async with db.unit_of_work() as uow:
            stored = await plan_to_change(uow.session, principal, plan_id)
            _check_version(stored, expected_version)
            if stored.version == planned_from.version:
                return await _saved(uow.session, stored, values)
    raise Conflict.for_field(
        "plan_id", "the plan kept changing while it was being planned; reload it and retry"
    )


@operations("groupwork.rerun", access=Access.CHANGE)
async def rerun_plan(request: RerunPlan, principal: Principal, db: DatabaseDep) -> GroupworkPlanView:
    """Plan again from the current participants and inputs; the same seed gives the same plan.
    Adjustments made by hand are dropped (they belonged to the previous plan).

    Computed outside the event's lock, so registrations go on meanwhile, and stored only over the
    version it was computed from: if the plan changed meanwhile, it is computed again from the new
    version, or refused as a conflict when the request names the version it expects."""

    async def prepare(session: AsyncSession, stored: GroupworkPlanRecord, event: EventRecord) -> PlanWork:
        parameters = PARAMETERS.validate_python(stored.parameters)
        participants = await _current_participants(
            session, stored.event_id, parameters, stored.participant_source, stored.day
        )
        source = _source(
            stored,
            participants,
            seed=stored.seed if request.seed is None else request.seed,
            previous_encounters=await _previous_encounters(session, event, parameters),
        )
        return lambda: {**_plan_values(make_plan(source), source), "adjustments": [], "outdated": False}

    return await _replanned(db, principal, request.plan_id, request.version, prepare)


def _apply(source: PlanningInput, kind: GroupworkKind, plan: AnyPlan, change: Any) -> AnyPlan:
    parameters = source.parameters
    if isinstance(change, MovePerson) and isinstance(plan, WorldCafePlan):
        assert isinstance(parameters, WorldCafeParameters)
        return adjust.move_in_cafe(source, parameters, plan, change)
    if isinstance(change, MovePerson) and isinstance(plan, WorkshopPlan):
        assert isinstance(parameters, WorkshopChoiceParameters)
        return adjust.move_in_workshops(source, parameters, plan, change)
    if isinstance(change, SwapPeople) and isinstance(plan, SpeedPlan):
        assert isinstance(parameters, SpeedParameters)
        return adjust.swap_in_speed(source, parameters, plan, change)
    if isinstance(change, MoveSession) and isinstance(plan, BarcampPlan):
        assert isinstance(parameters, BarcampParameters)
        return adjust.move_in_barcamp(source, parameters, plan, change)
    raise InvalidInput.for_field(
        "change.action", f"{change.action} does not apply to a {kind.value} plan", code="not_applicable"
    )


def _with_pin(inputs: dict[str, Any], change: PinSession | UnpinSession) -> dict[str, Any]:
    proposals = {p["id"] for p in inputs.get("proposals", [])}
    if change.session_id not in proposals:
        raise InvalidInput.for_field(
            "change.session_id", f"no session {change.session_id!r}", "unknown_session"
        )
    pins = [p for p in inputs.get("pins", []) if p["session_id"] != change.session_id]
    if isinstance(change, PinSession):
        pins.append({"session_id": change.session_id, "slot_id": change.slot_id, "room_id": change.room_id})
    return {**inputs, "pins": pins}


@operations("groupwork.adjust", access=Access.CHANGE)
async def adjust_plan(request: AdjustPlan, principal: Principal, db: DatabaseDep) -> GroupworkPlanView:
    """Change a plan by hand: move a person (World Café table in one round, or workshop), swap two
    people in a speed round, move a Barcamp session, or pin/unpin one (the rest is planned around the
    pins). Hard rules are checked; a change that breaks one is refused and nothing changes. Computed
    outside the event's lock, like a re-run."""
    change = request.change

    async def prepare(session: AsyncSession, stored: GroupworkPlanRecord, event: EventRecord) -> PlanWork:
        kind = GroupworkKind(stored.kind)
        parameters = PARAMETERS.validate_python(stored.parameters)
        source = _source(stored, previous_encounters=await _previous_encounters(session, event, parameters))
        record = {"at": utcnow().isoformat(), **change.model_dump(mode="json")}
        adjustments = [*stored.adjustments, record]
        if isinstance(change, PinSession | UnpinSession):
            if kind != GroupworkKind.BARCAMP:
                raise InvalidInput.for_field(
                    "change.action", f"{change.action} applies to Barcamp plans only", code="not_applicable"
                )
            pinned = _source(stored, inputs=_with_pin(stored.inputs, change))
            return lambda: {**_plan_values(make_plan(pinned), pinned), "adjustments": adjustments}
        plan = stored_plan(kind, stored.plan)
        return lambda: {
            **_plan_values(_apply(source, kind, plan, change), source),
            "adjustments": adjustments,
        }

    return await _replanned(db, principal, request.plan_id, request.version, prepare)


@operations("groupwork.sync_participants", access=Access.CHANGE)
async def sync_participants(
    request: GroupworkPlanRef, principal: Principal, db: DatabaseDep
) -> ParticipantChanges:
    """Bring the plan up to date with late registrations and dropouts, changing as little as possible.
    Computed outside the event's lock, like a re-run."""
    changes: dict[str, list[str]] = {}

    async def prepare(session: AsyncSession, stored: GroupworkPlanRecord, _event: EventRecord) -> PlanWork:
        parameters = PARAMETERS.validate_python(stored.parameters)
        participants = await _current_participants(
            session, stored.event_id, parameters, stored.participant_source, stored.day
        )
        before = [p["id"] for p in stored.participants]
        now = {p.id for p in participants}
        changes["added"] = [p.id for p in participants if p.id not in set(before)]
        changes["removed"] = [p for p in before if p not in now]
        source = _source(stored, participants)
        plan = stored_plan(GroupworkKind(stored.kind), stored.plan)
        return lambda: {**_plan_values(adjust.sync_participants(source, plan), source), "outdated": False}

    view = await _replanned(db, principal, request.plan_id, None, prepare)
    return ParticipantChanges(added=changes["added"], removed=changes["removed"], plan=view)


async def _participant_ids(session: AsyncSession, stored: GroupworkPlanRecord) -> set[str]:
    parameters = PARAMETERS.validate_python(stored.parameters)
    current = await _current_participants(
        session, stored.event_id, parameters, stored.participant_source, stored.day
    )
    return {p.id for p in current}


def _require_kind(stored: GroupworkPlanRecord, kind: GroupworkKind, what: str) -> None:
    if stored.kind != kind.value:
        raise InvalidInput.for_field(
            "plan_id", f"{what} belong to {kind.value} plans; this is {stored.kind}", "not_applicable"
        )


@operations("groupwork.set_preferences", access=Access.CHANGE)
async def set_preferences(
    request: SetPreferences, principal: Principal, db: DatabaseDep
) -> GroupworkPlanView:
    """A participant's ranking of the workshops (best first); re-run the plan to use it."""
    async with db.unit_of_work() as uow:
        stored = await plan_to_change(uow.session, principal, request.plan_id)
        _require_kind(stored, GroupworkKind.WORKSHOP_CHOICE, "workshop preferences")
        person = str(request.person_id)
        if person not in await _participant_ids(uow.session, stored):
            raise InvalidInput.for_field(
                "person_id", "this person is not a confirmed participant of the event", "not_participant"
            )
        workshops = [w["id"] for w in stored.parameters["workshops"]]
        for index, workshop in enumerate(request.ranked_workshop_ids):
            if workshop not in workshops:
                raise InvalidInput.for_field(
                    f"ranked_workshop_ids.{index}", f"no workshop {workshop!r}", "unknown_workshop"
                )
            if workshop in request.ranked_workshop_ids[:index]:
                raise InvalidInput.for_field(
                    f"ranked_workshop_ids.{index}", f"{workshop!r} is ranked twice", code="ranked_twice"
                )
        inputs = stored.inputs
        preferences = {**inputs.get("preferences", {}), person: list(request.ranked_workshop_ids)}
        values = {"inputs": {**inputs, "preferences": preferences}, "outdated": True, "updated_at": utcnow()}
        return await _saved(uow.session, stored, values)


@operations("groupwork.propose_session", access=Access.CHANGE)
async def propose_session(
    request: ProposeSession, principal: Principal, db: DatabaseDep
) -> GroupworkPlanView:
    """A Barcamp session proposal; re-run to place it. The id is the proposal's own: the same proposal
    sent again (same title and givers) changes nothing, another one under a taken id is refused, so
    nobody's proposal is replaced unnoticed."""
    async with db.unit_of_work() as uow:
        stored = await plan_to_change(uow.session, principal, request.plan_id)
        _require_kind(stored, GroupworkKind.BARCAMP, "session proposals")
        for index, giver in enumerate(request.giver_ids):
            if await projection.person(uow.session, giver) is None:
                raise NotFound.for_field(f"giver_ids.{index}", f"no person with id {giver}")
            if giver in request.giver_ids[:index]:
                raise InvalidInput.for_field(
                    f"giver_ids.{index}", "this person is named twice", "named_twice"
                )
        proposal = {
            "id": request.id,
            "title": request.title,
            "giver_ids": [str(g) for g in request.giver_ids],
        }
        inputs = stored.inputs
        taken = next((p for p in inputs.get("proposals", []) if p["id"] == request.id), None)
        if taken is not None:
            if taken["title"] == proposal["title"] and set(taken["giver_ids"]) == set(proposal["giver_ids"]):
                return await plan_view(uow.session, stored)
            raise Conflict.for_field(
                "id", f"another session is proposed under the id {request.id!r}", "session_taken"
            )
        proposals = [*inputs.get("proposals", []), proposal]
        values = {"inputs": {**inputs, "proposals": proposals}, "outdated": True, "updated_at": utcnow()}
        return await _saved(uow.session, stored, values)


@operations("groupwork.cast_votes", access=Access.CHANGE)
async def cast_votes(request: CastVotes, principal: Principal, db: DatabaseDep) -> GroupworkPlanView:
    """The Barcamp sessions a participant wants to attend (replaces their earlier votes)."""
    async with db.unit_of_work() as uow:
        stored = await plan_to_change(uow.session, principal, request.plan_id)
        _require_kind(stored, GroupworkKind.BARCAMP, "votes")
        person = str(request.person_id)
        if person not in await _participant_ids(uow.session, stored):
            raise InvalidInput.for_field(
                "person_id", "this person is not a confirmed participant of the event", "not_participant"
            )
        sessions = [p["id"] for p in stored.inputs.get("proposals", [])]
        for index, session_id in enumerate(request.session_ids):
            if session_id not in sessions:
                raise InvalidInput.for_field(
                    f"session_ids.{index}", f"no proposed session {session_id!r}", "unknown_session"
                )
        inputs = stored.inputs
        votes = {**inputs.get("votes", {}), person: sorted(set(request.session_ids))}
        values = {"inputs": {**inputs, "votes": votes}, "outdated": True, "updated_at": utcnow()}
        return await _saved(uow.session, stored, values)


@operations("groupwork.moderate", access=Access.CHANGE)
async def moderate_plan(request: ModeratePlan, principal: Principal, db: DatabaseDep) -> GroupworkPlanView:
    """Run the group work in the room: start, pause, resume, next round (recording who met whom),
    skip, repeat a round, finish; a no-show or a late arrival changes the current and later rounds
    with the fewest moves. The state (round, timer) is stored with the plan, so every screen shows
    the same remaining time."""
    async with db.unit_of_work() as uow:
        # Moderating follows the coordinator rule of the plan's own event.
        stored = await plan_to_change(uow.session, principal, request.plan_id)
        kind = GroupworkKind(stored.kind)
        now = utcnow()
        state = stored.live
        values: dict[str, Any] = {"updated_at": now}
        action = request.action
        if action == ModerationAction.START:
            state = live.started(
                kind, stored.plan, stored.parameters, now, request.speaking_seconds, request.round_seconds
            )
            values["outcome"] = []
        elif state is None:
            raise RuleViolation.for_field(
                "action", "the group work has not been started yet", code="not_started"
            )
        elif action in (ModerationAction.NO_SHOW, ModerationAction.ARRIVED):
            plan, state = await _change_in_room(uow.session, stored, state, action, request.person_id)
            dumped = plan.model_dump(mode="json")
            values.update(plan=dumped, quality=dumped.get("quality") or {}, notices=dumped.get("notices", []))
            record = {"at": now.isoformat(), "action": action.value, "person_id": str(request.person_id)}
            values["adjustments"] = [*stored.adjustments, record]
        else:
            if state["status"] == "finished" and action != ModerationAction.REPEAT:
                raise RuleViolation.for_field("action", "the group work is finished", code="finished")
            if action in (ModerationAction.NEXT, ModerationAction.FINISH) and state["status"] != "finished":
                groups = live.groups_of_round(kind, stored.plan, state["round"], state["absent"])
                if groups:
                    entry = {"round": state["round"], "at": now.isoformat(), "groups": groups}
                    values["outcome"] = [*[e for e in stored.outcome if e["round"] != state["round"]], entry]
            state = live.timer_action(state, action, now)
        values["live"] = state
        return await _saved(uow.session, stored, values)


async def _change_in_room(
    session: AsyncSession,
    stored: GroupworkPlanRecord,
    state: dict[str, Any],
    action: ModerationAction,
    person: Any,
) -> tuple[AnyPlan, dict[str, Any]]:
    if person is None:
        raise InvalidInput.for_field("person_id", "name the person who did not come or came late", "missing")
    person_id = str(person)
    kind = GroupworkKind(stored.kind)
    if kind not in (GroupworkKind.SPEED_CONSULTATION, GroupworkKind.WORLD_CAFE):
        raise InvalidInput.for_field(
            "action",
            "no-shows and late arrivals apply to speed consultations and World Cafés",
            code="not_applicable",
        )
    plan = stored_plan(kind, stored.plan)
    first_round = state["round"] if state["status"] != "finished" else len(stored.plan.get("rounds") or [])
    absent, arrived = list(state["absent"]), list(state["arrived"])
    planned = {p["id"] for p in stored.participants} | set(arrived)
    if action == ModerationAction.NO_SHOW:
        if person_id not in planned or person_id in absent:
            raise InvalidInput.for_field(
                "person_id", "this person is not in the plan (or already marked absent)", "not_in_plan"
            )
        absent.append(person_id)
    else:
        if person_id in planned and person_id not in absent:
            raise InvalidInput.for_field("person_id", "this person is already in the plan", "already_in_plan")
        if await projection.person(session, person) is None:
            raise NotFound.for_field("person_id", f"no person with id {person_id}")
        absent = [x for x in absent if x != person_id]
        if person_id not in {p["id"] for p in stored.participants}:
            arrived.append(person_id)
    parameters = PARAMETERS.validate_python(stored.parameters)
    source = _source(stored)
    changed: AnyPlan
    if isinstance(plan, SpeedPlan):
        assert isinstance(parameters, SpeedParameters)
        groupings = (
            live.speed_without(plan, person_id, first_round)
            if action == ModerationAction.NO_SHOW
            else live.speed_with(plan, person_id, first_round)
        )
        changed = await off_the_loop(
            live.rebuilt_speed, speed_request(source, parameters), plan, groupings, absent, arrived
        )
    else:
        assert isinstance(plan, WorldCafePlan)
        assert isinstance(parameters, WorldCafeParameters)
        extra = await host_attributes(session, [uuid.UUID(x) for x in arrived])
        present = [p for p in (*source.participants, *extra) if p.id not in set(absent)]
        cafe = cafe_request(_source(stored, tuple(present)), parameters)
        changed = await off_the_loop(replan_participants, cafe, plan)
    return changed, {**state, "absent": absent, "arrived": arrived}
