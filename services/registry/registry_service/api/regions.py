"""Regions: reference lookups and custom regions defined by staff."""

from __future__ import annotations

import sqlalchemy as sa

from netzwerkstatt.contracts.registry import (
    CreateCustomRegion,
    CustomRegionSaved,
    RegionKey,
    RegionView,
    SearchRegions,
)
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.errors import Conflict, NotFound
from netzwerkstatt.principal import Access
from registry_service.api import views
from registry_service.api.operations import operations
from registry_service.domain import Problems, check_term, regionlookup
from registry_service.store import regions as region_store
from registry_service.vocabulary import RegionKind


@operations("region.get", access=Access.READ)
async def get_region(request: RegionKey, db: DatabaseDep) -> RegionView:
    """A Land, district, Berlin Bezirk or custom region by its key, with the districts in it."""
    async with db.read() as session:
        custom = await views.custom_regions(session)
    region = regionlookup.view_of(request.key, custom)
    if region is None:
        message = regionlookup.problem_with_region_key(request.key, custom) or "unknown region"
        raise NotFound.for_field("key", message, "unknown_region")
    return region


@operations("region.search", access=Access.READ)
async def search_regions(request: SearchRegions, db: DatabaseDep) -> list[RegionView]:
    """Regions whose name contains the text (umlauts and case ignored): exact matches first."""
    problems = Problems()
    for index, kind in enumerate(request.kinds or ()):
        check_term(RegionKind, kind, f"kinds.{index}", problems, "region kind")
    problems.raise_if_any("the search cannot be run as given")
    async with db.read() as session:
        custom = await views.custom_regions(session)
    return regionlookup.search(request.text, request.kinds, custom, request.limit)


@operations("region.create_custom", access=Access.CHANGE)
async def create_custom_region(request: CreateCustomRegion, db: DatabaseDep) -> RegionView:
    """Define a region as a set of districts; announces ``registry.evt.region.updated``. Regions are
    shared reference data of no network: any coordinator may add one."""
    problems = Problems()
    for index, key in enumerate(request.district_keys):
        message = regionlookup.problem_with_district_key(key)
        if message:
            problems.add(f"district_keys.{index}", message, "unknown_region")
    if len(set(request.district_keys)) != len(request.district_keys):
        problems.add("district_keys", "a district is listed twice", "duplicate")
    problems.raise_if_any("the region cannot be created as given")
    key = regionlookup.custom_key(request.name)
    async with db.unit_of_work() as uow:
        try:
            async with uow.session.begin_nested():
                row = await region_store.insert_custom_region(
                    uow.session, key=key, name=request.name, district_keys=request.district_keys
                )
        except sa.exc.IntegrityError:
            raise Conflict.for_field(
                "name", f"a custom region named {request.name!r} exists already", "duplicate"
            ) from None
        await uow.record(
            CustomRegionSaved(
                key=row["key"], name=row["name"], district_keys=row["district_keys"], version=row["version"]
            ),
            subject=row["key"],
        )
        custom = await views.custom_regions(uow.session)
    view = regionlookup.view_of(key, custom)
    assert view is not None
    return view
