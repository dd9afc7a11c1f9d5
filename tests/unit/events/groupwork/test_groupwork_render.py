"""Export rows and printable HTML snippets of the plans."""

from __future__ import annotations

from events_service.groupwork.barcamp import plan_barcamp
from events_service.groupwork.barcamp_models import BarcampRequest, Room, Session, Slot
from events_service.groupwork.common import Participant
from events_service.groupwork.render import (
    barcamp_grid_html,
    speed_timetable_html,
    world_cafe_personal_cards_html,
    world_cafe_round_lists_html,
    world_cafe_rows,
)
from events_service.groupwork.speed import SpeedRequest, plan_speed_consultations
from events_service.groupwork.world_cafe import plan_world_cafe
from events_service.groupwork.world_cafe_models import CafeTable, WorldCafeRequest


def cafe_plan() -> tuple[WorldCafeRequest, dict[str, str]]:
    request = WorldCafeRequest(
        participants=tuple(Participant(id=f"p{i}") for i in range(6)),
        tables=(
            CafeTable(id="t1", topic="Öffentlichkeitsarbeit", host_ids=("h1",)),
            CafeTable(id="t2", topic="<Zielgruppe>"),
        ),
        rounds=2,
    )
    return request, {"p0": "Erika Beispiel", "h1": "Max Muster"}


def test_world_cafe_rows_list_every_seat_with_role_for_csv() -> None:
    request, names = cafe_plan()
    rows = world_cafe_rows(plan_world_cafe(request), names)
    assert len(rows) == 2 * (6 + 1)
    assert {"round", "table_id", "topic", "role", "person_id", "name"} == set(rows[0])
    assert sum(r["role"] == "host" for r in rows) == 2
    assert any(r["name"] == "Erika Beispiel" for r in rows)


def test_round_lists_and_cards_escape_text_and_name_every_round() -> None:
    request, names = cafe_plan()
    plan = plan_world_cafe(request)
    lists = world_cafe_round_lists_html(plan, names)
    assert "Runde 1" in lists
    assert "Runde 2" in lists
    assert "&lt;Zielgruppe&gt;" in lists
    assert "<Zielgruppe>" not in lists
    cards = world_cafe_personal_cards_html(plan, names)
    assert cards.count('class="card"') == 6
    assert "Erika Beispiel" in cards


def test_speed_timetable_shows_minutes_and_seconds() -> None:
    plan = plan_speed_consultations(SpeedRequest(participant_ids=("a", "b"), rounds=2, speaking_seconds=45))
    html = speed_timetable_html(plan)
    assert "<td>0:45</td>" in html
    assert html.count("<tr>") == 1 + len(plan.timetable)


def test_barcamp_board_puts_each_session_in_its_room_and_slot() -> None:
    request = BarcampRequest(
        rooms=(Room(id="r1", capacity=10),),
        slots=(Slot(id="s1"), Slot(id="s2")),
        sessions=(
            Session(id="a", giver_ids=("g",), voter_ids=("x",)),
            Session(id="b", giver_ids=("g",), voter_ids=("y", "z")),
        ),
    )
    html = barcamp_grid_html(
        plan_barcamp(request), ["s1", "s2"], ["r1"], {"a": "Anerkennung", "b": "Mentoring"}
    )
    assert "Anerkennung (1)" in html
    assert "Mentoring (2)" in html
