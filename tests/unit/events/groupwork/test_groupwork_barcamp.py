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


def tempting_camp(voters_per_pair: int) -> BarcampRequest:
    """Sessions A and B share their giver; every voter wants one of A/B and one of C/D, so the only
    plan without voter conflicts puts A and B into the same slot — which the giver cannot attend."""
    sessions = {"A": "giver-g", "B": "giver-g", "C": "giver-h", "D": "giver-k"}
    voters: dict[str, list[str]] = {s: [] for s in sessions}
    number = 0
    for first, second in (("A", "C"), ("A", "D"), ("B", "C"), ("B", "D")):
        for _ in range(voters_per_pair):
            voters[first].append(f"voter-{number}")
            voters[second].append(f"voter-{number}")
            number += 1
    return BarcampRequest(
        rooms=(Room(id="room-1", capacity=300), Room(id="room-2", capacity=300)),
        slots=(Slot(id="slot-1"), Slot(id="slot-2")),
        sessions=tuple(
            Session(id=s, giver_ids=(giver,), voter_ids=tuple(voters[s])) for s, giver in sessions.items()
        ),
    )


@pytest.mark.parametrize("voters_per_pair", [1, 51, 120])
def test_a_giver_is_never_in_two_sessions_at_once_however_many_voters_want_it(voters_per_pair: int) -> None:
    request = tempting_camp(voters_per_pair)
    assert sum(len(s.voter_ids) for s in request.sessions) == 8 * voters_per_pair  # 204 voters at 51
    plan = plan_barcamp(request)
    slot_of = slots_of(plan)
    assert slot_of["A"] is not None
    assert slot_of["B"] is not None
    assert slot_of["A"] != slot_of["B"]
    assert plan.quality.giver_conflicts == 0
    # The best plan that keeps the rule: each of A, B shares its slot with one of C, D.
    assert plan.quality.voter_conflicts == exhaustive_best(request) == 2 * voters_per_pair
    assert not any(n.severity == "infeasible" for n in plan.notices)


def test_a_giver_with_more_sessions_than_slots_is_named_and_the_least_wanted_session_waits() -> None:
    request = BarcampRequest(
        rooms=(Room(id="room-1", capacity=30), Room(id="room-2", capacity=30)),
        slots=(Slot(id="slot-1"), Slot(id="slot-2")),
        sessions=(
            Session(id="A", giver_ids=("giver-g",), voter_ids=tuple(f"v{i}" for i in range(9))),
            Session(id="B", giver_ids=("giver-g",), voter_ids=tuple(f"v{i}" for i in range(5))),
            Session(id="C", giver_ids=("giver-g",), voter_ids=("v1",)),
            Session(id="D", giver_ids=("giver-h",), voter_ids=("v2",)),
        ),
    )
    plan = plan_barcamp(request)
    assert slots_of(plan)["C"] is None
    assert giver_clashes(request, slots_of(plan)) == 0
    notice = next(n for n in plan.notices if n.code == "giver_has_more_sessions_than_slots")
    assert notice.field == "sessions.giver_ids"
    assert "giver-g gives 3 sessions but there are only 2 slot(s)" in notice.message
    assert "'C'" in notice.message


def test_when_the_greedy_order_runs_into_a_corner_the_search_still_keeps_every_giver_apart() -> None:
    # Three slots of one room each: a chain of shared givers A-B, B-C and a clique C-D-E is only
    # placeable one way modulo slot names; the most-voted-first greedy order starts wrong.
    givers = {
        "A": ("g1",),
        "B": ("g1", "g2"),
        "C": ("g2", "g3"),
        "D": ("g3", "g4"),
        "E": ("g4", "g5"),
        "F": ("g5", "g6"),
    }
    request = BarcampRequest(
        rooms=(Room(id="room-1", capacity=30), Room(id="room-2", capacity=30)),
        slots=(Slot(id="slot-1"), Slot(id="slot-2"), Slot(id="slot-3")),
        sessions=tuple(
            Session(id=s, giver_ids=g, voter_ids=tuple(f"v{i}" for i in range(10 - n)))
            for n, (s, g) in enumerate(givers.items())
        ),
    )
    plan = plan_barcamp(request)
    assert all(slot is not None for slot in slots_of(plan).values())
    assert giver_clashes(request, slots_of(plan)) == 0
    assert plan.quality.voter_conflicts == exhaustive_best(request)


def test_pins_that_would_put_a_giver_in_two_places_are_released_with_the_reason() -> None:
    request = tempting_camp(3).model_copy(
        update={"pins": (Pin(session_id="A", slot_id="slot-1"), Pin(session_id="B", slot_id="slot-1"))}
    )
    plan = plan_barcamp(BarcampRequest.model_validate(request.model_dump()))
    assert slots_of(plan)["A"] != slots_of(plan)["B"]
    notice = next(n for n in plan.notices if n.code == "pin_released")
    assert "giver-g" in notice.message
    assert "cannot be in two places" in notice.message
