"""A plan's quality and notices read as sentences in German and English, never as raw keys."""

from __future__ import annotations

import re

from events_service.groupwork.barcamp import plan_barcamp
from events_service.groupwork.barcamp_models import BarcampRequest, Room, Session, Slot
from events_service.groupwork.common import Participant
from events_service.groupwork.speed import SpeedRequest, plan_speed_consultations
from events_service.groupwork.world_cafe import plan_world_cafe
from events_service.groupwork.world_cafe_models import CafeTable, WorldCafeRequest
from gateway_service.i18n import CATALOGUE, translator
from gateway_service.web.groupwork_quality import notice_sentences, quality_sentences

RAW = re.compile(r"\b[a-z]+_[a-z_]+\b|\{|\}")


def view(kind: str, plan: dict[str, object], people: int) -> dict[str, object]:
    return {
        "kind": kind,
        "plan": plan,
        "quality": plan.get("quality") or plan.get("satisfaction"),
        "participant_ids": [f"p{i}" for i in range(people)],
        "notices": plan.get("notices", []),
    }


def cafe_view(people: int, tables: int, rounds: int) -> dict[str, object]:
    request = WorldCafeRequest(
        participants=tuple(Participant(id=f"p{i}", district_key=f"d{i % 4}") for i in range(people)),
        tables=tuple(CafeTable(id=f"t{j}") for j in range(tables)),
        rounds=rounds,
    )
    return view("world_cafe", plan_world_cafe(request).model_dump(mode="json"), people)


def test_a_world_cafe_without_repeats_says_so_in_german_and_english() -> None:
    plan = cafe_view(12, 4, 3)
    german = quality_sentences(plan, translator("de"))
    english = quality_sentences(plan, translator("en"))
    assert "Alle 12 Personen treffen sich höchstens einmal." in german
    assert "Niemand sitzt zweimal am selben Tisch." in german
    assert "All 12 people meet each other at most once." in english
    assert any("aus demselben Kreis" in s for s in german)
    for sentence in german + english:
        assert not RAW.search(sentence), sentence


def test_the_eight_people_three_tables_three_rounds_cafe_reads_without_codes() -> None:
    plan = cafe_view(8, 3, 3)
    german = quality_sentences(plan, translator("de"))
    assert "Niemand sitzt zweimal am selben Tisch." in german
    assert not any("max_district_share" in s or "table_revisits" in s for s in german)


def test_speed_consultations_state_repeats_byes_and_the_fair_opening_bound() -> None:
    plan = plan_speed_consultations(SpeedRequest(participant_ids=tuple(f"p{i}" for i in range(7)), rounds=4))
    german = quality_sentences(view("speed_consultation", plan.model_dump(mode="json"), 7), translator("de"))
    assert "Niemand trifft dieselbe Person zweimal." in german
    assert "Jede Person setzt 0 bis 1 Mal aus." in german
    assert "Niemand spricht in mehr als 2 der 4 Runden als Erste*r der Gruppe." in german


def test_a_speaking_order_above_the_even_bound_is_said_as_such_not_as_a_maximum_it_exceeds() -> None:
    # Seven people in groups of three and two: someone opens their group in three of four rounds.
    people = tuple(f"p{i}" for i in range(7))
    plan = plan_speed_consultations(SpeedRequest(participant_ids=people, rounds=4, group_size=3))
    assert (plan.quality.max_openings, plan.quality.openings_bound) == (3, 2)
    german = quality_sentences(view("speed_consultation", plan.model_dump(mode="json"), 7), translator("de"))
    assert (
        "Wer am häufigsten beginnt, spricht in 3 der 4 Runden als Erste*r der Gruppe; "
        "gleichmäßig verteilt wären es höchstens 2." in german
    )
    assert not any("Niemand" in s and "Erste" in s for s in german)


def test_barcamp_notices_become_german_sentences_without_ids() -> None:
    request = BarcampRequest(
        rooms=(Room(id="r1", capacity=5),),
        slots=(Slot(id="k1"),),
        sessions=(
            Session(id="s1", giver_ids=("g",), voter_ids=("a", "b")),
            Session(id="s2", giver_ids=("g",), voter_ids=("a",)),
        ),
    )
    plan = plan_barcamp(request).model_dump(mode="json")
    sentences = notice_sentences(plan["notices"], translator("de"))
    assert sentences
    for sentence in sentences:
        assert "s2" not in sentence
        assert not RAW.search(sentence), sentence
    assert "Niemand gibt zwei Sessions zur selben Zeit." in quality_sentences(
        view("barcamp", plan, 3), translator("de")
    )


def test_an_unknown_notice_code_still_reads_as_a_sentence() -> None:
    assert notice_sentences([{"code": "something_new"}], translator("de")) == [
        CATALOGUE["groupwork.notice.other"][0]
    ]


def test_every_sentence_has_both_languages_and_the_same_placeholders() -> None:
    for key, (german, english) in CATALOGUE.items():
        if key.startswith(("groupwork.quality.", "groupwork.notice.")):
            assert german
            assert english
            assert sorted(re.findall(r"\{(\w+)\}", german)) == sorted(re.findall(r"\{(\w+)\}", english)), key


def test_a_notice_names_the_person_and_the_sessions_it_is_about() -> None:
    request = BarcampRequest(
        rooms=(Room(id="r1", capacity=5),),
        slots=(Slot(id="k1"),),
        sessions=(
            Session(id="s1", title="Anerkennung kompakt", giver_ids=("g",), voter_ids=("a", "b")),
            Session(id="s2", title="Sprachkurse vor Ort", giver_ids=("g",), voter_ids=("a",)),
        ),
    )
    plan = plan_barcamp(request).model_dump(mode="json")
    titles = {"s1": "Anerkennung kompakt", "s2": "Sprachkurse vor Ort"}

    sentences = notice_sentences(plan["notices"], translator("de"), {"g": "Mara Beispiel"}, titles)

    giver = next(s for s in sentences if "mehr Sessions, als es Zeitfenster gibt" in s)
    assert "Betrifft: Mara Beispiel." in giver
    assert "Sessions: Sprachkurse vor Ort." in giver
    unnamed = notice_sentences(plan["notices"], translator("de"), {}, {})
    assert all("g" not in sentence.split() and "s2" not in sentence for sentence in unnamed)
    assert any("1 weitere Person(en)" in sentence for sentence in unnamed)


def test_a_count_of_one_reads_in_the_singular() -> None:
    """ "1 Sessions haben keinen Platz" was a slip: one session, person, seat or visit is singular."""
    barcamp = {"kind": "barcamp", "quality": {"unplaced_sessions": 1, "overflow": 1, "voter_conflicts": 1}}
    sentences = quality_sentences(barcamp, translator("de"))
    assert "1 Session hat keinen Platz im Raster." in sentences
    assert "In zu kleinen Räumen fehlt insgesamt 1 Platz." in sentences
    assert any(s.startswith("1 gewünschter Sessionbesuch fällt weg") for s in sentences)
    assert "1 session has no place in the grid." in quality_sentences(barcamp, translator("en"))
    workshops = {"kind": "workshop_choice", "quality": {"unassigned": 1}}
    assert "1 Person hat keinen Platz." in quality_sentences(workshops, translator("de"))
    two = {"kind": "barcamp", "quality": {"unplaced_sessions": 2}}
    assert "2 Sessions haben keinen Platz im Raster." in quality_sentences(two, translator("de"))
