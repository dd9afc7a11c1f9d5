"""What a coordinator may change in the registry, decided here inside the write's transaction: what
belongs to one of their networks. An organisation belongs to a network as a member or as its
coordinating organisation; a person through a current membership in such an organisation; a
network to itself. Admins change everything (``netzwerkstatt.principal``).

People and organisations are shared: one that belongs to several networks is kept up to date by
the coordinators of each. What takes it from the others cannot rest on one network alone: a
membership is ended by a coordinator of the organisation's networks, a person is erased and an
organisation archived by a coordinator only when it belongs to none but their networks (else by
an admin). So linking someone else's person or organisation to one's own network (which
coordinators may do: that is how a shared register grows) never lets one take them away."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.errors import Forbidden
from netzwerkstatt.principal import Principal, outside, require_change_any
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
        raise outside()
    for organisation_id in wanted:
        require_change_any(principal, await network_store.networks_of_organisation(session, organisation_id))


async def _networks_per_membership(session: AsyncSession, person_id: uuid.UUID) -> list[set[uuid.UUID]]:
    """The networks of each of the person's current memberships' organisations."""
    return [
        await network_store.networks_of_organisation(session, membership["organisation_id"])
        for membership in await person_store.memberships_of(session, person_id, current_only=True)
    ]


async def require_person(session: AsyncSession, principal: Principal, person_id: uuid.UUID) -> None:
    """The person has a current membership in an organisation of one of the principal's networks."""
    if principal.is_admin:
        return
    require_change_any(principal, set().union(*await _networks_per_membership(session, person_id)))


async def require_person_wholly(session: AsyncSession, principal: Principal, person_id: uuid.UUID) -> None:
    """Every current membership of the person is in an organisation of the principal's networks."""
    if principal.is_admin:
        return
    per_membership = await _networks_per_membership(session, person_id)
    require_change_any(principal, set().union(*per_membership))
    if not all(principal.may_change_any(networks) for networks in per_membership):
        raise Forbidden.for_field(
            "person_id",
            "the person also belongs to a network you do not coordinate; only an admin may do this",
            "person_in_another_network",
        )


async def require_organisation_wholly(
    session: AsyncSession, principal: Principal, organisation_id: uuid.UUID
) -> None:
    """The organisation belongs to none but the principal's networks."""
    if principal.is_admin:
        return
    networks = await network_store.networks_of_organisation(session, organisation_id)
    require_change_any(principal, networks)
    if not all(principal.may_change(network_id) for network_id in networks):
        raise Forbidden.for_field(
            "organisation_id",
            "the organisation also belongs to a network you do not coordinate; only an admin may do this",
            "organisation_in_another_network",
        )
