"""Events held before they were kept here, entered afterwards from their paper records: the event
as completed, its agenda, the attendance list (each person registered and present on their days)
and the agreements made, in one transaction.

Unlike a past edition recorded with counts only (``history``), the people are known, so the
figures, the series' newcomers and the follow-up of agreements work as for an event held here. But
nobody was registered through the system: no registration, attendance or completion fact is
announced, so nobody gets a confirmation, reminder or survey link: of ``event.held_entered``
feedback keeps only the event's facts (for a survey given on paper), and ``agreement.created`` is
consumed by nobody. An agreement already due when it is entered is marked as announced, so the due
check reminds nobody of it."""

from __future__ import annotations

import uuid
from datetime import date

from events_service import clock, convert
from events_service.api.agenda import domain_items, write_agenda
from events_service.api.base import operations
from events_service.api.events import (
    check_host,
    format_of,
    locked_series,
    network_of_new_event,
    new_event,
    organiser_of,
    refuse_taken_edition,
    refuse_taken_id,
    view_of,
)
from events_service.api.series import dated_editions, next_edition_number
from events_service.domain import history, lifecycle
from events_service.domain.agreements import check_due_date
from events_service.domain.errors import RuleError, raise_if_any
from events_service.domain.registration import is_newcomer
from events_service.domain.vocabulary import EventStatus, RegistrationStatus
from events_service.store import agreements as agreement_store
from events_service.store import events as store
from events_service.store import projection
from events_service.store import registrations as registration_store
from events_service.store.records import (
    AgreementRecord,
    EventRecord,
    MembershipRecord,
    Placement,
    RegistrationWrite,
)
from netzwerkstatt.contracts.events import (
    AgreementCreated,
    EnterHeldEvent,
    EventView,
    HeldAgreement,
    HeldAttendee,
    HeldEventEntered,
)
from netzwerkstatt.db import DatabaseDep, UnitOfWork, hold_chosen_id, utcnow
from netzwerkstatt.errors import Conflict, InvalidInput, NotFound
from netzwerkstatt.principal import Access, Principal


def _input_problems(request: EnterHeldEvent, today: date) -> list[RuleError]:
    """What is wrong with the request on its own: a host that is no district, days not yet over, an
    agreement due before the event, attendance on days the event did not have, a person listed twice."""
    problems: list[RuleError] = list(lifecycle.check_host_district(request.host_district_key))
    event_days = {entry.date for entry in request.days}
    if max(event_days) >= today:
        problems.append(
            RuleError(
                code="not_held_yet", message="every day of a held event lies before today", field="days"
            )
        )
    for index, agreement in enumerate(request.agreements):
        problems += check_due_date(agreement.due_on, min(event_days), f"agreements.{index}.due_on")
    seen: set[uuid.UUID] = set()
    for index, attendee in enumerate(request.attendees):
        if attendee.person_id in seen:
            problems.append(
                RuleError(
                    code="duplicate_attendee",
                    message=f"person {attendee.person_id} is on the attendance list twice",
                    field=f"attendees.{index}.person_id",
                )
            )
        seen.add(attendee.person_id)
        for position, present_on in enumerate(attendee.days or []):
            if present_on not in event_days:
                problems.append(
                    RuleError(
                        code="not_an_event_day",
                        message=f"{present_on} is not a day of the event",
                        field=f"attendees.{index}.days.{position}",
                    )
                )
    return problems


def _edition_order(request: EnterHeldEvent, edition: int, editions: list[EventRecord]) -> list[RuleError]:
    """A series' numbers follow its editions' dates. A number given keeps to that order (refused at
    ``edition``); the next number goes only to an event held after every edition the series has, so
    an event held before one of them is refused at ``days``: it is entered as a past edition of the
    series with the number it had."""
    first_day = min(entry.date for entry in request.days)
    dated = dated_editions(editions)
    if request.edition is not None:
        return [
            RuleError(code=item.code, message=item.message, field=item.field, params=item.params or {})
            for item in history.order_problems(edition, first_day, dated, "edition")
        ]
    later = [other for other in dated if other.first_day > first_day]
    if not later:
        return []
    blocking = max(later, key=lambda other: other.edition)
    return [
        RuleError(
            code="earlier_than_editions",
            message=f"edition {blocking.edition} of this series is dated {blocking.first_day.isoformat()}: "
            "an event held before it cannot take the next number (record it as a past edition of the "
            "series, with its number)",
            field="days",
            params={"edition": blocking.edition, "edition_date": blocking.first_day.isoformat()},
        )
    ]


def _membership(
    memberships: list[MembershipRecord], organisation_id: uuid.UUID | None, field: str
) -> MembershipRecord | None:
    """The membership whose seat the attendee took: the one named, else the first (decision makers
    first, as the registry's order gives them)."""
    if organisation_id is None:
        return next(iter(memberships), None)
    chosen = next((m for m in memberships if m.organisation_id == organisation_id), None)
    if chosen is None:
        raise InvalidInput.for_field(
            field, f"the person is not a member of organisation {organisation_id}", "not_a_member"
        )
    return chosen


async def _register_attendees(uow: UnitOfWork, event: EventRecord, attendees: list[HeldAttendee]) -> None:
    """Each attendee registered (confirmed, as of the first day's start) and present on their days."""
    first = convert.domain_days(event.days)[0]
    all_days = [day.date for day in convert.domain_days(event.days)]
    window = convert.policy(event).newcomer_window_months
    now = utcnow()
    for index, attendee in enumerate(attendees):
        held = await registration_store.applicant_record(
            uow.session,
            attendee.person_id,
            event_id=event.id,
            series_id=event.series_id,
            edition=event.edition,
        )
        if held is None:
            raise NotFound.for_field(
                f"attendees.{index}.person_id",
                f"no person with id {attendee.person_id} is known to the events service",
            )
        membership = _membership(
            held.memberships, attendee.organisation_id, f"attendees.{index}.organisation_id"
        )
        # Outside a series only the membership's start makes someone new.
        attended = 1 if event.series_id is None else held.editions_attended
        placement = Placement(
            organisation_id=membership.organisation_id if membership else None,
            is_newcomer=is_newcomer(
                first.date, membership.start_date if membership else None, attended, window
            ),
            is_decision_maker=bool(membership and membership.decision_maker),
            registered_at=first.start_utc(),
        )
        write = RegistrationWrite(
            status=RegistrationStatus.CONFIRMED.value, updated_at=now, placement=placement
        )
        registration = await registration_store.insert(
            uow.session, convert.new_id(), event.id, attendee.person_id, write
        )
        days = sorted(set(attendee.days or all_days))
        await registration_store.mark_present_on(uow.session, registration.id, days)


def _agreement(event_id: uuid.UUID, given: HeldAgreement) -> AgreementRecord:
    now = utcnow()
    return AgreementRecord(
        id=given.id or convert.new_id(),
        event_id=event_id,
        text=given.text,
        owner_organisation_id=given.owner_organisation_id,
        owner_person_id=given.owner_person_id,
        due_on=given.due_on,
        status=given.status,
        version=1,
        created_at=now,
        updated_at=now,
    )


async def _enter_agreements(
    uow: UnitOfWork, event_id: uuid.UUID, agreements: list[HeldAgreement], today: date
) -> None:
    for index, given in enumerate(agreements):
        field = f"agreements.{index}"
        if given.id is not None:
            await hold_chosen_id(uow.session, "agreement", given.id)
            if await agreement_store.by_id(uow.session, given.id) is not None:
                raise Conflict.for_field(
                    f"{field}.id", f"an agreement with id {given.id} exists", "duplicate_id"
                )
        if await projection.organisation(uow.session, given.owner_organisation_id) is None:
            raise NotFound.for_field(
                f"{field}.owner_organisation_id", f"no organisation with id {given.owner_organisation_id}"
            )
        if given.owner_person_id and await projection.person(uow.session, given.owner_person_id) is None:
            raise NotFound.for_field(f"{field}.owner_person_id", f"no person with id {given.owner_person_id}")
        agreement = _agreement(event_id, given)
        await agreement_store.insert_row(uow.session, agreement)
        if agreement.due_on is not None and agreement.due_on <= today:
            # Due before it was entered: the owner knows it from the meeting, not from a reminder now.
            await agreement_store.mark_announced(uow.session, agreement.id, agreement.due_on)
        await uow.record(AgreementCreated(agreement=convert.agreement_facts(agreement)), subject=agreement.id)


@operations("event.enter_held", access=Access.CHANGE)
async def enter_held_event(request: EnterHeldEvent, principal: Principal, db: DatabaseDep) -> EventView:
    """Enter an event held before it was kept here, from its paper records: its details (every day
    before today), agenda, attendance list and agreements, as completed. Every problem of the request
    itself is answered at once, each at its field; an id that exists is ``duplicate_id`` at ``id``,
    an edition the series has already ``duplicate`` at ``edition``. Nobody is invited, told,
    reminded or surveyed."""
    today = clock.today()
    raise_if_any(_input_problems(request, today))
    async with db.unit_of_work() as uow:
        session = uow.session
        await refuse_taken_id(session, principal, request.id)
        series = await locked_series(session, request.series_id)
        event_format = format_of(request, series)
        network_id = network_of_new_event(principal, request.network_id, series)
        await check_host(session, request.host_organisation_id)
        editions = await store.events_of_series(session, series.id) if series else []
        edition = request.edition
        if series is not None and edition is None:
            edition = next_edition_number(series, editions)
        refuse_taken_edition(editions, edition)
        if series is not None and edition is not None:
            raise_if_any(_edition_order(request, edition, editions))
        organiser = await organiser_of(session, series, request.organiser, request.host_organisation_id)
        event = new_event(
            request, series, event_format, edition, network_id, organiser, EventStatus.COMPLETED
        )
        raise_if_any(lifecycle.check_event(convert.snapshot(event, confirmed_count=len(request.attendees))))
        await store.insert_event(session, event)
        await write_agenda(session, event.id, event.days, domain_items(request.agenda, "agenda"), "agenda")
        await _register_attendees(uow, event, request.attendees)
        await _enter_agreements(uow, event.id, request.agreements, today)
        series_title = series.title if series else None
        entered = HeldEventEntered(
            event=convert.event_facts(event, series_title), attendees=len(request.attendees)
        )
        await uow.record(entered, subject=event.id)
        return await view_of(session, event)
