"""Organisations: create, change, archive, look up, search."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.contracts import Page
from netzwerkstatt.contracts.registry import (
    Address,
    ContactChannel,
    CreateOrganisation,
    ListOrganisations,
    OrganisationArchived,
    OrganisationCreated,
    OrganisationRef,
    OrganisationView,
    UpdateOrganisation,
)
from netzwerkstatt.db import DatabaseDep, UnitOfWork, hold_chosen_id
from netzwerkstatt.errors import Conflict, FieldError, InvalidInput, NotFound, ServiceError
from netzwerkstatt.principal import Access, Principal, require_new_in
from registry_service import domain
from registry_service.api import scope, sent, views
from registry_service.api.operations import operations
from registry_service.domain import Problems, regionlookup
from registry_service.domain.regionlookup import CustomRegion
from registry_service.store import networks as network_store
from registry_service.store import organisations as organisation_store
from registry_service.vocabulary import STATUTORY_INSTITUTIONS


def _details(address: Address | None, channels: list[ContactChannel]) -> dict[str, Any]:
    return {
        "street": address.street if address else None,
        "postal_code": address.postal_code if address else None,
        "city": address.city if address else None,
        "contact_channels": [channel.model_dump(mode="json") for channel in channels],
    }


def duplicate_name(name: str) -> ServiceError:
    return Conflict.for_field(
        "name", f"an organisation named {name!r} already exists for these regions", "duplicate"
    )


async def require_organisation(
    session: AsyncSession, organisation_id: uuid.UUID, field: str, *, lock: bool = False
) -> dict[str, Any]:
    row = await organisation_store.get_organisation(session, organisation_id, lock=lock)
    if row is None:
        raise NotFound.for_field(
            field, f"there is no organisation with id {organisation_id}", "unknown_organisation"
        )
    return row


async def create(
    uow: UnitOfWork, request: CreateOrganisation, organisation_id: uuid.UUID | None = None
) -> dict[str, Any]:
    """Check, insert and announce an organisation (shared by the API and the import)."""
    organisation_id = organisation_id or request.id
    if organisation_id is not None:
        await hold_chosen_id(uow.session, "organisation", organisation_id)
        if await organisation_store.get_organisation(uow.session, organisation_id) is not None:
            raise Conflict.for_field(
                "id", f"an organisation with id {organisation_id} exists", "duplicate_id"
            )
    custom = await views.custom_regions(uow.session)
    problems = Problems()
    domain.check_organisation_type(request.type, problems)
    domain.check_region_keys(request.region_keys, custom, problems)
    address = domain.normalise_address(request.address, problems)
    channels = domain.normalise_channels(request.contact_channels, problems)
    if (
        request.parent_id is not None
        and await organisation_store.get_organisation(uow.session, request.parent_id) is None
    ):
        problems.add(
            "parent_id", f"there is no organisation with id {request.parent_id}", "unknown_organisation"
        )
    problems.raise_if_any("the organisation cannot be created as given")
    if await organisation_store.organisation_name_taken(uow.session, request.name, request.region_keys):
        raise duplicate_name(request.name)
    try:
        async with uow.session.begin_nested():
            row = await organisation_store.insert_organisation(
                uow.session,
                name=request.name,
                type_=request.type,
                region_keys=request.region_keys,
                organisation_id=organisation_id,
                details={"parent_id": request.parent_id, **_details(address, channels)},
            )
    except sa.exc.IntegrityError:
        raise duplicate_name(request.name) from None
    await uow.record(
        OrganisationCreated(
            organisation_id=row["id"],
            name=row["name"],
            type=row["type"],
            region_keys=row["region_keys"],
            version=row["version"],
        ),
        subject=row["id"],
    )
    return row


async def update(uow: UnitOfWork, request: UpdateOrganisation) -> dict[str, Any]:
    given = request.model_fields_set
    current = await require_organisation(uow.session, request.organisation_id, "organisation_id", lock=True)
    if request.expected_version is not None and request.expected_version != current["version"]:
        raise Conflict.for_field(
            "expected_version",
            f"the organisation changed meanwhile (now version {current['version']}); reload and retry",
            "stale_version",
        )
    custom = await views.custom_regions(uow.session)
    problems = Problems()
    changes: dict[str, Any] = {}
    if "name" in given and request.name is not None:
        changes["name"] = request.name
    if "type" in given and request.type is not None:
        domain.check_organisation_type(request.type, problems)
        changes["type"] = request.type
    if "region_keys" in given and request.region_keys is not None:
        domain.check_region_keys(request.region_keys, custom, problems)
        changes["region_keys"] = request.region_keys
    if "parent_id" in given:
        parent = request.parent_id
        if parent is not None:
            if await organisation_store.get_organisation(uow.session, parent) is None:
                problems.add(
                    "parent_id", f"there is no organisation with id {parent}", "unknown_organisation"
                )
            elif await organisation_store.is_ancestor(uow.session, parent, request.organisation_id):
                problems.add("parent_id", "an organisation cannot be its own parent or ancestor", "cycle")
        changes["parent_id"] = parent
    if "address" in given:
        address = domain.normalise_address(request.address, problems)
        changes.update(
            {key: value for key, value in _details(address, []).items() if key != "contact_channels"}
        )
    if "contact_channels" in given and request.contact_channels is not None:
        channels = domain.normalise_channels(request.contact_channels, problems)
        changes["contact_channels"] = [channel.model_dump(mode="json") for channel in channels]
    problems.raise_if_any("the organisation cannot be changed as given")
    if not _differs(current, changes):
        return current
    name = changes.get("name", current["name"])
    regions = changes.get("region_keys", current["region_keys"])
    if await organisation_store.organisation_name_taken(uow.session, name, regions, other_than=current["id"]):
        raise duplicate_name(name)
    try:
        async with uow.session.begin_nested():
            row = await organisation_store.update_organisation(uow.session, current["id"], changes)
    except sa.exc.IntegrityError:
        raise duplicate_name(name) from None
    await uow.record(views.organisation_snapshot(row), subject=row["id"])
    return row


def region_filter(region_key: str | None, custom: Mapping[str, CustomRegion]) -> list[str] | None:
    """The region keys that count as "in this region" for a search, or None without a region."""
    if region_key is None:
        return None
    message = regionlookup.problem_with_region_key(region_key, custom)
    if message:
        raise InvalidInput.for_field("region_key", message, "unknown_region")
    return sorted(regionlookup.touching(region_key, custom))


async def network_of_new(
    session: AsyncSession, principal: Principal, network_id: uuid.UUID | None
) -> uuid.UUID | None:
    """The network new organisations join, locked until the write commits: a coordinator's must be one
    of theirs, as for new events and series; an admin may name none."""
    require_new_in(principal, network_id)
    if network_id is None:
        return None
    if await network_store.get_network(session, network_id, lock=True) is None:
        raise NotFound.for_field("network_id", f"there is no network with id {network_id}", "unknown_network")
    return network_id


async def join_network(uow: UnitOfWork, network_id: uuid.UUID, organisation_ids: list[uuid.UUID]) -> None:
    """Add new organisations to a network's members; announces the network as it is now."""
    members = await network_store.network_members_of(uow.session, network_id)
    await network_store.save_network(
        uow.session,
        {},
        network_id=network_id,
        members=[*members, *organisation_ids],
        projects=None,
        new=False,
    )
    view = await views.load_network(uow.session, network_id, await views.custom_regions(uow.session))
    assert view is not None
    await uow.record(views.network_snapshot(view), subject=network_id)


def _differs(current: Mapping[str, Any], changes: Mapping[str, Any]) -> bool:
    for key, value in changes.items():
        old = current.get(key)
        if key == "region_keys":
            if sorted(old or []) != sorted(value):
                return True
        elif old != value:
            return True
    return False


def organisation_field_rules(request: Mapping[str, Any]) -> list[FieldError]:
    """The registry's rules for an organisation's type, postal code and contact channels, on a
    create or change as sent that its contract refused (a too short name, say): their problems
    come in the same answer. Region keys are checked once the request is read (custom regions are
    the database's)."""
    problems = Problems()
    if (organisation_type := sent.text(request, "type")) is not None:
        domain.check_organisation_type(organisation_type, problems)
    if (postal_code := sent.text(sent.mapping(request, "address"), "postal_code")) is not None:
        domain.normalise_postal_code_of(postal_code, problems)
    for index, channel in enumerate(sent.objects(request, "contact_channels")):
        kind, value = sent.text(channel, "kind"), sent.text(channel, "value")
        if kind is not None and value is not None:
            domain.normalise_channel_value(index, kind, value, problems)
    return problems.items


@operations("organisation.create", access=Access.CHANGE, field_rules=organisation_field_rules)
async def create_organisation(
    request: CreateOrganisation, principal: Principal, db: DatabaseDep
) -> OrganisationView:
    """Register an organisation as a member of the network named (a coordinator's must be one of
    theirs, so that they may change it afterwards; an admin may name none); announces
    ``registry.evt.organisation.created`` and, with a network, ``registry.evt.network.updated``."""
    async with db.unit_of_work() as uow:
        network_id = await network_of_new(uow.session, principal, request.network_id)
        row = await create(uow, request)
        if network_id is not None:
            await join_network(uow, network_id, [row["id"]])
    return views.organisation_view(row)


@operations("organisation.update", access=Access.CHANGE, field_rules=organisation_field_rules)
async def update_organisation(
    request: UpdateOrganisation, principal: Principal, db: DatabaseDep
) -> OrganisationView:
    """Change an organisation; announces ``registry.evt.organisation.updated`` with the new state."""
    async with db.unit_of_work() as uow:
        await require_organisation(uow.session, request.organisation_id, "organisation_id", lock=True)
        await scope.require_organisations(uow.session, principal, [request.organisation_id])
        row = await update(uow, request)
    return views.organisation_view(row)


@operations("organisation.archive", access=Access.CHANGE)
async def archive_organisation(
    request: OrganisationRef, principal: Principal, db: DatabaseDep
) -> OrganisationView:
    """Archive an organisation (it keeps its history; nobody can join it any more). A coordinator
    archives only an organisation that belongs to none but their networks."""
    async with db.unit_of_work() as uow:
        current = await require_organisation(
            uow.session, request.organisation_id, "organisation_id", lock=True
        )
        await scope.require_organisation_wholly(uow.session, principal, request.organisation_id)
        if current["archived"]:
            return views.organisation_view(current)
        row = await organisation_store.update_organisation(uow.session, current["id"], {"archived": True})
        await uow.record(
            OrganisationArchived(organisation_id=row["id"], version=row["version"]), subject=row["id"]
        )
        await uow.record(views.organisation_snapshot(row), subject=row["id"])
    return views.organisation_view(row)


@operations("organisation.get", access=Access.READ)
async def get_organisation(request: OrganisationRef, db: DatabaseDep) -> OrganisationView:
    async with db.read() as session:
        row = await require_organisation(session, request.organisation_id, "organisation_id")
    return views.organisation_view(row)


@operations("organisation.list", access=Access.READ)
async def list_organisations(request: ListOrganisations, db: DatabaseDep) -> Page[OrganisationView]:
    """Organisations by name, type, region, network, responsibility and statutory flag; paginated."""
    async with db.read() as session:
        custom = await views.custom_regions(session)
        region_keys = region_filter(request.region_key, custom)
        statutory_types = sorted(STATUTORY_INSTITUTIONS)
        rows, total = await organisation_store.list_organisations(
            session,
            name=request.name,
            type_=request.type,
            include_archived=request.include_archived,
            offset=request.offset,
            limit=request.limit,
            region_keys=region_keys,
            network_id=request.network_id,
            network_ids=request.network_ids,
            topic=request.topic,
            types=statutory_types if request.statutory is True else None,
            exclude_types=statutory_types if request.statutory is False else None,
            sort=request.sort,
            descending=request.direction == "desc",
        )
    return Page[OrganisationView](
        items=[views.organisation_view(row) for row in rows],
        total=total,
        offset=request.offset,
        limit=request.limit,
    )
