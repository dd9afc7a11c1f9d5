"""The permission matrix of the events service, generated from its operations registry: every
operation that changes something is asked, over NATS as the gateway would, by an admin, the
coordinator of the aggregate's network, a coordinator of another network, read-only staff and an API
token of each role. Refusals come back as ``forbidden`` and change nothing; the others pass the rule
(they may still meet a rule of the domain, which is not the question here). An operation that
changes something and has no case below fails the first test."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from events_helpers import EventsApi, day, in_days, network, organisation, person, published_event, unique

from events_service import clock
from events_service.api import operations
from netzwerkstatt import subjects
from netzwerkstatt.errors import ServiceError
from netzwerkstatt.principal import Access, Principal, Role

Body = dict[str, Any]
Case = Callable[[EventsApi, uuid.UUID], Awaitable[Body]]

CASES: dict[str, Case] = {}


def case(name: str) -> Callable[[Case], Case]:
    def register(factory: Case) -> Case:
        CASES[subjects.operation("events", name)] = factory
        return factory

    return register


async def event_in(api: EventsApi, network_id: uuid.UUID, **fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = await published_event(api, capacity=10, network_id=str(network_id), **fields)
    return event


async def running_event_in(api: EventsApi, network_id: uuid.UUID) -> dict[str, Any]:
    """Published for tomorrow, started with the clock moved to that day (agreements need it)."""
    event = await event_in(api, network_id, days=[day(in_days(1))])
    tomorrow = clock.now() + timedelta(days=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "now", lambda: tomorrow)
        patch.setattr(clock, "today", lambda: tomorrow.date())
        return await api.call("event.start", {"event_id": event["id"]})  # type: ignore[no-any-return]


async def registration_in(api: EventsApi, network_id: uuid.UUID) -> tuple[dict[str, Any], dict[str, Any]]:
    event = await event_in(api, network_id)
    someone = await person(api, await organisation(api))
    body = {"event_id": event["id"], "person_id": str(someone)}
    return event, await api.call("registration.register", body)


@case("event.create")
async def _event_create(api: EventsApi, network_id: uuid.UUID) -> Body:
    return {
        "title": "Regionalworkshop Leipzig",
        "format": "regional_workshop",
        "network_id": str(network_id),
        "days": [day(in_days(30))],
        "organiser": {"name": "IQ Netzwerk Sachsen", "email": "iq@example.org"},
    }


@case("event.update")
async def _event_update(api: EventsApi, network_id: uuid.UUID) -> Body:
    return {"event_id": (await event_in(api, network_id))["id"], "motto": "Gemeinsam"}


@case("event.publish")
async def _event_publish(api: EventsApi, network_id: uuid.UUID) -> Body:
    return {"event_id": (await event_in(api, network_id))["id"]}


@case("event.start")
async def _event_start(api: EventsApi, network_id: uuid.UUID) -> Body:
    return {"event_id": (await event_in(api, network_id, days=[day(in_days(1))]))["id"]}


@case("event.complete")
async def _event_complete(api: EventsApi, network_id: uuid.UUID) -> Body:
    return {"event_id": (await event_in(api, network_id))["id"]}


@case("event.cancel")
async def _event_cancel(api: EventsApi, network_id: uuid.UUID) -> Body:
    return {"event_id": (await event_in(api, network_id))["id"], "reason": "Raum nicht verfügbar"}


@case("event.plan_next_edition")
async def _next_edition(api: EventsApi, network_id: uuid.UUID) -> Body:
    series = await api.call(
        "series.create",
        {"title": unique("Ideenwerkstatt"), "format": "ideas_workshop", "network_id": str(network_id)},
    )
    event = await event_in(api, network_id, series_id=series["id"], format="ideas_workshop")
    return {"event_id": event["id"], "days": [day(in_days(400))]}


@case("series.create")
async def _series_create(api: EventsApi, network_id: uuid.UUID) -> Body:
    # A fresh series each time: a network names each of its series once.
    return {"title": unique("Ideenwerkstatt"), "format": "ideas_workshop", "network_id": str(network_id)}


@case("series.update")
async def _series_update(api: EventsApi, network_id: uuid.UUID) -> Body:
    created = await api.call("series.create", await _series_create(api, network_id))
    return {"series_id": created["id"], "title": unique("Ideenwerkstatt Nord")}


@case("series.record_past_edition")
async def _record_past_edition(api: EventsApi, network_id: uuid.UUID) -> Body:
    created = await api.call("series.create", await _series_create(api, network_id))
    return {
        "series_id": created["id"],
        "edition": 3,
        "first_day": in_days(-30).isoformat(),
        "host_district_key": "14713",
        "attendees": 20,
        "organisations": 12,
    }


@case("event.enter_held")
async def _event_enter_held(api: EventsApi, network_id: uuid.UUID) -> Body:
    jobcenter = await organisation(api)
    someone = await person(api, jobcenter)
    return {
        "id": str(uuid.uuid4()),
        "title": "1. Regionalworkshop Leipzig",
        "format": "regional_workshop",
        "network_id": str(network_id),
        "days": [day(in_days(-40))],
        "organiser": {"name": "IQ Netzwerk Sachsen", "email": "iq@example.org"},
        "attendees": [{"person_id": str(someone)}],
        "agreements": [{"text": "Infoblatt für Arbeitgeber", "owner_organisation_id": str(jobcenter)}],
    }


@case("series.history_import.run")
async def _history_import(api: EventsApi, network_id: uuid.UUID) -> Body:
    created = await api.call("series.create", await _series_create(api, network_id))
    rows = f"Ausgabe;Datum;Gastgeber-Kreis;Teilnehmende;Organisationen\n3;{in_days(-30)};Leipzig;20;12\n"
    return {
        "series_id": created["id"],
        "file_name": "ausgaben.csv",
        "content_base64": base64.b64encode(rows.encode()).decode(),
    }


@case("agenda.set")
async def _agenda(api: EventsApi, network_id: uuid.UUID) -> Body:
    return {"event_id": (await event_in(api, network_id))["id"], "items": []}


@case("invitation.issue")
async def _invite(api: EventsApi, network_id: uuid.UUID) -> Body:
    return {"event_id": (await event_in(api, network_id))["id"], "network_ids": [str(network_id)]}


@case("registration.register")
async def _register(api: EventsApi, network_id: uuid.UUID) -> Body:
    event = await event_in(api, network_id)
    return {"event_id": event["id"], "person_id": str(await person(api, await organisation(api)))}


@case("registration.substitute")
async def _substitute(api: EventsApi, network_id: uuid.UUID) -> Body:
    _, registration = await registration_in(api, network_id)
    substitute = await person(api, registration["organisation_id"])
    return {"registration_id": registration["id"], "substitute_person_id": str(substitute)}


@case("attendance.record")
async def _attendance(api: EventsApi, network_id: uuid.UUID) -> Body:
    event, registration = await registration_in(api, network_id)
    return {"event_id": event["id"], "registration_id": registration["id"], "day": event["days"][0]["date"]}


@case("agreement.create")
async def _agreement_create(api: EventsApi, network_id: uuid.UUID) -> Body:
    event = await event_in(api, network_id)
    return {
        "event_id": event["id"],
        "text": "Infoblatt",
        "owner_organisation_id": str(await organisation(api)),
    }


@case("agreement.change")
async def _agreement_change(api: EventsApi, network_id: uuid.UUID) -> Body:
    event = await running_event_in(api, network_id)
    created = await api.call(
        "agreement.create",
        {"event_id": event["id"], "text": "Infoblatt", "owner_organisation_id": str(await organisation(api))},
    )
    return {"agreement_id": created["agreement_id"], "status": "in_progress"}


@case("agreement.check_due")
async def _check_due(api: EventsApi, network_id: uuid.UUID) -> Body:
    return {}


async def plan_in(api: EventsApi, network_id: uuid.UUID) -> dict[str, Any]:
    event = await event_in(api, network_id)
    organisation_id = await organisation(api)
    for _ in range(4):
        body = {"event_id": event["id"], "person_id": str(await person(api, organisation_id))}
        await api.call("registration.register", body)
    parameters = {"kind": "world_cafe", "tables": [{"id": "t1"}, {"id": "t2"}], "rounds": 2}
    return await api.call(  # type: ignore[no-any-return]
        "groupwork.plan", {"event_id": event["id"], "title": "Weltcafé", "parameters": parameters}
    )


@case("groupwork.plan")
async def _plan(api: EventsApi, network_id: uuid.UUID) -> Body:
    event = await event_in(api, network_id)
    parameters = {"kind": "world_cafe", "tables": [{"id": "t1"}, {"id": "t2"}], "rounds": 2}
    return {"event_id": event["id"], "title": "Weltcafé", "parameters": parameters}


@case("groupwork.rerun")
async def _rerun(api: EventsApi, network_id: uuid.UUID) -> Body:
    return {"plan_id": (await plan_in(api, network_id))["id"], "seed": 7}


@case("groupwork.adjust")
async def _adjust(api: EventsApi, network_id: uuid.UUID) -> Body:
    plan = await plan_in(api, network_id)
    change = {"action": "move_person", "person_id": str(uuid.uuid4()), "round": 1, "table_id": "t2"}
    return {"plan_id": plan["id"], "change": change}


@case("groupwork.sync_participants")
async def _sync(api: EventsApi, network_id: uuid.UUID) -> Body:
    return {"plan_id": (await plan_in(api, network_id))["id"]}


@case("groupwork.set_preferences")
async def _preferences(api: EventsApi, network_id: uuid.UUID) -> Body:
    plan = await plan_in(api, network_id)
    return {"plan_id": plan["id"], "person_id": str(uuid.uuid4()), "ranked_workshop_ids": ["w1"]}


@case("groupwork.propose_session")
async def _propose(api: EventsApi, network_id: uuid.UUID) -> Body:
    plan = await plan_in(api, network_id)
    return {
        "plan_id": plan["id"],
        "id": "kurse",
        "title": "Integrationskurse",
        "giver_ids": [str(uuid.uuid4())],
    }


@case("groupwork.cast_votes")
async def _votes(api: EventsApi, network_id: uuid.UUID) -> Body:
    plan = await plan_in(api, network_id)
    return {"plan_id": plan["id"], "person_id": str(uuid.uuid4()), "session_ids": ["kurse"]}


@case("groupwork.moderate")
async def _moderate(api: EventsApi, network_id: uuid.UUID) -> Body:
    plan = await plan_in(api, network_id)
    return {"plan_id": plan["id"], "action": "start", "round_seconds": 600}


@case("registration.cancel")
async def _cancel(api: EventsApi, network_id: uuid.UUID) -> Body:
    _, registration = await registration_in(api, network_id)
    return {"registration_id": registration["id"]}  # staff by id: the rule of its event


def changing() -> list[str]:
    return sorted(
        subject for subject, rule in operations.access.items() if rule in {Access.CHANGE, Access.ADMIN}
    )


def test_every_operation_that_changes_something_is_in_the_matrix() -> None:
    assert set(changing()) <= set(CASES), sorted(set(changing()) - set(CASES))


def principals(own: uuid.UUID, other: uuid.UUID) -> dict[str, Principal]:
    return {
        "admin": Principal.staff(Role.ADMIN, account_id=uuid.uuid4()),
        "admin token": Principal.staff(Role.ADMIN, token_name="sync"),
        "coordinator of the network": Principal.staff(
            Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[own]
        ),
        "coordinator of another network": Principal.staff(
            Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[other]
        ),
        "coordinator token": Principal.staff(Role.COORDINATOR, token_name="reporting"),
        "read-only": Principal.staff(Role.READ_ONLY, account_id=uuid.uuid4(), network_ids=[own]),
        "read-only token": Principal.staff(Role.READ_ONLY, token_name="dashboard"),
    }


def allowed(subject: str) -> set[str]:
    if operations.access[subject] == Access.ADMIN:
        return {"admin", "admin token"}
    return {"admin", "admin token", "coordinator of the network"}


@pytest.mark.parametrize("subject", sorted(CASES))
async def test_the_matrix(api: EventsApi, subject: str) -> None:
    own = await network(api, [], ["14713"])
    other = await network(api, [], ["14729"])
    operation = subject.removeprefix("events.")
    everyone = principals(own, other)
    # Refusals first, each on a fresh aggregate, so that the allowed calls meet it as it was.
    for name in sorted(everyone, key=lambda name: name in allowed(subject)):
        body = await CASES[subject](api, own)
        outcome = "ok"
        try:
            await api.call(operation, body, principal=everyone[name])
        except ServiceError as error:
            outcome = error.code
            refusal = error
        if name in allowed(subject):
            assert outcome != "forbidden", (subject, name)
        else:
            assert outcome == "forbidden", (subject, name, outcome)
        if name == "coordinator of another network" and operations.access[subject] == Access.CHANGE:
            # The refusal says why: what is asked belongs to another network, named by its id for
            # the reader to word (or a new thing must be made in one of the coordinator's own).
            reasons = {(detail.code, detail.params.get("network_id")) for detail in refusal.details}
            expected = ({("other_network", str(own))}, {("choose_own_network", None)})
            assert reasons in expected, (subject, reasons)
