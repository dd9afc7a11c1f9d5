"""The permission matrix through the gateway, generated from the typed operations: every operation that
changes something is performed through its JSON route by an admin, the coordinator of the
aggregate's network, a coordinator of another network, read-only staff and an API token of each
role; the events operations and the registry's main ones also through the page that performs
them, by the signed-in staff.
Refusals are 403 (the services' own matrices show that they change nothing); the others pass the
rule (they may still meet a rule of the domain, which is not the question here). The URL-mismatch
case: a coordinator's own event in the page's URL with a registration of another network's event. An
operation that changes something and has neither a route here nor a stated reason fails the first
test.

The request bodies are the services' own matrix cases (``test_event_permission_matrix``,
``test_registry_permission_matrix``), which build a fresh aggregate in the given network."""

from __future__ import annotations

import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from gateway_service.security.roles import Role
from gateway_service.testing import csrf_token_in
from netzwerkstatt import operations as ops
from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.principal import Access
from netzwerkstatt.rpc import Operation
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.fixtures import servers_of_its_own
from netzwerkstatt.testing.servers import NatsServer
from netzwerkstatt.testing.services import eventually
from tests.integration.gateway.test_gateway_authorization import token_client
from tests.integration.gateway.ui_support import staff_client

# The services' matrix modules import their helpers by name.
sys.path.insert(0, str(Path(__file__).parents[1] / "events"))
sys.path.insert(0, str(Path(__file__).parents[1] / "registry"))
import test_registry_permission_matrix as registry_matrix
from events_helpers import EventsApi, network
from registry_helpers import RegistryApi
from test_event_permission_matrix import CASES, allowed

Body = dict[str, Any]

# Servers of its own: the admins' calls really change things (templates, networks, people).
module_servers_dir, nats_server, postgres_server = servers_of_its_own()

# The JSON route of each operation: the path's ids are taken from the case's body, the rest is sent.
JSON_ROUTES: dict[Operation[Any, Any], tuple[str, str]] = {
    ops.events.SERIES_CREATE: ("POST", "/api/series"),
    ops.events.SERIES_UPDATE: ("PATCH", "/api/series/{series_id}"),
    ops.events.EVENT_CREATE: ("POST", "/api/events"),
    ops.events.EVENT_UPDATE: ("PATCH", "/api/events/{event_id}"),
    ops.events.EVENT_PUBLISH: ("POST", "/api/events/{event_id}/publish"),
    ops.events.EVENT_START: ("POST", "/api/events/{event_id}/start"),
    ops.events.EVENT_COMPLETE: ("POST", "/api/events/{event_id}/complete"),
    ops.events.EVENT_CANCEL: ("POST", "/api/events/{event_id}/cancel"),
    ops.events.EVENT_PLAN_NEXT_EDITION: ("POST", "/api/events/{event_id}/next-edition"),
    ops.events.AGENDA_SET: ("PUT", "/api/events/{event_id}/agenda"),
    ops.events.INVITATION_ISSUE: ("POST", "/api/events/{event_id}/invitations"),
    ops.events.REGISTRATION_REGISTER: ("POST", "/api/events/{event_id}/registrations"),
    ops.events.REGISTRATION_CANCEL: ("POST", "/api/registrations/{registration_id}/cancel"),
    ops.events.REGISTRATION_SUBSTITUTE: ("POST", "/api/registrations/{registration_id}/substitute"),
    ops.events.ATTENDANCE_RECORD: ("POST", "/api/events/{event_id}/attendance"),
    ops.events.AGREEMENT_CREATE: ("POST", "/api/events/{event_id}/agreements"),
    ops.events.AGREEMENT_CHANGE: ("PATCH", "/api/agreements/{agreement_id}"),
    ops.events.GROUPWORK_PLAN: ("POST", "/api/events/{event_id}/groupwork"),
    ops.events.GROUPWORK_RERUN: ("POST", "/api/groupwork/{plan_id}/rerun"),
    ops.events.GROUPWORK_ADJUST: ("POST", "/api/groupwork/{plan_id}/adjustments"),
    ops.events.GROUPWORK_SYNC_PARTICIPANTS: ("POST", "/api/groupwork/{plan_id}/participants/sync"),
    ops.events.GROUPWORK_SET_PREFERENCES: ("PUT", "/api/groupwork/{plan_id}/preferences"),
    ops.events.GROUPWORK_PROPOSE_SESSION: ("POST", "/api/groupwork/{plan_id}/proposals"),
    ops.events.GROUPWORK_CAST_VOTES: ("PUT", "/api/groupwork/{plan_id}/votes"),
}
NO_JSON_ROUTE: dict[Operation[Any, Any], str] = {
    ops.events.GROUPWORK_MODERATE: "moderating happens in the room, on the moderation page (below)",
    ops.events.AGREEMENT_CHECK_DUE: "the service's own periodic check; not offered to other systems",
    ops.events.DEADLETTER_REPLAY: "an operator's page (test_gateway_authorization)",
}


REGISTRY_JSON_ROUTES: dict[Operation[Any, Any], tuple[str, str]] = {
    ops.registry.ORGANISATION_CREATE: ("POST", "/api/organisations"),
    ops.registry.ORGANISATION_UPDATE: ("PATCH", "/api/organisations/{organisation_id}"),
    ops.registry.ORGANISATION_ARCHIVE: ("POST", "/api/organisations/{organisation_id}/archive"),
    ops.registry.PERSON_CREATE: ("POST", "/api/people"),
    ops.registry.PERSON_UPDATE: ("PATCH", "/api/people/{person_id}"),
    ops.registry.PERSON_MEMBERSHIP_SAVE: ("PUT", "/api/people/{person_id}/memberships/{organisation_id}"),
    ops.registry.PERSON_MEMBERSHIP_END: ("POST", "/api/people/{person_id}/memberships/{organisation_id}/end"),
    ops.registry.PERSON_ERASE: ("POST", "/api/people/{person_id}/erase"),
    ops.registry.NETWORK_CREATE: ("POST", "/api/networks"),
    ops.registry.NETWORK_UPDATE: ("PATCH", "/api/networks/{network_id}"),
    ops.registry.INTERFACE_PAPER_ISSUE: ("POST", "/api/interface-papers"),
    ops.registry.REGION_CREATE_CUSTOM: ("POST", "/api/regions"),
    ops.registry.TOPIC_CREATE: ("POST", "/api/topics"),
    ops.registry.RESPONSIBILITY_ASSIGN: ("POST", "/api/responsibilities"),
    ops.registry.RESPONSIBILITY_REMOVE: ("DELETE", "/api/responsibilities/{responsibility_id}"),
    ops.registry.IMPORT_RUN: ("POST", "/api/imports"),
}
NO_REGISTRY_JSON_ROUTE: dict[Operation[Any, Any], str] = {
    ops.registry.PERSON_EXPORT: "its route gathers every service's part (test_personal_data_export)",
    ops.registry.DEADLETTER_REPLAY: "an operator's page (test_gateway_authorization)",
}


# Feedback's and notifications' operations that change something, with the JSON request each makes
# (``setup`` gives what the operation needs) and who may: templates belong to no network.
OTHER_ROUTES: dict[Operation[Any, Any], tuple[str, str]] = {
    ops.feedback.TEMPLATE_COPY: ("POST", "/api/feedback/templates/{template_id}/copy"),
    ops.feedback.TEMPLATE_EDIT: ("PATCH", "/api/feedback/templates/{template_id}"),
    ops.notifications.TEMPLATE_SAVE: ("PUT", "/api/notifications/templates"),
    ops.notifications.TEMPLATE_RESET: ("DELETE", "/api/notifications/templates/{kind}/{language}"),
    ops.notifications.REMINDER_CONFIGURE: ("PUT", "/api/notifications/reminders"),
}
NO_OTHER_ROUTE: dict[Operation[Any, Any], str] = {
    ops.feedback.SURVEY_OPEN: "needs a completed event known to feedback: test_gateway_feedback_pages",
    ops.feedback.SURVEY_CLOSE: "as survey.open: test_gateway_feedback_pages (page and JSON API)",
    ops.feedback.DEADLETTER_REPLAY: "an operator's page (test_gateway_authorization)",
    ops.notifications.DEADLETTER_REPLAY: "an operator's page (test_gateway_authorization)",
}
EVERY_COORDINATOR = {
    "admin",
    "admin token",
    "coordinator of the network",
    "coordinator of another network",
    "coordinator token",
}


async def _event_of(api: EventsApi, body: Body) -> str:
    """The event a case's aggregate belongs to (pages name it in their URL; the agreements page
    names the agreement only)."""
    if "event_id" in body:
        return str(body["event_id"])
    if "agreement_id" in body:
        return ""
    if "registration_id" in body:
        found = await api.call("registration.get", {"registration_id": body["registration_id"]})
        return str(found["event_id"])
    plan = await api.call("groupwork.get", {"plan_id": body["plan_id"]})
    return str(plan["event_id"])


# The page that performs an operation: its form's action and the fields it posts.
PageRequest = Callable[[str, Body], tuple[str, Body]]
PAGES: dict[Operation[Any, Any], PageRequest] = {
    ops.events.EVENT_PUBLISH: lambda event, body: (f"/events/{event}/status/publish", {}),
    ops.events.EVENT_START: lambda event, body: (f"/events/{event}/status/start", {}),
    ops.events.EVENT_COMPLETE: lambda event, body: (f"/events/{event}/status/complete", {}),
    ops.events.EVENT_CANCEL: lambda event, body: (f"/events/{event}/status/cancel", {"reason": "Raum"}),
    ops.events.REGISTRATION_REGISTER: lambda event, body: (
        f"/events/{event}/registrations",
        {"person_id": body["person_id"]},
    ),
    ops.events.REGISTRATION_CANCEL: lambda event, body: (
        f"/events/{event}/registrations/{body['registration_id']}/cancel",
        {},
    ),
    ops.events.ATTENDANCE_RECORD: lambda event, body: (
        f"/events/{event}/check-in",
        {"registration_id": body["registration_id"], "day": body["day"]},
    ),
    ops.events.AGREEMENT_CHANGE: lambda event, body: (
        f"/events/agreements/{body['agreement_id']}",
        {"status": body["status"]},
    ),
    ops.events.GROUPWORK_RERUN: lambda event, body: (
        f"/events/{event}/groupwork/{body['plan_id']}/rerun",
        {},
    ),
    ops.events.GROUPWORK_SYNC_PARTICIPANTS: lambda event, body: (
        f"/events/{event}/groupwork/{body['plan_id']}/sync",
        {},
    ),
    ops.events.GROUPWORK_MODERATE: lambda event, body: (
        f"/events/{event}/groupwork/{body['plan_id']}/moderation/start",
        {"round_minutes": "10"},
    ),
}


def by_subject(operations: Any) -> list[Operation[Any, Any]]:
    return sorted(operations, key=lambda operation: operation.subject)


def changing(service: Any) -> set[Operation[Any, Any]]:
    every = [value for value in vars(service).values() if isinstance(value, Operation)]
    return {operation for operation in every if operation.access in (Access.CHANGE, Access.ADMIN)}


def test_every_operation_that_changes_something_has_a_route_or_a_reason() -> None:
    for service, covered in (
        (ops.events, set(JSON_ROUTES) | set(NO_JSON_ROUTE)),
        (ops.registry, set(REGISTRY_JSON_ROUTES) | set(NO_REGISTRY_JSON_ROUTE)),
        (ops.feedback, set(OTHER_ROUTES) | set(NO_OTHER_ROUTE)),
        (ops.notifications, set(OTHER_ROUTES) | set(NO_OTHER_ROUTE)),
    ):
        missing = changing(service) - covered
        assert not missing, sorted(operation.subject for operation in missing)
    assert set(NO_JSON_ROUTE) <= set(PAGES) | {
        ops.events.AGREEMENT_CHECK_DUE,
        ops.events.DEADLETTER_REPLAY,
    }


@asynccontextmanager
async def session(app: FastAPI, role: Role, network_ids: list[uuid.UUID]) -> AsyncIterator[httpx.AsyncClient]:
    """A signed-in browser session; JSON requests carry its CSRF token as a header."""
    async with staff_client(app, role, network_ids) as client:
        client.headers["X-CSRF-Token"] = csrf_token_in((await client.get("/")).text)
        yield client


async def clients(
    stack: AsyncExitStack, app: FastAPI, own: uuid.UUID, other: uuid.UUID
) -> dict[str, httpx.AsyncClient]:
    sessions = {
        "admin": (Role.ADMIN, []),
        "coordinator of the network": (Role.COORDINATOR, [own]),
        "coordinator of another network": (Role.COORDINATOR, [other]),
        "read-only": (Role.READ_ONLY, [own]),
    }
    found = {name: await stack.enter_async_context(session(app, *spec)) for name, spec in sessions.items()}
    for name, role in (
        ("admin token", Role.ADMIN),
        ("coordinator token", Role.COORDINATOR),
        ("read-only token", Role.READ_ONLY),
    ):
        found[name] = await stack.enter_async_context(await token_client(app, role))
    return found


@pytest.fixture(autouse=True)
async def registry_stream(nats_server: NatsServer) -> None:
    """The events service waits for the registry's stream; declared as the registry would."""
    connection = await nats_server.connect("admin")
    try:
        await declare_stream(connection.jetstream(), "registry")
    finally:
        await connection.close()


@pytest.fixture
async def api(events: ServiceRuntime, nats_server: NatsServer) -> AsyncIterator[EventsApi]:
    connection = await nats_server.connect("admin")
    yield EventsApi(events, connection)
    await connection.close()


def _json_request(operation: Operation[Any, Any], body: Body) -> tuple[str, str, Body]:
    method, template = (JSON_ROUTES | REGISTRY_JSON_ROUTES | OTHER_ROUTES)[operation]
    in_path = {name for name in body if "{" + name + "}" in template}
    return (
        method,
        template.format(**{name: body[name] for name in in_path}),
        {name: value for name, value in body.items() if name not in in_path},
    )


async def test_the_json_api(api: EventsApi, gateway_app: FastAPI) -> None:
    own = await network(api, [], ["14713"])
    other = await network(api, [], ["14729"])
    async with AsyncExitStack() as stack:
        everyone = await clients(stack, gateway_app, own, other)
        for operation in by_subject(JSON_ROUTES):
            permitted = allowed(operation.subject)
            # Refusals first, each on a fresh aggregate, so that the allowed calls meet it as it was.
            for name in sorted(everyone, key=lambda name: name in permitted):
                body = await CASES[operation.subject](api, own)
                method, path, payload = _json_request(operation, body)
                response = await everyone[name].request(method, path, json=payload)
                assert_rule(response, operation, name, permitted)
                if name not in permitted:
                    assert response.json()["error"]["code"] == "forbidden"


@pytest.fixture
async def registry_api(registry: ServiceRuntime, nats_server: NatsServer) -> AsyncIterator[RegistryApi]:
    connection = await nats_server.connect("admin")
    yield RegistryApi(registry, connection)
    await connection.close()


def assert_rule(
    response: httpx.Response, operation: Operation[Any, Any], name: str, permitted: set[str]
) -> None:
    """No server error; a refusal for whom the rule refuses, none for the others."""
    assert response.status_code < 500, (operation.subject, name, response.text[:500])
    if name in permitted:
        assert response.status_code != 403, (operation.subject, name, response.text[:500])
    else:
        assert response.status_code == 403, (operation.subject, name, response.status_code)


async def scene_coordinators(
    stack: AsyncExitStack, app: FastAPI, at: dict[str, Any]
) -> dict[str, httpx.AsyncClient]:
    """Sessions of a coordinator of the scene's network and of one of another network."""
    own = uuid.UUID(at["network"]["id"])
    return {
        "coordinator of the network": await stack.enter_async_context(session(app, Role.COORDINATOR, [own])),
        "coordinator of another network": await stack.enter_async_context(
            session(app, Role.COORDINATOR, [uuid.uuid4()])
        ),
    }


def scene_order(everyone: dict[str, httpx.AsyncClient], permitted: set[str]) -> list[str]:
    """Refusals first: they change nothing, so the scene is as it was for the allowed calls; of these
    the network's coordinator first, before an admin's change (ending the membership, say) takes the
    aggregate out of the network."""
    return sorted(everyone, key=lambda name: (name in permitted, name != "coordinator of the network"))


async def test_the_registry_json_api(registry_api: RegistryApi, gateway_app: FastAPI) -> None:
    """Each operation on a scene of its own: a network with a member organisation and a person; the
    coordinators' sessions are of that network and of another."""
    async with AsyncExitStack() as stack:
        shared = {
            name: client
            for name, client in (await clients(stack, gateway_app, uuid.uuid4(), uuid.uuid4())).items()
            if not name.startswith("coordinator of")
        }
        for operation in by_subject(REGISTRY_JSON_ROUTES):
            permitted = registry_matrix.allowed(operation.subject)
            at = await registry_matrix.scene(registry_api)
            everyone = shared | await scene_coordinators(stack, gateway_app, at)
            for name in scene_order(everyone, permitted):
                body = await registry_matrix.CASES[operation.subject](registry_api, at)
                method, path, payload = _json_request(operation, body)
                response = await everyone[name].request(method, path, json=payload)
                assert_rule(response, operation, name, permitted)


# The registry's pages that perform an operation: the form's action and the fields it posts, from the
# case's body and its scene (``erase`` asks for the person's name as a confirmation).
RegistryPage = Callable[[Body, dict[str, Any]], tuple[str, Body]]
REGISTRY_PAGES: dict[Operation[Any, Any], RegistryPage] = {
    ops.registry.ORGANISATION_ARCHIVE: lambda body, at: (
        f"/registry/organisations/{body['organisation_id']}/archive",
        {},
    ),
    ops.registry.PERSON_MEMBERSHIP_END: lambda body, at: (
        f"/registry/people/{body['person_id']}/memberships/{body['organisation_id']}/end",
        {},
    ),
    ops.registry.PERSON_ERASE: lambda body, at: (
        f"/registry/people/{body['person_id']}/erase",
        {"confirm_name": f"{at['person']['given_name']} {at['person']['family_name']}"},
    ),
    ops.registry.RESPONSIBILITY_ASSIGN: lambda body, at: ("/registry/responsibilities", body),
    ops.registry.INTERFACE_PAPER_ISSUE: lambda body, at: (
        "/registry/interface-papers",
        {"network_id": body["network_id"], "title": body["title"]},
    ),
}


async def test_the_registry_pages(registry_api: RegistryApi, gateway_app: FastAPI) -> None:
    """The registry's operations as the pages perform them, for the signed-in staff; each on a scene
    of its own."""
    async with AsyncExitStack() as stack:
        shared = {
            name: client
            for name, client in (await clients(stack, gateway_app, uuid.uuid4(), uuid.uuid4())).items()
            if name in ("admin", "read-only")
        }
        for operation in by_subject(REGISTRY_PAGES):
            permitted = registry_matrix.allowed(operation.subject)
            at = await registry_matrix.scene(registry_api)
            everyone = shared | await scene_coordinators(stack, gateway_app, at)
            for name in scene_order(everyone, permitted):
                body = await registry_matrix.CASES[operation.subject](registry_api, at)
                action, form = REGISTRY_PAGES[operation](body, at)
                client = everyone[name]
                response = await client.post(
                    action, data={**form, "csrf_token": client.headers["X-CSRF-Token"]}
                )
                assert_rule(response, operation, name, permitted)


async def _feedback_template(client: httpx.AsyncClient) -> Body:
    listed = await client.get("/api/feedback/templates")
    assert listed.status_code == 200, listed.text
    template = listed.json()["items"][0]
    copy = await client.post(f"/api/feedback/templates/{template['id']}/copy", json={"name": "Kopie"})
    assert copy.status_code == 201, copy.text
    return dict(copy.json())


async def test_feedback_and_notifications_through_the_json_api(
    api: EventsApi, feedback: ServiceRuntime, notifications: ServiceRuntime, gateway_app: FastAPI
) -> None:
    own = await network(api, [], ["14713"])
    other = await network(api, [], ["14729"])
    event = await CASES["events.event.publish"](api, own)  # a published event of the network
    async with AsyncExitStack() as stack:
        everyone = await clients(stack, gateway_app, own, other)
        admin = everyone["admin token"]

        async def projected() -> bool:
            found = await admin.get(f"/api/notifications/events/{event['event_id']}/reminders")
            return found.status_code == 200

        await eventually(projected)
        template = {"kind": "invitation", "language": "de"}
        subject = "Einladung: {{ event.title }}"
        bodies: dict[Operation[Any, Any], Callable[[], Awaitable[Body]]] = {
            ops.feedback.TEMPLATE_COPY: lambda: _copy_source(admin),
            ops.feedback.TEMPLATE_EDIT: lambda: _edit_of(admin),
            ops.notifications.TEMPLATE_SAVE: lambda: _constant(
                template | {"subject": subject, "text": "Guten Tag", "html": "<p>Guten Tag</p>"}
            ),
            ops.notifications.TEMPLATE_RESET: lambda: _constant(template),
            ops.notifications.REMINDER_CONFIGURE: lambda: _constant(
                {"event_id": event["event_id"], "offsets": ["P14D"]}
            ),
        }
        for operation in by_subject(OTHER_ROUTES):
            if operation.access == Access.ADMIN:
                permitted = {"admin", "admin token"}
            elif operation == ops.notifications.REMINDER_CONFIGURE:
                permitted = allowed("events.event.update")  # as the event itself
            else:
                permitted = EVERY_COORDINATOR
            for name in sorted(everyone, key=lambda name: name in permitted):
                method, path, payload = _json_request(operation, await bodies[operation]())
                response = await everyone[name].request(method, path, json=payload)
                assert_rule(response, operation, name, permitted)


async def _constant(body: Body) -> Body:
    return body


async def _copy_source(admin: httpx.AsyncClient) -> Body:
    listed = await admin.get("/api/feedback/templates")
    return {"template_id": listed.json()["items"][0]["id"], "name": "Auswertung Netzwerktreffen"}


async def _edit_of(admin: httpx.AsyncClient) -> Body:
    """A fresh copy (no survey uses it), renamed."""
    copy = await _feedback_template(admin)
    return {"template_id": copy["id"], "expected_version": copy["version"], "name": "Auswertung Nord"}


async def test_the_pages(api: EventsApi, gateway_app: FastAPI) -> None:
    own = await network(api, [], ["14713"])
    other = await network(api, [], ["14729"])
    async with AsyncExitStack() as stack:
        everyone = {
            name: client
            for name, client in (await clients(stack, gateway_app, own, other)).items()
            if not name.endswith("token")  # pages are for signed-in staff
        }
        for operation in by_subject(PAGES):
            permitted = allowed(operation.subject)
            for name in sorted(everyone, key=lambda name: name in permitted):
                body = await CASES[operation.subject](api, own)
                action, form = PAGES[operation](await _event_of(api, body), body)
                client = everyone[name]
                token = client.headers["X-CSRF-Token"]
                response = await client.post(action, data={**form, "csrf_token": token})
                assert_rule(response, operation, name, permitted)


async def test_an_own_event_in_the_url_does_not_open_another_networks_registration(
    api: EventsApi, gateway_app: FastAPI
) -> None:
    own = await network(api, [], ["14713"])
    other = await network(api, [], ["14729"])
    mine = await CASES["events.registration.register"](api, own)
    foreign_body = await CASES["events.registration.register"](api, other)
    foreign = await api.call("registration.register", foreign_body)
    async with AsyncExitStack() as stack:
        everyone = await clients(stack, gateway_app, own, other)
        coordinator = everyone["coordinator of the network"]
        token = coordinator.headers["X-CSRF-Token"]
        through_page = await coordinator.post(
            f"/events/{mine['event_id']}/registrations/{foreign['id']}/cancel", data={"csrf_token": token}
        )
        assert through_page.status_code == 403
        through_api = await coordinator.post(f"/api/registrations/{foreign['id']}/cancel")
        assert through_api.status_code == 403
    still = await api.call("registration.get", {"registration_id": foreign["id"]})
    assert still["status"] == "confirmed"
    assert still["event_id"] == foreign_body["event_id"]
