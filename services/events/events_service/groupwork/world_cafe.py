"""World Café planning: tables × rounds from the confirmed participants, and repairs of a plan."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from events_service.groupwork.common import NoticeSeverity, Participant, PlanNotice
from events_service.groupwork.designs import design_for, difference_group
from events_service.groupwork.world_cafe_bounds import (
    max_rounds_without_repeats,
    repeats_bound,
    table_revisits_lower_bound,
)
from events_service.groupwork.world_cafe_models import (
    CafeQuality,
    CafeRound,
    CafeTableRound,
    TableMix,
    WorldCafePlan,
    WorldCafeRequest,
)
from events_service.groupwork.world_cafe_search import (
    UNKNOWN,
    CafeProblem,
    CafeState,
    anneal,
    cost_floor,
    difference_matrix_rounds,
    greedy_seating,
    relabel_tables,
    swap_schedules,
)

# The search stops here whatever the size, so that no plan up to 200 people and 8 rounds takes
# longer than about two seconds on one core.
MAX_SEARCH_STEPS = 30_000
# The difference-matrix search tries each entry of its rows about this many times, up to the cap:
# small cafés (4 people at 2 tables) are done in a millisecond, mid-size ones get the full search.
DIFFERENCE_STEPS_PER_ENTRY = 200
DIFFERENCE_STEPS = 60_000
# Schedule trades for the mix: each looks at every round, so their number shrinks with the rounds.
SCHEDULE_SWAP_WORK = 160_000
# Cafés with up to this many seats over all rounds get up to SMALL_CAFE_STARTS searches, best kept.
SMALL_CAFE_SEATS = 200
SMALL_CAFE_STARTS = 8


@dataclass(frozen=True)
class _Indexed:
    """The request with rotating people and tables numbered, and the integer problem built from it."""

    request: WorldCafeRequest
    rotating: tuple[Participant, ...]
    hosts: tuple[tuple[Participant, ...], ...]
    problem: CafeProblem


def plan_world_cafe(request: WorldCafeRequest) -> WorldCafePlan:
    """The best plan found for the request; what cannot be done is explained in ``notices``."""
    indexed = _index(request)
    problem = indexed.problem
    rng = random.Random(request.seed)
    notices = list(_capacity_notices(indexed))
    if problem.people == 0:
        seat: list[list[int]] = [[] for _ in range(request.rounds)]
    else:
        # Small cafés are searched from several starts: where everyone sits at nearly every table,
        # few moves keep that rule, and one start can leave the search stuck.
        starts = max(1, min(SMALL_CAFE_STARTS, SMALL_CAFE_SEATS // (problem.people * request.rounds)))
        steps = min(request.search_steps_per_seat * problem.people * request.rounds, MAX_SEARCH_STEPS)
        floor = cost_floor(problem)
        best: tuple[float, list[list[int]]] | None = None
        for _ in range(starts):
            seat = _search(problem, rng, steps // starts, floor)
            cost = CafeState(problem, seat).cost()
            if best is None or cost < best[0] - 1e-9:
                best = (cost, seat)
            if best[0] <= floor + 1e-9:
                break  # no other start can do better
        assert best is not None
        seat = best[1]
    plan = _to_plan(indexed, seat, notices)
    return _with_bound_notice(plan)


def _search(problem: CafeProblem, rng: random.Random, steps: int, floor: float) -> list[list[int]]:
    """One seating: a design or difference-matrix start, greedy rounds, schedule trades, annealing."""
    prefix = _design_start(problem, rng)
    seat = relabel_tables(problem, greedy_seating(problem, rng, prefix))
    # Enough trades for every pair of people to be tried a few times, within the work limit.
    trades = min(SCHEDULE_SWAP_WORK // problem.rounds, 20 * problem.people**2)
    seat = swap_schedules(problem, seat, rng, trades)
    return anneal(problem, seat, rng, steps, floor)


def replan_participants(request: WorldCafeRequest, plan: WorldCafePlan) -> WorldCafePlan:
    """Bring an existing plan up to date with the participants in ``request``, changing as little as possible.

    Everyone still present keeps their seats; people who left are removed; newcomers take the
    emptiest table of each round where they meet the fewest known faces; only if table sizes then
    differ by more than one are people moved, one at a time, choosing whoever the move suits best.
    """
    indexed = _index(request)
    problem = indexed.problem
    if len(plan.rounds) != request.rounds:
        raise ValueError(
            f"rounds: the plan has {len(plan.rounds)} rounds but the request asks for {request.rounds}; "
            "plan anew instead of repairing"
        )
    position = {p.id: i for i, p in enumerate(indexed.rotating)}
    table_index = {t.id: j for j, t in enumerate(request.tables)}
    seat: list[list[int]] = [[-1] * problem.people for _ in range(request.rounds)]
    for k, cafe_round in enumerate(plan.rounds):
        for table_round in cafe_round.tables:
            if table_round.table_id not in table_index:
                raise ValueError(
                    f"tables: the plan uses table {table_round.table_id!r}, which is not in the request"
                )
            for person_id in table_round.participant_ids:
                if person_id in position:
                    seat[k][position[person_id]] = table_index[table_round.table_id]
    newcomers = [i for i in range(problem.people) if seat[0][i] == -1]
    # Seat present people first, then add newcomers one by one through the state's cost counters.
    present_state = _partial_state(problem, seat)
    host_counts = [len(t.host_ids) for t in request.tables]
    for person in newcomers:
        for k in range(request.rounds):
            sizes = [host_counts[j] + len(present_state.members[k][j]) for j in range(problem.table_count)]
            smallest = min(sizes)
            best = min(
                (j for j in range(problem.table_count) if sizes[j] == smallest),
                key=lambda j: (present_state.join_delta(k, person, j), j),
            )
            present_state.join_seat(k, person, best)
    moved = _rebalance(present_state, host_counts, set(newcomers))
    notices = list(_capacity_notices(indexed))
    if moved:
        notices.append(
            PlanNotice(
                severity=NoticeSeverity.WARNING,
                code="participants_moved",
                field="participants",
                message=f"{moved} seat(s) of people already planned changed to keep table sizes within one",
            )
        )
    return _with_bound_notice(_to_plan(indexed, present_state.seat, notices))


def _partial_state(problem: CafeProblem, seat: list[list[int]]) -> CafeState:
    """A state holding only the people already seated (``-1`` marks people still to be seated)."""
    blank = [[-1] * problem.people for _ in range(problem.rounds)]
    state = CafeState(problem, blank)
    for k, row in enumerate(seat):
        for person, table in enumerate(row):
            if table >= 0:
                state.join_seat(k, person, table)
    return state


def _rebalance(state: CafeState, host_counts: Sequence[int], newcomers: set[int]) -> int:
    moved_existing = 0
    tables = range(state.problem.table_count)
    for k in range(state.problem.rounds):
        while True:
            sizes = [host_counts[j] + len(state.members[k][j]) for j in tables]
            largest = max(tables, key=lambda j: (sizes[j], -j))
            smallest = min(tables, key=lambda j: (sizes[j], j))
            if sizes[largest] - sizes[smallest] <= 1:
                break
            mover = min(
                state.members[k][largest],
                key=lambda x: (x not in newcomers, state.move_delta(k, x, smallest), x),
            )
            state.move(k, mover, smallest)
            moved_existing += mover not in newcomers
    return moved_existing


def _index(request: WorldCafeRequest) -> _Indexed:
    host_ids = {h for table in request.tables for h in table.host_ids}
    by_id = {p.id: p for p in request.participants}
    rotating = tuple(p for p in request.participants if p.id not in host_ids)
    hosts = tuple(tuple(by_id.get(h, Participant(id=h)) for h in table.host_ids) for table in request.tables)
    quotas = _balanced_quotas([len(t.host_ids) for t in request.tables], len(rotating))
    attribute_names = ("organisation_id", "organisation_type", "district_key")
    weights = request.weights
    attribute_weights = (weights.same_organisation, weights.same_organisation_type, weights.same_district)
    attributes: list[tuple[int, ...]] = []
    host_categories: list[tuple[tuple[int, ...], ...]] = []
    for name in attribute_names:
        codes: dict[str, int] = {}

        def code(person: Participant, name: str = name, codes: dict[str, int] = codes) -> int:
            value = getattr(person, name)
            return UNKNOWN if value is None else codes.setdefault(value, len(codes))

        attributes.append(tuple(code(p) for p in rotating))
        host_categories.append(tuple(tuple(code(h) for h in table_hosts) for table_hosts in hosts))
    position = {p.id: i for i, p in enumerate(rotating)}
    earlier: set[tuple[int, int]] = set()
    for a, b in request.previous_encounters:
        if a in position and b in position and a != b:
            earlier.add((min(position[a], position[b]), max(position[a], position[b])))
    problem = CafeProblem(
        quotas=tuple(quotas),
        rounds=request.rounds,
        attributes=tuple(attributes),
        attribute_weights=attribute_weights,
        host_categories=tuple(host_categories),
        earlier_pairs=frozenset(earlier),
        repeat_weight=weights.repeated_encounter,
        revisit_weight=weights.table_revisit * _revisit_scale(request.rounds, quotas),
        revisits_fixed=request.rounds <= sum(1 for q in quotas if q > 0),
        rotate_quotas=len({len(t.host_ids) for t in request.tables}) == 1 and len(set(quotas)) > 1,
    )
    return _Indexed(request, rotating, hosts, problem)


def _revisit_scale(rounds: int, quotas: Sequence[int]) -> float:
    """With more rounds than tables revisits are certain; then meeting new people matters more.
    With no more rounds than tables, nobody sitting at a table twice comes first (a hard rule: the
    search never adds a revisit, and removing one outweighs any number of repeats it costs)."""
    return 1000.0 if rounds <= sum(1 for q in quotas if q > 0) else 0.2


def _balanced_quotas(host_counts: Sequence[int], people: int) -> list[int]:
    """Rotating seats per table so that tables (hosts included) differ by at most one where possible."""
    quotas = [0] * len(host_counts)
    for _ in range(people):
        emptiest = min(range(len(host_counts)), key=lambda j: (host_counts[j] + quotas[j], j))
        quotas[emptiest] += 1
    return quotas


def _design_start(problem: CafeProblem, rng: random.Random) -> list[list[int]]:
    """Rounds from a resolvable design when all tables take the same number of people.

    A labelled design (nobody at a table twice) is used as it is; other designs get their table
    labels round by round so that nobody sits at a table twice where that is a hard rule, and are cut
    off at the first round where no such labelling exists."""
    sizes = set(problem.quotas)
    if len(sizes) != 1 or problem.earlier_pairs:
        return []
    size = sizes.pop()
    design = design_for(problem.people, size, problem.rounds)
    rounds = design.rounds if design else []
    if design and problem.revisits_fixed and not design.labelled:
        rounds = _labelled_prefix(rounds, problem.table_count)
    relabel = list(range(problem.people))
    rng.shuffle(relabel)
    if len(rounds) < problem.rounds and problem.revisits_fixed and size > 1:
        # No exact design for all rounds: a partial difference matrix over a group of order tables
        # (its exact rounds first, where it has a difference matrix) keeps everyone off tables they
        # sat at, with few repeats, and the search starts from there.
        entries = size * problem.table_count * problem.rounds
        steps = min(DIFFERENCE_STEPS, DIFFERENCE_STEPS_PER_ENTRY * entries)
        differences = difference_group(problem.table_count)
        rows = difference_matrix_rounds(size, differences, problem.rounds, rng, steps)
        return [[row[relabel.index(person)] for person in range(problem.people)] for row in rows]
    seat: list[list[int]] = []
    for tables in rounds:
        row = [0] * problem.people
        for j, group in enumerate(tables):
            for person in group:
                row[relabel[person]] = j
        seat.append(row)
    return seat


def _labelled_prefix(rounds: list[list[list[int]]], table_count: int) -> list[list[list[int]]]:
    """The design's rounds with their groups ordered so that group ``j`` sits at table ``j`` and nobody
    sits at a table twice (a bipartite matching of groups to tables per round, Kuhn's algorithm)."""
    visited: dict[int, set[int]] = {}
    labelled: list[list[list[int]]] = []
    for groups in rounds:
        allowed = [
            [j for j in range(table_count) if not any(j in visited.get(x, ()) for x in group)]
            for group in groups
        ]
        group_at: dict[int, int] = {}

        def augment(
            g: int, seen: set[int], allowed: list[list[int]] = allowed, group_at: dict[int, int] = group_at
        ) -> bool:
            for j in allowed[g]:
                if j in seen:
                    continue
                seen.add(j)
                if j not in group_at or augment(group_at[j], seen):
                    group_at[j] = g
                    return True
            return False

        if not all(augment(g, set()) for g in range(len(groups))):
            break
        ordered = [groups[group_at[j]] for j in range(table_count)]
        for j, group in enumerate(ordered):
            for x in group:
                visited.setdefault(x, set()).add(j)
        labelled.append(ordered)
    return labelled


def _capacity_notices(indexed: _Indexed) -> list[PlanNotice]:
    problem = indexed.problem
    notices: list[PlanNotice] = []
    if problem.people == 0:
        notices.append(
            PlanNotice(
                severity=NoticeSeverity.INFEASIBLE,
                code="no_participants",
                field="participants",
                message="There is nobody to seat: no confirmed or checked-in participant apart from "
                "the hosts. The plan only lists the tables with their hosts.",
            )
        )
        return notices
    usable = sum(1 for q in problem.quotas if q > 0)
    if usable < problem.table_count:
        notices.append(
            PlanNotice(
                severity=NoticeSeverity.WARNING,
                code="tables_left_empty",
                field="tables",
                message=f"{problem.people} participant(s) cannot fill {problem.table_count} tables; "
                f"{problem.table_count - usable} table(s) stay with their hosts only.",
            )
        )
    if problem.rounds > usable:
        notices.append(
            PlanNotice(
                severity=NoticeSeverity.WARNING,
                code="rounds_exceed_tables",
                field="rounds",
                message=f"{problem.rounds} rounds at {usable} table(s) in use: everyone sits at some table "
                f"at least {problem.rounds - usable} more time(s). Visits are spread as evenly as possible.",
            )
        )
    most = max_rounds_without_repeats(problem.quotas, problem.earlier_partners)
    if most is not None and problem.rounds > most:
        notices.append(
            PlanNotice(
                severity=NoticeSeverity.INFEASIBLE,
                code="rounds_force_repeated_encounters",
                field="rounds",
                message=f"With {problem.people} people at tables of {min(q for q in problem.quotas if q > 0)}"
                f"-{max(problem.quotas)} at most {most} round(s) are possible without two people meeting "
                f"twice; {problem.rounds} rounds force repeated encounters. The plan keeps them as few as "
                "it can.",
            )
        )
    return notices


def _with_bound_notice(plan: WorldCafePlan) -> WorldCafePlan:
    quality = plan.quality
    if quality.repeated_encounters <= quality.repeated_encounters_lower_bound:
        return plan
    notice = PlanNotice(
        severity=NoticeSeverity.WARNING,
        code="repeats_above_bound",
        field="rounds",
        message=f"The plan has {quality.repeated_encounters} repeated encounter(s); the lower bound is "
        f"{quality.repeated_encounters_lower_bound} (the bound is not always reachable).",
    )
    return plan.model_copy(update={"notices": (*plan.notices, notice)})


def _to_plan(indexed: _Indexed, seat: list[list[int]], notices: list[PlanNotice]) -> WorldCafePlan:
    request = indexed.request
    rounds: list[CafeRound] = []
    for k in range(request.rounds):
        groups: list[list[str]] = [[] for _ in request.tables]
        for person, table in enumerate(seat[k]):
            groups[table].append(indexed.rotating[person].id)
        rounds.append(
            CafeRound(
                number=k + 1,
                tables=tuple(
                    CafeTableRound(
                        table_id=table.id,
                        topic=table.topic,
                        host_ids=table.host_ids,
                        participant_ids=tuple(sorted(group)),
                    )
                    for table, group in zip(request.tables, groups, strict=True)
                ),
            )
        )
    return WorldCafePlan(
        seed=request.seed,
        rounds=tuple(rounds),
        quality=_quality(indexed, seat, rounds),
        notices=tuple(notices),
    )


def _quality(indexed: _Indexed, seat: list[list[int]], rounds: Sequence[CafeRound]) -> CafeQuality:
    problem = indexed.problem
    state = CafeState(problem, [list(row) for row in seat])
    n = problem.people
    repeats = sum(max(0, state.meetings[a][b] - 1) for a in range(n) for b in range(a + 1, n))
    revisits = sum(max(0, v - 1) for row in state.visits for v in row)
    round_quotas = [[len(group) for group in state.members[k]] for k in range(problem.rounds)]
    by_id = {p.id: p for p in indexed.request.participants}
    mixes = [
        _table_mix(cafe_round.number, table, by_id) for cafe_round in rounds for table in cafe_round.tables
    ]
    sizes_per_round = [[len(t.host_ids) + len(t.participant_ids) for t in r.tables] for r in rounds]
    return CafeQuality(
        repeated_encounters=repeats,
        repeated_encounters_lower_bound=repeats_bound(
            round_quotas, problem.earlier_partners, without_revisits=revisits == 0
        ),
        max_rounds_without_repeats=max_rounds_without_repeats(problem.quotas, problem.earlier_partners),
        table_revisits=revisits,
        table_revisits_lower_bound=table_revisits_lower_bound(problem.quotas, problem.rounds, n),
        max_organisation_type_share=max((m.max_organisation_type_share for m in mixes), default=0.0),
        max_district_share=max((m.max_district_share for m in mixes), default=0.0),
        max_organisation_share=max((m.max_organisation_share for m in mixes), default=0.0),
        size_spread=max((max(s) - min(s) for s in sizes_per_round if s), default=0),
        tables=tuple(mixes),
    )


def _table_mix(round_number: int, table: CafeTableRound, by_id: dict[str, Participant]) -> TableMix:
    people = [by_id.get(i, Participant(id=i)) for i in (*table.host_ids, *table.participant_ids)]
    size = len(people)

    def share_and_variety(values: list[str | None]) -> tuple[float, int]:
        known = [v for v in values if v is not None]
        if not known or size == 0:
            return 0.0, 0
        most = max(known.count(v) for v in set(known))
        return round(most / size, 4), len(set(known))

    type_share, types = share_and_variety([p.organisation_type for p in people])
    district_share, districts = share_and_variety([p.district_key for p in people])
    organisation_share, _ = share_and_variety([p.organisation_id for p in people])
    return TableMix(
        round_number=round_number,
        table_id=table.table_id,
        size=size,
        organisation_types=types,
        districts=districts,
        max_organisation_type_share=type_share,
        max_district_share=district_share,
        max_organisation_share=organisation_share,
    )
