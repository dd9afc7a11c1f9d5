"""What the staff pages offer: edit buttons, editors and choices only where the principal could use
them. These are hints for the page, never the rule: every change is decided by the service that owns
the data, in the write's transaction (``netzwerkstatt.principal``), and a refusal comes back as its
typed error. The hints use the same ``Principal.may_change`` the services use."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from fastapi import Request

from gateway_service.auth import Principal
from gateway_service.security.roles import Permission
from gateway_service.web.services import ask, items_of
from netzwerkstatt import operations as ops
from netzwerkstatt.contracts.registry import MAX_NETWORKS_LISTED
from netzwerkstatt.errors import Forbidden
from netzwerkstatt.principal import OUTSIDE, outside

# The most networks one list request names (the registry's bound for its network filters).
NETWORKS_PER_REQUEST = MAX_NETWORKS_LISTED
# A form's choice of organisations or people: the registry's list in pages of its largest size, up
# to a bound that keeps a form's page small enough to load (a state's registry holds a few hundred).
ORGANISATIONS_PER_REQUEST = 500
MOST_ORGANISATIONS_OFFERED = 5_000
MOST_PEOPLE_OFFERED = 5_000


async def _every_page(
    request: Request, operation: Any, body: dict[str, Any], most: int
) -> list[dict[str, Any]]:
    """The whole list the registry answers for ``body``, read page by page, up to ``most`` entries."""
    found: list[dict[str, Any]] = []
    while len(found) < most:
        window = body | {"offset": len(found), "limit": ORGANISATIONS_PER_REQUEST}
        answer = await ask(request, operation, window)
        page = items_of(answer.data) if answer.ok else []
        found += page
        if len(page) < ORGANISATIONS_PER_REQUEST:
            break
    return found[:most]


def may_change(principal: Principal, network_id: Any) -> bool:
    """May the principal change what belongs to ``network_id`` (an event's, a series', a network)?"""
    return principal.on_the_bus().may_change(str(network_id) if network_id else None)


def may_change_event(principal: Principal, event: dict[str, Any]) -> bool:
    return may_change(principal, event.get("network_id"))


def editor_for(allowed: bool, principal: Principal | None = None, network_ids: Iterable[Any] = ()) -> None:
    """An editor page is shown only to those who could save it. Staff who may manage are refused as
    the services refuse them, because it belongs to none of their networks (named by
    ``network_ids``); others by their role."""
    if allowed:
        return
    if principal is not None and principal.may(Permission.MANAGE):
        raise outside(str(network_id) for network_id in network_ids if network_id)
    raise Forbidden(OUTSIDE)


async def managed_organisations(request: Request, principal: Principal) -> set[str] | None:
    """Ids of the organisations in the principal's networks (looked up once per request); ``None``
    for an admin, who may change every organisation."""
    if principal.on_the_bus().is_admin:
        return None
    if not principal.may(Permission.MANAGE):
        return set()
    known: set[str] | None = getattr(request.state, "managed_organisations", None)
    if known is not None:
        return known
    ids: set[str] = set()
    # The principal's networks in one request each of up to 500 (a network the registry no longer
    # knows is not among them, and gives no rights).
    for chunk in _network_chunks(principal):
        body = {"ids": chunk, "include_archived": True, "limit": len(chunk)}
        answer = await ask(request, ops.registry.NETWORK_LIST, body)
        for network in items_of(answer.data) if answer.ok else []:
            ids |= {str(member) for member in network.get("member_organisation_ids") or []}
            if network.get("coordinating_organisation_id"):
                ids.add(str(network["coordinating_organisation_id"]))
    request.state.managed_organisations = ids
    return ids


async def organisation_choices(request: Request, principal: Principal) -> list[dict[str, Any]]:
    """The organisations a form may offer (a membership's, a responsibility's), by name: for an admin
    every one (up to ``MOST_ORGANISATIONS_OFFERED``), page by page of the registry's list; for a
    coordinator those of their networks, asked of the registry as members of those networks, so
    however many others it holds none of theirs is cut off."""
    managed = await managed_organisations(request, principal)
    if managed is None:
        return await _every_page(request, ops.registry.ORGANISATION_LIST, {}, MOST_ORGANISATIONS_OFFERED)
    found: dict[str, dict[str, Any]] = {}
    for networks in _network_chunks(principal):
        body = {"network_ids": networks}
        listed = await _every_page(request, ops.registry.ORGANISATION_LIST, body, MOST_ORGANISATIONS_OFFERED)
        found |= {str(item["id"]): item for item in listed}
    # A coordinating organisation need not be a member of its network.
    for organisation_id in sorted(managed - found.keys()):
        answer = await ask(request, ops.registry.ORGANISATION_GET, {"organisation_id": organisation_id})
        if answer.ok and isinstance(answer.data, dict) and not answer.data.get("archived"):
            found[organisation_id] = answer.data
    chosen = (item for organisation_id, item in found.items() if organisation_id in managed)
    return sorted(chosen, key=lambda item: str(item["name"]).casefold())


async def networks_to_create_in(request: Request, principal: Principal) -> list[dict[str, Any]]:
    """The networks something new may be created in: an admin's choice of every network, a
    coordinator's of their own (the service decides; a coordinator must name one of theirs)."""
    body: dict[str, Any] = {"limit": NETWORKS_PER_REQUEST}
    if not principal.on_the_bus().is_admin:
        if not principal.may(Permission.MANAGE) or not principal.network_ids:
            return []
        body["ids"] = sorted(str(network_id) for network_id in principal.network_ids)[:NETWORKS_PER_REQUEST]
    answer = await ask(request, ops.registry.NETWORK_LIST, body)
    return items_of(answer.data) if answer.ok else []


async def may_change_organisation(
    request: Request, principal: Principal, organisation_id: uuid.UUID | str
) -> bool:
    managed = await managed_organisations(request, principal)
    return managed is None or str(organisation_id) in managed


def _current_organisations(person: dict[str, Any]) -> list[str]:
    return [str(m["organisation_id"]) for m in person.get("memberships") or [] if not m.get("end_date")]


async def may_change_person(request: Request, principal: Principal, person: dict[str, Any]) -> bool:
    managed = await managed_organisations(request, principal)
    if managed is None:
        return True
    return any(organisation_id in managed for organisation_id in _current_organisations(person))


async def may_erase_person(request: Request, principal: Principal, person: dict[str, Any]) -> bool:
    """The registry's rule: a coordinator erases only a person of none but their networks."""
    managed = await managed_organisations(request, principal)
    if managed is None:
        return True
    current = _current_organisations(person)
    return bool(current) and all(organisation_id in managed for organisation_id in current)


async def attendee_choices(request: Request) -> list[tuple[str, str]]:
    """Everyone in the registry as an attendance list's line offers them (anyone may have attended an
    event, whichever network they belong to): id, and name with their current organisations, by name."""
    people = await _every_page(request, ops.registry.PERSON_LIST, {}, MOST_PEOPLE_OFFERED)
    lines: list[tuple[str, str]] = []
    for person in people:
        name = f"{person['given_name']} {person['family_name']}"
        memberships = person.get("memberships") or []
        current = [str(m["organisation_name"]) for m in memberships if not m.get("end_date")]
        lines.append((str(person["id"]), f"{name} ({', '.join(current)})" if current else name))
    return sorted(lines, key=lambda line: line[1].casefold())


async def people_choices(request: Request, principal: Principal) -> list[dict[str, Any]]:
    """The people a form may offer as someone's contact: for an admin every one (up to
    ``MOST_PEOPLE_OFFERED``), page by page; for a coordinator the people of their networks'
    organisations, as only they may be named for one of those organisations."""
    if principal.on_the_bus().is_admin or not principal.may(Permission.MANAGE):
        return await _every_page(request, ops.registry.PERSON_LIST, {}, MOST_PEOPLE_OFFERED)
    found: dict[str, dict[str, Any]] = {}
    for networks in _network_chunks(principal):
        body = {"network_ids": networks}
        listed = await _every_page(request, ops.registry.PERSON_LIST, body, MOST_PEOPLE_OFFERED)
        found |= {str(item["id"]): item for item in listed}
    return list(found.values())


def _network_chunks(principal: Principal) -> list[list[str]]:
    """The principal's networks in lists of up to ``NETWORKS_PER_REQUEST``, one request each (all in
    one for every coordinator there is: a request per network took half a second for nineteen)."""
    wanted = sorted(str(network_id) for network_id in principal.network_ids)
    return [
        wanted[start : start + NETWORKS_PER_REQUEST] for start in range(0, len(wanted), NETWORKS_PER_REQUEST)
    ]
