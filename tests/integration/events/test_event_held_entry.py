"""Events held before they were kept here, entered afterwards from their paper records
(``event.enter_held``): completed, with agenda, the attendance list as registrations present on
their days, and agreements. The figures and the series count them; nobody is told (only
``event.held_entered`` and ``agreement.created`` go out), an agreement already due reminds nobody;
bad input is refused field by field and saves nothing; entering it again changes nothing."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from events_helpers import EventsApi, day, fields, in_days, network, organisation, person, unique

from events_service.store.agreements import due_candidates
from netzwerkstatt.principal import Principal, Role


async def held_body(api: EventsApi, network_id: uuid.UUID, **fields_: Any) -> dict[str, Any]:
    """A two-day Netzwerktreffen of six weeks ago with two attendees (one only on the first day), a
    talk by one of them and an agreement that fell due a week ago."""
    jobcenter = await organisation(api, "Jobcenter Leipzig")
    agency = await organisation(api, "Agentur für Arbeit Leipzig", "employment_agency")
    first = await person(api, jobcenter, decision_maker=True)
    second = await person(api, agency)
    days = [day(in_days(-43), 9, 16), day(in_days(-42), 9, 13)]
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "title": unique("Netzwerktreffen IQ Sachsen"),
        "format": "network_meeting",
        "network_id": str(network_id),
        "days": days,
        "venue": {"name": "Volkshochschule Leipzig", "address": "Löhrstraße 3–7, 04105 Leipzig"},
        "organiser": {"name": "IQ Netzwerk Sachsen", "email": "iq@example.org"},
        "agenda": [
            {
                "day": days[0]["date"],
                "start": "09:30",
                "end": "10:15",
                "format": "impulse",
                "title": "Anerkennung ausländischer Berufsabschlüsse",
                "speakers": [{"person_id": str(second)}],
            }
        ],
        "attendees": [
            {"person_id": str(first)},
            {"person_id": str(second), "organisation_id": str(agency), "days": [days[0]["date"]]},
        ],
        "agreements": [
            {
                "text": "Gemeinsames Infoblatt für Arbeitgeber",
                "owner_organisation_id": str(jobcenter),
                "owner_person_id": str(first),
                "due_on": in_days(-7).isoformat(),
            },
            {
                "id": str(uuid.uuid4()),
                "text": "Fallbesprechungen quartalsweise",
                "owner_organisation_id": str(agency),
                "status": "in_progress",
            },
        ],
    }
    return body | fields_


async def facts_of(api: EventsApi, event_id: str, agreement_ids: list[str]) -> list[str]:
    """The subjects of the facts the entry left in the outbox, for the event and its agreements."""
    outbox = api.runtime.database.table("outbox")
    async with api.runtime.database.read() as session:
        rows = await session.scalars(
            sa.select(outbox.c.subject)
            .where(outbox.c.aggregate.in_([event_id, *agreement_ids]))
            .order_by(outbox.c.position)
        )
        return list(rows)


async def nothing_of(api: EventsApi, event_id: str) -> None:
    error = await api.fails("event.get", {"event_id": event_id})
    assert error.code == "not_found"
    assert await facts_of(api, event_id, []) == []


async def test_a_held_event_is_entered_with_agenda_attendance_and_agreements_and_nobody_is_told(
    api: EventsApi,
) -> None:
    own = await network(api, [], ["14713"])
    body = await held_body(api, own)
    first, second = (item["person_id"] for item in body["attendees"])

    entered = await api.call("event.enter_held", body)

    assert (entered["id"], entered["status"]) == (body["id"], "completed")
    assert entered["venue"]["name"] == "Volkshochschule Leipzig"
    agenda = await api.call("agenda.get", {"event_id": body["id"]})
    assert [item["speakers"][0]["person_id"] for item in agenda["items"]] == [second]
    registrations = await api.call("registration.list", {"event_id": body["id"]})
    assert {item["person_id"]: item["status"] for item in registrations["items"]} == {
        first: "confirmed",
        second: "confirmed",
    }
    by_person = {item["person_id"]: item for item in registrations["items"]}
    assert by_person[first]["is_decision_maker"]
    assert not by_person[second]["is_decision_maker"]
    assert by_person[second]["organisation_id"] == body["attendees"][1]["organisation_id"]
    attendance = await api.call("attendance.list", {"event_id": body["id"]})
    first_day, second_day = (entry["date"] for entry in body["days"])
    assert attendance["present_per_day"] == {first_day: 2, second_day: 1}
    assert attendance["no_shows"] == 0
    figures = (await api.call("event.figures", {"event_id": body["id"]}))["figures"]
    assert figures["attendees"] == 2
    agreements = (await api.call("agreement.list", {"event_id": body["id"]}))["items"]
    assert sorted(item["status"] for item in agreements) == ["in_progress", "open"]
    assert body["agreements"][1]["id"] in {item["agreement_id"] for item in agreements}

    async with api.runtime.database.read() as session:
        assert [item.event_id for item in await due_candidates(session, date.today())].count(
            uuid.UUID(body["id"])
        ) == 0, "an agreement due before it was entered reminds nobody"
    agreement_ids = [item["agreement_id"] for item in agreements]
    assert sorted(await facts_of(api, body["id"], agreement_ids)) == [
        "events.evt.agreement.created",
        "events.evt.agreement.created",
        "events.evt.event.held_entered",
    ], "no registration, attendance or completion fact: nobody is mailed or surveyed"


async def test_entering_it_again_is_refused_as_duplicate_id_and_changes_nothing(api: EventsApi) -> None:
    own = await network(api, [], ["14713"])
    body = await held_body(api, own)
    await api.call("event.enter_held", body)
    before = await api.call("registration.list", {"event_id": body["id"]})

    again = await api.fails("event.enter_held", body)

    assert again.code == "conflict"
    assert [(detail.field, detail.code) for detail in again.details] == [("id", "duplicate_id")]
    assert await api.call("registration.list", {"event_id": body["id"]}) == before
    agreement_ids = [
        item["agreement_id"] for item in (await api.call("agreement.list", {"event_id": body["id"]}))["items"]
    ]
    assert len(await facts_of(api, body["id"], agreement_ids)) == 3


async def test_bad_input_is_refused_field_by_field_and_saves_nothing(api: EventsApi) -> None:
    own = await network(api, [], ["14713"])
    body = await held_body(api, own)
    attendee = body["attendees"][0]
    wrong = body | {
        "days": [day(in_days(-1)), day(in_days(0))],
        "attendees": [attendee, attendee | {"days": [in_days(-5).isoformat()]}],
    }

    error = await api.fails("event.enter_held", wrong)

    assert error.code == "rule_violation"
    assert {(detail.field, detail.code) for detail in error.details} == {
        ("days", "not_held_yet"),
        ("agreements.0.due_on", "due_before_event"),  # due a week ago, before these days
        ("attendees.1.person_id", "duplicate_attendee"),
        ("attendees.1.days.0", "not_an_event_day"),
    }
    await nothing_of(api, body["id"])

    stranger = str(uuid.uuid4())
    unknown = await api.fails("event.enter_held", body | {"attendees": [{"person_id": stranger}]})
    assert (unknown.code, fields(unknown)) == ("not_found", {"attendees.0.person_id"})
    await nothing_of(api, body["id"])

    elsewhere = await organisation(api, "Volkshochschule Leipzig", "education")
    not_member = await api.fails(
        "event.enter_held", body | {"attendees": [attendee | {"organisation_id": str(elsewhere)}]}
    )
    assert (not_member.code, fields(not_member)) == ("validation_error", {"attendees.0.organisation_id"})
    await nothing_of(api, body["id"])

    clash = body["agenda"][0] | {"start": "08:00", "end": "08:30", "day": in_days(-60).isoformat()}
    misplaced = await api.fails("event.enter_held", body | {"agenda": [clash]})
    assert misplaced.code == "rule_violation"
    assert all(field.startswith("agenda.0.") for field in fields(misplaced)), fields(misplaced)
    await nothing_of(api, body["id"])


async def test_an_agreement_due_before_the_held_event_is_refused_at_its_due_date(api: EventsApi) -> None:
    own = await network(api, [], ["14713"])
    body = await held_body(api, own)
    first_day = body["days"][0]["date"]
    agreements = [body["agreements"][0] | {"due_on": in_days(-50).isoformat()}, body["agreements"][1]]

    error = await api.fails("event.enter_held", body | {"agreements": agreements})

    assert error.code == "rule_violation"
    assert [(d.field, d.code, d.params) for d in error.details] == [
        ("agreements.0.due_on", "due_before_event", {"event_date": first_day})
    ]
    await nothing_of(api, body["id"])


async def test_an_attendance_list_of_a_thousand_times_the_same_person_is_refused_with_its_first_problems(
    api: EventsApi,
) -> None:
    own = await network(api, [], ["14713"])
    body = await held_body(api, own)
    same = body["attendees"][0]

    error = await api.fails("event.enter_held", body | {"attendees": [same] * 1000})

    assert error.code == "rule_violation"
    assert len(error.details) == 101
    assert error.details[0].field == "attendees.1.person_id"
    assert (error.details[-1].code, error.details[-1].params) == ("more_problems", {"count": 899})
    await nothing_of(api, body["id"])

    longer = await api.fails("event.enter_held", body | {"attendees": [same] * 1001})
    assert (longer.code, fields(longer)) == ("validation_error", {"attendees"})
    await nothing_of(api, body["id"])


async def test_only_staff_who_may_change_the_network_enter_a_held_event(api: EventsApi) -> None:
    own = await network(api, [], ["14713"])
    other = await network(api, [], ["14729"])
    refused = {
        "coordinator of another network": Principal.staff(
            Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[other]
        ),
        "read-only staff": Principal.staff(Role.READ_ONLY, account_id=uuid.uuid4(), network_ids=[own]),
        "another service": Principal.of_service("notifications"),
    }
    for name, principal in refused.items():
        body = await held_body(api, own)
        error = await api.fails("event.enter_held", body, principal=principal)
        assert error.code == "forbidden", (name, error.code)
        await nothing_of(api, body["id"])

    body = await held_body(api, own)
    coordinator = Principal.staff(Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[own])
    assert (await api.call("event.enter_held", body, principal=coordinator))["status"] == "completed"
    again = await api.fails("event.enter_held", body, principal=refused["coordinator of another network"])
    assert again.code == "forbidden", "an event of another network is not even confirmed to exist"


async def test_editions_entered_in_a_series_count_who_came_before_as_no_newcomer(api: EventsApi) -> None:
    own = await network(api, [], ["14713"])
    series = await api.call(
        "series.create",
        {"title": unique("Regionalworkshop Leipzig"), "format": "regional_workshop", "network_id": str(own)},
    )
    body = await held_body(api, own, series_id=series["id"], format=None, edition=1)
    regular = body["attendees"][0]["person_id"]
    await api.call("event.enter_held", body)
    later = await held_body(api, own, series_id=series["id"], format=None)
    later["attendees"].append({"person_id": regular})
    later["days"] = [day(in_days(-10))]
    later["agenda"] = []
    later["attendees"][1].pop("days")

    second = await api.call("event.enter_held", later)

    assert (second["edition"], second["format"]) == (2, "regional_workshop")
    registrations = (await api.call("registration.list", {"event_id": later["id"]}))["items"]
    newcomers = {item["person_id"]: item["is_newcomer"] for item in registrations}
    assert newcomers[regular] is False
    assert [flag for person_id, flag in newcomers.items() if person_id != regular] == [True, True]
    overview = await api.call("series.get", {"series_id": series["id"]})
    assert [item["edition"] for item in overview["past_editions"]] == [1, 2]
    taken = await api.fails("event.enter_held", await held_body(api, own, series_id=series["id"], edition=2))
    assert (taken.code, [(d.field, d.code) for d in taken.details]) == (
        "conflict",
        [("edition", "duplicate")],
    )
