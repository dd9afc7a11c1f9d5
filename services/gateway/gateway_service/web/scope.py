"""What a coordinator may change in the registry: only what belongs to their networks. Admins may
change everything; the read-only role nothing (its routes refuse it before this is asked).

Belonging is read from the registry's own answers, never from the form: an organisation belongs
to a network as a member or as its coordinator, a person through a current membership in such an
organisation."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from fastapi import Request

from gateway_service.auth import Principal
from gateway_service.security.roles import Role
from gateway_service.web.pages import data_of
from gateway_service.web.services import ask
from netzwerkstatt.errors import ErrorCode, Forbidden

OUTSIDE = "this belongs to none of your networks; only its networks' coordinators or an admin may change it"


def unrestricted(principal: Principal) -> bool:
    return principal.role == Role.ADMIN


async def managed_organisations(request: Request, principal: Principal) -> set[str]:
    """Ids of the organisations in the principal's networks (looked up once per request)."""
    known: set[str] | None = getattr(request.state, "managed_organisations", None)
    if known is not None:
        return known
    ids: set[str] = set()
    for network_id in principal.network_ids:
        answer = await ask(request, "registry", "network.get", {"network_id": str(network_id)})
        if answer.error is not None and answer.error.code == ErrorCode.NOT_FOUND:
            continue  # a network the registry no longer knows gives no rights
        network = data_of(answer)
        ids |= {str(member) for member in network.get("member_organisation_ids") or []}
        if network.get("coordinating_organisation_id"):
            ids.add(str(network["coordinating_organisation_id"]))
    request.state.managed_organisations = ids
    return ids


async def may_change_organisations(
    request: Request, principal: Principal, organisation_ids: Iterable[str | uuid.UUID]
) -> bool:
    if unrestricted(principal):
        return True
    wanted = {str(item) for item in organisation_ids}
    return bool(wanted) and wanted <= await managed_organisations(request, principal)


async def require_organisations(
    request: Request, principal: Principal, organisation_ids: Iterable[str | uuid.UUID]
) -> None:
    if not await may_change_organisations(request, principal, organisation_ids):
        raise Forbidden(OUTSIDE)


def current_membership_ids(person: dict[str, Any]) -> list[str]:
    return [
        str(membership["organisation_id"])
        for membership in person.get("memberships") or []
        if not membership.get("end_date")
    ]


async def may_change_person(request: Request, principal: Principal, person: dict[str, Any]) -> bool:
    if unrestricted(principal):
        return True
    managed = await managed_organisations(request, principal)
    return any(organisation_id in managed for organisation_id in current_membership_ids(person))


async def require_person(request: Request, principal: Principal, person: dict[str, Any]) -> None:
    if not await may_change_person(request, principal, person):
        raise Forbidden(OUTSIDE)


def may_change_network(principal: Principal, network_id: str | uuid.UUID) -> bool:
    return unrestricted(principal) or str(network_id) in {str(item) for item in principal.network_ids}


def require_network(principal: Principal, network_id: str | uuid.UUID) -> None:
    if not may_change_network(principal, network_id):
        raise Forbidden(OUTSIDE)
