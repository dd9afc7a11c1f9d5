"""Speed consultations, workshop choice and Barcamp plans of an event: inputs entered by staff,
hard rules kept by hand-made changes, infeasible requests answered with the best plan and a notice,
and every plan exported (by the gateway) as CSV, XLSX and printable HTML."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx

from tests.integration.events.events_helpers import EventsApi, fields, person
from tests.integration.groupwork.groupwork_helpers import gathering, plan

SPEED = {"kind": "speed_consultation", "rounds": 3, "speaking_seconds": 45}


def workshops(*capacities: int) -> dict[str, Any]:
    return {
        "kind": "workshop_choice",
        "workshops": [
            {"id": f"w{i + 1}", "title": f"Workshop {i + 1}", "capacity": c} for i, c in enumerate(capacities)
        ],
    }


BARCAMP = {
    "kind": "barcamp",
    "rooms": [{"id": "r1", "name": "Saal", "capacity": 10}, {"id": "r2", "name": "Foyer", "capacity": 4}],
    "slots": [{"id": "s1", "label": "11:00"}, {"id": "s2", "label": "13:00"}],
}


async def test_speed_consultations_pair_everyone_without_repeats_and_keep_a_timetable(api: EventsApi) -> None:
    group = await gathering(api, 6)
    made = await plan(api, group.event["id"], SPEED, seed=2)
    rounds = made["plan"]["rounds"]
    pairs = [frozenset(g["participant_ids"]) for r in rounds for g in r["groups"]]
    assert len(pairs) == len(set(pairs)) == 9
    assert made["plan"]["timetable"][0]["duration_seconds"] == 45
    swap = {
        "action": "swap_people",
        "round": 1,
        **dict(zip(("person_id", "other_person_id"), _apart(rounds[0]), strict=False)),
    }
    swapped = await api.call("groupwork.adjust", {"plan_id": made["id"], "change": swap})
    assert swapped["plan"]["rounds"][0] != rounds[0]
    assert swapped["plan"]["rounds"][1] == rounds[1]


def _apart(speed_round: dict[str, Any]) -> tuple[str, str]:
    first, second = speed_round["groups"][0], speed_round["groups"][1]
    return first["participant_ids"][0], second["participant_ids"][0]


async def test_a_speed_swap_of_partners_in_one_group_is_refused(api: EventsApi) -> None:
    group = await gathering(api, 4)
    made = await plan(api, group.event["id"], SPEED)
    a, b = made["plan"]["rounds"][0]["groups"][0]["participant_ids"]
    change = {"action": "swap_people", "round": 1, "person_id": a, "other_person_id": b}
    error = await api.fails("groupwork.adjust", {"plan_id": made["id"], "change": change})
    assert error.code == "rule_violation"


async def test_speaking_time_outside_30_to_60_seconds_is_refused(api: EventsApi) -> None:
    group = await gathering(api, 2)
    error = await api.fails(
        "groupwork.plan",
        {"event_id": group.event["id"], "title": "x", "parameters": SPEED | {"speaking_seconds": 90}},
    )
    assert error.code == "validation_error"
    assert any("speaking_seconds" in f for f in fields(error)), fields(error)


async def test_workshop_choice_gives_the_ranked_choices_within_capacity(api: EventsApi) -> None:
    group = await gathering(api, 4)
    made = await plan(api, group.event["id"], workshops(2, 2))
    for person_id in group.people:
        await api.call(
            "groupwork.set_preferences",
            {"plan_id": made["id"], "person_id": person_id, "ranked_workshop_ids": ["w1", "w2"]},
        )
    outdated = await api.call("groupwork.get", {"plan_id": made["id"]})
    assert outdated["outdated"] is True
    result = await api.call("groupwork.rerun", {"plan_id": made["id"]})
    assert result["plan"]["occupancy"] == {"w1": 2, "w2": 2}
    assert result["quality"]["by_choice"] == {"1": 2, "2": 2}
    full = next(a for a in result["plan"]["assignments"] if a["workshop_id"] == "w2")
    change = {"action": "move_person", "person_id": full["participant_id"], "table_id": "w1"}
    error = await api.fails("groupwork.adjust", {"plan_id": made["id"], "change": change})
    assert error.code == "rule_violation"
    assert fields(error) == {"change.table_id"}
    assert "full" in error.message


async def test_capacities_below_the_number_of_people_give_the_best_plan_and_say_so(api: EventsApi) -> None:
    group = await gathering(api, 5)
    made = await plan(api, group.event["id"], workshops(2, 1))
    assert "capacity_below_participants" in {n["code"] for n in made["notices"]}
    assert made["quality"]["unassigned"] == 2


async def test_preferences_naming_an_unknown_workshop_or_a_stranger_are_refused(api: EventsApi) -> None:
    group = await gathering(api, 2)
    made = await plan(api, group.event["id"], workshops(2))
    error = await api.fails(
        "groupwork.set_preferences",
        {"plan_id": made["id"], "person_id": group.people[0], "ranked_workshop_ids": ["w7"]},
    )
    assert fields(error) == {"ranked_workshop_ids.0"}
    stranger = str(await person(api, group.organisations[0]))
    error = await api.fails(
        "groupwork.set_preferences",
        {"plan_id": made["id"], "person_id": stranger, "ranked_workshop_ids": ["w1"]},
    )
    assert fields(error) == {"person_id"}


async def _barcamp(api: EventsApi) -> tuple[dict[str, Any], list[str]]:
    group = await gathering(api, 6)
    made = await plan(api, group.event["id"], BARCAMP)
    giver, other = group.people[0], group.people[1]
    for session_id, givers in (("a", [giver]), ("b", [giver]), ("c", [other])):
        await api.call(
            "groupwork.propose_session",
            {"plan_id": made["id"], "id": session_id, "title": f"Session {session_id}", "giver_ids": givers},
        )
    for voter in group.people[2:]:
        await api.call(
            "groupwork.cast_votes", {"plan_id": made["id"], "person_id": voter, "session_ids": ["a", "c"]}
        )
    return await api.call("groupwork.rerun", {"plan_id": made["id"]}), group.people


async def test_a_barcamp_never_puts_a_session_giver_in_two_places(api: EventsApi) -> None:
    made, _ = await _barcamp(api)
    slot = {p["session_id"]: p["slot_id"] for p in made["plan"]["placements"]}
    assert slot["a"] != slot["b"]
    assert slot["a"] != slot["c"]  # the same four voters want both
    assert made["quality"]["giver_conflicts"] == 0
    assert made["quality"]["voter_conflicts"] == 0
    move = {"action": "move_session", "session_id": "b", "slot_id": slot["a"]}
    error = await api.fails("groupwork.adjust", {"plan_id": made["id"], "change": move})
    assert error.code == "rule_violation"
    assert "cannot be in two places" in error.message


async def test_a_proposal_under_a_taken_id_is_refused_and_the_same_proposal_again_changes_nothing(
    api: EventsApi,
) -> None:
    group = await gathering(api, 3)
    made = await plan(api, group.event["id"], BARCAMP)
    proposal = {"id": "kurse", "title": "Integrationskurse", "giver_ids": [group.people[0]]}
    first = {"plan_id": made["id"], **proposal}
    proposed = await api.call("groupwork.propose_session", first)
    again = await api.call("groupwork.propose_session", first)
    assert again["version"] == proposed["version"]
    for other in ({"title": "Wohnen"}, {"giver_ids": [group.people[1]]}):
        error = await api.fails("groupwork.propose_session", first | other)
        assert error.code == "conflict"
        assert [(d.field, d.code) for d in error.details] == [("id", "session_taken")]
    stored = await api.call("groupwork.get", {"plan_id": made["id"]})
    assert stored["inputs"]["proposals"] == [proposal]


async def test_pins_that_put_a_giver_in_two_places_are_released_with_an_explanation(api: EventsApi) -> None:
    made, _ = await _barcamp(api)
    for session_id in ("a", "b"):
        pin = {"action": "pin_session", "session_id": session_id, "slot_id": "s1"}
        made = await api.call("groupwork.adjust", {"plan_id": made["id"], "change": pin})
    assert "pin_released" in {n["code"] for n in made["notices"]}
    assert made["quality"]["giver_conflicts"] == 0
    assert len(made["inputs"]["pins"]) == 2


async def test_every_plan_exports_as_csv_xlsx_and_printable_html(
    api: EventsApi, gateway: httpx.AsyncClient
) -> None:
    """The events service sends the plan's data; the gateway writes the files in the reader's language."""
    group = await gathering(api, 4)
    cafe = {"kind": "world_cafe", "tables": [{"id": "t1", "topic": "Anerkennung"}, {"id": "t2"}], "rounds": 2}
    for parameters, heading, english in (
        (cafe, "Tischkarten", "Table cards"),
        (SPEED, "Zeitplan", "Timetable"),
        (workshops(4), "Workshopzuteilung", "Workshop allocation"),
    ):
        made = await plan(api, group.event["id"], parameters)
        sheet = await gateway.get(f"/api/groupwork/{made['id']}/export.csv")
        assert sheet.headers["content-type"].startswith("text/csv")
        assert len(read_sheet(sheet.text)) >= 4
        workbook = await gateway.get(f"/api/groupwork/{made['id']}/export.xlsx")
        assert workbook.content.startswith(b"PK")
        page = await gateway.get(f"/api/groupwork/{made['id']}/export.html")
        assert page.text.startswith("<!DOCTYPE html>")
        assert heading in page.text
        assert group.event["title"] in page.text
        english_page = await gateway.get(
            f"/api/groupwork/{made['id']}/export.html", params={"language": "en"}
        )
        assert english in english_page.text


def read_sheet(content: str) -> list[dict[str, str]]:
    """A group work CSV as a German Excel reads it: byte order mark, semicolons."""
    assert content.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))


async def test_the_barcamp_board_exports_sessions_in_rooms_and_slots(
    api: EventsApi, gateway: httpx.AsyncClient
) -> None:
    made, _ = await _barcamp(api)
    page = await gateway.get(f"/api/groupwork/{made['id']}/export.html")
    assert "Sessionplan" in page.text
    assert "Session a" in page.text
    assert "Saal" in page.text
    sheet = await gateway.get(f"/api/groupwork/{made['id']}/export.csv")
    assert {row["Session"] for row in read_sheet(sheet.text)} == {"Session a", "Session b", "Session c"}
