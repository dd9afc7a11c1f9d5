"""Group work planners: time and quality against their bounds, with guarantee checks.

Run: uv run python benchmarks/groupwork.py [--quick]

World Café rows (people / tables / rounds) print seconds (wall and CPU of this process), repeated
encounters next to their lower bound (by counting, and where nobody revisits a table also the bound
of that rule), table revisits next to their bound, and the mixing figure (the largest share of one
district and of one organisation type at any table; a weighted objective below repeats and
revisits). Then speed consultations, workshop choice and Barcamp at 200 people,
each next to its optimum or bound. The script exits non-zero when a guarantee fails:

* World Café: table revisits equal their bound whenever rounds <= tables; zero repeats where an exact
  design exists (32/8/8 to 32/8/10, 40/8/5, 120/12/6); no plan up to 200 people and 8 rounds over 2 s of CPU;
* speed consultations: no repeated pair while rounds < people, nobody opens more than
  ceil(rounds / 2) times, trio repeats 0 for the Kirkman size 21/10;
* workshop choice: the plan's cost equals an independent optimum (scipy's assignment solver);
* Barcamp: no giver in two sessions at once, voter conflicts equal an exhaustive optimum.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time

from events_service.groupwork.barcamp import plan_barcamp
from events_service.groupwork.barcamp_models import BarcampRequest, Room, Session, Slot
from events_service.groupwork.common import Participant
from events_service.groupwork.speed import SpeedRequest, plan_speed_consultations
from events_service.groupwork.workshops import (
    Preference,
    Workshop,
    WorkshopChoiceRequest,
    choice_cost,
    plan_workshop_choice,
    unranked_choice,
)
from events_service.groupwork.world_cafe import plan_world_cafe
from events_service.groupwork.world_cafe_models import CafeTable, WorldCafeRequest

ORGANISATION_TYPES = (
    "Jobcenter",
    "Agentur für Arbeit",
    "BAMF",
    "Migrationsberatung",
    "Volkshochschule",
    "IBAS",
)

CASES = [
    (8, 3, 3),
    (15, 5, 7),
    (32, 8, 8),
    (32, 8, 9),
    (32, 8, 10),
    (40, 8, 5),
    (60, 10, 6),
    (70, 10, 8),
    (100, 10, 8),
    (120, 12, 6),
    (120, 12, 8),
    (150, 15, 8),
    (200, 20, 8),
    (200, 20, 30),
]
QUICK_CASES = [
    (8, 3, 3),
    (32, 8, 8),
    (32, 8, 10),
    (40, 8, 5),
    (70, 10, 8),
    (100, 10, 8),
    (120, 12, 6),
    (120, 12, 8),
    (200, 20, 8),
]
DESIGN_CASES = {(32, 8, 8), (32, 8, 9), (32, 8, 10), (40, 8, 5), (70, 10, 8), (120, 12, 6)}
SECONDS_LIMIT = 2.0

failures: list[str] = []


def check(condition: bool, what: str) -> str:
    if not condition:
        failures.append(what)
        return "FAILED"
    return "ok"


def request(people: int, tables: int, rounds: int) -> WorldCafeRequest:
    participants = tuple(
        Participant(
            id=f"person-{i:03d}",
            organisation_id=f"org-{i % 40}",
            organisation_type=ORGANISATION_TYPES[i % len(ORGANISATION_TYPES)],
            district_key=f"district-{i % 13}",
        )
        for i in range(people)
    )
    cafe_tables = tuple(CafeTable(id=f"table-{j}", topic=f"Topic {j}") for j in range(tables))
    return WorldCafeRequest(participants=participants, tables=cafe_tables, rounds=rounds, seed=1)


def world_cafe(cases: list[tuple[int, int, int]]) -> None:
    print("World Café")
    print(
        f"{'case':>12} {'seconds':>8} {'cpu s':>6} {'repeats':>8} {'bound':>6} {'revisits':>9} "
        f"{'(bound)':>8} {'district':>9} {'type':>6}  checks"
    )
    for people, tables, rounds in cases:
        started, cpu = time.perf_counter(), time.process_time()
        plan = plan_world_cafe(request(people, tables, rounds))
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        q = plan.quality
        label = f"{people}/{tables}/{rounds}"
        checks = []
        if rounds <= tables:
            checks.append(
                check(q.table_revisits == q.table_revisits_lower_bound, f"{label}: revisits above bound")
            )
        if (people, tables, rounds) in DESIGN_CASES:
            checks.append(check(q.repeated_encounters == 0, f"{label}: repeats where a design exists"))
        if people <= 200 and rounds <= 8:
            checks.append(check(cpu_seconds <= SECONDS_LIMIT, f"{label}: slower than {SECONDS_LIMIT} s"))
        print(
            f"{label:>12} {seconds:>8.2f} {cpu_seconds:>6.2f} {q.repeated_encounters:>8} "
            f"{q.repeated_encounters_lower_bound:>6} {q.table_revisits:>9} {q.table_revisits_lower_bound:>8} "
            f"{q.max_district_share:>9.2f} {q.max_organisation_type_share:>6.2f}  {' '.join(checks) or '-'}",
            flush=True,
        )


def speed() -> None:
    print("\nSpeed consultations (optimum: 0 repeats while rounds < people; openings <= ceil(rounds/2))")
    for people, size, rounds in ((200, 2, 8), (200, 2, 30), (21, 3, 10), (200, 3, 8)):
        ids = tuple(f"person-{i:03d}" for i in range(people))
        started = time.process_time()
        plan = plan_speed_consultations(SpeedRequest(participant_ids=ids, group_size=size, rounds=rounds))
        seconds = time.process_time() - started
        q = plan.quality
        checks = [
            check(
                q.max_openings <= q.openings_bound, f"speed {people}/{size}/{rounds}: openings above bound"
            ),
            check(q.repeated_pairs == 0, f"speed {people}/{size}/{rounds}: repeated pairs"),
        ]
        print(
            f"{people:>4} people, groups of {size}, {rounds:>2} rounds: {seconds:.2f} s, "
            f"repeats {q.repeated_pairs} (optimum 0), most openings {q.max_openings} "
            f"(bound {q.openings_bound})  {' '.join(checks)}"
        )


def workshops() -> None:
    from scipy.optimize import linear_sum_assignment  # an independent exact reference

    print("\nWorkshop choice (optimum: minimum-cost assignment, checked with scipy)")
    rng = random.Random(7)
    workshops = tuple(Workshop(id=f"w{j}", capacity=rng.randint(20, 30)) for j in range(10))
    preferences = tuple(
        Preference(
            participant_id=f"p{i:03d}", ranked_workshop_ids=tuple(rng.sample([w.id for w in workshops], 4))
        )
        for i in range(200)
    )
    choice_request = WorkshopChoiceRequest(workshops=workshops, preferences=preferences)
    started = time.process_time()
    plan = plan_workshop_choice(choice_request)
    seconds = time.process_time() - started
    chosen = {a.participant_id: a.workshop_id for a in plan.assignments}
    unranked = unranked_choice(choice_request)

    def cost(preference: Preference, workshop: str | None) -> int:
        ranked = preference.ranked_workshop_ids
        return choice_cost(ranked.index(workshop) + 1 if workshop in ranked else unranked)

    seats = [w.id for w in workshops for _ in range(w.capacity)]
    matrix = [[cost(p, seat) for seat in seats] for p in preferences]
    rows, cols = linear_sum_assignment(matrix)
    optimum = int(sum(matrix[r][c] for r, c in zip(rows, cols, strict=True)))
    reached = sum(cost(p, chosen.get(p.participant_id)) for p in preferences)
    print(
        f"200 people, 10 workshops: {seconds:.2f} s, cost {reached} (optimum {optimum})  "
        f"{check(reached == optimum, 'workshops: cost above optimum')}"
    )


def barcamp() -> None:
    print("\nBarcamp (hard: no giver twice per slot; optimum of voter conflicts by exhaustive search)")
    rng = random.Random(11)
    voters = [f"v{i:03d}" for i in range(200)]
    givers = [f"g{i}" for i in range(5)]
    sessions = tuple(
        Session(
            id=f"s{s}", giver_ids=(givers[s % 5],), voter_ids=tuple(rng.sample(voters, rng.randint(10, 60)))
        )
        for s in range(8)
    )
    request = BarcampRequest(
        rooms=(Room(id="r1", capacity=60), Room(id="r2", capacity=40)),
        slots=tuple(Slot(id=f"k{k}") for k in range(4)),
        sessions=sessions,
    )
    started = time.process_time()
    plan = plan_barcamp(request)
    seconds = time.process_time() - started
    best = None
    for choice in itertools.product(range(4), repeat=len(sessions)):
        if any(choice.count(k) > 2 for k in range(4)):
            continue
        clash = voters_missed = 0
        for k in range(4):
            here = [s for s, c in zip(sessions, choice, strict=True) if c == k]
            gs = [g for s in here for g in s.giver_ids]
            vs = [v for s in here for v in s.voter_ids]
            clash += len(gs) - len(set(gs))
            voters_missed += len(vs) - len(set(vs))
        if not clash:
            best = voters_missed if best is None else min(best, voters_missed)
    q = plan.quality
    checks = [
        check(q.giver_conflicts == 0, "barcamp: giver in two sessions"),
        check(q.voter_conflicts == best, "barcamp: voter conflicts above optimum"),
    ]
    print(
        f"200 voters, 8 sessions, 4 slots x 2 rooms: {seconds:.2f} s, voter conflicts {q.voter_conflicts} "
        f"(optimum {best}), giver conflicts {q.giver_conflicts}  {' '.join(checks)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the issue's cases up to 200/20/8 only")
    args = parser.parse_args()
    world_cafe(QUICK_CASES if args.quick else CASES)
    speed()
    workshops()
    barcamp()
    if failures:
        print("\nGuarantee checks failed:\n  " + "\n  ".join(failures))
        return 1
    print("\nAll guarantee checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
