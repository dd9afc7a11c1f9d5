"""Group work plans as the gateway renders them from the events service's data: a printable page with
a card for each table, group or room in each round, and CSV and XLSX with the same headings, in German
and in English; every word from the one catalogue, no raw code on the page, what staff typed escaped."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook

from events_service.groupwork.barcamp import plan_barcamp
from events_service.groupwork.barcamp_models import BarcampRequest, Room, Session, Slot
from events_service.groupwork.common import Participant
from events_service.groupwork.speed import SpeedRequest, plan_speed_consultations
from events_service.groupwork.workshops import (
    Preference,
    Workshop,
    WorkshopChoiceRequest,
    plan_workshop_choice,
)
from events_service.groupwork.world_cafe import plan_world_cafe
from events_service.groupwork.world_cafe_models import CafeTable, WorldCafeRequest
from gateway_service.i18n import Language
from gateway_service.web import groupwork_files

SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
PEOPLE = {f"p{i}": f"Person {chr(65 + i)}" for i in range(6)}
EVENT = "Netzwerktreffen Leipzig"


def view(
    kind: str, parameters: dict[str, Any], plan: Any, inputs: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A plan as ``events.groupwork.get`` sends it (the fields the files use)."""
    return {
        "id": "6f1b2c9e-0000-4000-8000-000000000001",
        "kind": kind,
        "title": "Nachmittag",
        "parameters": {"kind": kind, **parameters},
        "inputs": inputs or {},
        "names": PEOPLE,
        "plan": plan.model_dump(mode="json"),
    }


def world_cafe() -> dict[str, Any]:
    tables: list[dict[str, Any]] = [
        {"id": "t1", "topic": "<Anerkennung>", "host_ids": ["p0"]},
        {"id": "t2", "topic": ""},
    ]
    request = WorldCafeRequest(
        participants=tuple(Participant(id=p) for p in PEOPLE if p != "p0"),
        tables=(CafeTable(id="t1", topic="<Anerkennung>", host_ids=("p0",)), CafeTable(id="t2")),
        rounds=2,
    )
    return view("world_cafe", {"tables": tables, "rounds": 2}, plan_world_cafe(request))


def speed() -> dict[str, Any]:
    # Five people in pairs: someone sits out each round.
    request = SpeedRequest(participant_ids=tuple(list(PEOPLE)[:5]), rounds=2, speaking_seconds=45)
    return view("speed_consultation", {"rounds": 2, "group_size": 2}, plan_speed_consultations(request))


def workshops() -> dict[str, Any]:
    parameters = {
        "workshops": [{"id": "w1", "title": "Arbeitsmarkt", "capacity": 2}, {"id": "w2", "capacity": 2}]
    }
    request = WorkshopChoiceRequest(
        workshops=(Workshop(id="w1", title="Arbeitsmarkt", capacity=2), Workshop(id="w2", capacity=2)),
        preferences=tuple(Preference(participant_id=p, ranked_workshop_ids=("w1", "w2")) for p in PEOPLE),
        assign_unranked=False,
    )
    return view("workshop_choice", parameters, plan_workshop_choice(request))


def barcamp() -> dict[str, Any]:
    parameters = {
        "rooms": [{"id": "r1", "name": "Saal", "capacity": 10}, {"id": "r2", "name": "", "capacity": 5}],
        "slots": [{"id": "s1", "label": "11:00"}, {"id": "s2", "label": ""}],
    }
    request = BarcampRequest(
        rooms=(Room(id="r1", capacity=10), Room(id="r2", capacity=5)),
        slots=(Slot(id="s1"), Slot(id="s2")),
        sessions=(
            Session(id="kurse", giver_ids=("p0",), voter_ids=("p1", "p2")),
            Session(id="mentoring", giver_ids=("p3",), voter_ids=("p4",)),
        ),
    )
    proposals = [
        {"id": "kurse", "title": "Integrationskurse & Arbeit", "giver_ids": ["p0"]},
        {"id": "mentoring", "title": "Mentoring", "giver_ids": ["p3"]},
    ]
    return view("barcamp", parameters, plan_barcamp(request), {"proposals": proposals})


PLANS = {
    "world_cafe": world_cafe,
    "speed_consultation": speed,
    "workshop_choice": workshops,
    "barcamp": barcamp,
}

# Per kind and language: the CSV's headings and words the printable page shows.
EXPECTED: dict[str, dict[Language, tuple[list[str], list[str]]]] = {
    "world_cafe": {
        "de": (
            ["Runde", "Tisch", "Rolle", "Name"],
            ["World Café: Nachmittag", "Tischkarten", "Tisch 2", "Gastgeber*in: Person A", "Laufkarten"],
        ),
        "en": (
            ["Round", "Table", "Role", "Name"],
            [
                "World café: Nachmittag",
                "Table cards",
                "Table 2",
                "Host: Person A",
                "Your table in each round",
            ],
        ),
    },
    "speed_consultation": {
        "de": (
            ["Runde", "Beginn", "Gruppe", "Reihenfolge"],
            ["Zeitplan", "Runde 1: Person 1 von 2 spricht", "Wechsel zu Runde 2", "Gruppenkarten", "Pause"],
        ),
        "en": (
            ["Round", "Start", "Group", "Speaking order"],
            ["Timetable", "Round 1: speaker 1 of 2", "Change partners for round 2", "Group cards", "Bye"],
        ),
    },
    "workshop_choice": {
        "de": (
            ["Name", "Workshop", "Wahl"],
            ["Workshopzuteilung", "Arbeitsmarkt", "Workshop 2", "(1. Wahl)", "Ohne Platz", "Erstwahl: 33 %"],
        ),
        "en": (
            ["Name", "Workshop", "Choice"],
            [
                "Workshop allocation",
                "Arbeitsmarkt",
                "Workshop 2",
                "(choice 1)",
                "Without a place",
                "First choice: 33%",
            ],
        ),
    },
    "barcamp": {
        "de": (
            ["Session", "Zeitfenster", "Raum", "Stimmen", "Plätze im Raum"],
            ["Sessionplan", "Raumkarten", "Saal", "Raum 2", "Zeitfenster 2", "Von: Person A"],
        ),
        "en": (
            ["Session", "Slot", "Room", "Votes", "Seats in the room"],
            ["Session board", "Room cards", "Saal", "Room 2", "Slot 2", "By: Person A"],
        ),
    },
}


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def visible_text(html: str) -> str:
    body = html.split("<body>", 1)[1]
    return re.sub(r"<[^>]+>", " ", body)


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("kind", list(PLANS))
def test_every_plan_prints_and_exports_in_the_readers_language(kind: str, language: Language) -> None:
    plan = PLANS[kind]()
    headings, words = EXPECTED[kind][language]

    page = groupwork_files.to_html(plan, language, EVENT).decode()
    assert f'<html lang="{language}">' in page
    assert EVENT in page
    for word in words:
        assert word.replace("&", "&amp;") in page, word
    assert not SNAKE_CASE.findall(visible_text(page)), SNAKE_CASE.findall(visible_text(page))

    rows = read_csv(groupwork_files.to_csv(plan, language, EVENT))
    assert rows[0] == headings
    assert len(rows) > 1
    sheet = load_workbook(io.BytesIO(groupwork_files.to_xlsx(plan, language, EVENT))).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert headings in values  # the same headings under the plan's title, in both formats
    assert not SNAKE_CASE.findall(" ".join(str(cell) for row in values for cell in row if cell is not None))


def test_a_card_for_each_table_group_and_room_in_each_round() -> None:
    cafe = groupwork_files.to_html(world_cafe(), "de", EVENT).decode()
    assert cafe.count('class="card"') == 2 * 2 + 5  # two tables in two rounds, a walk card per guest
    talks = speed()
    page = groupwork_files.to_html(talks, "de", EVENT).decode()
    groups = sum(len(r["groups"]) + bool(r["byes"]) for r in talks["plan"]["rounds"])
    assert page.count('class="card"') == groups
    camp = barcamp()
    placed = [p for p in camp["plan"]["placements"] if p["slot_id"]]
    assert groupwork_files.to_html(camp, "de", EVENT).decode().count('class="card"') == len(placed)


def test_what_staff_typed_is_escaped_and_an_erased_person_named_as_such() -> None:
    plan = world_cafe()
    plan["names"] = {k: v for k, v in PEOPLE.items() if k != "p1"}
    page = groupwork_files.to_html(plan, "de", "<b>Treffen</b>").decode()
    assert "&lt;Anerkennung&gt;" in page
    assert "<Anerkennung>" not in page
    assert "&lt;b&gt;Treffen&lt;/b&gt;" in page
    assert "Gelöschte Person" in page
    assert "Erased person" in groupwork_files.to_html(plan, "en", EVENT).decode()


def test_the_file_is_named_after_the_plan_and_not_kept() -> None:
    response = groupwork_files.plan_file(world_cafe(), EVENT, "csv", "de")
    assert response.headers["content-disposition"] == (
        "attachment; filename=\"world-cafe-nachmittag.csv\"; filename*=UTF-8''world-cafe-nachmittag.csv"
    )
    assert response.headers["cache-control"] == "no-store"
    page = groupwork_files.plan_file(world_cafe(), EVENT, "html", "en")
    assert page.headers["content-disposition"].startswith("inline")
    assert "default-src 'none'" in page.headers["content-security-policy"]
