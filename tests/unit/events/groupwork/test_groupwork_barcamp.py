"""Barcamp: givers never double-booked, pins hold, conflicts as low as an exhaustive search finds."""

from __future__ import annotations

import itertools
import random

import pytest

from events_service.groupwork.barcamp import plan_barcamp
from events_service.groupwork.barcamp_models import BarcampPlan, BarcampRequest, Pin, Room, Session, Slot


def camp(seed: int, sessions: int = 6, slots: int = 3, rooms: int = 2) -> BarcampRequest:
    rng = random.Random(seed)
    voters = [f"voter-{v}" for v in range(15)]
    givers = [f"giver-{g}" for g in range(4)]
    return BarcampRequest(
        rooms=tuple(Room(id=f"room-{r}", capacity=rng.randint(3, 10)) for r in range(rooms)),
        slots=tuple(Slot(id=f"slot-{k}") for k in range(slots)),
        sessions=tuple(
            Session(
                id=f"session-{s}",
                giver_ids=(givers[s % len(givers)],),
                voter_ids=tuple(rng.sample(voters, rng.randint(2, 9))),
            )
            for s in range(sessions)
        ),
        seed=seed,
    )


def voter_conflicts(request: BarcampRequest, slot_of: dict[str, str | None]) -> int:
    total = 0
    for slot in request.slots:
        votes = [v for s in request.sessions if slot_of[s.id] == slot.id for v in s.voter_ids]
        total += len(votes) - len(set(votes))
    return total


def giver_clashes(request: BarcampRequest, slot_of: dict[str, str | None]) -> int:
    total = 0
    for slot in request.slots:
        givers = [g for s in request.sessions if slot_of[s.id] == slot.id for g in s.giver_ids]
        total += len(givers) - len(set(givers))
    return total


def exhaustive_best(request: BarcampRequest) -> int:
    """Fewest voter conflicts over every placement that keeps rooms per slot and givers apart."""
    best = None
    slot_ids = [s.id for s in request.slots]
    for choice in itertools.product(slot_ids, repeat=len(request.sessions)):
        if any(choice.count(k) > len(request.rooms) for k in slot_ids):
            continue
        slot_of: dict[str, str | None] = {s.id: k for s, k in zip(request.sessions, choice, strict=True)}
        if giver_clashes(request, slot_of):
            continue
        conflicts = voter_conflicts(request, slot_of)
        best = conflicts if best is None else min(best, conflicts)
    assert best is not None
    return best


def slots_of(plan: BarcampPlan) -> dict[str, str | None]:
    return {p.session_id: p.slot_id for p in plan.placements}


@pytest.mark.parametrize("seed", range(8))
def test_voter_conflicts_match_the_exhaustive_optimum_on_small_camps(seed: int) -> None:
    request = camp(seed)
    plan = plan_barcamp(request)
    assert giver_clashes(request, slots_of(plan)) == 0
    assert (
        plan.quality.voter_conflicts == voter_conflicts(request, slots_of(plan)) == exhaustive_best(request)
    )


@pytest.mark.parametrize("seed", range(4))
def test_no_room_holds_two_sessions_at_once(seed: int) -> None:
    plan = plan_barcamp(camp(seed, sessions=12, slots=4, rooms=3))
    cells = [(p.slot_id, p.room_id) for p in plan.placements]
    assert len(set(cells)) == len(cells)


def test_most_voted_session_of_a_slot_gets_the_biggest_room() -> None:
    request = BarcampRequest(
        rooms=(Room(id="small", capacity=5), Room(id="hall", capacity=40)),
        slots=(Slot(id="morning"),),
        sessions=(
            Session(id="niche", giver_ids=("g1",), voter_ids=("a", "b")),
            Session(id="popular", giver_ids=("g2",), voter_ids=tuple("cdefghijkl")),
        ),
    )
    rooms = {p.session_id: p.room_id for p in plan_barcamp(request).placements}
    assert rooms == {"niche": "small", "popular": "hall"}


def test_pinned_sessions_stay_where_staff_put_them() -> None:
    request = camp(1).model_copy(
        update={"pins": (Pin(session_id="session-0", slot_id="slot-2", room_id="room-1"),)}
    )
    placement = next(p for p in plan_barcamp(request).placements if p.session_id == "session-0")
    assert (placement.slot_id, placement.room_id) == ("slot-2", "room-1")


def test_a_giver_pinned_into_two_sessions_at_once_is_explained_and_resolved() -> None:
    request = BarcampRequest(
        rooms=(Room(id="r1", capacity=10), Room(id="r2", capacity=10)),
        slots=(Slot(id="s1"), Slot(id="s2")),
        sessions=(
            Session(id="big", giver_ids=("giver-x",), voter_ids=("a", "b", "c")),
            Session(id="small", giver_ids=("giver-x",), voter_ids=("d",)),
        ),
        pins=(Pin(session_id="big", slot_id="s1"), Pin(session_id="small", slot_id="s1")),
    )
    plan = plan_barcamp(request)
    notice = next(n for n in plan.notices if n.code == "pin_released")
    assert "giver-x" in notice.message
    assert notice.field == "pins"
    assert slots_of(plan) == {"big": "s1", "small": "s2"}
    assert plan.quality.giver_conflicts == 0


def test_more_sessions_than_room_slots_leaves_the_least_voted_out_and_says_which() -> None:
    request = BarcampRequest(
        rooms=(Room(id="r1", capacity=10),),
        slots=(Slot(id="s1"),),
        sessions=(
            Session(id="wanted", giver_ids=("g1",), voter_ids=("a", "b")),
            Session(id="unwanted", giver_ids=("g2",), voter_ids=()),
        ),
    )
    plan = plan_barcamp(request)
    assert slots_of(plan) == {"wanted": "s1", "unwanted": None}
    notice = next(n for n in plan.notices if n.code == "too_many_sessions")
    assert "'unwanted'" in notice.message


def test_same_seed_same_plan() -> None:
    request = camp(5, sessions=10, slots=4, rooms=3)
    assert plan_barcamp(request) == plan_barcamp(request)
