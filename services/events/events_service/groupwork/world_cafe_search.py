"""Local search for the World Café: seeded simulated annealing on seat swaps within a round.

Everything is indexed by small integers here; ``world_cafe`` translates from and to ids.
A pair that meets ``m`` times costs its ``m - 1`` repeated encounters, the figure the plan reports,
plus a tenth for every meeting beyond the second, so that among plans with equal repeats the one
spreading them over more pairs wins (a pair meeting three times costs 2.1, two pairs meeting twice
2). Tables visited ``m`` times and pairs of equal organisation/type/district at one table cost
``C(m, 2)``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from events_service.groupwork.designs import DifferenceGroup
from events_service.groupwork.world_cafe_bounds import repeats_bound

UNKNOWN = -1
_CONFLICT_PICKS = 4
# Extra cost of each meeting of a pair beyond its second (see the module's description).
_PILE_UP = 0.1
# Share of the search's steps, where nobody may sit at a table twice, spent on two-round trades.
_TRADE_SHARE = 0.3


def meeting_costs(most: int) -> list[float]:
    """``costs[m]``: what one more meeting adds to a pair that has met ``m`` times (``m <= most``)."""
    return [0.0] + [1.0 + _PILE_UP * (m - 1) for m in range(1, most + 1)]


@dataclass(frozen=True)
class CafeProblem:
    """A World Café reduced to integers: people ``0..n-1`` rotate, tables ``0..t-1`` have quotas."""

    quotas: tuple[int, ...]
    rounds: int
    # One tuple per mix attribute (organisation, type, district): the category of each person.
    attributes: tuple[tuple[int, ...], ...]
    attribute_weights: tuple[float, ...]
    # host_categories[attribute][table]: categories of the hosts sitting at that table.
    host_categories: tuple[tuple[tuple[int, ...], ...], ...]
    earlier_pairs: frozenset[tuple[int, int]]
    repeat_weight: float
    revisit_weight: float
    # Hard rule when rounds <= tables: nobody sits at a table twice (no move may create a revisit).
    revisits_fixed: bool = False
    # Table sizes rotate from round to round (all tables have the same number of hosts): with
    # uneven sizes this is what lets everyone sit at a different table in every round.
    rotate_quotas: bool = False

    def quotas_in_round(self, k: int) -> tuple[int, ...]:
        if not self.rotate_quotas:
            return self.quotas
        t = len(self.quotas)
        return tuple(self.quotas[(j - k) % t] for j in range(t))

    @property
    def people(self) -> int:
        return sum(self.quotas)

    @property
    def earlier_partners(self) -> tuple[int, ...]:
        """How many of the others each person met at an earlier event."""
        partners = [0] * self.people
        for a, b in self.earlier_pairs:
            partners[a] += 1
            partners[b] += 1
        return tuple(partners)

    @property
    def table_count(self) -> int:
        return len(self.quotas)


@dataclass
class CafeState:
    """A full seating (``seat[round][person] = table``) with the counters the cost is made of."""

    problem: CafeProblem
    seat: list[list[int]]
    members: list[list[list[int]]] = field(init=False)
    meetings: list[list[int]] = field(init=False)
    visits: list[list[int]] = field(init=False)
    counts: list[list[list[dict[int, int]]]] = field(init=False)
    added: list[float] = field(init=False)

    def __post_init__(self) -> None:
        p = self.problem
        n, t = p.people, p.table_count
        self.members = [[[] for _ in range(t)] for _ in range(p.rounds)]
        for k, row in enumerate(self.seat):
            for person, table in enumerate(row):
                if table >= 0:  # -1: not seated yet (while a plan is being repaired)
                    self.members[k][table].append(person)
        self.meetings = [[0] * n for _ in range(n)]
        # added[m]: cost of one more meeting of a pair that met m times (a pair meets at most once
        # per round, plus once at an earlier event).
        self.added = meeting_costs(p.rounds + 1)
        for a, b in p.earlier_pairs:
            self.meetings[a][b] += 1
            self.meetings[b][a] += 1
        self.visits = [[0] * t for _ in range(n)]
        self.counts = []
        for attribute, hosts in zip(p.attributes, p.host_categories, strict=True):
            per_round: list[list[dict[int, int]]] = []
            for k in range(p.rounds):
                tables: list[dict[int, int]] = []
                for j in range(t):
                    counter: dict[int, int] = {}
                    for category in (*hosts[j], *(attribute[x] for x in self.members[k][j])):
                        if category != UNKNOWN:
                            counter[category] = counter.get(category, 0) + 1
                    tables.append(counter)
                per_round.append(tables)
            self.counts.append(per_round)
        for k in range(p.rounds):
            for j, group in enumerate(self.members[k]):
                for x in group:
                    self.visits[x][j] += 1
                    for y in group:
                        if x < y:
                            self.meetings[x][y] += 1
                            self.meetings[y][x] += 1

    def cost(self) -> float:
        p = self.problem
        n = p.people
        total = [0.0]
        for m in range(1, len(self.added)):
            total.append(total[-1] + self.added[m - 1])
        pair_cost = sum(total[self.meetings[a][b]] for a in range(n) for b in range(a + 1, n))
        revisit_cost = sum(v * (v - 1) // 2 for row in self.visits for v in row)
        mix_cost = 0.0
        for weight, per_round in zip(p.attribute_weights, self.counts, strict=True):
            same = sum(
                c * (c - 1) // 2 for tables in per_round for counter in tables for c in counter.values()
            )
            mix_cost += weight * same
        return p.repeat_weight * pair_cost + p.revisit_weight * revisit_cost + mix_cost

    def swap_delta(self, k: int, a: int, b: int) -> float:
        """Cost change if ``a`` and ``b`` (at different tables in round ``k``) changed places."""
        p = self.problem
        table_a, table_b = self.seat[k][a], self.seat[k][b]
        meet_a, meet_b = self.meetings[a], self.meetings[b]
        added = self.added
        pair_delta = 0.0
        for x in self.members[k][table_a]:
            if x != a:
                pair_delta += added[meet_b[x]] - added[meet_a[x] - 1]
        for y in self.members[k][table_b]:
            if y != b:
                pair_delta += added[meet_a[y]] - added[meet_b[y] - 1]
        visits_a, visits_b = self.visits[a], self.visits[b]
        revisit_delta = visits_a[table_b] - visits_a[table_a] + 1 + visits_b[table_a] - visits_b[table_b] + 1
        delta = p.repeat_weight * pair_delta + p.revisit_weight * revisit_delta
        for attribute, weight, per_round in zip(p.attributes, p.attribute_weights, self.counts, strict=True):
            cat_a, cat_b = attribute[a], attribute[b]
            if cat_a == cat_b or weight == 0:
                continue
            at_a, at_b = per_round[k][table_a], per_round[k][table_b]
            same = 0
            if cat_a != UNKNOWN:
                same += at_b.get(cat_a, 0) - (at_a[cat_a] - 1)
            if cat_b != UNKNOWN:
                same += at_a.get(cat_b, 0) - (at_b[cat_b] - 1)
            delta += weight * same
        return delta

    def swap(self, k: int, a: int, b: int) -> None:
        table_a, table_b = self.seat[k][a], self.seat[k][b]
        self.leave_seat(k, a, table_a)
        self.leave_seat(k, b, table_b)
        self.join_seat(k, a, table_b)
        self.join_seat(k, b, table_a)

    def move(self, k: int, person: int, table: int) -> None:
        """Seat ``person`` elsewhere in round ``k`` (used when repairing a plan; quotas may change)."""
        self.leave_seat(k, person, self.seat[k][person])
        self.join_seat(k, person, table)

    def leave_seat(self, k: int, person: int, table: int) -> None:
        group = self.members[k][table]
        group.remove(person)
        for x in group:
            self.meetings[person][x] -= 1
            self.meetings[x][person] -= 1
        self.visits[person][table] -= 1
        for attribute, per_round in zip(self.problem.attributes, self.counts, strict=True):
            category = attribute[person]
            if category != UNKNOWN:
                per_round[k][table][category] -= 1

    def join_seat(self, k: int, person: int, table: int) -> None:
        group = self.members[k][table]
        for x in group:
            self.meetings[person][x] += 1
            self.meetings[x][person] += 1
        group.append(person)
        self.seat[k][person] = table
        self.visits[person][table] += 1
        for attribute, per_round in zip(self.problem.attributes, self.counts, strict=True):
            category = attribute[person]
            if category != UNKNOWN:
                counter = per_round[k][table]
                counter[category] = counter.get(category, 0) + 1

    def move_delta(self, k: int, person: int, table: int) -> float:
        """Cost change if ``person`` moved to ``table`` in round ``k``."""
        p = self.problem
        current = self.seat[k][person]
        meet = self.meetings[person]
        pair_gain = sum(self.added[meet[x] - 1] for x in self.members[k][current] if x != person)
        gain = p.repeat_weight * pair_gain + p.revisit_weight * (self.visits[person][current] - 1)
        for attribute, weight, per_round in zip(p.attributes, p.attribute_weights, self.counts, strict=True):
            category = attribute[person]
            if category != UNKNOWN:
                gain += weight * (per_round[k][current][category] - 1)
        return self.join_delta(k, person, table) - gain

    def join_delta(self, k: int, person: int, table: int) -> float:
        """Cost of adding ``person`` (currently seated nowhere counted) to ``table`` in round ``k``."""
        p = self.problem
        meet = self.meetings[person]
        pair_delta = sum(self.added[meet[x]] for x in self.members[k][table] if x != person)
        delta = p.repeat_weight * pair_delta + p.revisit_weight * self.visits[person][table]
        for attribute, weight, per_round in zip(p.attributes, p.attribute_weights, self.counts, strict=True):
            category = attribute[person]
            if category != UNKNOWN:
                delta += weight * per_round[k][table].get(category, 0)
        return delta


def greedy_seating(
    problem: CafeProblem, rng: random.Random, prefix: Sequence[Sequence[int]] = ()
) -> list[list[int]]:
    """Keep the ``prefix`` rounds; seat the others one by one, people in random order, each at the
    open table where they add the least cost."""
    n, t = problem.people, problem.table_count
    seat = [list(row) for row in prefix[: problem.rounds]]
    # The state holds the rounds planned so far and grows round by round.
    state = CafeState(replace(problem, rounds=len(seat)), [list(row) for row in seat])
    state.added = meeting_costs(problem.rounds + 1)
    for k in range(len(seat), problem.rounds):
        order = list(range(n))
        rng.shuffle(order)
        open_seats = list(problem.quotas_in_round(k))
        row = [0] * n
        state.members.append([[] for _ in range(t)])
        for attribute_counts, hosts in zip(state.counts, problem.host_categories, strict=True):
            attribute_counts.append([_host_counter(hosts[j]) for j in range(t)])
        state.seat.append(row)
        for person in order:
            tables = [j for j in range(t) if open_seats[j] > 0]
            if problem.revisits_fixed:
                fresh = [j for j in tables if state.visits[person][j] == 0]
                if not fresh and _make_room(state, k, person, open_seats):
                    fresh = [j for j in range(t) if open_seats[j] > 0 and state.visits[person][j] == 0]
                tables = fresh or tables
            best = min(tables, key=lambda j: (state.join_delta(k, person, j), -open_seats[j], j))
            open_seats[best] -= 1
            state.join_seat(k, person, best)
        seat.append(row)
    return [list(row) for row in seat]


def _make_room(state: CafeState, k: int, person: int, open_seats: list[int]) -> bool:
    """Free a seat at a table ``person`` has not sat at, by moving people already seated in round
    ``k`` along an augmenting path (each to a table they have not sat at) to a table with a free seat."""
    t = state.problem.table_count
    seen: set[int] = set()

    def free_table(j: int) -> bool:
        # Try to make a seat at table j free by moving one of its people on.
        for other in list(state.members[k][j]):
            for target in range(t):
                if target in seen or state.visits[other][target]:
                    continue
                seen.add(target)
                if open_seats[target] > 0 or free_table(target):
                    state.move(k, other, target)
                    open_seats[target] -= 1
                    open_seats[j] += 1
                    return True
        return False

    for j in range(t):
        if state.visits[person][j] == 0 and j not in seen:
            seen.add(j)
            if free_table(j):
                return True
    return False


def _swap_revisits(state: CafeState, k: int, a: int, b: int) -> bool:
    """Whether swapping ``a`` and ``b`` in round ``k`` would add to the number of table revisits."""
    table_a, table_b = state.seat[k][a], state.seat[k][b]
    visits_a, visits_b = state.visits[a], state.visits[b]
    added = (visits_a[table_b] >= 1) + (visits_b[table_a] >= 1)
    removed = (visits_a[table_a] >= 2) + (visits_b[table_b] >= 2)
    return added > removed


def _group_swap_revisits(state: CafeState, k: int, table_i: int, table_j: int) -> bool:
    """Whether trading the groups of two tables in round ``k`` would add to the table revisits."""
    added = removed = 0
    for group, here, there in (
        (state.members[k][table_i], table_i, table_j),
        (state.members[k][table_j], table_j, table_i),
    ):
        for x in group:
            added += state.visits[x][there] >= 1
            removed += state.visits[x][here] >= 2
    return added > removed


def _host_counter(categories: Sequence[int]) -> dict[int, int]:
    counter: dict[int, int] = {}
    for category in categories:
        if category != UNKNOWN:
            counter[category] = counter.get(category, 0) + 1
    return counter


def cost_floor(problem: CafeProblem) -> float:
    """A cost no seating can go below: the repeats' lower bound (``world_cafe_bounds``; each repeat
    costs at least its weight), no table revisited, and in every round each category spread over the
    tables as evenly as their hosts allow, whatever the tables' sizes. A seating at this cost cannot
    be improved on, so the search stops there."""
    round_quotas = [problem.quotas_in_round(k) for k in range(problem.rounds)]
    # Where no move may create a revisit, the bound without revisits holds as well.
    repeats = repeats_bound(round_quotas, problem.earlier_partners, without_revisits=problem.revisits_fixed)
    floor = problem.repeat_weight * repeats
    tables = range(problem.table_count)
    for attribute, hosts, weight in zip(
        problem.attributes, problem.host_categories, problem.attribute_weights, strict=True
    ):
        people: dict[int, int] = {}
        for category in attribute:
            if category != UNKNOWN:
                people[category] = people.get(category, 0) + 1
        host_categories = {category for table in hosts for category in table if category != UNKNOWN}
        same = 0
        for category in host_categories | people.keys():
            at_table = [hosts[j].count(category) for j in tables]
            same += sum(c * (c - 1) // 2 for c in at_table)
            # Each further person of the category joins the table with the fewest of it so far.
            for _ in range(people.get(category, 0)):
                fewest = min(tables, key=at_table.__getitem__)
                same += at_table[fewest]
                at_table[fewest] += 1
        floor += weight * same * problem.rounds
    return floor


def anneal(
    problem: CafeProblem, seat: list[list[int]], rng: random.Random, steps: int, floor: float = 0.0
) -> list[list[int]]:
    """Improve a seating by swaps; returns the best seating seen (never worse than the start). It
    stops once the seating costs ``floor`` (see ``cost_floor``): nothing better can follow."""
    state = CafeState(problem, [list(row) for row in seat])
    n, t = problem.people, problem.table_count
    if n < 2 or t < 2 or problem.rounds == 0:
        return state.seat
    current = state.cost()
    best_cost, best_seat = current, [list(row) for row in state.seat]
    # Where revisits are a hard rule no move adds one, so the temperature follows the repeats' scale.
    scale = (
        problem.repeat_weight
        if problem.revisits_fixed
        else max(problem.repeat_weight, problem.revisit_weight)
    )
    start_temperature = 0.6 * max(scale, 1.0)
    end_temperature = 0.01
    cooling = (end_temperature / start_temperature) ** (1.0 / max(1, steps))
    temperature = start_temperature
    equal_quota_pairs = [
        (i, j) for i in range(t) for j in range(i + 1, t) if problem.quotas[i] == problem.quotas[j]
    ]
    if problem.rotate_quotas:
        equal_quota_pairs = []
    for _ in range(steps):
        if current <= floor + 1e-9:
            break
        temperature *= cooling
        k = rng.randrange(problem.rounds)
        if equal_quota_pairs and rng.random() < 0.05:
            table_i, table_j = equal_quota_pairs[rng.randrange(len(equal_quota_pairs))]
            if problem.revisits_fixed and _group_swap_revisits(state, k, table_i, table_j):
                continue
            delta = _group_swap_delta(state, k, table_i, table_j)
            if delta <= 0 or rng.random() < math.exp(-delta / temperature):
                _swap_groups(state, k, table_i, table_j)
                current += delta
        else:
            a = _conflicted_person(state, k, rng)
            if problem.revisits_fixed:
                # Only tables ``a`` has not sat at yet can take them without a revisit.
                fresh = [j for j in range(t) if state.visits[a][j] == 0 and state.members[k][j]]
                if not fresh or rng.random() < _TRADE_SHARE:
                    current += _trade_two_rounds(state, k, a, rng, temperature)
                    if current < best_cost - 1e-9:
                        best_cost = current
                        best_seat = [list(row) for row in state.seat]
                    continue
                group = state.members[k][fresh[rng.randrange(len(fresh))]]
                b = group[rng.randrange(len(group))]
            else:
                b = rng.randrange(n)
            if state.seat[k][a] == state.seat[k][b]:
                continue
            if problem.revisits_fixed and _swap_revisits(state, k, a, b):
                continue
            delta = state.swap_delta(k, a, b)
            if delta <= 0 or rng.random() < math.exp(-delta / temperature):
                state.swap(k, a, b)
                current += delta
        if current < best_cost - 1e-9:
            best_cost = current
            best_seat = [list(row) for row in state.seat]
    return best_seat


def swap_schedules(
    problem: CafeProblem, seat: list[list[int]], rng: random.Random, steps: int
) -> list[list[int]]:
    """Better mixed tables at no cost in repeats: two people trade their whole schedules.

    Who meets whom, who sits where how often and every table's size stay the same, so only the mix
    changes; a trade is made when it lowers the mix cost. Without earlier encounters only (with them,
    a trade would change who meets an earlier partner again).
    """
    n = problem.people
    if problem.earlier_pairs or n < 2:
        return seat
    state = CafeState(problem, [list(row) for row in seat])
    attributes = [
        (attribute, weight, per_round)
        for attribute, weight, per_round in zip(
            problem.attributes, problem.attribute_weights, state.counts, strict=True
        )
        if weight > 0
    ]
    rows = state.seat
    for _ in range(steps):
        a, b = rng.randrange(n), rng.randrange(n)
        delta = 0.0
        for attribute, weight, per_round in attributes:
            category_a, category_b = attribute[a], attribute[b]
            if category_a == category_b:
                continue
            same = 0
            for row, tables in zip(rows, per_round, strict=True):
                at_a, at_b = tables[row[a]], tables[row[b]]
                if at_a is at_b:
                    continue
                if category_a != UNKNOWN:
                    same += at_b.get(category_a, 0) - at_a[category_a] + 1
                if category_b != UNKNOWN:
                    same += at_a.get(category_b, 0) - at_b[category_b] + 1
            delta += weight * same
        if delta >= 0:
            continue
        for attribute, _, per_round in attributes:
            category_a, category_b = attribute[a], attribute[b]
            if category_a == category_b:
                continue
            for row, tables in zip(rows, per_round, strict=True):
                at_a, at_b = tables[row[a]], tables[row[b]]
                if at_a is at_b:
                    continue
                if category_a != UNKNOWN:
                    at_a[category_a] -= 1
                    at_b[category_a] = at_b.get(category_a, 0) + 1
                if category_b != UNKNOWN:
                    at_b[category_b] -= 1
                    at_a[category_b] = at_a.get(category_b, 0) + 1
        for row in rows:
            row[a], row[b] = row[b], row[a]
    return [list(row) for row in rows]


def _trade_two_rounds(state: CafeState, k: int, a: int, rng: random.Random, temperature: float) -> float:
    """Swap ``a`` with someone in round ``k`` and in a second round so that both keep their tables.

    ``a`` sits at ``A`` in round ``k`` and at ``B`` in another round; a ``b`` sitting at ``B`` in round
    ``k`` and at ``A`` in that round trades both seats with ``a``. Nobody visits a new table, so this
    move never adds a revisit: where everyone has sat at nearly every table it is the move that remains.
    Returns the cost change (0 when no trade was made).
    """
    rounds = state.problem.rounds
    if rounds < 2:
        return 0.0
    other = rng.randrange(rounds - 1)
    other += other >= k
    table_a, table_b = state.seat[k][a], state.seat[other][a]
    if table_a == table_b:
        return 0.0
    partners = [b for b in state.members[k][table_b] if state.seat[other][b] == table_a]
    if not partners:
        return 0.0
    b = partners[rng.randrange(len(partners))]
    delta = state.swap_delta(k, a, b)
    state.swap(k, a, b)
    delta += state.swap_delta(other, a, b)
    if delta <= 0 or rng.random() < math.exp(-delta / temperature):
        state.swap(other, a, b)
        return delta
    state.swap(k, a, b)
    return 0.0


def relabel_tables(problem: CafeProblem, seat: list[list[int]]) -> list[list[int]]:
    """Trade whole groups between equally sized tables while that lowers the cost (revisits, mix).

    Meetings do not change, so a seating without repeats keeps none.
    """
    state = CafeState(problem, [list(row) for row in seat])
    t = problem.table_count
    improved = True
    while improved:
        improved = False
        for k in range(problem.rounds):
            for i in range(t):
                for j in range(i + 1, t):
                    if len(state.members[k][i]) != len(state.members[k][j]):
                        continue
                    if problem.revisits_fixed and _group_swap_revisits(state, k, i, j):
                        continue
                    if _group_swap_delta(state, k, i, j) < -1e-9:
                        _swap_groups(state, k, i, j)
                        improved = True
    return state.seat


def _swap_groups(state: CafeState, k: int, table_i: int, table_j: int) -> None:
    for a, b in zip(list(state.members[k][table_i]), list(state.members[k][table_j]), strict=True):
        state.swap(k, a, b)


def _conflicted_person(state: CafeState, k: int, rng: random.Random) -> int:
    """A person who meets someone again in round ``k``, if a few random picks find one.

    Moving people without a repeat rarely helps; focusing on those with one speeds the search up.
    """
    n = state.problem.people
    person = rng.randrange(n)
    for _ in range(_CONFLICT_PICKS):
        meetings = state.meetings[person]
        if any(meetings[x] > 1 for x in state.members[k][state.seat[k][person]] if x != person):
            return person
        person = rng.randrange(n)
    return person


def _group_swap_delta(state: CafeState, k: int, table_i: int, table_j: int) -> float:
    """Cost change if the rotating groups of two equally sized tables traded tables in round ``k``."""
    p = state.problem
    group_i, group_j = state.members[k][table_i], state.members[k][table_j]
    revisits = sum(state.visits[x][table_j] - state.visits[x][table_i] + 1 for x in group_i)
    revisits += sum(state.visits[y][table_i] - state.visits[y][table_j] + 1 for y in group_j)
    delta = p.revisit_weight * revisits
    for attribute, weight, hosts in zip(p.attributes, p.attribute_weights, p.host_categories, strict=True):
        before = _same_pairs(hosts[table_i], group_i, attribute) + _same_pairs(
            hosts[table_j], group_j, attribute
        )
        after = _same_pairs(hosts[table_i], group_j, attribute) + _same_pairs(
            hosts[table_j], group_i, attribute
        )
        delta += weight * (after - before)
    return delta


def _same_pairs(host_categories: Sequence[int], group: Sequence[int], attribute: Sequence[int]) -> int:
    counter = _host_counter([*host_categories, *(attribute[x] for x in group)])
    return sum(c * (c - 1) // 2 for c in counter.values())


def difference_matrix_rounds(
    group_count: int, group: DifferenceGroup, rounds: int, rng: random.Random, steps: int
) -> list[list[int]]:
    """A revisit-free start for ``group_count * tables`` people at ``tables = group.order`` equal tables.

    Person ``i * tables + x`` sits in round ``k`` at table ``x + f[i][k]`` (in the group). With the
    entries of each row ``f[i]`` distinct nobody sits at a table twice; two people of rows ``i != j``
    meet in rounds ``k`` and ``l`` both exactly when ``f[i][k] - f[j][k] == f[i][l] - f[j][l]``, and
    each such coincidence repeats ``tables`` pairs (people of one row never meet). An annealing
    search lowers the coincidences (a partial difference matrix; with none at all it is an exact
    design) and keeps the best rows seen. Returns ``seat[round][person]``.

    Where the group has a known difference matrix, its rounds come first and stay as they are: rows
    ``f[i]`` start with some of its columns other than the zero column 0. Then only a few entries
    are searched, from several starts, each with other columns of the matrix. With more rows than
    the matrix has such columns, some columns are taken twice: the people of those two rows meet in
    every one of the matrix's rounds, everyone else at most once there (over Z10 this is the best
    start at 100 people and 8 rounds: 21 coincidences, against 47 from the search alone). A start
    from the search alone competes with them then.
    """
    g, t = group_count, group.order
    known_columns = len(group.matrix[0]) - 1 if group.matrix else 0
    fixed = min(rounds, len(group.matrix)) if known_columns else 0
    # Starts from the matrix differ in the rounds searched after its rounds (none: one start will do).
    starts = max(1, min(DIFFERENCE_STARTS, steps // DIFFERENCE_STEPS_PER_START)) if 0 < fixed < rounds else 1
    plans = [fixed] * starts + ([0] if fixed and g > known_columns else [])
    searched = sum(1 for start_fixed in plans if start_fixed < rounds) or 1
    best: tuple[int, list[list[int]]] | None = None
    for start_fixed in plans:
        columns = _matrix_columns(known_columns, g, rng) if start_fixed else []
        known = [[group.matrix[k][c] for k in range(start_fixed)] for c in columns] or [[] for _ in range(g)]
        rows = [
            row + rng.sample([v for v in range(t) if v not in row], rounds - start_fixed) for row in known
        ]
        found = _fewer_coincidences(group, rows, start_fixed, rng, steps // searched)
        if best is None or found[0] < best[0]:
            best = found
        if best[0] == 0:
            break
    assert best is not None
    f = best[1]
    return [[group.add[x][f[i][k]] for i in range(g) for x in range(t)] for k in range(rounds)]


def _matrix_columns(known_columns: int, rows: int, rng: random.Random) -> list[int]:
    """``rows`` of the matrix's columns ``1..known_columns``: each once while they last, then again."""
    columns: list[int] = []
    while len(columns) < rows:
        columns += rng.sample(range(1, known_columns + 1), min(known_columns, rows - len(columns)))
    return sorted(columns)


# Starts of the difference-matrix search after a known matrix's rounds, and the least steps each.
DIFFERENCE_STARTS = 12
DIFFERENCE_STEPS_PER_START = 4_000


def _fewer_coincidences(
    group: DifferenceGroup, f: list[list[int]], fixed: int, rng: random.Random, steps: int
) -> tuple[int, list[list[int]]]:
    """Anneal the entries of rounds ``fixed`` and later of the rows ``f``; the fewest coincidences seen
    and the rows that had them."""
    g, t, rounds = len(f), group.order, len(f[0]) if f else 0
    sub = group.sub
    # count[i][j][d]: rounds in which row i minus row j is d (kept for both orders, so a change of
    # row i reads only row i's counters).
    count = [[[0] * t for _ in range(g)] for _ in range(g)]
    for i in range(g):
        for j in range(g):
            if i != j:
                for k in range(rounds):
                    count[i][j][sub[f[i][k]][f[j][k]]] += 1
    clashes = sum(max(0, c - 1) for i in range(g) for j in range(i + 1, g) for c in count[i][j])
    best_clashes, best_f = clashes, [list(row) for row in f]

    def delta_of(i: int, k: int, value: int) -> int:
        """Change in coincidences if ``f[i][k]`` became ``value``."""
        delta = 0
        old = f[i][k]
        counts_i = count[i]
        for j in range(g):
            if j != i:
                other = f[j][k]
                cell = counts_i[j]
                delta += (cell[sub[value][other]] >= 1) - (cell[sub[old][other]] >= 2)
        return delta

    def set_entry(i: int, k: int, value: int) -> None:
        old = f[i][k]
        for j in range(g):
            if j != i:
                other = f[j][k]
                count[i][j][sub[old][other]] -= 1
                count[i][j][sub[value][other]] += 1
                count[j][i][sub[other][old]] -= 1
                count[j][i][sub[other][value]] += 1
        f[i][k] = value

    # Cooling from 0.5 to 0.05 did best on 100/10/8, 120/12/8 and 150/15/8 in trials.
    temperature = 0.5
    cooling = (0.05 / temperature) ** (1.0 / max(1, steps))
    for _ in range(steps if fixed < rounds else 0):
        if clashes == 0:
            break
        temperature *= cooling
        i, k = rng.randrange(g), rng.randrange(fixed, rounds)
        value, current = rng.randrange(t), f[i][k]
        if value == current:
            continue
        if value in f[i]:
            # Keep the row's entries distinct: exchange with the round that has the value.
            other_round = f[i].index(value)
            if other_round < fixed:
                continue
            delta = delta_of(i, k, value)
            set_entry(i, k, value)
            delta += delta_of(i, other_round, current)
            if delta <= 0 or rng.random() < math.exp(-delta / temperature):
                set_entry(i, other_round, current)
                clashes += delta
            else:
                set_entry(i, k, current)
        else:
            delta = delta_of(i, k, value)
            if delta <= 0 or rng.random() < math.exp(-delta / temperature):
                set_entry(i, k, value)
                clashes += delta
        if clashes < best_clashes:
            best_clashes, best_f = clashes, [list(row) for row in f]
    return best_clashes, best_f
