"""Group work in the room: the moderation state (current round and its timer) and the changes made
while it runs (no-shows and late arrivals), as pure functions of the stored plan.

The timer lives here, not in a browser: ``started_at`` is when the current running stretch began and
``elapsed_seconds`` the time of the round before it, so any screen that reads the state (a reload, a
second screen) computes the same remaining time. A round's length is the number of speakers times the
speaking time for speed consultations, ``round_seconds`` otherwise.

Changes while it runs touch the current round and those after it, with the fewest moves of others:

* speed consultations, no-show: their partner pairs up with another person left without one (or sits
  in with a pair as a trio); nobody else moves. Late arrival: they pair up with whoever sits out,
  else join the pair they have met least as a trio;
* World Café: the planner's own repair (``replan_participants``): everyone else keeps their seat
  unless table sizes would differ by more than one.

When a round ends (``next``/``finish``) its groups, as they were, go into the record (``outcome``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from events_service.groupwork import speed
from events_service.groupwork.speed import SpeedPlan, SpeedRequest
from events_service.groupwork.world_cafe_models import WorldCafePlan
from netzwerkstatt.contracts.groupwork import GroupworkKind, ModerationAction

DEFAULT_ROUND_SECONDS = 20 * 60

Live = dict[str, Any]


def round_count(kind: GroupworkKind, plan: Mapping[str, Any], parameters: Mapping[str, Any]) -> int:
    if kind in (GroupworkKind.WORLD_CAFE, GroupworkKind.SPEED_CONSULTATION):
        return len(plan.get("rounds") or [])
    if kind == GroupworkKind.BARCAMP:
        return len(parameters.get("slots") or [])
    return 1


def elapsed(live: Live, now: datetime) -> float:
    running = live.get("started_at")
    extra = (now - datetime.fromisoformat(running)).total_seconds() if running else 0.0
    return float(live.get("elapsed_seconds", 0.0)) + max(0.0, extra)


def started(
    kind: GroupworkKind,
    plan: Mapping[str, Any],
    parameters: Mapping[str, Any],
    now: datetime,
    speaking_seconds: int | None,
    round_seconds: int | None,
) -> Live:
    return {
        "status": "running",
        "round": 1,
        "rounds": round_count(kind, plan, parameters),
        "started_at": now.isoformat(),
        "elapsed_seconds": 0.0,
        "speaking_seconds": speaking_seconds or parameters.get("speaking_seconds") or 45,
        "round_seconds": round_seconds or DEFAULT_ROUND_SECONDS,
        "absent": [],
        "arrived": [],
    }


def timer_action(live: Live, action: ModerationAction, now: datetime) -> Live:
    """The state after pause, resume, next, skip, repeat or finish."""
    state = dict(live)
    if action == ModerationAction.PAUSE and state["status"] == "running":
        state.update(status="paused", started_at=None, elapsed_seconds=elapsed(live, now))
    elif action == ModerationAction.RESUME and state["status"] == "paused":
        state.update(status="running", started_at=now.isoformat())
    elif action == ModerationAction.REPEAT and state["status"] != "finished":
        state.update(status="running", started_at=now.isoformat(), elapsed_seconds=0.0)
    elif action in (ModerationAction.NEXT, ModerationAction.SKIP):
        if state["round"] >= state["rounds"]:
            state.update(status="finished", started_at=None, elapsed_seconds=elapsed(live, now))
        else:
            state.update(
                status="running", round=state["round"] + 1, started_at=now.isoformat(), elapsed_seconds=0.0
            )
    elif action == ModerationAction.FINISH:
        state.update(status="finished", started_at=None, elapsed_seconds=elapsed(live, now))
    return state


def groups_of_round(
    kind: GroupworkKind, plan: Mapping[str, Any], number: int, absent: Sequence[str]
) -> list[list[str]]:
    """Who sat together in round ``number`` (1-based), without the people who did not come."""
    rounds = plan.get("rounds") or []
    if not 1 <= number <= len(rounds):
        return []
    gone = set(absent)
    found: list[list[str]] = []
    if kind == GroupworkKind.WORLD_CAFE:
        for table in rounds[number - 1]["tables"]:
            found.append([x for x in (*table["host_ids"], *table["participant_ids"]) if x not in gone])
    elif kind == GroupworkKind.SPEED_CONSULTATION:
        for group in rounds[number - 1]["groups"]:
            found.append([x for x in group["participant_ids"] if x not in gone])
    return [group for group in found if len(group) >= 2]


def outcome_pairs(outcome: Sequence[Mapping[str, Any]]) -> set[tuple[str, str]]:
    """Every pair that actually sat together in a recorded round."""
    pairs: set[tuple[str, str]] = set()
    for entry in outcome:
        for group in entry.get("groups", []):
            people = sorted(set(group))
            pairs.update((a, b) for i, a in enumerate(people) for b in people[i + 1 :])
    return pairs


# -- speed consultations: no-shows and late arrivals ------------------------------------------------


def _met(groupings: Sequence[Sequence[Sequence[str]]]) -> dict[frozenset[str], int]:
    met: dict[frozenset[str], int] = {}
    for groups in groupings:
        for group in groups:
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    key = frozenset((a, b))
                    met[key] = met.get(key, 0) + 1
    return met


def speed_without(plan: SpeedPlan, person: str, first_round: int) -> list[list[list[str]]]:
    """The groupings with ``person`` gone from round ``first_round`` (1-based) on."""
    groupings = [[list(g.participant_ids) for g in r.groups] for r in plan.rounds]
    for k in range(first_round - 1, len(groupings)):
        orphans: list[str] = []
        kept: list[list[str]] = []
        for group in groupings[k]:
            rest = [x for x in group if x != person]
            if len(rest) == len(group):
                kept.append(group)
            elif len(rest) >= 2:
                kept.append(rest)
            else:
                orphans.extend(rest)
        orphans.extend(x for x in plan.rounds[k].byes if x != person)
        groupings[k] = kept
        _seat_orphans(groupings, k, orphans)
    return groupings


def speed_with(plan: SpeedPlan, person: str, first_round: int) -> list[list[list[str]]]:
    """The groupings with a late arrival added from round ``first_round`` (1-based) on."""
    groupings = [[list(g.participant_ids) for g in r.groups] for r in plan.rounds]
    for k in range(first_round - 1, len(groupings)):
        waiting = [x for x in plan.rounds[k].byes if x != person]
        _seat_orphans(groupings, k, [person, *waiting])
    return groupings


def _seat_orphans(groupings: list[list[list[str]]], k: int, orphans: list[str]) -> None:
    """Pair up people without a partner in round ``k`` (fresh pairs first); one left over joins the
    pair they have met least, as a trio, so that nobody who came sits out."""
    met = _met(groupings)
    waiting = list(dict.fromkeys(orphans))
    while len(waiting) >= 2:
        first = waiting.pop(0)
        partner = min(waiting, key=lambda x: (met.get(frozenset((first, x)), 0), waiting.index(x)))
        waiting.remove(partner)
        groupings[k].append([first, partner])
    if waiting and groupings[k]:
        last = waiting[0]
        pairs = [g for g in groupings[k] if len(g) == 2] or groupings[k]
        target = min(pairs, key=lambda g: sum(met.get(frozenset((last, x)), 0) for x in g))
        target.append(last)


def rebuilt_speed(
    request: SpeedRequest,
    plan: SpeedPlan,
    groupings: list[list[list[str]]],
    absent: Sequence[str],
    arrived: Sequence[str],
) -> SpeedPlan:
    gone = set(absent)
    people = [x for x in request.participant_ids if x not in gone]
    people += [x for x in arrived if x not in people and x not in gone]
    result: SpeedPlan = speed._assemble(
        request, people, groupings, plan.quality.max_rounds_without_repeats, list(plan.notices), plan
    )
    return result


def cafe_people(plan: WorldCafePlan) -> set[str]:
    return {x for r in plan.rounds for t in r.tables for x in t.participant_ids}
