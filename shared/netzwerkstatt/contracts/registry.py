"""Contract of the registry service: organisations, people, networks, regions, responsibilities."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Generic, TypeVar

from pydantic import Field

from netzwerkstatt.contracts import PageRequest, Request, View
from netzwerkstatt.envelope import DomainEvent

SERVICE = "registry"

T = TypeVar("T")


class Page(View, Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int


# -- organisations ----------------------------------------------------------------------------------


class CreateOrganisation(Request):
    name: str = Field(min_length=2, max_length=200, examples=["Jobcenter Leipzig"])
    type: str = Field(
        description="Organisation type code from the registry's vocabulary", examples=["jobcenter"]
    )
    region_keys: list[str] = Field(
        default_factory=list, description="Official keys of the regions served", examples=[["14713"]]
    )


class ListOrganisations(PageRequest):
    name: str | None = Field(default=None, description="Part of the name, case-insensitive")
    type: str | None = None
    include_archived: bool = False


class OrganisationView(View):
    id: uuid.UUID
    name: str
    type: str
    region_keys: list[str]
    archived: bool
    version: int
    created_at: datetime
    updated_at: datetime


class OrganisationCreated(DomainEvent, service=SERVICE, name="organisation.created"):
    organisation_id: uuid.UUID
    name: str
    type: str
    region_keys: list[str]
    version: int
