"""Events: details, status lifecycle, changes announced to participants, and the next edition."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from events_service import clock, convert, registering
from events_service.api.base import event_to_change, existing_event, existing_series, operations, series_title
from events_service.api.series import next_edition_number, suggest_host
from events_service.domain import lifecycle
from events_service.domain.errors import RuleError, RuleViolation, fail, raise_if_any
from events_service.domain.vocabulary import EventStatus
from events_service.store import events as store
from events_service.store import projection
from events_service.store import registrations as registration_store
from events_service.store.records import EventRecord, SeriesRecord
from netzwerkstatt.contracts import Page
from netzwerkstatt.contracts.events import (
    FORMAT_CODES,
    CancelEvent,
    CreateEvent,
    EnterHeldEvent,
    EventCancelled,
    EventCompleted,
    EventFacts,
    EventPublished,
    EventRef,
    EventUpdated,
    EventView,
    ListEvents,
    NextEditionPlanned,
    OrganiserInput,
    PlanNextEdition,
    UpdateEvent,
)
from netzwerkstatt.db import DatabaseDep, UnitOfWork, hold_chosen_id, utcnow
from netzwerkstatt.errors import Conflict, InvalidInput, NotFound
from netzwerkstatt.principal import Access, Principal, require_change, require_new_in


async def organiser_of(
    session: AsyncSession,
    series: SeriesRecord | None,
    organiser: OrganiserInput | None,
    host_organisation_id: uuid.UUID | None,
) -> tuple[str, str | None]:
    """The organiser's name and e-mail as given, else the series' organisers (or the host)."""
    if organiser is not None:
        return organiser.name, organiser.email
    ids = list(series.organiser_organisation_ids) if series else []
    if not ids and host_organisation_id is not None:
        ids = [host_organisation_id]
    names = await projection.names_of_organisations(session, ids)
    if not names:
        raise InvalidInput.for_field(
            "organiser", "name the organiser (or create the event in a series)", "missing"
        )
    organiser_email = series.organiser_email if series else None
    return " / ".join(names[oid] for oid in ids if oid in names), organiser_email


async def check_host(session: AsyncSession, host_organisation_id: uuid.UUID | None) -> None:
    if (
        host_organisation_id is not None
        and await projection.organisation(session, host_organisation_id) is None
    ):
        raise NotFound.for_field("host_organisation_id", f"no organisation with id {host_organisation_id}")


async def view_of(session: AsyncSession, event: EventRecord) -> EventView:
    counts = await store.registration_counts(session, [event.id])
    return convert.event_view(event, await series_title(session, event.series_id), counts[event.id])


async def refuse_taken_id(session: AsyncSession, principal: Principal, event_id: uuid.UUID | None) -> None:
    """A caller-chosen id that an event has already: ``duplicate_id`` at ``id``, told only to those who
    may change that event (anyone else is refused as for any change of it)."""
    if event_id is None:
        return
    await hold_chosen_id(session, "event", event_id)
    existing = await store.event_row(session, event_id)
    if existing is not None:
        require_change(principal, existing.network_id)
        raise Conflict.for_field("id", f"an event with id {event_id} exists", "duplicate_id")


async def locked_series(session: AsyncSession, series_id: uuid.UUID | None) -> SeriesRecord | None:
    """The series a new edition joins, locked until the write commits (edition numbers stay unique)."""
    return None if series_id is None else await existing_series(session, series_id, lock=True)


def network_of_new_event(
    principal: Principal, requested: uuid.UUID | None, series: SeriesRecord | None
) -> uuid.UUID | None:
    """The network a new event belongs to. An edition belongs to its series' network, and only who
    may change the series adds editions to it (their numbers, host rotation and feedback trend are the
    series'); an event on its own belongs to the network named, one of the caller's. A series of no
    network is an admin's, who names each edition's network."""
    if series is None:
        require_new_in(principal, requested)
        return requested
    require_change(principal, series.network_id)
    if series.network_id is None:
        return requested
    if requested is not None and requested != series.network_id:
        raise InvalidInput.for_field(
            "network_id", "an edition belongs to the network of its series", "not_series_network"
        )
    return series.network_id


def refuse_taken_edition(editions: list[EventRecord], edition: int | None) -> None:
    if edition is not None and any(other.edition == edition for other in editions):
        raise Conflict.for_field("edition", f"edition {edition} of this series exists already", "duplicate")


def format_of(request: CreateEvent | EnterHeldEvent, series: SeriesRecord | None) -> str:
    """The new event's format: the one given, else its series'; refused at ``format`` otherwise."""
    chosen = request.format or (series.format if series else None)
    if chosen is None:
        raise InvalidInput.for_field("format", "give the format (or name the event's series)", "missing")
    if chosen not in FORMAT_CODES:
        raise InvalidInput.for_field(
            "format", f"unknown format {chosen!r}; use one of {FORMAT_CODES}", "enum"
        )
    return chosen


def new_event(
    request: CreateEvent | EnterHeldEvent,
    series: SeriesRecord | None,
    event_format: str,
    edition: int | None,
    network_id: uuid.UUID | None,
    organiser: tuple[str, str | None],
    status: EventStatus,
) -> EventRecord:
    """The record of an event created now from its request (a draft, or one held before, entered
    as completed: that one takes no registration window)."""
    now = utcnow()
    window = request if isinstance(request, CreateEvent) else None
    return EventRecord(
        id=request.id or convert.new_id(),
        series_id=series.id if series else None,
        edition=edition,
        format=event_format,
        network_id=network_id,
        title=request.title,
        motto=request.motto,
        description=request.description,
        # A held event's days come from paper records in any order; a new draft's stay as given.
        days=convert.days_to_json(request.days if window else sorted(request.days, key=lambda day: day.date)),
        venue=convert.venue_to_json(request.venue),
        host_district_key=request.host_district_key,
        host_organisation_id=request.host_organisation_id,
        capacity=request.capacity,
        seats_per_organisation=request.seats_per_organisation,
        target_groups=request.target_groups,
        registration_opens_at=window.registration_opens_at if window else None,
        registration_closes_at=window.registration_closes_at if window else None,
        funding_note=request.funding_note,
        organiser_name=organiser[0],
        organiser_email=organiser[1],
        status=status.value,
        cancel_reason=None,
        version=1,
        created_at=now,
        updated_at=now,
    )


@operations("event.create", access=Access.CHANGE)
async def create_event(request: CreateEvent, principal: Principal, db: DatabaseDep) -> EventView:
    """A new event as a draft, on its own or as an edition of a series; an ``id`` that exists is
    ``duplicate_id`` at ``id``; days that would have begun already are ``starts_in_past`` at
    ``days`` (a past edition is recorded as such)."""
    async with db.unit_of_work() as uow:
        session = uow.session
        await refuse_taken_id(session, principal, request.id)
        series = await locked_series(session, request.series_id)
        event_format = format_of(request, series)
        await check_host(session, request.host_organisation_id)
        editions = await store.events_of_series(session, series.id) if series else []
        edition = request.edition
        if series is not None and edition is None:
            edition = next_edition_number(series, editions)
        network_id = network_of_new_event(principal, request.network_id, series)
        organiser = await organiser_of(session, series, request.organiser, request.host_organisation_id)
        event = new_event(request, series, event_format, edition, network_id, organiser, EventStatus.DRAFT)
        snapshot = convert.snapshot(event)
        raise_if_any(
            (
                *lifecycle.check_event(snapshot),
                *lifecycle.check_starts_ahead(snapshot.days, clock.now()),
                *lifecycle.check_host_district(request.host_district_key),
            )
        )
        refuse_taken_edition(editions, edition)
        await store.insert_event(session, event)
        return await view_of(session, event)


@operations("event.get", access=Access.READ)
async def get_event(request: EventRef, db: DatabaseDep) -> EventView:
    async with db.read() as session:
        return await view_of(session, await existing_event(session, request.event_id))


@operations("event.list", access=Access.READ)
async def list_events(request: ListEvents, db: DatabaseDep) -> Page[EventView]:
    """Events in date order, optionally of one series, in one status, of some networks, only those
    not yet over, only those with a day between ``first_day`` and ``last_day``, or only those whose
    title, motto or venue holds the words ``q``."""
    async with db.read() as session:
        chosen = store.EventFilter(
            series_id=request.series_id,
            status=request.status,
            network_ids=request.network_ids,
            not_over_on=clock.today() if request.upcoming else None,
            words=request.q.strip() if request.q else None,
            first_day=request.first_day,
            last_day=request.last_day,
        )
        shown, total = await store.page_of_events(session, chosen, offset=request.offset, limit=request.limit)
        counts = await store.registration_counts(session, [event.id for event in shown])
        # Each series' title read once, however many of its editions the page shows.
        titles = {
            series_id: await series_title(session, series_id) for series_id in {e.series_id for e in shown}
        }
    views = [convert.event_view(event, titles[event.series_id], counts[event.id]) for event in shown]
    return Page[EventView](items=views, total=total, offset=request.offset, limit=request.limit)


def _stored_value(name: str, request: UpdateEvent) -> Any:
    value = getattr(request, name)
    if name == "days":
        return convert.days_to_json(value)
    if name == "venue":
        return convert.venue_to_json(value)
    return value


def _domain_value(name: str, request: UpdateEvent) -> Any:
    value = getattr(request, name)
    if name == "days":
        return convert.input_days(value)
    if name == "venue":
        return convert.venue_key(convert.venue_to_json(value))
    if name == "target_groups":
        return tuple(value)
    return value


CLEARABLE = frozenset(
    {
        "motto",
        "venue",
        "host_district_key",
        "host_organisation_id",
        "capacity",
        "seats_per_organisation",
        "registration_opens_at",
        "registration_closes_at",
        "funding_note",
    }
)


async def _limits_in_use(session: AsyncSession, event_id: uuid.UUID) -> tuple[int, int]:
    """Confirmed places and the most confirmed seats one organisation holds."""
    seats = await registration_store.confirmed_seats(session, event_id)
    held = (count for organisation, count in seats.items() if organisation is not None)
    return sum(seats.values()), max(held, default=0)


@operations("event.update", access=Access.CHANGE)
async def update_event(request: UpdateEvent, principal: Principal, db: DatabaseDep) -> EventView:
    """Change the fields given; what may change depends on the status. Participants of a published
    event are told about new dates or a new venue; a raised capacity promotes from the waitlist."""
    names = sorted(request.model_fields_set - {"event_id"})
    for name in names:
        if getattr(request, name) is None and name not in CLEARABLE:
            raise InvalidInput.for_field(name, f"{name} cannot be cleared; give a value or leave it out")
    async with db.unit_of_work() as uow:
        event = await event_to_change(uow.session, principal, request.event_id)
        confirmed, most_seats = await _limits_in_use(uow.session, event.id)
        change = lifecycle.EventChange(**{name: _domain_value(name, request) for name in names})
        plan = lifecycle.plan_change(convert.snapshot(event, confirmed, most_seats), change)
        updated = next((f for f in plan.facts if isinstance(f, lifecycle.EventUpdated)), None)
        if updated is None:
            return await view_of(uow.session, event)
        changed = list(updated.changed_fields)
        before = event
        event = replace(
            event,
            **{name: _stored_value(name, request) for name in changed},
            version=event.version + 1,
            updated_at=utcnow(),
        )
        if "days" in changed:
            await _agenda_follows_the_days(uow.session, before.days, event)
        await store.update_event(uow.session, event)
        await uow.record(
            EventUpdated(
                event=convert.event_facts(event, await series_title(uow.session, event.series_id)),
                changed_fields=changed,
                schedule_changed=bool({"days", "venue"} & set(changed)),
            ),
            subject=event.id,
        )
        if any(isinstance(fact, lifecycle.RegistrationLimitsChanged) for fact in plan.facts):
            await registering.rebalance(uow, event)
        return await view_of(uow.session, event)


async def _agenda_follows_the_days(
    session: AsyncSession, days_before: list[dict[str, str]], event: EventRecord
) -> None:
    """The programme keeps to the event's days. Moved to other dates with as many days, each item
    moves with its day (the first day's items to the new first day, and so on); with fewer or more
    days, an item on a day the event no longer has is refused, so that nothing is left on a date the
    event does not take place or moved by a guess."""
    before = [date.fromisoformat(day["date"]) for day in days_before]
    after = [date.fromisoformat(day["date"]) for day in event.days]
    items = await store.agenda_of(session, event.id)
    stranded = [item for item in items if item.day not in after]
    if not stranded:
        return
    if len(before) != len(after) or any(item.day not in before for item in stranded):
        raise fail(
            "agenda_on_removed_day",
            f"the programme has items on {stranded[0].day.isoformat()}, no longer a day of the event; "
            "move or remove them first",
            "days",
        )
    moved = dict(zip(before, after, strict=True))
    await store.replace_agenda(session, event.id, [replace(item, day=moved[item.day]) for item in items])


async def _transition(
    uow: UnitOfWork, principal: Principal, event_id: uuid.UUID, target: EventStatus, reason: str | None = None
) -> EventRecord | None:
    """Move the event to ``target``; None when it was there already (a harmless retry)."""
    event = await event_to_change(uow.session, principal, event_id)
    plan = lifecycle.plan_transition(convert.snapshot(event), target, clock.now(), reason)
    if not plan.facts:
        return None
    event = replace(
        event,
        status=target.value,
        version=event.version + 1,
        updated_at=utcnow(),
        cancel_reason=reason if target == EventStatus.CANCELLED else event.cancel_reason,
    )
    await store.update_event(uow.session, event)
    return event


async def _facts(uow: UnitOfWork, event: EventRecord) -> EventFacts:
    return convert.event_facts(event, await series_title(uow.session, event.series_id))


@operations("event.publish", access=Access.CHANGE)
async def publish_event(request: EventRef, principal: Principal, db: DatabaseDep) -> EventView:
    """Open the event: it can be registered for and invitations can go out."""
    async with db.unit_of_work() as uow:
        event = await _transition(uow, principal, request.event_id, EventStatus.PUBLISHED)
        if event is not None:
            await uow.record(EventPublished(event=await _facts(uow, event)), subject=event.id)
        return await view_of(uow.session, event or await existing_event(uow.session, request.event_id))


@operations("event.start", access=Access.CHANGE)
async def start_event(request: EventRef, principal: Principal, db: DatabaseDep) -> EventView:
    """The event begins (on its first day at the earliest); check-in opens."""
    async with db.unit_of_work() as uow:
        event = await _transition(uow, principal, request.event_id, EventStatus.RUNNING)
        if event is not None:
            facts = await _facts(uow, event)
            await uow.record(
                EventUpdated(event=facts, changed_fields=["status"], schedule_changed=False),
                subject=event.id,
            )
        return await view_of(uow.session, event or await existing_event(uow.session, request.event_id))


async def attendee_ids(session: AsyncSession, event_id: uuid.UUID) -> list[uuid.UUID]:
    """People present on at least one day (erased people are no longer named)."""
    registrations = {record.id: record for record in await registration_store.of_event(session, event_id)}
    present = {
        mark.registration_id
        for mark in await registration_store.attendance_of_event(session, event_id)
        if mark.present
    }
    return [
        record.person_id
        for registration_id, record in registrations.items()
        if registration_id in present and not record.anonymised
    ]


@operations("event.complete", access=Access.CHANGE)
async def complete_event(request: EventRef, principal: Principal, db: DatabaseDep) -> EventView:
    """The event is over (on its last day at the earliest); its attendees are announced for feedback."""
    async with db.unit_of_work() as uow:
        event = await _transition(uow, principal, request.event_id, EventStatus.COMPLETED)
        if event is not None:
            await uow.record(
                EventCompleted(
                    event=await _facts(uow, event),
                    attendee_person_ids=await attendee_ids(uow.session, event.id),
                ),
                subject=event.id,
            )
        return await view_of(uow.session, event or await existing_event(uow.session, request.event_id))


@operations("event.cancel", access=Access.CHANGE)
async def cancel_event(request: CancelEvent, principal: Principal, db: DatabaseDep) -> EventView:
    """Call the event off (a draft or published event); everyone registered is told."""
    async with db.unit_of_work() as uow:
        event = await _transition(uow, principal, request.event_id, EventStatus.CANCELLED, request.reason)
        if event is not None:
            await uow.record(
                EventCancelled(event=await _facts(uow, event), reason=request.reason), subject=event.id
            )
        return await view_of(uow.session, event or await existing_event(uow.session, request.event_id))


def next_title(title: str, previous: int | None, edition: int) -> str:
    """ "13. IKOE-Ideenwerkstatt" becomes "14. IKOE-Ideenwerkstatt"; other titles stay as they are."""
    if previous is None:
        return title
    return re.sub(rf"^{previous}\.", f"{edition}.", title, count=1)


def venue_carried(previous: EventRecord, host: str | None) -> dict[str, Any] | None:
    """The venue the next edition takes over when none is given: the previous one's while the host
    district stays; a new host holds it elsewhere, so the venue is left to be entered."""
    return previous.venue if host == previous.host_district_key else None


def refuse_second_next_edition(previous: EventRecord, editions: list[EventRecord]) -> None:
    """An edition has one next edition: one that follows it already (and is not cancelled) is
    refused at ``event_id`` with its number, instead of a second draft numbered on."""
    following = [
        other
        for other in editions
        if previous.edition is not None
        and other.edition is not None
        and other.edition > previous.edition
        and other.status != EventStatus.CANCELLED.value
    ]
    if following:
        first = min(following, key=lambda other: other.edition or 0)
        raise RuleViolation(
            [
                RuleError(
                    code="next_edition_exists",
                    message=f"edition {first.edition} follows this one already ({first.status})",
                    field="event_id",
                    params={"edition": first.edition or 0, "status": first.status},
                )
            ]
        )


@operations("event.plan_next_edition", access=Access.CHANGE)
async def plan_next_edition(request: PlanNextEdition, principal: Principal, db: DatabaseDep) -> EventView:
    """Create the next edition of the series from this one as a draft: edition counted up, host by
    rotation unless given, settings carried over (the venue only while the host district stays);
    the previous attendees get a save-the-date. An edition that follows this one already (not
    cancelled) is ``next_edition_exists`` at ``event_id``: no second draft."""
    async with db.unit_of_work() as uow:
        session = uow.session
        previous = await existing_event(session, request.event_id)
        if previous.series_id is None:
            raise fail("not_in_series", "only an event of a series has a next edition", "event_id")
        series = await existing_series(session, previous.series_id, lock=True)
        require_change(principal, previous.network_id)
        editions = await store.events_of_series(session, series.id)
        refuse_second_next_edition(previous, editions)
        edition = next_edition_number(series, editions)
        await check_host(session, request.host_organisation_id)
        host = request.host_district_key or suggest_host(series, editions)
        now = utcnow()
        event = replace(
            previous,
            id=convert.new_id(),
            edition=edition,
            title=request.title or next_title(previous.title, previous.edition, edition),
            motto=request.motto,
            days=convert.days_to_json(request.days),
            venue=convert.venue_to_json(request.venue) if request.venue else venue_carried(previous, host),
            host_district_key=host,
            host_organisation_id=request.host_organisation_id,
            registration_opens_at=None,
            registration_closes_at=None,
            status=EventStatus.DRAFT.value,
            cancel_reason=None,
            version=1,
            created_at=now,
            updated_at=now,
            recorded_figures=None,  # planned here, even after an edition recorded as history
        )
        raise_if_any(
            (
                *lifecycle.check_event(convert.snapshot(event)),
                *lifecycle.check_host_district(request.host_district_key),
                *lifecycle.check_days_ahead((day.date for day in request.days), clock.today()),
            )
        )
        await store.insert_event(session, event)
        await uow.record(
            NextEditionPlanned(
                event=convert.event_facts(event, series.title),
                previous_event_id=previous.id,
                audience_person_ids=await attendee_ids(session, previous.id),
            ),
            subject=event.id,
        )
        return await view_of(session, event)
