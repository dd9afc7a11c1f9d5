"""The subjects the registry answers (request-reply). Thin: parse → rules → store → reply."""

from __future__ import annotations

from netzwerkstatt.contracts.registry import (
    SERVICE,
    CreateOrganisation,
    ListOrganisations,
    OrganisationCreated,
    OrganisationView,
    Page,
)
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.errors import Conflict
from netzwerkstatt.rpc import Operations

from registry_service import domain, store

operations = Operations(SERVICE)


@operations("organisation.create")
async def create_organisation(request: CreateOrganisation, db: DatabaseDep) -> OrganisationView:
    """Register an organisation; announces ``registry.evt.organisation.created``."""
    domain.check_new_organisation(request.name, request.type, request.region_keys)
    async with db.unit_of_work() as uow:
        if await store.organisation_name_taken(uow.session, request.name, request.region_keys):
            raise Conflict.for_field(
                "name",
                f"an organisation named {request.name!r} already exists for these regions",
                "duplicate",
            )
        row = await store.insert_organisation(
            uow.session, name=request.name, type_=request.type, region_keys=request.region_keys
        )
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
    return OrganisationView.model_validate(row)


@operations("organisation.list")
async def list_organisations(request: ListOrganisations, db: DatabaseDep) -> Page[OrganisationView]:
    """Organisations by name and type, paginated."""
    async with db.read() as session:
        rows, total = await store.list_organisations(
            session,
            name=request.name,
            type_=request.type,
            include_archived=request.include_archived,
            offset=request.offset,
            limit=request.limit,
        )
    return Page[OrganisationView](
        items=[OrganisationView.model_validate(row) for row in rows],
        total=total,
        offset=request.offset,
        limit=request.limit,
    )
