"""Speed consultations: pairs (round-robin by the circle method) or trios over several rounds,
with byes spread evenly, a fair speaking order and a timetable for the timer.

Hard rules: everyone is in at most one group per round; groups have the requested size (trios may
end in one or two pairs when the count is not divisible by three).

Objectives, in this order:

1. no pair meets twice while that is possible (the circle method for pairs is a round-robin
   tournament: ``n - 1`` rounds for even ``n``, ``n`` for odd; trios come from Kirkman triple
   systems and nearly Kirkman systems where they exist, see ``designs``, else from a search);
2. byes spread evenly (nobody sits out twice before everyone has sat out once);
3. fair speaking order: the opener of each group rotates so that nobody opens more than
   ``ceil(rounds / 2)`` times. For pairs the openers come from an Euler orientation of the
   meetings graph, which guarantees that each person opens at most ``ceil(d / 2)`` of their ``d``
   meetings, the optimum; for trios the person who opened least so far opens.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Literal, Self

from pydantic import Field, model_validator

from events_service.groupwork.common import (
    EntityId,
    FrozenModel,
    NoticeSeverity,
    PlanNotice,
    PositiveInt,
    check_unique_ids,
)
from events_service.groupwork.designs import resolvable_rounds
from events_service.groupwork.world_cafe_bounds import max_rounds_without_repeats
from events_service.groupwork.world_cafe_search import CafeProblem, anneal, greedy_seating


class SpeedRequest(FrozenModel):
    participant_ids: tuple[EntityId, ...]
    group_size: Literal[2, 3] = 2
    rounds: PositiveInt
    speaking_seconds: int = Field(default=45, ge=30, le=60)
    changeover_seconds: int = Field(default=30, ge=0, le=600)
    seed: int = 0

    @model_validator(mode="after")
    def _ids_are_unique(self) -> Self:
        check_unique_ids(list(self.participant_ids), "participant_ids")
        return self


class SpeedGroup(FrozenModel):
    participant_ids: tuple[str, ...]
    # Order of speaking within the group, for the timer (the first id speaks first).
    speaking_order: tuple[str, ...]


class TimerStep(FrozenModel):
    round_number: int
    offset_seconds: int
    duration_seconds: int
    label: str


class SpeedRound(FrozenModel):
    number: int
    start_offset_seconds: int
    groups: tuple[SpeedGroup, ...]
    byes: tuple[str, ...]


class SpeedQuality(FrozenModel):
    repeated_pairs: int
    max_rounds_without_repeats: int | None
    byes_min: int
    byes_max: int
    # Fair speaking order: the most times one person opens their group, and the bound ceil(rounds/2).
    max_openings: int = 0
    openings_bound: int = 0


class SpeedPlan(FrozenModel):
    seed: int
    rounds: tuple[SpeedRound, ...]
    timetable: tuple[TimerStep, ...]
    total_seconds: int
    quality: SpeedQuality
    notices: tuple[PlanNotice, ...] = ()


def plan_speed_consultations(request: SpeedRequest) -> SpeedPlan:
    people = list(request.participant_ids)
    random.Random(request.seed).shuffle(people)
    notices: list[PlanNotice] = []
    if len(people) < 2:
        notices.append(
            PlanNotice(
                severity=NoticeSeverity.INFEASIBLE,
                code="too_few_participants",
                field="participant_ids",
                message=f"Speed consultations need at least two people; there are {len(people)}. "
                "Nobody can be paired, so every round is a bye.",
            )
        )
    if request.group_size == 2:
        groupings, limit = _circle_rounds(people, request.rounds)
    else:
        groupings, limit = _trio_rounds(people, request.rounds, request.seed)
    if limit is not None and request.rounds > limit and len(people) >= 2:
        notices.append(
            PlanNotice(
                severity=NoticeSeverity.INFEASIBLE,
                code="rounds_force_repeated_pairs",
                field="rounds",
                message=f"{len(people)} people can have at most {limit} round(s) without meeting anyone "
                f"twice; {request.rounds} rounds repeat some pairs. Repeats are spread over everyone.",
            )
        )
    return _assemble(request, people, groupings, limit, notices)


def _circle_rounds(people: list[str], rounds: int) -> tuple[list[list[list[str]]], int | None]:
    """The circle method: one person fixed, the others rotate; ``None`` stands for the bye."""
    seats: list[str | None] = [*people, None] if len(people) % 2 else list(people)
    size = len(seats)
    if size < 2:
        return [[] for _ in range(rounds)], None
    cycle = size - 1
    result: list[list[list[str]]] = []
    for k in range(rounds):
        shift = k % cycle
        rotating = seats[1:]
        order = [seats[0], *rotating[shift:], *rotating[:shift]]
        pairs = [(order[i], order[size - 1 - i]) for i in range(size // 2)]
        result.append([[a, b] for a, b in pairs if a is not None and b is not None])
    return result, cycle


def _trio_rounds(people: list[str], rounds: int, seed: int) -> tuple[list[list[list[str]]], int | None]:
    """Trios (with one or two pairs when the count is not divisible by three), few repeats by search."""
    n = len(people)
    if n < 2:
        return [[] for _ in range(rounds)], None
    trios, rest = divmod(n, 3)
    sizes = [3] * trios + ([2] if rest == 2 else [])
    if rest == 1:
        sizes = [3] * (trios - 1) + [2, 2] if trios >= 1 else [1]
    problem = CafeProblem(
        quotas=tuple(sizes),
        rounds=rounds,
        attributes=(),
        attribute_weights=(),
        host_categories=(),
        earlier_pairs=frozenset(),
        repeat_weight=1.0,
        revisit_weight=0.0,
    )
    rng = random.Random(seed)
    prefix = resolvable_rounds(n, 3, rounds) if rest == 0 else []
    design_seat = [[0] * n for _ in prefix]
    for k, tables in enumerate(prefix):
        for j, group in enumerate(tables):
            for person in group:
                design_seat[k][person] = j
    seat = anneal(problem, greedy_seating(problem, rng, design_seat), rng, 300 * n * rounds)
    result: list[list[list[str]]] = []
    for row in seat:
        groups: list[list[str]] = [[] for _ in sizes]
        for person, table in enumerate(row):
            groups[table].append(people[person])
        result.append(groups)
    return result, max_rounds_without_repeats(sizes, [0] * n)


def _assemble(
    request: SpeedRequest,
    people: list[str],
    groupings: list[list[list[str]]],
    limit: int | None,
    notices: list[PlanNotice],
    previous: SpeedPlan | None = None,
) -> SpeedPlan:
    """The plan from its groupings. ``previous``: a plan being changed by hand or in the room; groups
    that stay as they were keep their speaking order there."""
    speak = request.speaking_seconds
    meetings: dict[frozenset[str], int] = {}
    byes = dict.fromkeys(people, 0)
    rounds: list[SpeedRound] = []
    steps: list[TimerStep] = []
    offset = 0
    openers = choose_openers(groupings)
    if previous is not None:
        for k, speed_round in enumerate(previous.rounds[: len(groupings)]):
            kept = {frozenset(old.participant_ids): old.speaking_order[0] for old in speed_round.groups}
            for index, members in enumerate(groupings[k]):
                openers[k][index] = kept.get(frozenset(members), openers[k][index])
    for k, groups in enumerate(groupings, start=1):
        ordered = [_speaking_order(g, opener) for g, opener in zip(groups, openers[k - 1], strict=True)]
        seated = {x for g in groups for x in g}
        round_byes = tuple(x for x in people if x not in seated)
        for x in round_byes:
            byes[x] += 1
        for g in groups:
            for i, a in enumerate(g):
                for b in g[i + 1 :]:
                    key = frozenset((a, b))
                    meetings[key] = meetings.get(key, 0) + 1
        rounds.append(
            SpeedRound(
                number=k,
                start_offset_seconds=offset,
                groups=tuple(
                    SpeedGroup(participant_ids=tuple(g), speaking_order=o)
                    for g, o in zip(groups, ordered, strict=True)
                ),
                byes=round_byes,
            )
        )
        speakers = max((len(g) for g in groups), default=0)
        for position in range(speakers):
            steps.append(
                TimerStep(
                    round_number=k,
                    offset_seconds=offset + position * speak,
                    duration_seconds=speak,
                    label=f"Round {k}: speaker {position + 1} of {speakers}",
                )
            )
        offset += speakers * speak
        if k < len(groupings) and request.changeover_seconds:
            steps.append(
                TimerStep(
                    round_number=k,
                    offset_seconds=offset,
                    duration_seconds=request.changeover_seconds,
                    label=f"Change partners for round {k + 1}",
                )
            )
            offset += request.changeover_seconds
    opened = Counter(o for round_openers in openers for o in round_openers)
    quality = SpeedQuality(
        repeated_pairs=sum(m - 1 for m in meetings.values()),
        max_rounds_without_repeats=limit,
        byes_min=min(byes.values(), default=0),
        byes_max=max(byes.values(), default=0),
        max_openings=max(opened.values(), default=0),
        openings_bound=-(-len(groupings) // 2),
    )
    return SpeedPlan(
        seed=request.seed,
        rounds=tuple(rounds),
        timetable=tuple(steps),
        total_seconds=offset,
        quality=quality,
        notices=tuple(notices),
    )


def _speaking_order(group: list[str], opener: str) -> tuple[str, ...]:
    start = group.index(opener)
    return tuple(group[start:] + group[:start])


def choose_openers(groupings: list[list[list[str]]]) -> list[list[str]]:
    """Who opens each group of each round, so that nobody opens more often than necessary.

    Pairs: the meetings form a multigraph (one edge per pair and round). Pairing up the people of odd
    degree through one extra vertex makes every degree even, so each connected part has an Euler
    circuit (Hierholzer); orienting every edge along it gives each person as many outgoing as incoming
    edges there, hence at most ``ceil(d / 2)`` openings out of their ``d`` real meetings. Groups of three
    or more: the member who opened least so far opens (ties: who opened longer ago, then the order given).
    """
    openers: list[list[str]] = [["" for _ in groups] for groups in groupings]
    edges: list[tuple[str, str, int, int]] = []
    counts: dict[str, int] = {}
    last: dict[str, int] = {}
    for k, groups in enumerate(groupings):
        for g, group in enumerate(groups):
            if len(group) == 2:
                edges.append((group[0], group[1], k, g))
            elif group:
                opener = min(group, key=lambda x: (counts.get(x, 0), last.get(x, -1)))
                openers[k][g] = opener
                counts[opener] = counts.get(opener, 0) + 1
                last[opener] = k
    for tail, k, g in _euler_orientation(edges):
        openers[k][g] = tail
    return openers


def _euler_orientation(edges: list[tuple[str, str, int, int]]) -> list[tuple[str, int, int]]:
    """Each edge ``(a, b, round, group)`` oriented, as ``(tail, round, group)``, along Euler circuits."""
    extra = "\x00extra"
    adjacency: dict[str, list[int]] = {}
    ends: list[tuple[str, str]] = []
    for a, b, _, _ in edges:
        ends.append((a, b))
    degree: dict[str, int] = {}
    for a, b in ends:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    for person in sorted(p for p, d in degree.items() if d % 2):
        ends.append((person, extra))
    for index, (a, b) in enumerate(ends):
        adjacency.setdefault(a, []).append(index)
        adjacency.setdefault(b, []).append(index)
    used = [False] * len(ends)
    tail_of: list[str] = [""] * len(ends)
    pointer = dict.fromkeys(adjacency, 0)
    for start in adjacency:
        # Hierholzer's walk, iteratively: each edge is oriented in the direction it is walked.
        stack = [start]
        while stack:
            vertex = stack[-1]
            incident = adjacency[vertex]
            while pointer[vertex] < len(incident) and used[incident[pointer[vertex]]]:
                pointer[vertex] += 1
            if pointer[vertex] == len(incident):
                stack.pop()
                continue
            index = incident[pointer[vertex]]
            used[index] = True
            a, b = ends[index]
            tail_of[index] = vertex
            stack.append(b if vertex == a else a)
    return [(tail_of[i], k, g) for i, (_, _, k, g) in enumerate(edges)]
