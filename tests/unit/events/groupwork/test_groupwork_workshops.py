"""Workshop choice: capacities hold and the assignment is optimal (checked against an exact MILP)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from pydantic import ValidationError
from scipy.optimize import Bounds, LinearConstraint, milp

from events_service.groupwork.workshops import (
    Preference,
    Workshop,
    WorkshopChoiceRequest,
    choice_cost,
    plan_workshop_choice,
    unranked_choice,
)


def random_request(seed: int, people: int, workshops: int) -> WorkshopChoiceRequest:
    rng = random.Random(seed)
    rooms = tuple(
        Workshop(id=f"ws-{j}", capacity=rng.randint(2, 2 * people // workshops + 1)) for j in range(workshops)
    )
    # Popular workshops exist in real events: skew the wishes towards the first ones.
    prefs = []
    for i in range(people):
        order = sorted(range(workshops), key=lambda j: rng.random() * (1 + j))
        prefs.append(
            Preference(participant_id=f"p-{i}", ranked_workshop_ids=tuple(f"ws-{j}" for j in order[:3]))
        )
    return WorkshopChoiceRequest(workshops=rooms, preferences=tuple(prefs))


def exact_optimum(request: WorkshopChoiceRequest) -> tuple[int, float]:
    """Most people seated, then least cost, by an integer program over x[person, workshop]."""
    n, m = len(request.preferences), len(request.workshops)
    unranked = unranked_choice(request)
    cost = np.zeros((n, m))
    for i, pref in enumerate(request.preferences):
        ranks = {w: c for c, w in enumerate(pref.ranked_workshop_ids, start=1)}
        for j, w in enumerate(request.workshops):
            cost[i, j] = choice_cost(ranks.get(w.id, unranked))
    seats = min(n, sum(w.capacity for w in request.workshops))
    rows_people = np.kron(np.eye(n), np.ones(m))
    rows_rooms = np.kron(np.ones(n), np.eye(m))
    constraints = [
        LinearConstraint(rows_people, 0, 1),
        LinearConstraint(rows_rooms, 0, [w.capacity for w in request.workshops]),
        LinearConstraint(np.ones(n * m), seats, seats),
    ]
    result = milp(cost.ravel(), constraints=constraints, integrality=np.ones(n * m), bounds=Bounds(0, 1))
    assert result.success
    return seats, float(result.fun)


@pytest.mark.parametrize("seed", range(6))
def test_assignment_cost_equals_the_exact_optimum(seed: int) -> None:
    request = random_request(seed, people=30, workshops=5)
    plan = plan_workshop_choice(request)
    seats, optimum = exact_optimum(request)
    placed = sum(a.workshop_id is not None for a in plan.assignments)
    assert placed == seats
    assert plan.satisfaction.total_cost == pytest.approx(optimum)


@pytest.mark.parametrize("seed", range(4))
def test_no_workshop_gets_more_people_than_seats(seed: int) -> None:
    request = random_request(seed, people=40, workshops=4)
    plan = plan_workshop_choice(request)
    for workshop in request.workshops:
        assert plan.occupancy[workshop.id] <= workshop.capacity


def test_optimal_beats_first_come_first_served() -> None:
    # First come, first served would give A w1 and leave B, who wants only w1, with nothing wished for.
    request = WorkshopChoiceRequest(
        workshops=(Workshop(id="w1", capacity=1), Workshop(id="w2", capacity=1)),
        preferences=(
            Preference(participant_id="A", ranked_workshop_ids=("w1", "w2")),
            Preference(participant_id="B", ranked_workshop_ids=("w1",)),
        ),
    )
    plan = plan_workshop_choice(request)
    assert {a.participant_id: a.workshop_id for a in plan.assignments} == {"A": "w2", "B": "w1"}


def test_satisfaction_reports_shares_of_first_choices() -> None:
    request = WorkshopChoiceRequest(
        workshops=(Workshop(id="w1", capacity=1), Workshop(id="w2", capacity=2)),
        preferences=tuple(Preference(participant_id=p, ranked_workshop_ids=("w1", "w2")) for p in "ABC"),
    )
    satisfaction = plan_workshop_choice(request).satisfaction
    assert satisfaction.by_choice == {1: 1, 2: 2}
    assert satisfaction.share_first_choice == pytest.approx(1 / 3, abs=1e-4)
    assert satisfaction.share_top_three == 1.0


def test_too_few_seats_places_as_many_as_fit_and_explains() -> None:
    request = WorkshopChoiceRequest(
        workshops=(Workshop(id="w1", capacity=2),),
        preferences=tuple(Preference(participant_id=p, ranked_workshop_ids=("w1",)) for p in "ABCD"),
    )
    plan = plan_workshop_choice(request)
    assert plan.satisfaction.unassigned == 2
    notice = next(n for n in plan.notices if n.code == "capacity_below_participants")
    assert notice.field == "workshops.capacity"
    assert "4 people but only 2 seats" in notice.message


def test_unknown_workshop_in_a_ranking_names_the_field() -> None:
    with pytest.raises(ValidationError, match=r"preferences\[0\].ranked_workshop_ids names unknown workshop"):
        WorkshopChoiceRequest(
            workshops=(Workshop(id="w1", capacity=2),),
            preferences=(Preference(participant_id="A", ranked_workshop_ids=("w9",)),),
        )
