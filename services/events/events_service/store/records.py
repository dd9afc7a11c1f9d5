"""The rows of this service's tables as typed records: what the store returns and the rest of the
service reads, instead of dictionaries keyed by column name.

A record has exactly its table's columns, so building one from a row fails loudly if the two drift
apart. Records are frozen: a change goes back through the store, which returns the row as stored."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from typing import Any


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A row of the ``people`` projection of the registry."""

    id: uuid.UUID
    given_name: str
    family_name: str
    form_of_address: str
    title: str | None
    email: str | None
    language: str
    consents_to_event_contact: bool
    version: int
    projected_at: datetime

    @classmethod
    def of(cls, row: Mapping[Any, Any]) -> PersonRecord:
        return cls(**row)


@dataclass(frozen=True, slots=True)
class OrganisationRecord:
    """A row of the ``organisations`` projection of the registry."""

    id: uuid.UUID
    name: str
    type: str
    region_keys: list[str]
    statutory: bool
    parent_id: uuid.UUID | None
    archived: bool
    version: int
    projected_at: datetime

    @classmethod
    def of(cls, row: Mapping[Any, Any]) -> OrganisationRecord:
        return cls(**row)


@dataclass(frozen=True, slots=True)
class NetworkRecord:
    """A row of the ``networks`` projection of the registry."""

    id: uuid.UUID
    name: str
    kind: str
    coordinating_organisation_id: uuid.UUID | None
    member_organisation_ids: list[uuid.UUID]
    region_keys: list[str]
    district_keys: list[str]
    archived: bool
    version: int
    projected_at: datetime

    @classmethod
    def of(cls, row: Mapping[Any, Any]) -> NetworkRecord:
        return cls(**row)


@dataclass(frozen=True, slots=True)
class SeriesRecord:
    """A row of ``series``."""

    id: uuid.UUID
    title: str
    format: str
    network_id: uuid.UUID | None
    organiser_organisation_ids: list[uuid.UUID]
    host_pool: list[str]
    first_edition: int
    organiser_email: str | None
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: Mapping[Any, Any]) -> SeriesRecord:
        return cls(**row)

    def columns(self) -> dict[str, object]:
        """The record as the column values a statement writes."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


@dataclass(frozen=True, slots=True)
class EventRecord:
    """A row of ``events``. The JSON columns stay as stored: ``days`` (dates and wall-clock times in
    date order), ``venue`` and, for an edition recorded as history, ``recorded_figures``."""

    id: uuid.UUID
    series_id: uuid.UUID | None
    edition: int | None
    format: str
    network_id: uuid.UUID | None
    title: str
    motto: str | None
    description: str
    days: list[dict[str, str]]
    venue: dict[str, Any] | None
    host_district_key: str | None
    host_organisation_id: uuid.UUID | None
    capacity: int | None
    seats_per_organisation: int | None
    target_groups: list[str]
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    funding_note: str | None
    organiser_name: str
    organiser_email: str | None
    status: str
    cancel_reason: str | None
    version: int
    created_at: datetime
    updated_at: datetime
    recorded_figures: dict[str, Any] | None = None

    @classmethod
    def of(cls, row: Mapping[Any, Any]) -> EventRecord:
        return cls(**row)

    def columns(self) -> dict[str, object]:
        """The record as the column values a statement writes."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


@dataclass(frozen=True, slots=True)
class RegistrationRecord:
    """A row of ``registrations``."""

    id: uuid.UUID
    event_id: uuid.UUID
    person_id: uuid.UUID
    organisation_id: uuid.UUID | None
    status: str
    arrival: int
    registered_at: datetime
    updated_at: datetime
    is_newcomer: bool
    is_decision_maker: bool
    substitute_for: uuid.UUID | None
    anonymised: bool
    version: int

    @classmethod
    def of(cls, row: Mapping[Any, Any]) -> RegistrationRecord:
        return cls(**row)


@dataclass(frozen=True, slots=True)
class PlacedRegistration:
    """A registration with its place on the event's waitlist (1 is next; None unless it waits), as
    the facts and views of a registration show it."""

    record: RegistrationRecord
    waitlist_position: int | None


@dataclass(frozen=True, slots=True)
class Placement:
    """Whose seat a registration takes and on what terms, written when someone registers, takes over
    a place or declines without having registered."""

    organisation_id: uuid.UUID | None
    is_newcomer: bool
    is_decision_maker: bool
    registered_at: datetime
    substitute_for: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class RegistrationWrite:
    """What one decision writes to a registration: its new status, with the placement when the
    person (re)takes a place, and an explicit place in the arrival order when a substitute takes
    over the member's."""

    status: str
    updated_at: datetime
    placement: Placement | None = None
    arrival: int | None = None


@dataclass(frozen=True, slots=True)
class MembershipRecord:
    """One of an applicant's memberships, with the organisation's name (None if not projected)."""

    organisation_id: uuid.UUID
    decision_maker: bool
    start_date: date | None
    organisation_name: str | None


@dataclass(frozen=True, slots=True)
class InvitationRecord:
    """A row of ``invitations``."""

    id: uuid.UUID
    event_id: uuid.UUID
    person_id: uuid.UUID
    organisation_id: uuid.UUID | None
    status: str
    reason: str | None
    anonymised: bool
    issued_at: datetime
    responded_at: datetime | None

    @classmethod
    def of(cls, row: Mapping[Any, Any]) -> InvitationRecord:
        return cls(**row)


@dataclass(frozen=True, slots=True)
class AttendanceRecord:
    """A row of ``attendance``: one registration's presence on one day."""

    registration_id: uuid.UUID
    day: date
    present: bool
    recorded_at: datetime

    @classmethod
    def of(cls, row: Mapping[Any, Any]) -> AttendanceRecord:
        return cls(**row)


@dataclass(frozen=True, slots=True)
class AgreementRecord:
    """A row of ``agreements``."""

    id: uuid.UUID
    event_id: uuid.UUID
    text: str
    owner_organisation_id: uuid.UUID
    owner_person_id: uuid.UUID | None
    due_on: date | None
    status: str
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: Mapping[Any, Any]) -> AgreementRecord:
        return cls(**row)

    def columns(self) -> dict[str, object]:
        """The record as the column values a statement writes."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


@dataclass(frozen=True, slots=True)
class AgendaItemRecord:
    """A row of ``agenda_items``. ``speakers`` stays as stored: each ``{"person_id": …}`` or
    ``{"guest_name": …}``, or ``{"erased": true}`` for a speaker erased from the registry."""

    id: uuid.UUID
    event_id: uuid.UUID
    position: int
    day: date
    start_time: time
    end_time: time
    format: str
    title: str
    room: str | None
    speakers: list[dict[str, Any]]

    @classmethod
    def of(cls, row: Mapping[Any, Any]) -> AgendaItemRecord:
        return cls(**row)

    def columns(self) -> dict[str, object]:
        """The record as the column values a statement writes."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


@dataclass(frozen=True, slots=True)
class GroupworkPlanRecord:
    """A row of ``groupwork_plans``. Its JSON columns stay as stored: the parameters, participants,
    inputs and plan it was made from and with, the plan's quality and notices, the adjustments made
    by hand, the moderation state while it runs (``live``) and who met whom (``outcome``)."""

    id: uuid.UUID
    event_id: uuid.UUID
    kind: str
    title: str
    parameters: dict[str, Any]
    participant_source: str
    day: date | None
    seed: int
    participants: list[dict[str, Any]]
    inputs: dict[str, Any]
    plan: dict[str, Any]
    quality: dict[str, Any]
    notices: list[dict[str, Any]]
    adjustments: list[dict[str, Any]]
    outdated: bool
    version: int
    created_at: datetime
    updated_at: datetime
    live: dict[str, Any] | None = None
    outcome: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, row: Mapping[Any, Any]) -> GroupworkPlanRecord:
        return cls(**row)

    def columns(self) -> dict[str, object]:
        """The record as the column values a statement writes."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


@dataclass(frozen=True, slots=True)
class EarlierPlan:
    """What planning a World Café needs of a plan made for an earlier edition: its kind, the plan
    and who actually met whom."""

    kind: str
    plan: dict[str, Any]
    outcome: list[dict[str, Any]]
