"""Rows of this service's tables as domain models, facts for other services and views."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date, time
from typing import Any

from events_service.domain import schedule
from events_service.domain.lifecycle import EventSnapshot
from events_service.domain.registration import Registration, RegistrationPolicy, invitation_state
from events_service.domain.vocabulary import EventStatus, RegistrationStatus
from events_service.store.records import (
    AgreementRecord,
    EventRecord,
    InvitationRecord,
    PlacedRegistration,
    RegistrationRecord,
)
from netzwerkstatt.contracts.events import (
    AgreementFacts,
    EventDay,
    EventDayInput,
    EventFacts,
    EventView,
    InvitationView,
    Organiser,
    PublicOrganiser,
    RecordedFigures,
    RegistrationFacts,
    RegistrationView,
    Venue,
    VenueInput,
)


def days_to_json(days: Sequence[EventDayInput | EventDay]) -> list[dict[str, str]]:
    return [
        {"date": d.date.isoformat(), "start": d.start.isoformat(), "end": d.end.isoformat()} for d in days
    ]


def domain_days(stored: Sequence[dict[str, str]]) -> tuple[schedule.EventDay, ...]:
    return tuple(
        schedule.EventDay(
            date=date.fromisoformat(day["date"]),
            start=time.fromisoformat(day["start"]),
            end=time.fromisoformat(day["end"]),
        )
        for day in stored
    )


def input_days(days: Sequence[EventDayInput]) -> tuple[schedule.EventDay, ...]:
    return tuple(schedule.EventDay(date=d.date, start=d.start, end=d.end) for d in days)


def contract_days(stored: Sequence[dict[str, str]]) -> list[EventDay]:
    return [EventDay(date=d.date, start=d.start, end=d.end) for d in domain_days(stored)]


def venue_to_json(venue: VenueInput | None) -> dict[str, Any] | None:
    return None if venue is None else venue.model_dump()


def venue_key(venue: dict[str, Any] | None) -> str | None:
    """The venue as one comparable text (the lifecycle rules compare venues as values)."""
    return None if venue is None else json.dumps(venue, sort_keys=True, ensure_ascii=False)


def event_facts(event: EventRecord, series_title: str | None = None) -> EventFacts:
    return EventFacts(
        event_id=event.id,
        series_id=event.series_id,
        series_title=series_title,
        edition=event.edition,
        network_id=event.network_id,
        format=event.format,
        title=event.title,
        motto=event.motto,
        days=contract_days(event.days),
        venue=None if event.venue is None else Venue(**event.venue),
        organiser=PublicOrganiser(name=event.organiser_name),
        status=event.status,
        capacity=event.capacity,
        registration_deadline=event.registration_closes_at,
        cancel_reason=event.cancel_reason if event.status == "cancelled" else None,
        version=event.version,
    )


def event_view(event: EventRecord, series_title: str | None, counts: dict[str, int]) -> EventView:
    days = domain_days(event.days)
    return EventView(
        id=event.id,
        series_id=event.series_id,
        series_title=series_title,
        edition=event.edition,
        format=event.format,
        network_id=event.network_id,
        title=event.title,
        motto=event.motto,
        description=event.description,
        days=contract_days(event.days),
        starts_at=days[0].start_utc(),
        ends_at=days[-1].end_utc(),
        venue=None if event.venue is None else Venue(**event.venue),
        host_district_key=event.host_district_key,
        host_organisation_id=event.host_organisation_id,
        capacity=event.capacity,
        seats_per_organisation=event.seats_per_organisation,
        target_groups=list(event.target_groups),
        registration_opens_at=event.registration_opens_at,
        registration_closes_at=event.registration_closes_at,
        funding_note=event.funding_note,
        organiser=Organiser(name=event.organiser_name, email=event.organiser_email),
        status=event.status,
        cancel_reason=event.cancel_reason,
        confirmed=counts.get("confirmed", 0),
        waitlisted=counts.get("waitlisted", 0),
        version=event.version,
        recorded_figures=recorded_figures(event),
    )


def recorded_figures(event: EventRecord) -> RecordedFigures | None:
    """The counts of an edition entered afterwards as history; None for one held here."""
    stored = event.recorded_figures
    return None if stored is None else RecordedFigures(**stored)


def snapshot(event: EventRecord, confirmed_count: int = 0, most_seats: int = 0) -> EventSnapshot:
    return EventSnapshot(
        event_id=event.id,
        status=EventStatus(event.status),
        title=event.title,
        motto=event.motto,
        description=event.description,
        venue=venue_key(event.venue),
        host_district_key=event.host_district_key,
        host_organisation_id=event.host_organisation_id,
        target_groups=tuple(event.target_groups),
        funding_note=event.funding_note,
        days=domain_days(event.days),
        capacity=event.capacity,
        seats_per_organisation=event.seats_per_organisation,
        registration_opens_at=event.registration_opens_at,
        registration_closes_at=event.registration_closes_at,
        confirmed_count=confirmed_count,
        most_seats_held_by_one_organisation=most_seats,
    )


def policy(event: EventRecord) -> RegistrationPolicy:
    return RegistrationPolicy(
        event_id=event.id,
        status=EventStatus(event.status),
        starts_on=date.fromisoformat(event.days[0]["date"]),
        capacity=event.capacity,
        seats_per_organisation=event.seats_per_organisation,
        registration_opens_at=event.registration_opens_at,
        registration_closes_at=event.registration_closes_at,
    )


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def agreement_facts(agreement: AgreementRecord) -> AgreementFacts:
    return AgreementFacts(
        agreement_id=agreement.id,
        event_id=agreement.event_id,
        text=agreement.text,
        owner_organisation_id=agreement.owner_organisation_id,
        owner_person_id=agreement.owner_person_id,
        due_date=agreement.due_on,
        status=agreement.status,
        version=agreement.version,
    )


def registration(record: RegistrationRecord) -> Registration:
    """A stored registration as the registration rules decide about it."""
    return Registration(
        person_id=record.person_id,
        organisation_id=record.organisation_id,
        status=RegistrationStatus(record.status),
        registered_at=record.registered_at,
        is_newcomer=record.is_newcomer,
        substitute_for=record.substitute_for,
    )


def registration_facts(placed: PlacedRegistration, event: EventFacts) -> RegistrationFacts:
    """A registration as other services learn of it, with its event."""
    record = placed.record
    return RegistrationFacts(
        registration_id=record.id,
        event=event,
        person_id=record.person_id,
        status=record.status,
        waitlist_position=placed.waitlist_position,
        version=record.version,
    )


def registration_view(
    placed: PlacedRegistration, person_name: str | None, organisation_name: str | None
) -> RegistrationView:
    """A registration as staff see it, with the names of its person and organisation (None when
    erased or unknown)."""
    record = placed.record
    return RegistrationView(
        id=record.id,
        event_id=record.event_id,
        person_id=record.person_id,
        person_name=person_name,
        organisation_id=record.organisation_id,
        organisation_name=organisation_name,
        status=record.status,
        waitlist_position=placed.waitlist_position,
        registered_at=record.registered_at,
        is_newcomer=record.is_newcomer,
        is_decision_maker=record.is_decision_maker,
        substitute_for=record.substitute_for,
        version=record.version,
    )


def invitation_view(
    invitation: InvitationRecord,
    person_name: str | None,
    organisation_name: str | None,
    registration: PlacedRegistration | None = None,
) -> InvitationView:
    """An invitation as staff see it, with the names of its person and organisation (None when
    erased or unknown) and the person's registration for the event, which its state follows."""
    status = None if registration is None else RegistrationStatus(registration.record.status)
    return InvitationView(
        id=invitation.id,
        event_id=invitation.event_id,
        person_id=invitation.person_id,
        person_name=person_name,
        organisation_id=invitation.organisation_id,
        organisation_name=organisation_name,
        status=invitation.status,
        reason=invitation.reason,
        issued_at=invitation.issued_at,
        responded_at=invitation.responded_at,
        registration_status=None if status is None else status.value,
        waitlist_position=None if registration is None else registration.waitlist_position,
        state=invitation_state(invitation.status, status).value,
    )
