"""Speed consultations: round-robin pairs, trios, byes and the timer plan."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from events_service.groupwork.speed import SpeedPlan, SpeedRequest, plan_speed_consultations


def pair_counts(plan: SpeedPlan) -> Counter[frozenset[str]]:
    return Counter(
        frozenset(p)
        for r in plan.rounds
        for g in r.groups
        for p in itertools.combinations(g.participant_ids, 2)
    )


def ids(count: int) -> tuple[str, ...]:
    return tuple(f"person-{i:02d}" for i in range(count))


def test_ten_people_meet_everyone_exactly_once_in_nine_rounds_of_pairs() -> None:
    plan = plan_speed_consultations(SpeedRequest(participant_ids=ids(10), rounds=9))
    counts = pair_counts(plan)
    assert len(counts) == 45
    assert set(counts.values()) == {1}
    assert plan.notices == ()


def test_with_an_odd_number_everyone_sits_out_at_most_once_before_anyone_twice() -> None:
    plan = plan_speed_consultations(SpeedRequest(participant_ids=ids(9), rounds=6))
    assert all(len(r.byes) == 1 for r in plan.rounds)
    assert (plan.quality.byes_min, plan.quality.byes_max) == (0, 1)
    assert plan.quality.repeated_pairs == 0


def test_more_rounds_than_partners_say_so_and_spread_the_repeats() -> None:
    plan = plan_speed_consultations(SpeedRequest(participant_ids=ids(6), rounds=7))
    notice = next(n for n in plan.notices if n.code == "rounds_force_repeated_pairs")
    assert notice.field == "rounds"
    assert "at most 5 round(s)" in notice.message
    assert len(plan.rounds) == 7
    assert max(pair_counts(plan).values()) == 2


def test_fifteen_people_in_trios_never_meet_twice_in_seven_rounds() -> None:
    plan = plan_speed_consultations(SpeedRequest(participant_ids=ids(15), group_size=3, rounds=7))
    assert plan.quality.repeated_pairs == 0
    assert all(len(g.participant_ids) == 3 for r in plan.rounds for g in r.groups)


def test_trios_with_a_remainder_use_pairs_and_seat_everyone() -> None:
    plan = plan_speed_consultations(SpeedRequest(participant_ids=ids(10), group_size=3, rounds=3))
    for r in plan.rounds:
        assert sorted(len(g.participant_ids) for g in r.groups) == [2, 2, 3, 3]
        assert r.byes == ()


def test_timetable_gives_each_speaker_their_seconds_and_a_changeover_between_rounds() -> None:
    plan = plan_speed_consultations(
        SpeedRequest(participant_ids=ids(4), rounds=2, speaking_seconds=40, changeover_seconds=20)
    )
    assert [r.start_offset_seconds for r in plan.rounds] == [0, 100]
    assert [(s.offset_seconds, s.duration_seconds) for s in plan.timetable] == [
        (0, 40),
        (40, 40),
        (80, 20),
        (100, 40),
        (140, 40),
    ]
    assert plan.total_seconds == 180


def test_speaking_time_outside_thirty_to_sixty_seconds_is_rejected() -> None:
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="speaking_seconds"):
        SpeedRequest(participant_ids=ids(4), rounds=1, speaking_seconds=90)


def test_a_single_person_gets_an_explanation_instead_of_partners() -> None:
    plan = plan_speed_consultations(SpeedRequest(participant_ids=ids(1), rounds=2))
    assert [n.code for n in plan.notices] == ["too_few_participants"]
    assert all(r.groups == () for r in plan.rounds)


def test_same_seed_same_plan() -> None:
    request = SpeedRequest(participant_ids=ids(12), group_size=3, rounds=4, seed=3)
    assert plan_speed_consultations(request) == plan_speed_consultations(request)


def openings(plan: SpeedPlan) -> Counter[str]:
    return Counter(g.speaking_order[0] for r in plan.rounds for g in r.groups)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_nobody_opens_a_pair_more_than_half_the_rounds_rounded_up_for_5_to_60_people() -> None:
    for n in range(5, 61):
        people = ids(n)
        for rounds in range(2, n):
            plan = plan_speed_consultations(SpeedRequest(participant_ids=people, rounds=rounds, seed=n))
            bound = -(-rounds // 2)
            most = max(openings(plan).values())
            assert most <= bound, (n, rounds, most)
            assert plan.quality.max_openings == most
            assert plan.quality.openings_bound == bound


def test_with_two_rounds_everyone_who_speaks_twice_opens_once() -> None:
    plan = plan_speed_consultations(SpeedRequest(participant_ids=ids(8), rounds=2))
    assert set(openings(plan).values()) == {1}
    assert len(openings(plan)) == 8


def test_seven_people_over_three_to_five_rounds_take_turns_at_opening() -> None:
    for rounds in (3, 4, 5):
        plan = plan_speed_consultations(SpeedRequest(participant_ids=ids(7), rounds=rounds))
        assert max(openings(plan).values()) <= -(-rounds // 2)


def test_the_speaking_order_lists_every_member_once_with_the_opener_first() -> None:
    plan = plan_speed_consultations(SpeedRequest(participant_ids=ids(12), group_size=3, rounds=5))
    for r in plan.rounds:
        for g in r.groups:
            assert sorted(g.speaking_order) == sorted(g.participant_ids)
    assert max(openings(plan).values()) <= 3
