"""A group work plan's quality and notices in sentences of the reader's language.

The events service sends figures and notice codes; here they become sentences from the catalogue
(``groupwork.quality.*``, ``groupwork.notice.*``), so no raw key or English planner message reaches
a German page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from gateway_service.i18n import CATALOGUE

Translate = Callable[[str], str]


def _say(t: Translate, key: str, **values: object) -> str:
    """The sentence; of a count of one, its singular (``<key>_one``) where the catalogue has one."""
    if values.get("count") in (1, "1") and f"groupwork.quality.{key}_one" in CATALOGUE:
        key = f"{key}_one"
    return t(f"groupwork.quality.{key}").format(**values)


def _percent(share: Any) -> int:
    return round(float(share or 0) * 100)


def quality_sentences(plan: Mapping[str, Any], t: Translate) -> list[str]:
    """The quality of a plan (the events service's plan view) in sentences."""
    kind, quality = plan.get("kind"), plan.get("quality") or {}
    if kind == "world_cafe":
        return _world_cafe(quality, len(plan.get("participant_ids") or []), t)
    if kind == "speed_consultation":
        return _speed(quality, len((plan.get("plan") or {}).get("rounds") or []), t)
    if kind == "workshop_choice":
        return _workshops(quality, t)
    if kind == "barcamp":
        return _barcamp(quality, t)
    return []


def _world_cafe(q: Mapping[str, Any], people: int, t: Translate) -> list[str]:
    sentences = []
    repeats, bound = int(q.get("repeated_encounters", 0)), int(q.get("repeated_encounters_lower_bound", 0))
    if repeats == 0:
        sentences.append(_say(t, "nobody_meets_twice", people=people))
    elif repeats <= bound:
        sentences.append(_say(t, "repeats_at_bound", repeats=repeats))
    else:
        sentences.append(_say(t, "repeats_above_bound", repeats=repeats, bound=bound))
    revisits, revisit_bound = int(q.get("table_revisits", 0)), int(q.get("table_revisits_lower_bound", 0))
    if revisits == 0:
        sentences.append(_say(t, "no_revisits"))
    elif revisits <= revisit_bound:
        sentences.append(_say(t, "revisits_at_bound", revisits=revisits))
    else:
        sentences.append(_say(t, "revisits_above_bound", revisits=revisits, bound=revisit_bound))
    sentences.append(
        _say(
            t,
            "mix",
            district=_percent(q.get("max_district_share")),
            kind=_percent(q.get("max_organisation_type_share")),
        )
    )
    if int(q.get("size_spread", 0)) <= 1:
        sentences.append(_say(t, "sizes_even"))
    return sentences


def _speed(q: Mapping[str, Any], rounds: int, t: Translate) -> list[str]:
    sentences = []
    repeats = int(q.get("repeated_pairs", 0))
    if repeats == 0:
        sentences.append(_say(t, "no_repeated_pairs"))
    else:
        limit = q.get("max_rounds_without_repeats") or 0
        sentences.append(_say(t, "repeated_pairs", repeats=repeats, limit=limit))
    least, most = int(q.get("byes_min", 0)), int(q.get("byes_max", 0))
    sentences.append(_say(t, "no_byes") if most == 0 else _say(t, "byes", least=least, most=most))
    # The bound is what an even speaking order reaches (every second round at most); a plan above it
    # says so rather than stating a maximum it exceeds.
    bound, most = int(q.get("openings_bound", 0)), int(q.get("max_openings", 0))
    if bound:
        key = "openings" if most <= bound else "openings_above_bound"
        sentences.append(_say(t, key, most=most, rounds=rounds, bound=bound))
    return sentences


def _workshops(q: Mapping[str, Any], t: Translate) -> list[str]:
    first, top = _percent(q.get("share_first_choice")), _percent(q.get("share_top_three"))
    sentences = [_say(t, "first_choice", first=first, top=top)]
    if int(q.get("unassigned", 0)):
        sentences.append(_say(t, "unassigned", count=q["unassigned"]))
    return sentences


def _barcamp(q: Mapping[str, Any], t: Translate) -> list[str]:
    sentences = [_say(t, "no_giver_clash")]
    clashes = int(q.get("voter_conflicts", 0))
    sentences.append(_say(t, "no_voter_clash") if clashes == 0 else _say(t, "voter_clash", count=clashes))
    if int(q.get("overflow", 0)):
        sentences.append(_say(t, "overflow", count=q["overflow"]))
    if int(q.get("unplaced_sessions", 0)):
        sentences.append(_say(t, "unplaced", count=q["unplaced_sessions"]))
    return sentences


def notice_sentences(
    notices: list[Mapping[str, Any]],
    t: Translate,
    names: Mapping[str, str] | None = None,
    session_titles: Mapping[str, str] | None = None,
) -> list[str]:
    """One sentence per notice from the catalogue, naming the people (by ``names``) and sessions (by
    ``session_titles``) it is about; an id without a name is counted, never shown."""
    sentences: list[str] = []
    for notice in notices:
        key = f"groupwork.notice.{notice.get('code')}"
        sentence = t(key if key in CATALOGUE else "groupwork.notice.other")
        people = _named(notice.get("person_ids") or [], names or {}, t, "unnamed_people")
        if people:
            sentence += " " + t("groupwork.notice.concerns_people").format(names=people)
        sessions = _named(notice.get("session_ids") or [], session_titles or {}, t, "unnamed_sessions")
        if sessions:
            sentence += " " + t("groupwork.notice.concerns_sessions").format(titles=sessions)
        if sentence not in sentences:
            sentences.append(sentence)
    return sentences


def _named(ids: list[str], words: Mapping[str, str], t: Translate, unnamed_key: str) -> str:
    named = [words[i] for i in ids if words.get(i)]
    unnamed = sum(1 for i in ids if not words.get(i))
    if unnamed:
        named.append(t(f"groupwork.notice.{unnamed_key}").format(count=unnamed))
    return ", ".join(named)
