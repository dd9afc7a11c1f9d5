"""The events service decides who may change what itself, over NATS directly, whatever the caller
claims elsewhere: admins everything, coordinators what belongs to their networks (the registration's
own event's network, read under the event's lock), read-only and API tokens of that role nothing;
a principal can only be sent by the gateway's NATS user."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import nats
import nats.errors
import pytest
from events_helpers import EventsApi, day, in_days, network, organisation, person, published_event, unique

from netzwerkstatt import subjects
from netzwerkstatt.principal import PARTICIPANT, Principal, Role
from netzwerkstatt.testing.servers import NatsServer

NETWORK_A = uuid.uuid4()
NETWORK_B = uuid.uuid4()
COORDINATOR_A = Principal.staff(Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[NETWORK_A])
COORDINATOR_B = Principal.staff(Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[NETWORK_B])
READ_ONLY = Principal.staff(Role.READ_ONLY, account_id=uuid.uuid4())
COORDINATOR_TOKEN = Principal.staff(Role.COORDINATOR, token_name="reporting")
ADMIN_TOKEN = Principal.staff(Role.ADMIN, token_name="sync")


async def registration_in_network_a(api: EventsApi) -> tuple[dict[str, Any], dict[str, Any]]:
    event = await published_event(api, capacity=5, network_id=str(NETWORK_A))
    someone = await person(api, await organisation(api))
    registration = await api.call(
        "registration.register", {"event_id": event["id"], "person_id": str(someone)}
    )
    return event, registration


async def status_of(api: EventsApi, registration: dict[str, Any]) -> str:
    found = await api.call("registration.get", {"registration_id": registration["id"]})
    return str(found["status"])


@pytest.mark.parametrize(
    "principal", [COORDINATOR_B, READ_ONLY, COORDINATOR_TOKEN, PARTICIPANT], ids=lambda p: p.role or p.kind
)
async def test_a_registration_is_not_cancelled_by_id_for_anyone_outside_its_events_network(
    api: EventsApi, principal: Principal
) -> None:
    _, registration = await registration_in_network_a(api)

    error = await api.fails(
        "registration.cancel", {"registration_id": registration["id"]}, principal=principal
    )

    assert error.code == "forbidden"
    assert await status_of(api, registration) == "confirmed"


@pytest.mark.parametrize("principal", [COORDINATOR_A, ADMIN_TOKEN], ids=["coordinator", "admin-token"])
async def test_the_coordinator_of_the_events_network_and_an_admin_token_cancel_it(
    api: EventsApi, principal: Principal
) -> None:
    _, registration = await registration_in_network_a(api)

    cancelled = await api.call(
        "registration.cancel", {"registration_id": registration["id"]}, principal=principal
    )

    assert cancelled["status"] == "cancelled"


async def test_a_substitute_is_named_only_by_those_who_may_change_the_registrations_event(
    api: EventsApi,
) -> None:
    _, foreign = await registration_in_network_a(api)
    substitute = await person(api, await organisation(api))
    body = {"registration_id": foreign["id"], "substitute_person_id": str(substitute)}

    error = await api.fails("registration.substitute", body, principal=COORDINATOR_B)

    assert error.code == "forbidden"
    assert await status_of(api, foreign) == "confirmed"


async def test_registering_and_changing_an_event_follow_the_events_network(api: EventsApi) -> None:
    event, _ = await registration_in_network_a(api)
    newcomer = await person(api, await organisation(api))
    body = {"event_id": event["id"], "person_id": str(newcomer)}

    refused = await api.fails("registration.register", body, principal=COORDINATOR_B)
    registered = await api.call("registration.register", body, principal=COORDINATOR_A)
    renamed = await api.fails(
        "event.update", {"event_id": event["id"], "title": "Fremd"}, principal=COORDINATOR_B
    )

    assert refused.code == "forbidden"
    assert renamed.code == "forbidden"
    assert registered["status"] == "confirmed"
    assert (await api.call("event.get", {"event_id": event["id"]}, principal=READ_ONLY))["title"] == event[
        "title"
    ]


async def test_a_coordinator_creates_events_only_in_their_own_networks(api: EventsApi) -> None:
    body = {
        "title": "Ideenwerkstatt",
        "format": "regional_workshop",
        "days": [{"date": "2030-03-04", "start": "10:00:00", "end": "16:00:00"}],
        "organiser": {"name": "IQ Netzwerk Sachsen", "email": "iq@example.org"},
    }

    foreign = await api.fails("event.create", body | {"network_id": str(NETWORK_A)}, principal=COORDINATOR_B)
    without = await api.fails("event.create", body, principal=COORDINATOR_B)
    own = await api.call("event.create", body | {"network_id": str(NETWORK_B)}, principal=COORDINATOR_B)

    assert foreign.code == without.code == "forbidden"
    assert [detail.field for detail in foreign.details] == ["network_id"]
    assert own["network_id"] == str(NETWORK_B)


async def series_of_network_a(api: EventsApi) -> dict[str, Any]:
    await network(api, [], ["14713"], network_id=NETWORK_A)
    body = {"title": unique("Regionalworkshop Leipzig"), "format": "regional_workshop"}
    return await api.call("series.create", body | {"network_id": str(NETWORK_A)})  # type: ignore[no-any-return]


def edition_body(series: dict[str, Any], on: date) -> dict[str, Any]:
    return {
        "series_id": series["id"],
        "title": series["title"],
        "days": [day(on)],
        "organiser": {"name": "IQ Netzwerk Sachsen", "email": "iq@example.org"},
    }


@pytest.mark.parametrize("named", ["own", "series", "none"])
@pytest.mark.parametrize("operation", ["event.create", "event.enter_held"])
async def test_a_coordinator_adds_no_edition_to_another_networks_series(
    api: EventsApi, operation: str, named: str
) -> None:
    series = await series_of_network_a(api)
    body = edition_body(series, in_days(30) if operation == "event.create" else in_days(-30))
    body |= {"own": {"network_id": str(NETWORK_B)}, "series": {"network_id": str(NETWORK_A)}, "none": {}}[
        named
    ]

    error = await api.fails(operation, body, principal=COORDINATOR_B)

    assert error.code == "forbidden"
    overview = await api.call("series.get", {"series_id": series["id"]})
    assert overview["planned_editions"] == overview["past_editions"] == [], "the series is left as it was"


async def test_an_edition_belongs_to_the_network_of_its_series(api: EventsApi) -> None:
    series = await series_of_network_a(api)
    body = edition_body(series, in_days(30))

    elsewhere = await api.fails("event.create", body | {"network_id": str(NETWORK_B)})
    named = await api.call("event.create", body | {"network_id": str(NETWORK_A)}, principal=COORDINATOR_A)
    unnamed = await api.call("event.create", body, principal=COORDINATOR_A)

    assert [(detail.field, detail.code) for detail in elsewhere.details] == [
        ("network_id", "not_series_network")
    ]
    assert named["network_id"] == unnamed["network_id"] == str(NETWORK_A)
    assert (named["edition"], unnamed["edition"]) == (1, 2)


async def test_a_request_without_a_principal_or_with_a_malformed_one_changes_nothing(
    api: EventsApi, nats_server: NatsServer
) -> None:
    _, registration = await registration_in_network_a(api)
    body = json.dumps({"registration_id": registration["id"]}).encode()
    subject = subjects.operation("events", "registration.cancel")
    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    try:
        bare = json.loads((await connection.request(subject, body, timeout=5)).data)
        forged = json.loads(
            (
                await connection.request(
                    subject, body, timeout=5, headers={"principal": "staff", "principal_role": "superuser"}
                )
            ).data
        )
    finally:
        await connection.close()

    assert bare["error"]["code"] == "forbidden"
    assert forged["error"]["code"] == "validation_error"
    assert await status_of(api, registration) == "confirmed"


@pytest.mark.parametrize("user", ["feedback", "notifications", "registry"])
async def test_a_principal_header_from_a_non_gateway_user_is_rejected(
    api: EventsApi, nats_server: NatsServer, user: str
) -> None:
    """Only the gateway's NATS user may publish the subjects that take staff principals: another
    service's login claiming to be an admin is stopped by the server's permissions."""
    _, registration = await registration_in_network_a(api)
    errors: list[Exception] = []

    async def collect(error: Exception) -> None:
        errors.append(error)

    credentials = nats_server.credentials(user)
    connection = await nats.connect(
        nats_server.url, user=credentials.user, password=credentials.password, error_cb=collect
    )
    try:
        with pytest.raises((nats.errors.TimeoutError, nats.errors.NoRespondersError)):
            await connection.request(
                subjects.operation("events", "registration.cancel"),
                json.dumps({"registration_id": registration["id"]}).encode(),
                timeout=1,
                headers=Principal.staff(Role.ADMIN).headers(),
            )
        await connection.flush()
    finally:
        await connection.close()

    assert any("permissions violation" in str(error).lower() for error in errors), errors
    assert await status_of(api, registration) == "confirmed"
