"""JSON API of the registry: organisations, people, networks, regions, responsibilities."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status
from netzwerkstatt import subjects
from netzwerkstatt.contracts.registry import (
    SERVICE,
    CreateOrganisation,
    ListOrganisations,
    OrganisationView,
    Page,
)
from netzwerkstatt.rpc import RpcClient

router = APIRouter(tags=["registry"])


def rpc(request: Request) -> RpcClient:
    client: RpcClient = request.app.state.rpc
    return client


Rpc = Annotated[RpcClient, Depends(rpc)]


@router.post("/organisations", status_code=status.HTTP_201_CREATED, response_model=OrganisationView)
async def create_organisation(body: CreateOrganisation, client: Rpc) -> OrganisationView:
    return await client.call(subjects.operation(SERVICE, "organisation.create"), body, OrganisationView)


@router.get("/organisations", response_model=Page[OrganisationView])
async def list_organisations(
    client: Rpc, query: Annotated[ListOrganisations, Query()]
) -> Page[OrganisationView]:
    return await client.call(subjects.operation(SERVICE, "organisation.list"), query, Page[OrganisationView])
