"""Barcamp planning: sessions into rooms × slots.

Hard rules (constraints: no placement breaks them, whatever the votes):

1. a session giver is never in two sessions of one slot;
2. a slot holds at most as many sessions as there are rooms;
3. pinned sessions stay where staff put them (pins that contradict rules 1–2 are released first,
   with a notice naming the pins and the reason).

A session that cannot be placed without breaking a hard rule stays unplaced, with a notice naming
the rule and why (a giver with more sessions than slots, more sessions than room slots, or no slot
left free of the giver's other sessions).

Weighted objectives, in this order of importance (lexicographic, by weight):

1. fewest wanted sessions missed by voters (two wanted sessions in one slot), weight 100 each;
2. rooms big enough for the votes (overflow, one per missing seat).

Within a slot, free sessions take the free rooms by size (most votes into the biggest room), which
minimises overflow for that slot's sessions. The optimum of objective 1 is checked against an
exhaustive search in the tests; ``voter_conflicts_lower_bound`` below is a bound valid for any plan.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from events_service.groupwork.barcamp_models import (
    BarcampPlan,
    BarcampQuality,
    BarcampRequest,
    Pin,
    Placement,
)
from events_service.groupwork.common import NoticeSeverity, PlanNotice

VOTER_WEIGHT = 100
UNPLACED = -1


@dataclass(frozen=True)
class SlotScore:
    giver_conflicts: int
    voter_conflicts: int
    overflow: int

    @property
    def cost(self) -> int:
        # Giver conflicts are not weighed: placements that would create one are never made.
        return VOTER_WEIGHT * self.voter_conflicts + self.overflow


class _Barcamp:
    """The request with sessions, slots and rooms numbered."""

    def __init__(self, request: BarcampRequest, pins: tuple[Pin, ...]) -> None:
        self.request = request
        self.room_capacity = [r.capacity for r in request.rooms]
        slot_index = {s.id: i for i, s in enumerate(request.slots)}
        room_index = {r.id: i for i, r in enumerate(request.rooms)}
        session_index = {s.id: i for i, s in enumerate(request.sessions)}
        self.givers = [frozenset(s.giver_ids) for s in request.sessions]
        self.voters = [frozenset(s.voter_ids) for s in request.sessions]
        self.pinned_slot: dict[int, int] = {}
        self.pinned_room: dict[int, int] = {}
        for pin in pins:
            session = session_index[pin.session_id]
            self.pinned_slot[session] = slot_index[pin.slot_id]
            if pin.room_id is not None:
                self.pinned_room[session] = room_index[pin.room_id]

    def rooms_for(self, sessions: list[int]) -> dict[int, int]:
        """Room of each session in one slot: pinned rooms first, then the biggest rooms to the most votes."""
        rooms = {s: self.pinned_room[s] for s in sessions if s in self.pinned_room}
        free_rooms = sorted(
            (r for r in range(len(self.room_capacity)) if r not in rooms.values()),
            key=lambda r: (-self.room_capacity[r], r),
        )
        free_sessions = sorted(
            (s for s in sessions if s not in rooms), key=lambda s: (-len(self.voters[s]), s)
        )
        rooms.update(zip(free_sessions, free_rooms, strict=False))
        return rooms

    def clashes(self, session: int, sessions: list[int]) -> bool:
        """Whether ``session`` shares a giver with one of ``sessions`` (other than itself)."""
        givers = self.givers[session]
        return any(givers & self.givers[other] for other in sessions if other != session)

    def score(self, sessions: list[int]) -> SlotScore:
        givers = [g for s in sessions for g in self.givers[s]]
        voters = [v for s in sessions for v in self.voters[s]]
        rooms = self.rooms_for(sessions)
        overflow = sum(max(0, len(self.voters[s]) - self.room_capacity[r]) for s, r in rooms.items())
        return SlotScore(len(givers) - len(set(givers)), len(voters) - len(set(voters)), overflow)


def plan_barcamp(request: BarcampRequest) -> BarcampPlan:
    pins, notices = _usable_pins(request)
    camp = _Barcamp(request, pins)
    rng = random.Random(request.seed)
    slot_of = _initial_placement(camp, notices)
    slot_of = _improve(camp, slot_of, rng, request.search_steps_per_session * max(1, len(request.sessions)))
    return _to_plan(camp, slot_of, notices)


def _usable_pins(request: BarcampRequest) -> tuple[tuple[Pin, ...], list[PlanNotice]]:
    """Keep the pins that can hold together; explain each one that had to be released."""
    sessions = {s.id: s for s in request.sessions}
    kept: list[Pin] = []
    notices: list[PlanNotice] = []
    # Most-voted sessions keep their pins first: releasing a small session costs fewer people.
    ordered = sorted(request.pins, key=lambda p: (-len(sessions[p.session_id].voter_ids), p.session_id))
    for pin in ordered:
        same_slot = [p for p in kept if p.slot_id == pin.slot_id]
        givers = set(sessions[pin.session_id].giver_ids)
        clash = next((p for p in same_slot if givers & set(sessions[p.session_id].giver_ids)), None)
        reason = None
        involved: list[str] = []
        if clash is not None:
            shared = sorted(givers & set(sessions[clash.session_id].giver_ids))
            involved = shared
            reason = (
                f"session {pin.session_id!r} and session {clash.session_id!r} are both pinned to slot "
                f"{pin.slot_id!r}, but {', '.join(shared)} give(s) both and cannot be in two places"
            )
        elif pin.room_id is not None and any(p.room_id == pin.room_id for p in same_slot):
            reason = f"room {pin.room_id!r} in slot {pin.slot_id!r} is pinned for two sessions"
        elif len(same_slot) >= len(request.rooms):
            reason = f"slot {pin.slot_id!r} has {len(request.rooms)} room(s) and more sessions pinned to it"
        if reason is None:
            kept.append(pin)
            continue
        notices.append(
            PlanNotice(
                severity=NoticeSeverity.INFEASIBLE,
                code="pin_released",
                field="pins",
                person_ids=tuple(involved),
                session_ids=(pin.session_id,),
                message=f"{reason}. The pin of {pin.session_id!r} (fewer votes) was released and the session "
                "placed where it fits best.",
            )
        )
    return tuple(kept), notices


def _initial_placement(camp: _Barcamp, notices: list[PlanNotice]) -> list[int]:
    """A placement that keeps every hard rule: greedy by votes, then a backtracking search when the
    greedy order paints itself into a corner; what no search can place stays unplaced, explained."""
    request = camp.request
    rooms, slots = len(request.rooms), len(request.slots)
    slot_of = [UNPLACED] * len(request.sessions)
    members: list[list[int]] = [[] for _ in range(slots)]
    for session, slot in camp.pinned_slot.items():
        slot_of[session] = slot
        members[slot].append(session)
    free = sorted(
        (s for s in range(len(request.sessions)) if s not in camp.pinned_slot),
        key=lambda s: (-len(camp.voters[s]), s),
    )
    free = _drop_overbooked_givers(camp, free, notices)
    room_slots_left = rooms * slots - len(camp.pinned_slot)
    if len(free) > room_slots_left:
        left_out = free[room_slots_left:]
        free = free[:room_slots_left]
        names = ", ".join(repr(request.sessions[s].id) for s in left_out)
        notices.append(
            PlanNotice(
                severity=NoticeSeverity.INFEASIBLE,
                code="too_many_sessions",
                field="sessions",
                session_ids=tuple(request.sessions[s].id for s in left_out),
                message=f"{len(request.sessions)} sessions but only {rooms * slots} room slots; the sessions "
                f"with the fewest votes stay unplaced: {names}. Add a room or a slot to place them.",
            )
        )
    stuck: list[int] = []
    for session in free:
        open_slots = [
            k for k in range(slots) if len(members[k]) < rooms and not camp.clashes(session, members[k])
        ]
        if not open_slots:
            stuck.append(session)
            continue
        best = min(
            open_slots,
            key=lambda k: (camp.score([*members[k], session]).cost - camp.score(members[k]).cost, k),
        )
        slot_of[session] = best
        members[best].append(session)
    if stuck:
        placed = _backtrack(camp, list(free), members_of_pins(camp, slots))
        if placed is not None:
            for session, slot in enumerate(placed):
                if session not in camp.pinned_slot:
                    slot_of[session] = slot
        else:
            names = ", ".join(repr(request.sessions[s].id) for s in stuck)
            notices.append(
                PlanNotice(
                    severity=NoticeSeverity.INFEASIBLE,
                    code="giver_slots_exhausted",
                    field="sessions.giver_ids",
                    person_ids=tuple(sorted({g for s in stuck for g in camp.givers[s]})),
                    session_ids=tuple(request.sessions[s].id for s in stuck),
                    message=f"No slot is left for {names} in which none of its givers gives another session "
                    f"({slots} slot(s) of {rooms} room(s), pins included). A giver is never in two sessions "
                    "at once, so these stay unplaced; add a slot or release a pin.",
                )
            )
    return slot_of


def members_of_pins(camp: _Barcamp, slots: int) -> list[list[int]]:
    members: list[list[int]] = [[] for _ in range(slots)]
    for session, slot in camp.pinned_slot.items():
        members[slot].append(session)
    return members


def _drop_overbooked_givers(camp: _Barcamp, free: list[int], notices: list[PlanNotice]) -> list[int]:
    """A giver with more sessions than slots cannot give them all: the ones with fewest votes wait."""
    slots = len(camp.request.slots)
    kept = list(free)
    givers = sorted({g for s in range(len(camp.givers)) for g in camp.givers[s]})
    for giver in givers:
        theirs = [
            s
            for s in range(len(camp.givers))
            if giver in camp.givers[s] and (s in kept or s in camp.pinned_slot)
        ]
        if len(theirs) <= slots:
            continue
        movable = [s for s in kept if s in theirs]  # ordered by votes, most first
        surplus = movable[max(0, len(movable) - (len(theirs) - slots)) :]
        kept = [s for s in kept if s not in surplus]
        names = ", ".join(repr(camp.request.sessions[s].id) for s in surplus)
        notices.append(
            PlanNotice(
                severity=NoticeSeverity.INFEASIBLE,
                code="giver_has_more_sessions_than_slots",
                field="sessions.giver_ids",
                person_ids=(giver,),
                session_ids=tuple(camp.request.sessions[s].id for s in surplus),
                message=f"{giver} gives {len(theirs)} sessions but there are only {slots} slot(s), and a "
                "giver is never in two sessions at once; the sessions with the fewest votes stay unplaced: "
                f"{names}.",
            )
        )
    return kept


_BACKTRACK_NODES = 50_000


def _backtrack(camp: _Barcamp, free: list[int], members: list[list[int]]) -> list[int] | None:
    """Slots for all ``free`` sessions keeping the hard rules (most constrained session first), or None."""
    rooms, slots = len(camp.request.rooms), len(camp.request.slots)
    slot_of = [UNPLACED] * len(camp.request.sessions)
    for k, group in enumerate(members):
        for session in group:
            slot_of[session] = k
    nodes = 0

    def options(session: int) -> list[int]:
        return [k for k in range(slots) if len(members[k]) < rooms and not camp.clashes(session, members[k])]

    def place(remaining: list[int]) -> bool:
        nonlocal nodes
        nodes += 1
        if not remaining:
            return True
        if nodes > _BACKTRACK_NODES:
            return False
        session = min(remaining, key=lambda s: (len(options(s)), -len(camp.voters[s]), s))
        rest = [s for s in remaining if s != session]
        for k in sorted(options(session), key=lambda k: (camp.score([*members[k], session]).cost, k)):
            members[k].append(session)
            slot_of[session] = k
            if place(rest):
                return True
            members[k].remove(session)
            slot_of[session] = UNPLACED
        return False

    return slot_of if place(list(free)) else None


def _improve(camp: _Barcamp, slot_of: list[int], rng: random.Random, steps: int) -> list[int]:
    """Simulated annealing on moving a session to another slot or swapping two sessions' slots."""
    rooms, slots = len(camp.request.rooms), len(camp.request.slots)
    movable = [s for s, k in enumerate(slot_of) if k != UNPLACED and s not in camp.pinned_slot]
    if not movable or slots < 2:
        return slot_of
    members: list[list[int]] = [[] for _ in range(slots)]
    for session, slot in enumerate(slot_of):
        if slot != UNPLACED:
            members[slot].append(session)
    scores = [camp.score(m).cost for m in members]
    current = sum(scores)
    best_cost, best = current, list(slot_of)
    temperature, cooling = float(VOTER_WEIGHT), (0.05 / VOTER_WEIGHT) ** (1.0 / steps)
    for _ in range(steps):
        temperature *= cooling
        session = movable[rng.randrange(len(movable))]
        source, target = slot_of[session], rng.randrange(slots)
        if target == source:
            continue
        partners = [s for s in members[target] if s not in camp.pinned_slot]
        other = None
        if len(members[target]) >= rooms or (partners and rng.random() < 0.5):
            if not partners:
                continue
            other = partners[rng.randrange(len(partners))]
        new_source = [s for s in members[source] if s != session] + ([other] if other is not None else [])
        new_target = [s for s in members[target] if s != other] + [session]
        if camp.clashes(session, new_target) or (other is not None and camp.clashes(other, new_source)):
            continue  # hard rule: a giver is never in two sessions of one slot
        source_cost, target_cost = camp.score(new_source).cost, camp.score(new_target).cost
        delta = source_cost + target_cost - scores[source] - scores[target]
        if delta <= 0 or rng.random() < math.exp(-delta / temperature):
            members[source], members[target] = new_source, new_target
            scores[source], scores[target] = source_cost, target_cost
            slot_of[session] = target
            if other is not None:
                slot_of[other] = source
            current += delta
            if current < best_cost:
                best_cost, best = current, list(slot_of)
    return best


def _to_plan(camp: _Barcamp, slot_of: list[int], notices: list[PlanNotice]) -> BarcampPlan:
    request = camp.request
    room_of: dict[int, int] = {}
    totals = SlotScore(0, 0, 0)
    for k in range(len(request.slots)):
        sessions = [s for s, slot in enumerate(slot_of) if slot == k]
        room_of.update(camp.rooms_for(sessions))
        score = camp.score(sessions)
        totals = SlotScore(
            totals.giver_conflicts + score.giver_conflicts,
            totals.voter_conflicts + score.voter_conflicts,
            totals.overflow + score.overflow,
        )
    placements = []
    for s, session in enumerate(request.sessions):
        room = room_of.get(s)
        placements.append(
            Placement(
                session_id=session.id,
                slot_id=None if slot_of[s] == UNPLACED else request.slots[slot_of[s]].id,
                room_id=None if room is None else request.rooms[room].id,
                votes=len(camp.voters[s]),
                room_capacity=None if room is None else request.rooms[room].capacity,
            )
        )
    if totals.giver_conflicts:
        raise AssertionError("a Barcamp plan put a giver in two sessions of one slot")
    if totals.overflow:
        notices.append(
            PlanNotice(
                severity=NoticeSeverity.WARNING,
                code="rooms_too_small",
                field="rooms.capacity",
                session_ids=tuple(
                    p.session_id
                    for p in placements
                    if p.room_capacity is not None and p.votes > p.room_capacity
                ),
                message=f"Sessions with more votes than seats in their room ({totals.overflow} too many).",
            )
        )
    quality = BarcampQuality(
        voter_conflicts=totals.voter_conflicts,
        giver_conflicts=totals.giver_conflicts,
        overflow=totals.overflow,
        unplaced_sessions=sum(1 for k in slot_of if k == UNPLACED),
    )
    return BarcampPlan(
        seed=request.seed, placements=tuple(placements), quality=quality, notices=tuple(notices)
    )
