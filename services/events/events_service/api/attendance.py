"""Attendance per day, no-shows, printable lists and participation figures."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from events_service import clock, convert
from events_service.api.base import event_to_change, existing_event, existing_series, operations
from events_service.domain import figures
from events_service.domain.errors import fail
from events_service.domain.lifecycle import ATTENDANCE_EDITABLE
from events_service.domain.vocabulary import EventStatus, RegistrationStatus
from events_service.store import agreements as agreement_store
from events_service.store import events as event_store
from events_service.store import projection
from events_service.store import registrations as store
from events_service.store.records import EventRecord, RegistrationRecord
from netzwerkstatt.contracts.events import (
    AttendanceRecorded,
    AttendanceRow,
    AttendanceView,
    EditionFiguresView,
    EventFiguresView,
    EventRef,
    FiguresView,
    PrintableParticipants,
    PrintableRequest,
    PrintableRow,
    QuarterFiguresList,
    QuarterFiguresRequest,
    QuarterFiguresView,
    RecordAttendance,
    SeriesFiguresView,
    SeriesRef,
)
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.errors import NotFound
from netzwerkstatt.principal import Access, Principal


@operations("attendance.record", access=Access.CHANGE)
async def record_attendance(
    request: RecordAttendance, principal: Principal, db: DatabaseDep
) -> AttendanceView:
    """Check a confirmed participant in (or mark absent) for one day of a running or completed event."""
    async with db.unit_of_work() as uow:
        event = await event_to_change(uow.session, principal, request.event_id)
        if EventStatus(event.status) not in ATTENDANCE_EDITABLE:
            raise fail("event_not_held", "attendance is recorded once the event is running", "event_id")
        if request.day not in [day.date for day in convert.domain_days(event.days)]:
            raise fail("not_an_event_day", f"{request.day.isoformat()} is not a day of this event", "day")
        registration = await store.by_id(uow.session, request.registration_id)
        if registration is None or registration.event_id != event.id:
            raise NotFound.for_field("registration_id", "no registration with this id for this event")
        if registration.status != RegistrationStatus.CONFIRMED:
            raise fail("not_confirmed", "only confirmed participants are checked in", "registration_id")
        await store.mark_attendance(uow.session, registration.id, request.day, present=request.present)
        if not registration.anonymised:
            await uow.record(
                AttendanceRecorded(
                    event_id=event.id,
                    person_id=registration.person_id,
                    day=request.day,
                    present=request.present,
                ),
                subject=registration.id,
            )
        return await attendance_view(uow.session, event)


@dataclass(frozen=True, slots=True)
class Participant:
    """A registration on the attendance and printed lists, with the names shown there (None when
    erased or unknown)."""

    registration: RegistrationRecord
    person_name: str | None
    organisation_name: str | None


async def _participants(session: AsyncSession, event_id: uuid.UUID) -> list[Participant]:
    """Confirmed registrations (and any with recorded attendance) with names, sorted by name."""
    registrations = await store.of_event(session, event_id)
    recorded = {mark.registration_id for mark in await store.attendance_of_event(session, event_id)}
    chosen = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED or r.id in recorded]
    people = await projection.names_of_people(session, [r.person_id for r in chosen])
    organisations = await projection.names_of_organisations(session, [r.organisation_id for r in chosen])
    participants = [
        Participant(
            registration=r,
            person_name=people.get(r.person_id),
            organisation_name=organisations.get(r.organisation_id) if r.organisation_id else None,
        )
        for r in chosen
    ]
    return sorted(participants, key=lambda p: (p.organisation_name or "", p.person_name or ""))


def attendance_row(
    participant: Participant, marks: dict[tuple[uuid.UUID, date], bool], days: list[date], over: set[date]
) -> AttendanceRow:
    """A participant's line of the attendance list: present, absent or not recorded per day. They
    missed a day they were marked absent on, or, confirmed, one that is ``over`` without a check-in;
    a day not recorded and not over counts for nothing yet (the check-in may still come)."""
    registration = participant.registration
    per_day = {day.isoformat(): marks.get((registration.id, day)) for day in days}
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    missed = [
        day
        for day in days
        if per_day[day.isoformat()] is False
        or (confirmed and day in over and per_day[day.isoformat()] is None)
    ]
    return AttendanceRow(
        registration_id=registration.id,
        person_id=registration.person_id,
        person_name=participant.person_name,
        organisation_name=participant.organisation_name,
        days=per_day,
        missed_days=missed,
        no_show=confirmed and len(missed) == len(days),
    )


async def attendance_view(session: AsyncSession, event: EventRecord) -> AttendanceView:
    event_days = convert.domain_days(event.days)
    days = [day.date for day in event_days]
    now = clock.now()
    # A completed event is over on every day, also when completed before its last day's end time.
    completed = event.status == EventStatus.COMPLETED
    over = {day.date for day in event_days if completed or day.end_utc() <= now}
    marks = {
        (mark.registration_id, mark.day): mark.present
        for mark in await store.attendance_of_event(session, event.id)
    }
    rows = [
        attendance_row(participant, marks, days, over)
        for participant in await _participants(session, event.id)
    ]
    return AttendanceView(
        event_id=event.id,
        days=days,
        rows=rows,
        present_per_day={day.isoformat(): sum(bool(r.days[day.isoformat()]) for r in rows) for day in days},
        missed_per_day={day.isoformat(): sum(day in r.missed_days for r in rows) for day in days},
        no_shows=sum(row.no_show for row in rows),
    )


@operations("attendance.list", access=Access.READ)
async def list_attendance(request: EventRef, db: DatabaseDep) -> AttendanceView:
    """Who was there on which day, and who did not come."""
    async with db.read() as session:
        return await attendance_view(session, await existing_event(session, request.event_id))


@operations("event.printable", access=Access.READ)
async def printable(request: PrintableRequest, db: DatabaseDep) -> PrintableParticipants:
    """The data of the printed participant list and of a day's sign-in sheet (``day``, which must be
    a day of the event)."""
    async with db.read() as session:
        event = await existing_event(session, request.event_id)
        participants = await _participants(session, event.id)
    facts = convert.event_facts(event)
    if request.day is not None and request.day not in [day.date for day in facts.days]:
        raise fail("not_an_event_day", f"{request.day.isoformat()} is not a day of this event", "day")
    return PrintableParticipants(
        event_id=event.id,
        title=event.title,
        days=facts.days,
        venue=facts.venue,
        day=request.day,
        rows=[
            PrintableRow(
                person_name=participant.person_name,
                organisation_name=participant.organisation_name,
                is_decision_maker=participant.registration.is_decision_maker,
                is_newcomer=participant.registration.is_newcomer,
            )
            for participant in participants
        ],
    )


# -- figures -----------------------------------------------------------------------------------------


def _district(region_keys: list[str], districts: list[str]) -> str | None:
    return next((key for key in region_keys if key in districts), None) or next(
        (key for key in region_keys if len(key) == 5), None
    )


async def _attendees_of(
    session: AsyncSession, events: Sequence[EventRecord], districts: list[str] | None = None
) -> dict[uuid.UUID, list[figures.Attendee]]:
    """Who attended each event, with their organisation's district (among ``districts``, else the
    districts of the event's network) and type: a fixed number of queries however many events and
    attendees."""
    present = await store.present_at(session, [event.id for event in events])
    organisations = await projection.organisations_by_id(
        session,
        (r.organisation_id for attended in present.values() for r in attended if r.organisation_id),
    )
    networks = (
        await projection.networks_by_id(session, (event.network_id for event in events if event.network_id))
        if districts is None
        else {}
    )
    attendees: dict[uuid.UUID, list[figures.Attendee]] = {}
    for event in events:
        network = networks.get(event.network_id) if event.network_id else None
        among = districts if districts is not None else list(network.district_keys) if network else []
        attendees[event.id] = []
        for registration in present[event.id]:
            organisation = (
                organisations.get(registration.organisation_id) if registration.organisation_id else None
            )
            attendees[event.id].append(
                figures.Attendee(
                    person_id=registration.person_id,
                    organisation_id=registration.organisation_id,
                    district_id=_district(list(organisation.region_keys), among) if organisation else None,
                    institution_type=organisation.type if organisation else None,
                    is_decision_maker=registration.is_decision_maker,
                    is_newcomer=registration.is_newcomer,
                )
            )
    return attendees


async def _region(session: AsyncSession, network_id: uuid.UUID | None) -> list[str]:
    network = await projection.network(session, network_id) if network_id else None
    return list(network.district_keys) if network else []


def _figures_view(result: figures.EventFigures) -> FiguresView:
    return FiguresView(**result.model_dump())


def _recorded(event: EventRecord) -> figures.RecordedEdition | None:
    """The counts of an edition entered afterwards as history, with its host; None for one held here."""
    stored = event.recorded_figures
    if stored is None:
        return None
    return figures.RecordedEdition(
        figures=figures.RecordedFigures(**stored), host_district=event.host_district_key
    )


@operations("event.figures", access=Access.READ)
async def event_figures(request: EventRef, db: DatabaseDep) -> EventFiguresView:
    """Attendees, districts represented out of the network's districts, institution types,
    decision-makers and newcomers; of an edition recorded as history, its counts."""
    async with db.read() as session:
        event = await existing_event(session, request.event_id)
        districts = await _region(session, event.network_id)
        recorded = _recorded(event)
        attendees = [] if recorded else (await _attendees_of(session, [event]))[event.id]
    result = (
        figures.recorded_event_figures(recorded, districts)
        if recorded
        else figures.event_figures(attendees, districts)
    )
    return EventFiguresView(event_id=event.id, figures=_figures_view(result))


@operations("series.figures", access=Access.READ)
async def series_figures(request: SeriesRef, db: DatabaseDep) -> SeriesFiguresView:
    """The figures of every edition held, each compared with the one before; an edition recorded as
    history counts with its counts."""
    async with db.read() as session:
        series = await existing_series(session, request.series_id)
        districts = await _region(session, series.network_id)
        held = [
            edition
            for edition in await event_store.events_of_series(session, series.id)
            if edition.edition is not None and edition.status in ("running", "completed")
        ]
        attended = await _attendees_of(
            session, [edition for edition in held if edition.recorded_figures is None], districts
        )
        editions = [
            figures.Edition(edition=edition.edition, recorded=_recorded(edition))
            if edition.recorded_figures is not None
            else figures.Edition(edition=edition.edition, attendees=tuple(attended[edition.id]))
            for edition in held
        ]
    result = figures.series_figures(editions, districts)
    event_ids = {edition.edition: edition.id for edition in held}
    return SeriesFiguresView(
        series_id=series.id,
        editions=[
            EditionFiguresView(
                event_id=event_ids[item.edition],
                edition=item.edition,
                figures=_figures_view(item.figures),
                attendee_change=item.attendee_change,
            )
            for item in result.editions
        ],
        distinct_people=result.distinct_people,
        districts_ever_represented=result.districts_ever_represented,
        districts_total=result.districts_total,
        district_keys=list(result.district_keys),
        represented_district_keys=list(result.represented_district_keys),
        recorded_editions=list(result.recorded_editions),
        recorded_attendances=result.recorded_attendances,
    )


def _quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _last_quarters(today: date, count: int) -> list[tuple[int, int]]:
    """``count`` quarters as (year, quarter 1–4), oldest first, the current one last."""
    year, quarter = _quarter_of(today)
    index = year * 4 + quarter - 1
    return [(number // 4, number % 4 + 1) for number in range(index - count + 1, index + 1)]


@operations("figures.quarters", access=Access.READ)
async def quarter_figures(request: QuarterFiguresRequest, db: DatabaseDep) -> QuarterFiguresList:
    """Per quarter: events held (running or completed, by their first day), attendances, distinct
    people, organisations, districts covered, and the agreements made at those events with how many
    are still open: the figures a coordinating office reports upward. Editions recorded as history
    count with their counts."""
    wanted = _last_quarters(clock.today(), request.quarters)
    first_year, first_quarter = wanted[0]
    since = date(first_year, 3 * (first_quarter - 1) + 1, 1)
    held: dict[tuple[int, int], list[tuple[figures.Attendee, ...]]] = {key: [] for key in wanted}
    recorded: dict[tuple[int, int], list[figures.RecordedEdition]] = {key: [] for key in wanted}
    held_ids: dict[tuple[int, int], list[uuid.UUID]] = {key: [] for key in wanted}
    async with db.read() as session:
        held_events = await event_store.list_events(
            session, event_store.EventFilter(network_ids=request.network_ids, first_day=since)
        )
        counted_events = [
            (key, event)
            for event in held_events
            if (key := _quarter_of(date.fromisoformat(event.days[0]["date"]))) in held
            and event.status in (EventStatus.RUNNING, EventStatus.COMPLETED)
        ]
        attended = await _attendees_of(
            session, [event for _, event in counted_events if event.recorded_figures is None]
        )
        for key, event in counted_events:
            counted = _recorded(event)
            if counted is not None:
                recorded[key].append(counted)
            else:
                held[key].append(tuple(attended[event.id]))
            held_ids[key].append(event.id)
        agreed = await agreement_store.counts_of_events(
            session, [event_id for ids in held_ids.values() for event_id in ids]
        )
    views = []
    for key in wanted:
        counts = [agreed.get(event_id, (0, 0)) for event_id in held_ids[key]]
        result = figures.quarter_figures(
            figures.Quarter(
                year=key[0],
                quarter=key[1],
                events=tuple(held[key]),
                recorded=tuple(recorded[key]),
                agreements_made=sum(made for made, _ in counts),
                agreements_open=sum(left for _, left in counts),
            )
        )
        views.append(QuarterFiguresView(**result.model_dump()))
    return QuarterFiguresList(quarters=views)
