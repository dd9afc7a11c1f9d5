"""The coordinator rule for the JSON API, the same as the staff pages follow (``web/scope.py``,
``web/event_scope.py``): admins change everything; a coordinator only what belongs to their networks.
An API token carries a role but no networks, so a coordinator token changes nothing that belongs
to a network; admin tokens are unrestricted. Belonging is read from the services, never from the
request body alone."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from fastapi import Request

from gateway_service.auth import Principal, signed_in
from gateway_service.web import event_scope, scope
from gateway_service.web.pages import data_of
from gateway_service.web.services import ask
from netzwerkstatt.errors import Forbidden


async def principal_of(request: Request) -> Principal:
    return await signed_in(request)  # looked up once per request by the API's access check


async def organisations(request: Request, organisation_ids: Iterable[str | uuid.UUID]) -> None:
    await scope.require_organisations(request, await principal_of(request), organisation_ids)


async def person(request: Request, person_id: uuid.UUID) -> None:
    principal = await principal_of(request)
    if scope.unrestricted(principal):
        return
    found = data_of(await ask(request, "registry", "person.get", {"person_id": str(person_id)}))
    await scope.require_person(request, principal, found)


async def new_person(request: Request, membership_organisation_ids: list[uuid.UUID]) -> None:
    principal = await principal_of(request)
    if scope.unrestricted(principal):
        return
    if not membership_organisation_ids:
        raise Forbidden("a coordinator's new person needs a membership in an organisation of their networks")
    await scope.require_organisations(request, principal, membership_organisation_ids)


async def network(request: Request, network_id: uuid.UUID | str) -> None:
    scope.require_network(await principal_of(request), network_id)


async def admin_only(request: Request, what: str) -> None:
    if not scope.unrestricted(await principal_of(request)):
        raise Forbidden(f"only an admin may {what}")


async def event(request: Request, event_id: uuid.UUID | str) -> dict[str, Any]:
    """The event, after checking that the principal may change it."""
    principal = await principal_of(request)
    found: dict[str, Any] = data_of(await ask(request, "events", "event.get", {"event_id": str(event_id)}))
    event_scope.require(principal, found)
    return found


async def registration(request: Request, registration_id: uuid.UUID) -> None:
    """A registration is changed by those who may change its event."""
    if scope.unrestricted(await principal_of(request)):
        return
    found = data_of(
        await ask(request, "events", "registration.get", {"registration_id": str(registration_id)})
    )
    await event(request, found["event_id"])


async def groupwork_plan(request: Request, plan_id: uuid.UUID) -> None:
    """A group work plan is changed by those who may change its event."""
    if scope.unrestricted(await principal_of(request)):
        return
    found = data_of(await ask(request, "events", "groupwork.get", {"plan_id": str(plan_id)}))
    await event(request, found["event_id"])


async def series(request: Request, series_id: uuid.UUID | str) -> None:
    principal = await principal_of(request)
    if scope.unrestricted(principal):
        return
    found = data_of(await ask(request, "events", "series.get", {"series_id": str(series_id)}))
    if not event_scope.may_create(principal, found["series"].get("network_id")):
        raise Forbidden(event_scope.OUTSIDE)


async def new_in_network(request: Request, network_id: uuid.UUID | None) -> None:
    if not event_scope.may_create(await principal_of(request), network_id):
        raise Forbidden(event_scope.CHOOSE_OWN_NETWORK)


async def agreement(request: Request, agreement_id: uuid.UUID) -> None:
    principal = await principal_of(request)
    if scope.unrestricted(principal):
        return
    listed = data_of(await ask(request, "events", "agreement.list", {}))["items"]
    found = next((row for row in listed if str(row["agreement_id"]) == str(agreement_id)), None)
    if found is None or not found.get("event_id"):
        raise Forbidden(event_scope.OUTSIDE)
    await event(request, found["event_id"])


async def new_event(request: Request, network_id: uuid.UUID | None, series_id: uuid.UUID | None) -> None:
    """A new event belongs to the network given, or else to its series' network."""
    if network_id is None and series_id is not None and not scope.unrestricted(await principal_of(request)):
        found = data_of(await ask(request, "events", "series.get", {"series_id": str(series_id)}))
        network_id = found["series"].get("network_id")
    await new_in_network(request, network_id)
