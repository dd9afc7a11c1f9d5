"""The permission matrix through the gateway, generated from the typed operations: every operation that
changes something is performed through its JSON route by an admin, the coordinator of the
aggregate's network, a coordinator of another network, read-only staff and an API token of each
role, and through every page that performs it by the signed-in staff.
Refusals are 403 (the services' own matrices show that they change nothing); the others pass the
rule (they may still meet a rule of the domain, which is not the question here). The URL-mismatch
case: a coordinator's own event in the page's URL with a registration of another network's event.
An operation that changes something and has no route (or no page) here and no stated reason fails a
test; so does a page route that takes a form and has no case or reason.

The request bodies are the services' own matrix cases (``test_event_permission_matrix``,
``test_registry_permission_matrix``), which build a fresh aggregate in the given network."""

from __future__ import annotations

import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, APIRouter

from feedback_service import store as feedback_store
from feedback_service.domain.defaults import EVENT_EVALUATION_DE_ID
from gateway_service.security.roles import Role
from gateway_service.testing import csrf_token_in
from gateway_service.web import groupwork, moderation, public, staff
from gateway_service.web import operations as web_operations
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
from events_helpers import EventsApi, network, person
from registry_helpers import RegistryApi
from test_event_permission_matrix import CASES, allowed

Body = dict[str, Any]
Scene = dict[str, Any]

# Servers of its own: the admins' calls really change things (templates, networks, people).
module_servers_dir, nats_server, postgres_server = servers_of_its_own()

# The JSON route of each operation: the path's ids are taken from the case's body, the rest is sent.
JSON_ROUTES: dict[Operation[Any, Any], tuple[str, str]] = {
    ops.events.SERIES_CREATE: ("POST", "/api/series"),
    ops.events.SERIES_UPDATE: ("PATCH", "/api/series/{series_id}"),
    ops.events.SERIES_RECORD_PAST_EDITION: ("POST", "/api/series/{series_id}/past-editions"),
    ops.events.SERIES_HISTORY_IMPORT_RUN: ("POST", "/api/series/{series_id}/history-import"),
    ops.events.EVENT_CREATE: ("POST", "/api/events"),
    ops.events.EVENT_ENTER_HELD: ("POST", "/api/events/held"),
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
    ops.feedback.SURVEY_OPEN: ("POST", "/api/feedback/surveys"),
    ops.feedback.SURVEY_CLOSE: ("POST", "/api/feedback/surveys/{survey_id}/close"),
    ops.feedback.SURVEY_ENTER_PAPER: ("POST", "/api/feedback/surveys/paper"),
}
NO_OTHER_ROUTE: dict[Operation[Any, Any], str] = {
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


# The pages that perform an operation. A case names the page's route as the gateway declares it and
# builds, from the case's body, the form's action and the fields it posts; every route of the staff
# pages that changes something has a case or a stated reason (``test_every_page_...``).
PageForm = tuple[str, Body]
# What the confirmation page's "Ja" adds to the form of a change that cannot simply be taken back.
CONFIRMED: Body = {"confirmed": "yes"}


@dataclass(frozen=True)
class PageCase:
    operation: Operation[Any, Any]
    route: str
    form: Callable[..., Awaitable[PageForm]]


EVENT_PAGES: list[PageCase] = []
REGISTRY_PAGES: list[PageCase] = []
OTHER_PAGES: list[PageCase] = []


def page(
    cases: list[PageCase], operation: Operation[Any, Any], route: str
) -> Callable[[Callable[..., Awaitable[PageForm]]], Callable[..., Awaitable[PageForm]]]:
    def register(form: Callable[..., Awaitable[PageForm]]) -> Callable[..., Awaitable[PageForm]]:
        cases.append(PageCase(operation, route, form))
        return form

    return register


# Routes of the staff pages that change something but perform no service's operation for staff.
PAGE_ROUTES_WITHOUT_A_CASE = {
    "/login": "signing in",
    "/logout": "signing out",
    "/p/invitation/{token}": "a participant's page: the link's token is the capability (public pages' tests)",
    "/p/registration/{token}": "a participant's page, as the invitation's",
    "/p/feedback/{token}": "a participant's page, as the invitation's",
    "/p/unsubscribe/{token}": "a participant's page, as the invitation's",
    "/p/{rest:path}": "any other public path answers as an unknown link",
    "/admin/accounts": "the gateway's own accounts, for admins (test_gateway_authorization)",
    "/admin/accounts/{account_id}/networks": "as /admin/accounts",
    "/admin/tokens": "the gateway's own API tokens, for admins (test_gateway_authorization)",
    "/admin/tokens/{token_id}/revoke": "as /admin/tokens",
    "/operations/dead-letters/{service}/{dead_letter_id}/replay": "an operator's page",
    "/registry/import": "the import's dry run, which changes nothing (registry.import.dry_run)",
    "/events/series/{series_id:uuid}/history-import": (
        "the history import's dry run, which changes nothing (events.series.history_import.dry_run)"
    ),
}
# Operations that change something and that no staff page performs: the JSON API offers them.
NO_PAGE: dict[Operation[Any, Any], str] = {
    ops.events.AGREEMENT_CHECK_DUE: "the service's own periodic check",
    ops.registry.PERSON_EXPORT: "a download gathered from every service (test_personal_data_export)",
    **dict.fromkeys(
        (
            ops.events.DEADLETTER_REPLAY,
            ops.registry.DEADLETTER_REPLAY,
            ops.feedback.DEADLETTER_REPLAY,
            ops.notifications.DEADLETTER_REPLAY,
        ),
        "an operator's page (test_gateway_authorization)",
    ),
}


def _day_fields(days: list[dict[str, Any]], prefix: str = "day_") -> Body:
    first = days[0]
    return {f"{prefix}date": first["date"], f"{prefix}start": "10:00", f"{prefix}end": "16:00"}


async def _plan_of(api: EventsApi, body: Body) -> tuple[str, str]:
    plan = await api.call("groupwork.get", {"plan_id": body["plan_id"]})
    return str(plan["event_id"]), str(body["plan_id"])


@page(EVENT_PAGES, ops.events.SERIES_UPDATE, "/events/series/{series_id:uuid}/edit")
async def _series_update(api: EventsApi, body: Body) -> PageForm:
    return f"/events/series/{body['series_id']}/edit", {"title": body["title"], "host_pool": ""}


@page(EVENT_PAGES, ops.events.SERIES_CREATE, "/events/series")
async def _series_create(api: EventsApi, body: Body) -> PageForm:
    return "/events/series", {
        "title": body["title"],
        "format": body["format"],
        "network_id": body["network_id"],
        "host_pool": "",
    }


@page(EVENT_PAGES, ops.events.SERIES_RECORD_PAST_EDITION, "/events/series/{series_id:uuid}/past-editions")
async def _past_edition(api: EventsApi, body: Body) -> PageForm:
    return f"/events/series/{body['series_id']}/past-editions", {
        "edition": str(body["edition"]),
        "first_day": body["first_day"],
        "host_district": "Leipzig",
        "attendees": str(body["attendees"]),
        "organisations": str(body["organisations"]),
    }


@page(EVENT_PAGES, ops.events.SERIES_HISTORY_IMPORT_RUN, "/events/series/{series_id:uuid}/history-import/run")
async def _history_import(api: EventsApi, body: Body) -> PageForm:
    return f"/events/series/{body['series_id']}/history-import/run", {
        "file_name": body["file_name"],
        "content_base64": body["content_base64"],
    }


def _event_editor_fields(body: Body) -> Body:
    """The event editor's fields of a new event (the new event's and the past event's pages)."""
    return {
        "title": body["title"],
        "format": body["format"],
        "network_id": body["network_id"],
        **_day_fields(body["days"]),
        "organiser_name": body["organiser"]["name"],
        "organiser_email": body["organiser"]["email"],
    }


@page(EVENT_PAGES, ops.events.EVENT_CREATE, "/events/new")
async def _event_create(api: EventsApi, body: Body) -> PageForm:
    return "/events/new", _event_editor_fields(body)


@page(EVENT_PAGES, ops.events.EVENT_ENTER_HELD, "/events/held/new")
async def _event_enter_held(api: EventsApi, body: Body) -> PageForm:
    return "/events/held/new", {
        "id": body["id"],
        **_event_editor_fields(body),
        "attendee_id": [attendee["person_id"] for attendee in body["attendees"]],
    }


@page(EVENT_PAGES, ops.events.EVENT_UPDATE, "/events/{event_id:uuid}/edit")
async def _event_update(api: EventsApi, body: Body) -> PageForm:
    event = await api.call("event.get", {"event_id": body["event_id"]})
    return f"/events/{body['event_id']}/edit", {
        "title": event["title"],
        **_day_fields(event["days"]),
        "capacity": str(event["capacity"] or ""),
        "motto": body["motto"],
    }


def _status_change(operation: Operation[Any, Any], transition: str, form: Body) -> None:
    async def status_form(api: EventsApi, body: Body) -> PageForm:
        return f"/events/{body['event_id']}/status/{transition}", form

    page(EVENT_PAGES, operation, "/events/{event_id:uuid}/status/{transition}")(status_form)


_status_change(ops.events.EVENT_PUBLISH, "publish", {})
_status_change(ops.events.EVENT_START, "start", {})
_status_change(ops.events.EVENT_COMPLETE, "complete", CONFIRMED)
_status_change(ops.events.EVENT_CANCEL, "cancel", {"reason": "Raum", "confirmed": "yes"})


@page(EVENT_PAGES, ops.events.EVENT_PLAN_NEXT_EDITION, "/events/{event_id:uuid}/next-edition")
async def _next_edition(api: EventsApi, body: Body) -> PageForm:
    return f"/events/{body['event_id']}/next-edition", _day_fields(body["days"], "next_day_")


@page(EVENT_PAGES, ops.events.AGENDA_SET, "/events/{event_id:uuid}/agenda")
async def _agenda(api: EventsApi, body: Body) -> PageForm:
    event = await api.call("event.get", {"event_id": body["event_id"]})
    row = {
        "items-0-day": event["days"][0]["date"],
        "items-0-start": "10:00",
        "items-0-end": "10:30",
        "items-0-format": "welcome",
        "items-0-title": "Begrüßung",
    }
    return f"/events/{body['event_id']}/agenda", row


@page(EVENT_PAGES, ops.events.INVITATION_ISSUE, "/events/{event_id:uuid}/invitations")
async def _invite(api: EventsApi, body: Body) -> PageForm:
    return f"/events/{body['event_id']}/invitations", {"network_ids": body["network_ids"][0]}


@page(EVENT_PAGES, ops.events.REGISTRATION_REGISTER, "/events/{event_id:uuid}/registrations")
async def _register(api: EventsApi, body: Body) -> PageForm:
    return f"/events/{body['event_id']}/registrations", {"person_id": body["person_id"]}


@page(
    EVENT_PAGES,
    ops.events.REGISTRATION_CANCEL,
    "/events/{event_id:uuid}/registrations/{registration_id:uuid}/cancel",
)
async def _cancel(api: EventsApi, body: Body) -> PageForm:
    registration = await api.call("registration.get", {"registration_id": body["registration_id"]})
    return f"/events/{registration['event_id']}/registrations/{body['registration_id']}/cancel", CONFIRMED


@page(
    EVENT_PAGES,
    ops.events.REGISTRATION_SUBSTITUTE,
    "/events/{event_id:uuid}/registrations/{registration_id:uuid}/substitute",
)
async def _substitute(api: EventsApi, body: Body) -> PageForm:
    registration = await api.call("registration.get", {"registration_id": body["registration_id"]})
    action = f"/events/{registration['event_id']}/registrations/{body['registration_id']}/substitute"
    return action, {"substitute_person_id": body["substitute_person_id"]}


@page(EVENT_PAGES, ops.events.ATTENDANCE_RECORD, "/events/{event_id:uuid}/check-in")
async def _check_in(api: EventsApi, body: Body) -> PageForm:
    return f"/events/{body['event_id']}/check-in", {
        "registration_id": body["registration_id"],
        "day": body["day"],
    }


@page(EVENT_PAGES, ops.events.AGREEMENT_CREATE, "/events/{event_id:uuid}/agreements")
async def _agreement_create(api: EventsApi, body: Body) -> PageForm:
    return f"/events/{body['event_id']}/agreements", {
        "text": body["text"],
        "owner_organisation_id": body["owner_organisation_id"],
    }


@page(EVENT_PAGES, ops.events.AGREEMENT_CHANGE, "/events/agreements/{agreement_id:uuid}")
async def _agreement_change(api: EventsApi, body: Body) -> PageForm:
    return f"/events/agreements/{body['agreement_id']}", {"status": body["status"]}


@page(EVENT_PAGES, ops.events.AGREEMENT_CHANGE, "/events/agreements/{agreement_id:uuid}/edit")
async def _agreement_edit(api: EventsApi, body: Body) -> PageForm:
    return f"/events/agreements/{body['agreement_id']}/edit", {"text": "Ansprechpersonen tauschen sich aus"}


@page(EVENT_PAGES, ops.events.GROUPWORK_PLAN, "/events/{event_id}/groupwork")
async def _plan(api: EventsApi, body: Body) -> PageForm:
    return f"/events/{body['event_id']}/groupwork", {
        "title": body["title"],
        "kind": "world_cafe",
        "rounds": "2",
        "seed": "0",
        "lines": "Anerkennung\nSprachkurse",
    }


def _plan_action(operation: Operation[Any, Any], action: str) -> None:
    async def action_form(api: EventsApi, body: Body) -> PageForm:
        event, plan = await _plan_of(api, body)
        return f"/events/{event}/groupwork/{plan}/{action}", {}

    page(EVENT_PAGES, operation, "/events/{event_id}/groupwork/{plan_id}/{action}")(action_form)


_plan_action(ops.events.GROUPWORK_RERUN, "rerun")
_plan_action(ops.events.GROUPWORK_SYNC_PARTICIPANTS, "sync")


def _plan_input(operation: Operation[Any, Any], kind: str, fields: Callable[[Body], Body]) -> None:
    async def input_form(api: EventsApi, body: Body) -> PageForm:
        event, plan = await _plan_of(api, body)
        return f"/events/{event}/groupwork/{plan}/input/{kind}", fields(body)

    page(EVENT_PAGES, operation, "/events/{event_id}/groupwork/{plan_id}/input/{kind}")(input_form)


_plan_input(
    ops.events.GROUPWORK_SET_PREFERENCES,
    "preferences",
    lambda body: {"person_id": body["person_id"], "choices": body["ranked_workshop_ids"]},
)
_plan_input(
    ops.events.GROUPWORK_CAST_VOTES,
    "votes",
    lambda body: {"person_id": body["person_id"], "choices": body["session_ids"]},
)
_plan_input(
    ops.events.GROUPWORK_PROPOSE_SESSION,
    "proposal",
    lambda body: {"session_id": body["id"], "title": body["title"], "person_id": body["giver_ids"][0]},
)
_plan_input(
    ops.events.GROUPWORK_ADJUST,
    "move_person",
    lambda body: {
        "person_id": body["change"]["person_id"],
        "place_id": body["change"]["table_id"],
        "round": str(body["change"]["round"]),
    },
)


@page(
    EVENT_PAGES, ops.events.GROUPWORK_MODERATE, "/events/{event_id}/groupwork/{plan_id}/moderation/{action}"
)
async def _moderate(api: EventsApi, body: Body) -> PageForm:
    event, plan = await _plan_of(api, body)
    return f"/events/{event}/groupwork/{plan}/moderation/start", {"round_minutes": "10"}


def by_subject(operations: Any) -> list[Operation[Any, Any]]:
    return sorted(operations, key=lambda operation: operation.subject)


# Operations for admins only that change nothing: dead letters may hold personal data, so only admins
# list them (the operations page; test_gateway_staff_pages, test_access_rules).
ADMIN_READS = {
    ops.events.DEADLETTER_LIST,
    ops.registry.DEADLETTER_LIST,
    ops.feedback.DEADLETTER_LIST,
    ops.notifications.DEADLETTER_LIST,
}


def changing(service: Any) -> set[Operation[Any, Any]]:
    every = [value for value in vars(service).values() if isinstance(value, Operation)]
    return {
        operation
        for operation in every
        if operation.access in (Access.CHANGE, Access.ADMIN) and operation not in ADMIN_READS
    }


def test_every_operation_that_changes_something_has_a_route_or_a_reason() -> None:
    for service, covered in (
        (ops.events, set(JSON_ROUTES) | set(NO_JSON_ROUTE)),
        (ops.registry, set(REGISTRY_JSON_ROUTES) | set(NO_REGISTRY_JSON_ROUTE)),
        (ops.feedback, set(OTHER_ROUTES) | set(NO_OTHER_ROUTE)),
        (ops.notifications, set(OTHER_ROUTES) | set(NO_OTHER_ROUTE)),
    ):
        missing = changing(service) - covered
        assert not missing, sorted(operation.subject for operation in missing)


def test_every_operation_that_changes_something_has_a_page_or_a_reason() -> None:
    with_a_page = {case.operation for case in EVENT_PAGES + REGISTRY_PAGES + OTHER_PAGES}
    for service in (ops.events, ops.registry, ops.feedback, ops.notifications):
        missing = changing(service) - with_a_page - set(NO_PAGE)
        assert not missing, sorted(operation.subject for operation in missing)
    assert not with_a_page & set(NO_PAGE)


def routes_of(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif isinstance(getattr(route, "original_router", None), APIRouter):  # an included router
            yield from routes_of(route.original_router.routes)


def changing_page_routes() -> dict[str, APIRoute]:
    """The staff UI's and the participants' routes that take a form (the JSON API's routers are
    others)."""
    page_routers = (public.router, web_operations.router, moderation.router, groupwork.router, staff.router)
    return {
        route.path: route
        for router in page_routers
        for route in routes_of(router.routes)
        if (route.methods or set()) - {"GET", "HEAD"}
    }


def test_every_page_that_changes_something_has_a_case_or_a_reason() -> None:
    routes = set(changing_page_routes())
    with_a_case = {case.route for case in EVENT_PAGES + REGISTRY_PAGES + OTHER_PAGES}
    assert with_a_case <= routes, sorted(with_a_case - routes)
    assert routes - with_a_case == set(PAGE_ROUTES_WITHOUT_A_CASE), sorted(
        routes - with_a_case ^ set(PAGE_ROUTES_WITHOUT_A_CASE)
    )


async def post_page(
    app: FastAPI, client: httpx.AsyncClient, case: PageCase, form: PageForm
) -> httpx.Response:
    """Posts the form as the page does, after checking that its action is the case's route."""
    action, fields = form
    route = changing_page_routes()[case.route]
    assert route.path_regex.match(action.split("?")[0]), (case.route, action)
    return await client.post(action, data={**fields, "csrf_token": client.headers["X-CSRF-Token"]})


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
        if response.headers.get("content-type", "").startswith("text/html"):
            # A page's refusal in words (a page of its own, or at the field that names the network),
            # never the service's English message; a coordinator of another network, refused what the
            # network's own coordinator may do, is told it belongs to another network (by its name
            # where they may see it).
            worded = (
                ("Das gehört zum Netzwerk „", "Das gehört zu keinem Ihrer Netzwerke.")
                if name == "coordinator of another network" and "coordinator of the network" in permitted
                else ("Keine Berechtigung",)
            ) + ("Bitte eines Ihrer Netzwerke wählen.",)
            shown = response.text.split("<main", 1)[-1][:1500]
            assert any(words in response.text for words in worded), (operation.subject, name, shown)


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


# The registry's pages: forms built from the case's body and its scene (a network, its member
# organisation and a person working there).
@page(REGISTRY_PAGES, ops.registry.NETWORK_CREATE, "/registry/networks")
async def _network_create(body: Body, at: Scene) -> PageForm:
    return "/registry/networks", {
        "name": body["name"],
        "kind": body["kind"],
        "coordinating_organisation_id": body.get("coordinating_organisation_id") or "",
        "region_names": "",
    }


@page(REGISTRY_PAGES, ops.registry.ORGANISATION_CREATE, "/registry/organisations/new")
async def _organisation_create(body: Body, at: Scene) -> PageForm:
    return "/registry/organisations/new", {
        "name": body["name"],
        "type": body["type"],
        "region_keys": ", ".join(body["region_keys"]),
        "network_id": body["network_id"],
    }


@page(REGISTRY_PAGES, ops.registry.ORGANISATION_UPDATE, "/registry/organisations/{organisation_id}/edit")
async def _organisation_update(body: Body, at: Scene) -> PageForm:
    return f"/registry/organisations/{body['organisation_id']}/edit", {
        "name": body["name"],
        "type": at["member"]["type"],
    }


@page(REGISTRY_PAGES, ops.registry.ORGANISATION_ARCHIVE, "/registry/organisations/{organisation_id}/archive")
async def _organisation_archive(body: Body, at: Scene) -> PageForm:
    return f"/registry/organisations/{body['organisation_id']}/archive", CONFIRMED


@page(REGISTRY_PAGES, ops.registry.PERSON_CREATE, "/registry/people/new")
async def _person_create(body: Body, at: Scene) -> PageForm:
    return "/registry/people/new", {
        "given_name": body["given_name"],
        "family_name": body["family_name"],
        "organisation_id": body["memberships"][0]["organisation_id"],
        "function": "Integrationsberatung",
    }


@page(REGISTRY_PAGES, ops.registry.PERSON_UPDATE, "/registry/people/{person_id}/edit")
async def _person_update(body: Body, at: Scene) -> PageForm:
    return f"/registry/people/{body['person_id']}/edit", {
        "given_name": at["person"]["given_name"],
        "family_name": at["person"]["family_name"],
        "phone": body["phone"],
    }


@page(REGISTRY_PAGES, ops.registry.PERSON_MEMBERSHIP_SAVE, "/registry/people/{person_id}/memberships")
async def _membership_save(body: Body, at: Scene) -> PageForm:
    return f"/registry/people/{body['person_id']}/memberships", {
        "organisation_id": body["organisation_id"],
        "function": body["function"],
    }


@page(
    REGISTRY_PAGES,
    ops.registry.PERSON_MEMBERSHIP_END,
    "/registry/people/{person_id}/memberships/{organisation_id}/end",
)
async def _membership_end(body: Body, at: Scene) -> PageForm:
    return f"/registry/people/{body['person_id']}/memberships/{body['organisation_id']}/end", CONFIRMED


@page(REGISTRY_PAGES, ops.registry.PERSON_ERASE, "/registry/people/{person_id}/erase")
async def _erase(body: Body, at: Scene) -> PageForm:
    # The page asks for the person's name as a confirmation.
    name = f"{at['person']['given_name']} {at['person']['family_name']}"
    return f"/registry/people/{body['person_id']}/erase", {"confirm_name": name}


@page(REGISTRY_PAGES, ops.registry.NETWORK_UPDATE, "/registry/networks/{network_id}/members")
async def _members(body: Body, at: Scene) -> PageForm:
    return f"/registry/networks/{body['network_id']}/members", {
        "organisation_id": at["member"]["id"],
        "action": "coordinate",
    }


@page(REGISTRY_PAGES, ops.registry.NETWORK_UPDATE, "/registry/networks/{network_id}/sub-projects")
async def _sub_project(body: Body, at: Scene) -> PageForm:
    return f"/registry/networks/{body['network_id']}/sub-projects", {
        "name": "Anerkennungsberatung Muldental",
        "organisation_id": at["member"]["id"],
    }


@page(REGISTRY_PAGES, ops.registry.REGION_CREATE_CUSTOM, "/registry/regions")
async def _region(body: Body, at: Scene) -> PageForm:
    return "/registry/regions", {"name": body["name"], "district_keys": ", ".join(body["district_keys"])}


@page(REGISTRY_PAGES, ops.registry.TOPIC_CREATE, "/registry/topics")
async def _topic(body: Body, at: Scene) -> PageForm:
    return "/registry/topics", {
        "label_de": body["label_de"],
        "label_en": body["label_en"],
    }  # no code: derived


@page(REGISTRY_PAGES, ops.registry.RESPONSIBILITY_ASSIGN, "/registry/responsibilities")
async def _assign(body: Body, at: Scene) -> PageForm:
    form = {key: value for key, value in body.items() if key != "region_key"}
    return "/registry/responsibilities", form | {"region": body["region_key"]}  # the form takes names too


@page(
    REGISTRY_PAGES,
    ops.registry.RESPONSIBILITY_REMOVE,
    "/registry/responsibilities/{responsibility_id}/remove",
)
async def _remove(body: Body, at: Scene) -> PageForm:
    return f"/registry/responsibilities/{body['responsibility_id']}/remove", {
        "organisation_id": at["member"]["id"],
        **CONFIRMED,
    }


@page(REGISTRY_PAGES, ops.registry.INTERFACE_PAPER_ISSUE, "/registry/interface-papers")
async def _paper(body: Body, at: Scene) -> PageForm:
    return "/registry/interface-papers", {"network_id": body["network_id"], "title": body["title"]}


@page(REGISTRY_PAGES, ops.registry.IMPORT_RUN, "/registry/import/run")
async def _import(body: Body, at: Scene) -> PageForm:
    return "/registry/import/run", body


async def test_the_registry_pages(registry_api: RegistryApi, gateway_app: FastAPI) -> None:
    """The registry's operations as the pages perform them, for the signed-in staff; each on a scene
    of its own."""
    async with AsyncExitStack() as stack:
        shared = {
            name: client
            for name, client in (await clients(stack, gateway_app, uuid.uuid4(), uuid.uuid4())).items()
            if name in ("admin", "read-only")
        }
        for case in sorted(REGISTRY_PAGES, key=lambda case: (case.operation.subject, case.route)):
            permitted = registry_matrix.allowed(case.operation.subject)
            at = await registry_matrix.scene(registry_api)
            everyone = shared | await scene_coordinators(stack, gateway_app, at)
            for name in scene_order(everyone, permitted):
                body = await registry_matrix.CASES[case.operation.subject](registry_api, at)
                response = await post_page(gateway_app, everyone[name], case, await case.form(body, at))
                assert_rule(response, case.operation, name, permitted)


async def _feedback_template(client: httpx.AsyncClient) -> Body:
    listed = await client.get("/api/feedback/templates")
    assert listed.status_code == 200, listed.text
    template = listed.json()["items"][0]
    copy = await client.post(
        f"/api/feedback/templates/{template['id']}/copy", json={"name": f"Kopie {uuid.uuid4().hex[:8]}"}
    )
    assert copy.status_code == 201, copy.text
    return dict(copy.json())


@page(OTHER_PAGES, ops.feedback.TEMPLATE_COPY, "/feedback/templates/{template_id}/copy")
async def _template_copy(admin: httpx.AsyncClient, body: Body) -> PageForm:
    return f"/feedback/templates/{body['template_id']}/copy", {"name": body["name"]}


@page(OTHER_PAGES, ops.feedback.TEMPLATE_EDIT, "/feedback/templates/{template_id}")
async def _template_edit(admin: httpx.AsyncClient, body: Body) -> PageForm:
    """Name and language, and each question's texts as the form shows them."""
    template = (await admin.get(f"/api/feedback/templates/{body['template_id']}")).json()
    fields: Body = {"name": body["name"], "language": "de", "version": str(body["expected_version"])}
    for question in template["questions"]:
        for language in ("de", "en"):
            fields[f"{question['key']}.{language}"] = question["text"].get(language) or ""
        if question.get("required"):
            fields[f"{question['key']}.required"] = "on"
    return f"/feedback/templates/{body['template_id']}", fields


@page(OTHER_PAGES, ops.feedback.SURVEY_OPEN, "/feedback/surveys")
async def _survey_open(admin: httpx.AsyncClient, body: Body) -> PageForm:
    return "/feedback/surveys", {"event_id": body["event_id"]}


@page(OTHER_PAGES, ops.feedback.SURVEY_CLOSE, "/feedback/surveys/{survey_id}/close")
async def _survey_close(admin: httpx.AsyncClient, body: Body) -> PageForm:
    return f"/feedback/surveys/{body['survey_id']}/close", CONFIRMED


@page(OTHER_PAGES, ops.feedback.SURVEY_ENTER_PAPER, "/feedback/surveys/paper")
async def _paper_survey(admin: httpx.AsyncClient, body: Body) -> PageForm:
    """The first page's fields (the German evaluation's forms) and a row per form."""
    fields: Body = {
        "event_id": body["event_id"],
        "template_id": str(EVENT_EVALUATION_DE_ID),
        "handed_out": str(body["handed_out"]),
        "returned": str(len(body["forms"])),
        "closed_on": body["closed_on"],
    }
    for row, answers in enumerate(body["forms"]):
        fields |= {f"form_{row}_{key}": str(value) for key, value in answers.items()}
    return "/feedback/surveys/paper", fields


@page(OTHER_PAGES, ops.notifications.TEMPLATE_SAVE, "/notifications/templates/{kind}/{language}")
async def _template_save(admin: httpx.AsyncClient, body: Body) -> PageForm:
    parts = {part: body[part] for part in ("subject", "text", "html")}
    return f"/notifications/templates/{body['kind']}/{body['language']}", parts


@page(OTHER_PAGES, ops.notifications.TEMPLATE_RESET, "/notifications/templates/{kind}/{language}/reset")
async def _template_reset(admin: httpx.AsyncClient, body: Body) -> PageForm:
    return f"/notifications/templates/{body['kind']}/{body['language']}/reset", CONFIRMED


@page(OTHER_PAGES, ops.notifications.REMINDER_CONFIGURE, "/events/{event_id:uuid}/reminders")
async def _reminders(admin: httpx.AsyncClient, body: Body) -> PageForm:
    """The form's rows: each moment as a number of days (``P14D``)."""
    days = [str(int(offset.removeprefix("P").removesuffix("D"))) for offset in body["offsets"]]
    fields = {f"amount_{index}": amount for index, amount in enumerate(days)}
    return f"/events/{body['event_id']}/reminders", fields | {
        f"unit_{index}": "days" for index in range(len(days))
    }


def feedback_and_notifications_bodies(
    api: EventsApi, feedback: ServiceRuntime, admin: httpx.AsyncClient, own: uuid.UUID, event_id: str
) -> dict[Operation[Any, Any], Callable[[], Awaitable[Body]]]:
    """A fresh request body of each operation: a survey's on an event of the network that the
    feedback service knows, a reminder's on ``event_id`` (of the network, known to notifications)."""

    async def held_event_known_to_feedback() -> str:
        """A held event of the network (a survey opens for an event that took place)."""
        held = await CASES["events.event.enter_held"](api, own)
        await api.call("event.enter_held", held)

        async def known() -> Any:
            async with feedback.database.read() as session:
                return await feedback_store.known_event(session, uuid.UUID(held["id"]))

        await eventually(known)
        return str(held["id"])

    async def event_known_to_feedback() -> Body:
        return {"event_id": await held_event_known_to_feedback()}

    async def open_survey() -> Body:
        opened = await admin.post("/api/feedback/surveys", json=await event_known_to_feedback())
        assert opened.status_code == 201, opened.text
        return {"survey_id": opened.json()["id"]}

    async def paper_forms_of_held_event() -> Body:
        today = date.today().isoformat()
        return {
            "event_id": await held_event_known_to_feedback(),
            "handed_out": 3,
            "closed_on": today,
            "forms": [{"overall": 4}],
        }

    template = {"kind": "invitation", "language": "de"}
    subject = "Einladung: {{ event.title }}"
    return {
        ops.feedback.TEMPLATE_COPY: lambda: _copy_source(admin),
        ops.feedback.TEMPLATE_EDIT: lambda: _edit_of(admin),
        ops.feedback.SURVEY_OPEN: event_known_to_feedback,
        ops.feedback.SURVEY_CLOSE: open_survey,
        ops.feedback.SURVEY_ENTER_PAPER: paper_forms_of_held_event,
        ops.notifications.TEMPLATE_SAVE: lambda: _constant(
            template | {"subject": subject, "text": "Guten Tag", "html": "<p>Guten Tag</p>"}
        ),
        ops.notifications.TEMPLATE_RESET: lambda: _constant(template),
        ops.notifications.REMINDER_CONFIGURE: lambda: _constant({"event_id": event_id, "offsets": ["P14D"]}),
    }


def permitted_for(operation: Operation[Any, Any]) -> set[str]:
    """Templates belong to no network: every coordinator may work on them. Surveys and reminders
    follow their event."""
    if operation.access == Access.ADMIN:
        return {"admin", "admin token"}
    if operation in (
        ops.notifications.REMINDER_CONFIGURE,
        ops.feedback.SURVEY_OPEN,
        ops.feedback.SURVEY_CLOSE,
        ops.feedback.SURVEY_ENTER_PAPER,
    ):
        return set(allowed("events.event.update"))
    return EVERY_COORDINATOR


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
        bodies = feedback_and_notifications_bodies(api, feedback, admin, own, event["event_id"])
        for operation in by_subject(OTHER_ROUTES):
            permitted = permitted_for(operation)
            for name in sorted(everyone, key=lambda name: name in permitted):
                method, path, payload = _json_request(operation, await bodies[operation]())
                response = await everyone[name].request(method, path, json=payload)
                assert_rule(response, operation, name, permitted)


async def test_the_feedback_and_notifications_pages(
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
        bodies = feedback_and_notifications_bodies(api, feedback, admin, own, event["event_id"])
        signed_in = {name: client for name, client in everyone.items() if not name.endswith("token")}
        for case in sorted(OTHER_PAGES, key=lambda case: case.operation.subject):
            permitted = permitted_for(case.operation)
            for name in sorted(signed_in, key=lambda name: name in permitted):
                form = await case.form(admin, await bodies[case.operation]())
                response = await post_page(gateway_app, signed_in[name], case, form)
                assert_rule(response, case.operation, name, permitted)


async def _constant(body: Body) -> Body:
    return body


async def _copy_source(admin: httpx.AsyncClient) -> Body:
    listed = await admin.get("/api/feedback/templates")
    return {
        "template_id": listed.json()["items"][0]["id"],
        "name": f"Auswertung Netzwerktreffen {uuid.uuid4().hex[:8]}",
    }


async def _edit_of(admin: httpx.AsyncClient) -> Body:
    """A fresh copy (no survey uses it), renamed."""
    copy = await _feedback_template(admin)
    return {
        "template_id": copy["id"],
        "expected_version": copy["version"],
        "name": f"Auswertung Nord {uuid.uuid4().hex[:8]}",
    }


async def test_the_event_pages(api: EventsApi, gateway_app: FastAPI) -> None:
    own = await network(api, [], ["14713"])
    other = await network(api, [], ["14729"])
    async with AsyncExitStack() as stack:
        everyone = {
            name: client
            for name, client in (await clients(stack, gateway_app, own, other)).items()
            if not name.endswith("token")  # pages are for signed-in staff
        }
        for case in sorted(EVENT_PAGES, key=lambda case: (case.operation.subject, case.route)):
            permitted = allowed(case.operation.subject)
            for name in sorted(everyone, key=lambda name: name in permitted):
                body = await CASES[case.operation.subject](api, own)
                response = await post_page(gateway_app, everyone[name], case, await case.form(api, body))
                assert_rule(response, case.operation, name, permitted)


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
            f"/events/{mine['event_id']}/registrations/{foreign['id']}/cancel",
            data={"csrf_token": token, **CONFIRMED},
        )
        assert through_page.status_code == 403
        through_api = await coordinator.post(f"/api/registrations/{foreign['id']}/cancel")
        assert through_api.status_code == 403
        colleague = await person(api, foreign["organisation_id"])
        handed_over = await coordinator.post(
            f"/events/{mine['event_id']}/registrations/{foreign['id']}/substitute",
            data={"csrf_token": token, "substitute_person_id": str(colleague)},
        )
        assert handed_over.status_code == 404  # not one of this event's registrations
    still = await api.call("registration.get", {"registration_id": foreign["id"]})
    assert still["status"] == "confirmed"
    assert still["event_id"] == foreign_body["event_id"]
