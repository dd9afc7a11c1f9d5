"""What a coordinator may change in the registry, decided here inside the write's transaction: what
belongs to one of their networks. An organisation belongs to a network as a member or as its
coordinating organisation; a person through a current membership in such an organisation; a
network to itself. Admins change everything (``netzwerkstatt.principal``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.errors import Forbidden
from netzwerkstatt.principal import OUTSIDE, Principal, require_change_any
from registry_service.store import networks as network_store
from registry_service.store import people as person_store


async def require_organisations(
    session: AsyncSession, principal: Principal, organisation_ids: Iterable[uuid.UUID]
) -> None:
    """Each of the organisations belongs to one of the principal's networks."""
    if principal.is_admin:
        return
    wanted = list(organisation_ids)
    if not wanted:
        raise Forbidden(OUTSIDE)
    for organisation_id in wanted:
        require_change_any(principal, await network_store.networks_of_organisation(session, organisation_id))


async def require_person(session: AsyncSession, principal: Principal, person_id: uuid.UUID) -> None:
    """The person has a current membership in an organisation of one of the principal's networks."""
    if principal.is_admin:
        return
    networks: set[uuid.UUID] = set()
    for membership in await person_store.memberships_of(session, person_id, current_only=True):
        networks |= await network_store.networks_of_organisation(session, membership["organisation_id"])
    require_change_any(principal, networks)
