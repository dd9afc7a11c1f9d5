"""A Barcamp's time slots and rounds: a slot is a time of day or a span that ends after it begins,
no two overlap, and the rounds are as many as the slots. The events service refuses anything else
at the slot (or at rounds, for callers who send them) before planning, and the plan form says which
line and why, in German, with what was typed kept; the form's Runden belongs to the other formats."""

from __future__ import annotations

import html
import uuid

import httpx

from gateway_service.testing import csrf_token_in
from tests.integration.events.events_helpers import EventsApi
from tests.integration.gateway.ui_support import field_error
from tests.integration.groupwork.groupwork_helpers import gathering

ROOMS = [{"id": "r1", "name": "Saal", "capacity": 20}, {"id": "r2", "name": "Raum 2", "capacity": 10}]


async def test_the_events_service_refuses_slots_that_are_no_time_end_before_they_begin_or_overlap(
    api: EventsApi,
) -> None:
    group = await gathering(api, 2)
    labels = ["12:00–11:00", "morgen", "11:00–11:45", "11:30–12:15", "13:00", "13.00 - 13.45 Uhr"]
    slots = [{"id": f"s{i + 1}", "label": label} for i, label in enumerate(labels)]
    plan = {"kind": "barcamp", "rooms": ROOMS, "slots": slots, "rounds": 6}

    refused = await api.fails(
        "groupwork.plan", {"event_id": group.event["id"], "title": "Barcamp", "parameters": plan}
    )

    assert refused.code == "rule_violation"
    assert [(d.field, d.code, d.params) for d in refused.details] == [
        ("parameters.slots.0.label", "slot_ends_before_start", {"start": "12:00", "end": "11:00"}),
        ("parameters.slots.1.label", "slot_not_a_time", {"label": "morgen"}),
        ("parameters.slots.3.label", "slot_overlaps", {"label": "11:30–12:15", "other": "11:00–11:45"}),
        ("parameters.slots.5.label", "slot_overlaps", {"label": "13.00 - 13.45 Uhr", "other": "13:00"}),
    ]
    for rounds in (0, 999):
        wrong = await api.fails(
            "groupwork.plan",
            {"event_id": group.event["id"], "title": "Barcamp", "parameters": plan | {"rounds": rounds}},
        )
        assert [d.field for d in wrong.details] == ["parameters.barcamp.rounds"]
    fitting = [{"id": "s1", "label": "11:00–11:45"}, {"id": "s2", "label": "11:45 bis 12:30 Uhr"}]
    mismatch = await api.fails(
        "groupwork.plan",
        {
            "event_id": group.event["id"],
            "title": "Barcamp",
            "parameters": {"kind": "barcamp", "rooms": ROOMS, "slots": fitting, "rounds": 3},
        },
    )
    assert [(d.field, d.code, d.params) for d in mismatch.details] == [
        ("parameters.rounds", "barcamp_rounds_are_slots", {"slots": 2})
    ]
    assert (await api.call("groupwork.list", {"event_id": group.event["id"]}))["items"] == []
    for given in (2, None):
        made = await api.call(
            "groupwork.plan",
            {
                "event_id": group.event["id"],
                "title": "Barcamp",
                "parameters": {"kind": "barcamp", "rooms": ROOMS, "slots": fitting, "rounds": given},
            },
        )
        assert made["kind"] == "barcamp"


async def test_the_plan_form_says_at_the_slots_which_line_is_wrong_and_why_and_keeps_the_values(
    api: EventsApi, staff_browser: httpx.AsyncClient, planning_network: uuid.UUID
) -> None:
    group = await gathering(api, 2, network_id=str(planning_network))
    event_id = group.event["id"]
    page = f"/events/{event_id}/groupwork"
    form = await staff_browser.get(page)

    async def create(**values: str) -> httpx.Response:
        data = {"title": "Barcamp", "kind": "barcamp", "rounds": "", "seed": "0", "group_size": "2"}
        data |= {"lines": "Saal; 20\nRaum 2; 10", "csrf_token": csrf_token_in(form.text)} | values
        return await staff_browser.post(page, data=data)

    typed = "12:00–11:00\nmorgen\n11:00–11:45\n11:30–12:15"
    wrong = await create(slots=typed)
    assert wrong.status_code == 422
    assert field_error(wrong.text, "slots") == (
        "Zeile 1: Dieses Zeitfenster endet (11:00), bevor es beginnt (12:00). "
        "Zeile 2: „morgen“ ist keine Uhrzeit und keine Zeitspanne; bitte z. B. 11:00–11:45 eingeben. "
        "Zeile 4: „11:30–12:15“ überschneidet sich mit dem Zeitfenster „11:00–11:45“; Zeitfenster "
        "dürfen sich nicht überschneiden."
    )
    assert typed in html.unescape(wrong.text)  # what was typed stays in the field

    # The form's Runden is the other formats' field: a Barcamp's rounds are its slots, whatever
    # number was left there (the form fills in 3).
    for rounds in ("0", "999", "3"):
        made = await create(slots="11:00–11:45\n12:00–12:45", rounds=rounds)
        assert made.status_code == 303, field_error(made.text, "rounds")
    plans = (await api.call("groupwork.list", {"event_id": event_id}))["items"]
    assert len(plans) == 3
