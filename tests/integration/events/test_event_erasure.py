"""A person erased in the registry: their personal data leaves this schema, the counts stay right."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time

import pytest
import sqlalchemy as sa
from events_helpers import (
    EventsApi,
    RegistryFacts,
    day,
    in_days,
    moved_clock,
    organisation,
    person,
    person_from_the_registry,
    published_event,
)

from netzwerkstatt.contracts.registry import PersonCreated, PersonErased
from netzwerkstatt.testing.services import eventually


async def rows_naming(api: EventsApi, person_id: uuid.UUID) -> dict[str, int]:
    """How many rows of each table of this schema still hold the person's id."""
    database = api.runtime.database
    counts: dict[str, int] = {}
    async with database.read() as session:
        for name, column in (
            ("people", "id"),
            ("memberships", "person_id"),
            ("invitations", "person_id"),
            ("registrations", "person_id"),
            ("agreements", "owner_person_id"),
        ):
            table = database.table(name)
            counts[name] = int(
                await session.scalar(
                    sa.select(sa.func.count()).select_from(table).where(table.c[column] == person_id)
                )
                or 0
            )
    return counts


async def test_erasure_removes_the_person_but_keeps_attendance_figures_and_promotes_the_waitlist(
    api: EventsApi, registry_facts: RegistryFacts, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobcenter = await organisation(api, regions=["14713"])
    facts = await person_from_the_registry(api, registry_facts, jobcenter, decision_maker=True)
    erased = facts.person_id
    # A past event they attended ...
    held_on = in_days(3)
    past = await published_event(api, days=[day(held_on)])
    await api.call("registration.register", {"event_id": past["id"], "person_id": str(erased)})
    moved_clock(monkeypatch, datetime.combine(held_on, time(9), tzinfo=UTC))
    await api.call("event.start", {"event_id": past["id"]})
    registration = (await api.call("registration.list", {"event_id": past["id"]}))["items"][0]
    await api.call(
        "attendance.record",
        {"event_id": past["id"], "registration_id": registration["id"], "day": held_on.isoformat()},
    )
    monkeypatch.undo()
    # ... and an upcoming one where they hold the only place, with someone waiting.
    upcoming = await published_event(api, capacity=1)
    await api.call("invitation.issue", {"event_id": upcoming["id"], "person_ids": [str(erased)]})
    await api.call("registration.register", {"event_id": upcoming["id"], "person_id": str(erased)})
    waiting = await person(api, jobcenter)
    await api.call("registration.register", {"event_id": upcoming["id"], "person_id": str(waiting)})
    talk = {
        "day": upcoming["days"][0]["date"],
        "start": "10:00",
        "end": "10:30",
        "format": "impulse",
        "title": "Anerkennung in der Praxis",
        "speakers": [{"person_id": str(erased)}, {"guest_name": "Dr. Kim Beispiel"}],
    }
    await api.call("agenda.set", {"event_id": upcoming["id"], "items": [talk]})
    exported = await api.call("person.export", {"person_id": str(erased)})
    agenda = await api.call("agenda.get", {"event_id": upcoming["id"]})
    assert exported["agenda_items_speaking"] == [agenda["items"][0]["id"]]  # what they speak at

    await registry_facts.publish(PersonErased(person_id=erased, erased_at=datetime.now(UTC)), erased)

    async def gone() -> dict[str, int]:
        counts = await rows_naming(api, erased)
        return counts if not any(counts.values()) else {}

    await eventually(gone)
    figures = await api.call("event.figures", {"event_id": past["id"]})
    assert (figures["figures"]["attendees"], figures["figures"]["decision_makers"]) == (1, 1)
    attendance = await api.call("attendance.list", {"event_id": past["id"]})
    assert [row["person_name"] for row in attendance["rows"]] == [None]  # the pages say "erased"
    (item,) = (await api.call("agenda.get", {"event_id": upcoming["id"]}))["items"]
    assert item["speakers"] == [
        {"person_id": None, "name": None},  # still a speaker of the item, without a name
        {"person_id": None, "name": "Dr. Kim Beispiel"},
    ]
    listing = await api.call("registration.list", {"event_id": upcoming["id"]})
    assert {item["person_id"]: item["status"] for item in listing["items"]}[str(waiting)] == "confirmed"
    assert listing["confirmed"] == 1

    # A late update from before the erasure does not bring the person back.
    await registry_facts.publish(PersonCreated(person=facts), erased)
    await api.call("event.get", {"event_id": past["id"]})
    assert not any((await rows_naming(api, erased)).values())
