"""Networks: members, coordinating organisation, region and funded sub-projects."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.contracts import Page
from netzwerkstatt.contracts.registry import (
    CreateNetwork,
    ListNetworks,
    NetworkRef,
    NetworkView,
    SubProject,
    UpdateNetwork,
)
from netzwerkstatt.db import DatabaseDep, UnitOfWork, hold_chosen_id
from netzwerkstatt.errors import Conflict, NotFound
from netzwerkstatt.principal import Access, Principal, require_change
from registry_service import domain
from registry_service.api import views
from registry_service.api.operations import operations
from registry_service.api.organisations import region_filter
from registry_service.domain import Problems
from registry_service.store import networks as network_store
from registry_service.store import organisations as organisation_store


async def _check_organisations(
    session: AsyncSession,
    coordinator: uuid.UUID | None,
    members: Sequence[uuid.UUID] | None,
    projects: Sequence[SubProject] | None,
    problems: Problems,
    *,
    joined_before: Collection[uuid.UUID] = (),
) -> None:
    """Each organisation named exists; one that joins the network (as a member or its coordinator)
    and was not in it before is not archived. Those joining are locked for share, so an archiving
    at the same time waits for this write (or this write sees it archived)."""
    wanted: list[tuple[str, uuid.UUID]] = []
    if coordinator is not None:
        wanted.append(("coordinating_organisation_id", coordinator))
    wanted.extend((f"member_organisation_ids.{i}", member) for i, member in enumerate(members or ()))
    joining = {organisation_id for _, organisation_id in wanted} - set(joined_before)
    wanted.extend(
        (f"sub_projects.{i}.organisation_id", project.organisation_id)
        for i, project in enumerate(projects or ())
        if project.organisation_id is not None
    )
    known = await organisation_store.organisations_by_id(
        session, [organisation_id for _, organisation_id in wanted], share_locked=joining
    )
    for field, organisation_id in wanted:
        found = known.get(organisation_id)
        if found is None:
            problems.add(field, f"there is no organisation with id {organisation_id}", "unknown_organisation")
        elif found["archived"] and organisation_id in joining and not field.startswith("sub_projects."):
            problems.add(
                field,
                f"{found['name']!r} is archived and cannot join a network",
                "archived_organisation_joining",
            )


def _projects(projects: Sequence[SubProject] | None) -> list[dict[str, Any]] | None:
    if projects is None:
        return None
    return [project.model_dump() for project in projects]


async def save(
    uow: UnitOfWork,
    network_id: uuid.UUID,
    values: dict[str, Any],
    members: Sequence[uuid.UUID] | None,
    projects: Sequence[SubProject] | None,
    *,
    new: bool,
) -> NetworkView:
    try:
        async with uow.session.begin_nested():
            await network_store.save_network(
                uow.session,
                values,
                network_id=network_id,
                members=members,
                projects=_projects(projects),
                new=new,
            )
    except sa.exc.IntegrityError:
        raise Conflict.for_field(
            "name", f"a network named {values.get('name')!r} exists already", "duplicate"
        ) from None
    custom = await views.custom_regions(uow.session)
    view = await views.load_network(uow.session, network_id, custom)
    assert view is not None
    await uow.record(views.network_snapshot(view), subject=network_id)
    return view


async def create(uow: UnitOfWork, request: CreateNetwork, network_id: uuid.UUID | None = None) -> NetworkView:
    network_id = network_id or request.id
    if network_id is not None:
        await hold_chosen_id(uow.session, "network", network_id)
        if await network_store.get_network(uow.session, network_id) is not None:
            raise Conflict.for_field("id", f"a network with id {network_id} exists", "duplicate_id")
    problems = Problems()
    custom = await views.custom_regions(uow.session)
    domain.check_network(request.kind, request.region_keys, request.sub_projects, custom, problems)
    await _check_organisations(
        uow.session,
        request.coordinating_organisation_id,
        request.member_organisation_ids,
        request.sub_projects,
        problems,
    )
    problems.raise_if_any("the network cannot be created as given")
    values = {
        "name": request.name,
        "kind": request.kind,
        "coordinating_organisation_id": request.coordinating_organisation_id,
        "region_keys": sorted(request.region_keys),
    }
    return await save(
        uow,
        network_id or uuid.uuid4(),
        values,
        request.member_organisation_ids,
        request.sub_projects,
        new=True,
    )


@operations("network.create", access=Access.ADMIN)
async def create_network(request: CreateNetwork, db: DatabaseDep) -> NetworkView:
    """Register a network; announces ``registry.evt.network.updated``."""
    async with db.unit_of_work() as uow:
        return await create(uow, request)


@operations("network.update", access=Access.CHANGE)
async def update_network(request: UpdateNetwork, principal: Principal, db: DatabaseDep) -> NetworkView:
    """Change a network (fields left out stay); announces ``registry.evt.network.updated``."""
    given = request.model_fields_set
    async with db.unit_of_work() as uow:
        current = await network_store.get_network(uow.session, request.network_id, lock=True)
        if current is None:
            raise NotFound.for_field(
                "network_id", f"there is no network with id {request.network_id}", "unknown_network"
            )
        require_change(principal, current["id"])
        if request.expected_version is not None and request.expected_version != current["version"]:
            raise Conflict.for_field(
                "expected_version",
                f"the network changed meanwhile (now version {current['version']})",
                "stale_version",
            )
        problems = Problems()
        custom = await views.custom_regions(uow.session)
        domain.check_network(request.kind, request.region_keys, request.sub_projects, custom, problems)
        coordinator = (
            request.coordinating_organisation_id if "coordinating_organisation_id" in given else None
        )
        joined_before = await network_store.network_members_of(uow.session, current["id"])
        if current["coordinating_organisation_id"] is not None:
            joined_before.append(current["coordinating_organisation_id"])
        await _check_organisations(
            uow.session,
            coordinator,
            request.member_organisation_ids,
            request.sub_projects,
            problems,
            joined_before=joined_before,
        )
        problems.raise_if_any("the network cannot be changed as given")
        values: dict[str, Any] = {
            field: getattr(request, field)
            for field in ("name", "kind", "archived")
            if field in given and getattr(request, field) is not None
        }
        if "coordinating_organisation_id" in given:
            values["coordinating_organisation_id"] = request.coordinating_organisation_id
        if request.region_keys is not None:
            values["region_keys"] = sorted(request.region_keys)
        return await save(
            uow, current["id"], values, request.member_organisation_ids, request.sub_projects, new=False
        )


@operations("network.get", access=Access.READ)
async def get_network(request: NetworkRef, db: DatabaseDep) -> NetworkView:
    async with db.read() as session:
        view = await views.load_network(session, request.network_id, await views.custom_regions(session))
    if view is None:
        raise NotFound.for_field(
            "network_id", f"there is no network with id {request.network_id}", "unknown_network"
        )
    return view


@operations("network.list", access=Access.READ)
async def list_networks(request: ListNetworks, db: DatabaseDep) -> Page[NetworkView]:
    """Networks by name, kind, member organisation, region or id; paginated."""
    async with db.read() as session:
        custom = await views.custom_regions(session)
        ids, total = await network_store.list_network_ids(
            session,
            name=request.name,
            kind=request.kind,
            organisation_id=request.organisation_id,
            region_keys=region_filter(request.region_key, custom),
            include_archived=request.include_archived,
            offset=request.offset,
            limit=request.limit,
            ids=request.ids,
        )
        items = await views.load_networks(session, ids, custom)
    return Page[NetworkView](items=items, total=total, offset=request.offset, limit=request.limit)
