"""Contract of the registry service: organisations, people, networks, regions, responsibilities."""

from __future__ import annotations

import uuid
from datetime import date, datetime
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


class OrganisationSnapshot(DomainEvent, service=SERVICE, name="organisation.updated"):
    """The organisation as it is now (sent after every change; consumers keep the newest version)."""

    organisation_id: uuid.UUID
    name: str
    type: str
    statutory: bool
    region_keys: list[str]
    parent_id: uuid.UUID | None
    archived: bool
    version: int


class OrganisationArchived(DomainEvent, service=SERVICE, name="organisation.archived"):
    organisation_id: uuid.UUID
    version: int


# -- people -----------------------------------------------------------------------------------------


class MembershipFacts(View):
    """What other services need to know about one membership of a person."""

    organisation_id: uuid.UUID
    function: str | None = None
    decision_maker: bool = False
    substitute_person_id: uuid.UUID | None = None
    start_date: date | None = None


class PersonFacts(View):
    """The personal data other services may hold: only what they need to invite, show and write."""

    person_id: uuid.UUID
    given_name: str
    family_name: str
    form_of_address: str = Field(description="Code from the registry vocabulary: ms, mr, neutral")
    title: str | None = None
    email: str | None = None
    language: str = Field(default="de", description="de or en")
    consents_to_event_contact: bool = False
    memberships: list[MembershipFacts] = Field(default_factory=list)
    version: int


class PersonCreated(DomainEvent, service=SERVICE, name="person.created"):
    person: PersonFacts


class PersonUpdated(DomainEvent, service=SERVICE, name="person.updated"):
    """Sent after every change of a person's data or memberships, with the data as it is now."""

    person: PersonFacts


class MembershipEnded(DomainEvent, service=SERVICE, name="membership.ended"):
    """A person left an organisation (their invitations for it follow)."""

    person_id: uuid.UUID
    organisation_id: uuid.UUID
    end_date: date
    version: int


class PersonErased(DomainEvent, service=SERVICE, name="person.erased"):
    """The person asked to be forgotten: every service removes or anonymises what it holds.
    Carries no personal data, only the id."""

    person_id: uuid.UUID
    erased_at: datetime


# -- networks ---------------------------------------------------------------------------------------


class NetworkSnapshot(DomainEvent, service=SERVICE, name="network.updated"):
    """A network as it is now: members, coordinator and the districts of its region."""

    network_id: uuid.UUID
    name: str
    kind: str
    coordinating_organisation_id: uuid.UUID | None
    member_organisation_ids: list[uuid.UUID]
    region_keys: list[str]
    district_keys: list[str] = Field(description="Every district (Kreis, Stadt, Bezirk) in the region")
    archived: bool = False
    version: int
