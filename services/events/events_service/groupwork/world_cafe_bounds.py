"""Counting lower bounds for the World Café.

Rotating participants are spread over the tables with fixed per-table quotas ``q_j`` (the same in
every round), so every round creates exactly ``sum_j C(q_j, 2)`` pair meetings and ``r`` rounds
create ``E = r * sum_j C(q_j, 2)``. Among ``n`` people only ``C(n, 2) - H`` pairs are still fresh,
where ``H`` counts the pairs that already met at earlier events. Every meeting beyond the fresh pairs
is a repeat, hence

    repeats >= E - (C(n, 2) - H)                                   (global bound)

A second bound looks at each person ``p``: in every round they meet at least ``q_min - 1`` people,
so at least ``r * (q_min - 1)`` meetings, of which at most ``n - 1 - h_p`` are fresh (``h_p``: people
``p`` met before). Each repeat is counted by both people of the pair, hence

    repeats >= ceil(sum_p max(0, r * (q_min - 1) - (n - 1 - h_p)) / 2)   (per-person bound)

The counting bound is the larger of the two. With equal tables and no history they coincide, and they
are reached by resolvable designs (15 people in tables of 3 over 7 rounds: Kirkman's schoolgirls;
32 people in tables of 4 over up to 10 rounds).

Table revisits: a person sits at ``r`` tables out of the ``t'`` tables that take rotating people, so
they revisit at least ``max(0, r - t')`` times.

A third bound holds for plans in which nobody sits at a table twice (the World Café's rule while
there are at least as many tables as rounds): the ``q`` rotating people at table ``c`` in round ``k``
sit at the other tables in any later round ``l``, so spread over ``t - 1`` tables at best, and with
``q > t - 1`` some of them meet again there. Summed over the tables and every two rounds this counts
``S``, the least number of (pair, two rounds) in which a pair meets in both; a pair meeting ``m``
times counts ``C(m, 2) = (m - 1) * m / 2`` of them and ``m - 1`` repeats, and ``m <= r``, hence

    repeats >= ceil(2 * S / r)                                      (bound without revisits)

100 people at 10 tables over 8 rounds: ``S = 10 * C(8, 2) = 280``, at least 70 repeats, against 0
by counting; 8 people at tables of 3, 3 and 2 over 3 rounds: ``S = 6``, at least 4, which an
exhaustive search confirms as the optimum (0 needs someone at a table twice).
"""

from __future__ import annotations

from collections.abc import Sequence


def pairs(size: int) -> int:
    return size * (size - 1) // 2


def repeated_encounters_lower_bound(
    quotas: Sequence[int], rounds: int, earlier_partners: Sequence[int]
) -> int:
    """Lower bound on repeats; ``earlier_partners[p]`` is how many present people ``p`` met before."""
    return repeats_bound_for_rounds([quotas] * rounds, earlier_partners)


def repeats_bound_for_rounds(round_quotas: Sequence[Sequence[int]], earlier_partners: Sequence[int]) -> int:
    """The same bound when the table sizes differ from round to round (after a plan was repaired)."""
    n = len(earlier_partners)
    meetings = sum(pairs(q) for quotas in round_quotas for q in quotas)
    earlier_pairs = sum(earlier_partners) // 2
    global_bound = max(0, meetings - (pairs(n) - earlier_pairs))
    least_meetings = sum(min((q for q in quotas if q > 0), default=1) - 1 for quotas in round_quotas)
    excess = sum(max(0, least_meetings - (n - 1 - h)) for h in earlier_partners)
    return max(global_bound, (excess + 1) // 2)


def repeats_bound(
    round_quotas: Sequence[Sequence[int]], earlier_partners: Sequence[int], *, without_revisits: bool
) -> int:
    """The counting bound; for plans in which nobody sits at a table twice also the bound of that rule."""
    bound = repeats_bound_for_rounds(round_quotas, earlier_partners)
    return max(bound, revisit_free_bound(round_quotas)) if without_revisits else bound


def revisit_free_bound(round_quotas: Sequence[Sequence[int]]) -> int:
    """The bound without revisits: ``round_quotas[k][c]`` rotating people at table ``c`` in round
    ``k`` (tables in the same order in every round)."""
    rounds = len(round_quotas)
    met_twice = 0
    for k in range(rounds):
        for later in round_quotas[k + 1 :]:
            for table, size in enumerate(round_quotas[k]):
                other_tables = sum(1 for other, room in enumerate(later) if other != table and room > 0)
                met_twice += _fewest_pairs(size, other_tables)
    return -(-2 * met_twice // rounds) if rounds else 0


def _fewest_pairs(people: int, tables: int) -> int:
    """The fewest pairs sharing a table when ``people`` spread over ``tables`` (as evenly as can be)."""
    if tables == 0:
        return 0  # nobody can move without a revisit: the bound does not apply
    each, rest = divmod(people, tables)
    return rest * pairs(each + 1) + (tables - rest) * pairs(each)


def max_rounds_without_repeats(quotas: Sequence[int], earlier_partners: Sequence[int]) -> int | None:
    """The most rounds the counting bound allows without a repeat (``None``: nobody ever meets)."""
    if sum(pairs(q) for q in quotas) == 0:
        return None
    rounds = 0
    while repeated_encounters_lower_bound(quotas, rounds + 1, earlier_partners) == 0:
        rounds += 1
    return rounds


def table_revisits_lower_bound(quotas: Sequence[int], rounds: int, participants: int) -> int:
    usable_tables = sum(1 for q in quotas if q > 0)
    return participants * max(0, rounds - usable_tables)
