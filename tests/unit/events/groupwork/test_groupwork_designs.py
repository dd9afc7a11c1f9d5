"""Exact designs: each named construction seats everyone once per round and never repeats a pair."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from events_service.groupwork.common import Participant
from events_service.groupwork.designs import (
    Z2_Z6,
    Z10,
    Design,
    DifferenceGroup,
    design_for,
    nearly_kirkman_24_rounds,
)
from events_service.groupwork.speed import SpeedRequest, plan_speed_consultations
from events_service.groupwork.world_cafe import plan_world_cafe
from events_service.groupwork.world_cafe_models import CafeTable, WorldCafeRequest


def meetings(design: Design) -> Counter[frozenset[int]]:
    return Counter(
        frozenset(pair)
        for groups in design.rounds
        for group in groups
        for pair in itertools.combinations(group, 2)
    )


def assert_resolvable(design: Design, people: int, table_size: int, rounds: int) -> None:
    assert len(design.rounds) == rounds
    for groups in design.rounds:
        assert sorted(x for group in groups for x in group) == list(range(people))
        assert {len(group) for group in groups} == {table_size}
    assert max(meetings(design).values()) == 1


@pytest.mark.parametrize(
    ("people", "table_size", "rounds", "name"),
    [
        (9, 3, 4, "affine plane"),
        (16, 4, 5, "affine plane"),
        (25, 5, 6, "affine plane"),
        (49, 7, 8, "affine plane"),
        (64, 8, 9, "affine plane"),
        (81, 9, 10, "affine plane"),
        (32, 4, 8, "transversal design from mutually orthogonal Latin squares"),
        (40, 5, 8, "transversal design from mutually orthogonal Latin squares"),
        (60, 3, 20, "transversal design from mutually orthogonal Latin squares"),
        (21, 3, 10, "Kirkman triple system"),
        (39, 3, 19, "Kirkman triple system"),
        (24, 3, 9, "nearly Kirkman triple system"),
        (24, 3, 11, "nearly Kirkman triple system"),
        (15, 3, 7, "projective packing"),
        (64, 4, 21, "affine subspaces"),
        (32, 4, 9, "signed double of AG(4, 2)"),
        (32, 4, 10, "signed double of AG(4, 2)"),
        (36, 3, 6, "difference matrix over Z2 × Z6"),
        (120, 10, 6, "difference matrix over Z2 × Z6"),
        (132, 11, 6, "difference matrix over Z2 × Z6"),
        (30, 3, 8, "partial difference matrix over Z10"),
        (70, 7, 8, "partial difference matrix over Z10"),
    ],
)
def test_each_construction_gives_rounds_in_which_nobody_meets_anyone_twice(
    people: int, table_size: int, rounds: int, name: str
) -> None:
    design = design_for(people, table_size, rounds)
    assert design is not None
    assert design.name == name
    assert_resolvable(design, people, table_size, rounds)


def test_a_kirkman_triple_system_on_21_people_lets_every_pair_meet_exactly_once_in_10_rounds() -> None:
    design = design_for(21, 3, 10)
    assert design is not None
    assert len(meetings(design)) == 21 * 20 // 2


def test_32_people_at_tables_of_4_meet_everyone_but_one_person_once_in_10_rounds() -> None:
    design = design_for(32, 4, 11)
    assert design is not None
    assert_resolvable(design, 32, 4, 10)  # 11 rounds cannot be: 3 new people per round, 31 in all
    missed = {frozenset(pair) for pair in itertools.combinations(range(32), 2)} - set(meetings(design))
    assert sorted(x for pair in missed for x in pair) == list(range(32))


def test_the_nearly_kirkman_triple_system_on_24_people_misses_only_a_one_factor_in_11_rounds() -> None:
    design = Design("nearly Kirkman triple system", nearly_kirkman_24_rounds(11))
    assert_resolvable(design, 24, 3, 11)
    assert nearly_kirkman_24_rounds(99) == design.rounds
    missed = {frozenset(pair) for pair in itertools.combinations(range(24), 2)} - set(meetings(design))
    assert len(missed) == 12
    assert sorted(x for pair in missed for x in pair) == list(range(24))


@pytest.mark.parametrize("rounds", range(1, 12))
def test_24_people_in_trios_never_meet_twice_in_up_to_11_rounds_of_a_design(rounds: int) -> None:
    design = design_for(24, 3, rounds)
    assert design is not None
    assert_resolvable(design, 24, 3, rounds)
    # The labelled Latin square design as long as it lasts, then the nearly Kirkman triple system.
    assert design.labelled == (rounds <= 8)


def test_the_latin_square_design_seats_nobody_at_the_same_table_twice() -> None:
    design = design_for(32, 4, 8)
    assert design is not None
    assert design.labelled
    seats = Counter(
        (person, table) for groups in design.rounds for table, group in enumerate(groups) for person in group
    )
    assert set(seats.values()) == {1}


def test_the_z2_z6_rows_are_a_difference_matrix_and_its_orthomorphisms_are_orthomorphisms() -> None:
    group = Z2_Z6
    assert group.order == 12
    assert group.add[7][5] == 6  # element 6·a + b is (a, b): (1, 1) + (0, 5) = (1, 0)
    assert group.add[7][7] == 2  # (1, 1) + (1, 1) = (0, 2): not cyclic, no element of order 12
    assert all(group.add[a][group.sub[b][a]] == b for a in range(12) for b in range(12))
    rows = group.matrix
    assert len(rows) == 6
    assert set(rows[0]) == {0}
    assert rows[1] == tuple(range(12))
    assert {row[0] for row in rows} == {0}  # column 0 all zero: every other column has distinct entries
    for a, b in itertools.combinations(rows, 2):
        assert sorted(group.sub[a[c]][b[c]] for c in range(12)) == list(range(12))
    for column in range(1, 12):
        assert len({row[column] for row in rows}) == 6


def test_the_z10_rows_differ_pairwise_by_distinct_elements_and_every_column_but_0_by_round() -> None:
    group: DifferenceGroup = Z10
    assert group.order == 10
    assert all(group.add[a][b] == (a + b) % 10 for a in range(10) for b in range(10))
    rows = group.matrix
    assert len(rows) == 8
    assert {len(row) for row in rows} == {8}
    assert set(rows[0]) == {0}
    assert {row[0] for row in rows} == {0}
    for a, b in itertools.combinations(rows, 2):
        assert len({group.sub[a[c]][b[c]] for c in range(8)}) == 8
    for column in range(1, 8):
        assert len({row[column] for row in rows}) == 8  # nobody sits at a table twice


@pytest.mark.parametrize(
    ("group", "group_count", "rounds", "name"),
    [
        (Z2_Z6, 3, 6, "difference matrix over Z2 × Z6"),
        (Z2_Z6, 5, 6, "difference matrix over Z2 × Z6"),
        (Z2_Z6, 10, 6, "difference matrix over Z2 × Z6"),
        (Z2_Z6, 11, 6, "difference matrix over Z2 × Z6"),
        (Z10, 2, 8, "partial difference matrix over Z10"),
        (Z10, 7, 8, "partial difference matrix over Z10"),
    ],
)
def test_the_difference_matrix_design_seats_nobody_at_the_same_table_twice(
    group: DifferenceGroup, group_count: int, rounds: int, name: str
) -> None:
    people = group.order * group_count
    design = design_for(people, group_count, rounds)
    assert design is not None
    assert design.name == name
    assert design.labelled
    assert_resolvable(design, people, group_count, rounds)
    seats = Counter(
        (person, table) for groups in design.rounds for table, group in enumerate(groups) for person in group
    )
    assert set(seats.values()) == {1}


def trio_repeats(people: int, rounds: int) -> int:
    plan = plan_speed_consultations(
        SpeedRequest(
            participant_ids=tuple(f"person-{i:02d}" for i in range(people)), group_size=3, rounds=rounds
        )
    )
    assert all(len(g.participant_ids) == 3 for r in plan.rounds for g in r.groups)
    return plan.quality.repeated_pairs


def test_21_people_in_trios_over_10_rounds_never_meet_twice() -> None:
    assert trio_repeats(21, 10) == 0


def test_24_people_in_trios_over_8_rounds_never_meet_twice() -> None:
    assert trio_repeats(24, 8) == 0


def test_24_people_in_trios_over_11_rounds_never_meet_twice_and_the_bound_says_so() -> None:
    assert trio_repeats(24, 11) == 0
    ids = tuple(f"person-{i:02d}" for i in range(24))
    plan = plan_speed_consultations(SpeedRequest(participant_ids=ids, group_size=3, rounds=11))
    assert plan.quality.max_rounds_without_repeats == 11
    assert not plan.notices
    longer = plan_speed_consultations(SpeedRequest(participant_ids=ids, group_size=3, rounds=12))
    assert [n.code for n in longer.notices] == ["rounds_force_repeated_pairs"]
    assert "at most 11 round(s)" in longer.notices[0].message


def cafe(people: int, tables: int, rounds: int) -> WorldCafeRequest:
    return WorldCafeRequest(
        participants=tuple(
            Participant(id=f"person-{i:03d}", organisation_type=f"type-{i % 5}", district_key=f"d-{i % 7}")
            for i in range(people)
        ),
        tables=tuple(CafeTable(id=f"table-{j}", topic=f"Topic {j}") for j in range(tables)),
        rounds=rounds,
        seed=3,
    )


@pytest.mark.parametrize(("people", "tables", "rounds"), [(32, 8, 8), (40, 8, 5), (21, 7, 7), (70, 10, 8)])
def test_world_cafes_of_design_sizes_reach_zero_repeats_and_zero_revisits(
    people: int, tables: int, rounds: int
) -> None:
    quality = plan_world_cafe(cafe(people, tables, rounds)).quality
    assert quality.repeated_encounters == 0
    assert quality.table_revisits == 0


def test_120_people_at_12_tables_meet_nobody_twice_over_6_rounds_and_few_twice_over_8() -> None:
    """Six rounds come from the difference matrix over Z2 × Z6; the two after them from the search
    (312 repeats over 8 rounds before, from a search over Z12 alone)."""
    six = plan_world_cafe(cafe(120, 12, 6)).quality
    eight = plan_world_cafe(cafe(120, 12, 8)).quality
    assert (six.repeated_encounters, six.table_revisits) == (0, 0)
    assert eight.table_revisits == 0
    assert eight.repeated_encounters <= 200


@pytest.mark.parametrize("rounds", [9, 10])
def test_a_world_cafe_of_32_people_at_8_tables_has_no_repeat_over_9_or_10_rounds(rounds: int) -> None:
    quality = plan_world_cafe(cafe(32, 8, rounds)).quality
    assert quality.repeated_encounters == 0
    assert quality.repeated_encounters_lower_bound == 0
