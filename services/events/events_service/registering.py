"""Registration changes against the database: lock the event row, decide with the domain rules,
write the rows and record one fact per change, all in the caller's unit of work.

Every function here expects the event row locked (``store.events.event_row(..., lock=True)``) in the
same transaction, which serialises registrations of one event across all replicas: the capacity
and seat rules are decided on data no one else can change meanwhile. The rules get counts from the
database and the rows they may change (the person's, the waitlist only when a place is free), never
every registration of the event, so a registration costs the same however many came before."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from events_service import clock, convert
from events_service.domain import registration as rules
from events_service.domain.errors import fail
from events_service.domain.vocabulary import RegistrationStatus
from events_service.store import events as event_store
from events_service.store import links
from events_service.store import registrations as store
from events_service.store.records import (
    EventRecord,
    PlacedRegistration,
    Placement,
    RegistrationRecord,
    RegistrationWrite,
)
from netzwerkstatt.contracts.events import (
    Confirmation,
    RegistrationCancelled,
    RegistrationConfirmed,
    RegistrationFacts,
    RegistrationPromoted,
    RegistrationWaitlisted,
)
from netzwerkstatt.db import UnitOfWork, utcnow
from netzwerkstatt.envelope import DomainEvent
from netzwerkstatt.errors import NotFound


def _or_none(record: RegistrationRecord | None) -> rules.Registration | None:
    return None if record is None else convert.registration(record)


def placed_in_order(records: Sequence[RegistrationRecord]) -> list[PlacedRegistration]:
    """An event's registrations given in arrival order, with their waitlist positions (listings)."""
    placed: list[PlacedRegistration] = []
    waiting = 0
    for record in records:
        position = None
        if record.status == RegistrationStatus.WAITLISTED:
            waiting += 1
            position = waiting
        placed.append(PlacedRegistration(record, position))
    return placed


async def placed(session: AsyncSession, record: RegistrationRecord) -> PlacedRegistration:
    """One registration with its waitlist position, read from the database."""
    return PlacedRegistration(record, await store.waitlist_position(session, record))


class Rows:
    """The registrations a decision may change, by person, as read under the event lock."""

    def __init__(self) -> None:
        self.by_person: dict[uuid.UUID, RegistrationRecord] = {}

    def add(self, record: RegistrationRecord | None) -> RegistrationRecord | None:
        if record is not None:
            self.by_person[record.person_id] = record
        return record


async def _standing(
    uow: UnitOfWork,
    policy: rules.RegistrationPolicy,
    rows: Rows,
    person_id: uuid.UUID | None,
    *,
    withdrawing: bool = False,
) -> tuple[rules.Standing, RegistrationRecord | None]:
    """The event's counts from the database with the person's registration (if any); the waitlist
    only if someone could move up (a place is free and someone waits), counting the place the
    person frees when ``withdrawing``."""
    found = await store.standing(uow.session, policy.event_id, person_id)
    existing = rows.add(found.registration)
    confirmed = sum(found.seats.values())
    leaves_a_place = withdrawing and existing is not None and existing.status == RegistrationStatus.CONFIRMED
    waitlist = None
    if rules.has_free_place(policy, confirmed - leaves_a_place):
        # Counted under the event lock: when nobody waits, the waitlist is known to be empty and
        # not read (most registrations of an event that still has places).
        waiting = await store.waitlist(uow.session, policy.event_id) if found.waiting else []
        for record in waiting:
            rows.add(record)
        waitlist = tuple(convert.registration(record) for record in waiting)
    held = {organisation: count for organisation, count in found.seats.items() if organisation is not None}
    standing = rules.Standing(confirmed=confirmed, waiting=found.waiting, seats_held=held, waitlist=waitlist)
    return standing, existing


async def _as_it_is(uow: UnitOfWork, record: RegistrationRecord | None) -> PlacedRegistration:
    """An unchanged registration with its waitlist position, as the views need it."""
    assert record is not None  # the rules leave a person without registration unchanged only by refusing
    return await placed(uow.session, record)


class Applicant:
    """Who registers, for which organisation's seat, and what the rules need to know about them;
    with the names the reply shows, read once per request."""

    def __init__(
        self,
        request: rules.RegistrationRequest,
        is_decision_maker: bool,
        person_name: str,
        organisation_names: dict[uuid.UUID, str],
    ) -> None:
        self.request = request
        self.is_decision_maker = is_decision_maker
        self.person_name = person_name
        self.organisation_names = organisation_names


async def applicant(
    uow: UnitOfWork,
    event: EventRecord,
    person_id: uuid.UUID,
    organisation_id: uuid.UUID | None,
    field: str,
) -> Applicant:
    """The person from the projection with the membership whose seat they take: the one asked for,
    else the one they were invited for, else the first (decision-maker memberships first)."""
    record = await store.applicant_record(
        uow.session, person_id, event_id=event.id, series_id=event.series_id, edition=event.edition
    )
    if record is None:
        raise NotFound.for_field(field, f"no person with id {person_id} is known to the events service")
    memberships = record.memberships
    if organisation_id is None:
        chosen = next((m for m in memberships if m.organisation_id == record.invited_for), None) or next(
            iter(memberships), None
        )
    else:
        chosen = next((m for m in memberships if m.organisation_id == organisation_id), None)
        if chosen is None:
            raise fail(
                "not_a_member",
                f"person {person_id} is not a member of organisation {organisation_id}",
                "organisation_id",
            )
    # Outside a series only the membership's start makes someone new.
    attended = 1 if event.series_id is None else record.editions_attended
    request = rules.RegistrationRequest(
        person_id=person_id,
        organisation_id=None if chosen is None else chosen.organisation_id,
        membership_started_on=None if chosen is None else chosen.start_date,
        earlier_editions_attended=attended,
    )
    names = {m.organisation_id: m.organisation_name for m in memberships if m.organisation_name}
    return Applicant(request, bool(chosen and chosen.decision_maker), record.person_name, names)


async def register(
    uow: UnitOfWork, event: EventRecord, applicant: Applicant, confirmation: Confirmation = "mail"
) -> PlacedRegistration:
    """``confirmation`` travels with the fact of a confirmed place (``already_confirmed``: the person
    was told another way, so notifications sends no confirmation)."""
    person_id = applicant.request.person_id
    policy, rows = convert.policy(event), Rows()
    standing, existing = await _standing(uow, policy, rows, person_id)
    outcome = rules.register(policy, standing, _or_none(existing), applicant.request, clock.now())
    changed = await apply(uow, event, rows, outcome, {person_id: applicant}, confirmation=confirmation)
    return changed.get(person_id) or await _as_it_is(uow, existing)


async def cancel(uow: UnitOfWork, event: EventRecord, person_id: uuid.UUID) -> PlacedRegistration:
    policy, rows = convert.policy(event), Rows()
    standing, existing = await _standing(uow, policy, rows, person_id, withdrawing=True)
    outcome = rules.cancel(policy, standing, _or_none(existing))
    changed = await apply(uow, event, rows, outcome, {})
    return changed.get(person_id) or await _as_it_is(uow, existing)


async def decline(
    uow: UnitOfWork, event: EventRecord, person_id: uuid.UUID, organisation_id: uuid.UUID | None
) -> PlacedRegistration:
    policy, rows = convert.policy(event), Rows()
    standing, existing = await _standing(uow, policy, rows, person_id, withdrawing=True)
    outcome = rules.decline(policy, standing, _or_none(existing), person_id, organisation_id, clock.now())
    changed = await apply(uow, event, rows, outcome, {})
    return changed.get(person_id) or await _as_it_is(uow, existing)


async def substitute(
    uow: UnitOfWork, event: EventRecord, member_id: uuid.UUID, substitute: Applicant
) -> PlacedRegistration:
    person_id = substitute.request.person_id
    rows = Rows()
    member = rows.add(await store.of_person(uow.session, event.id, member_id))
    previous = rows.add(await store.of_person(uow.session, event.id, person_id))
    outcome = rules.substitute(
        convert.policy(event), _or_none(member), _or_none(previous), substitute.request
    )
    changed = await apply(uow, event, rows, outcome, {person_id: substitute})
    return changed[person_id]


async def withdraw_erased(uow: UnitOfWork, event: EventRecord, person_id: uuid.UUID) -> None:
    """Free the place of a person erased from the registry; the waitlist moves up as usual, but the
    erased person's own cancellation is not announced (nobody may contact them any more)."""
    policy, rows = convert.policy(event), Rows()
    standing, existing = await _standing(uow, policy, rows, person_id, withdrawing=True)
    outcome = rules.cancel(policy, standing, _or_none(existing))
    await apply(uow, event, rows, outcome, {}, unannounced=frozenset({person_id}))


async def rebalance(uow: UnitOfWork, event: EventRecord) -> None:
    """Promote from the waitlist after the capacity or the seat limit changed."""
    policy, rows = convert.policy(event), Rows()
    standing, _ = await _standing(uow, policy, rows, None)
    await apply(uow, event, rows, rules.rebalance(policy, standing), {})


async def apply(
    uow: UnitOfWork,
    event: EventRecord,
    rows: Rows,
    outcome: rules.Outcome,
    applicants: dict[uuid.UUID, Applicant],
    *,
    unannounced: frozenset[uuid.UUID] = frozenset(),
    confirmation: Confirmation = "mail",
) -> dict[uuid.UUID, PlacedRegistration]:
    """Write the outcome's changes and record their facts (except for the people in ``unannounced``;
    ``confirmation`` for a place the applicants were given); returns the changed registrations by
    person, as they are now, with waitlist positions."""
    now = utcnow()
    by_person = rows.by_person
    written: dict[uuid.UUID, RegistrationRecord] = {}
    for change, decided in zip(outcome.changes, outcome.changed, strict=True):
        existing = by_person.get(change.person_id)
        placement, arrival = None, None
        if change.reason in ("registered", "substituted"):
            who = applicants[change.person_id]
            placement = Placement(
                organisation_id=decided.organisation_id,
                is_newcomer=decided.is_newcomer,
                is_decision_maker=who.is_decision_maker,
                substitute_for=decided.substitute_for,
                registered_at=decided.registered_at,
            )
            if change.reason == "substituted":
                assert decided.substitute_for is not None  # a substitute takes over the member's row
                arrival = by_person[decided.substitute_for].arrival
        elif change.reason == "declined" and existing is None:
            placement = Placement(
                organisation_id=decided.organisation_id,
                is_newcomer=False,
                is_decision_maker=False,
                registered_at=now,
            )
        write = RegistrationWrite(decided.status.value, now, placement, arrival)
        if existing is None:
            written[change.person_id] = await store.insert(
                uow.session, convert.new_id(), event.id, change.person_id, write
            )
        else:
            # Registering anew after cancelling or declining queues at the end of the waitlist.
            queue_at_end = change.reason == "registered"
            if change.reason in ("registered", "substituted"):
                # The row starts afresh (a cancelled or declined one reused): the links mailed for
                # the registration before act on it no more, here in the same transaction.
                await links.forget(uow.session, "registration", [existing.id])
            written[change.person_id] = await store.update(
                uow.session, existing.id, write, queue_at_end=queue_at_end
            )
    # Positions are counted once every change is written, unless the rules know them (a new
    # registration queues at the end); each registration carries its own, so views need not read the
    # event's registrations again.
    current: dict[uuid.UUID, PlacedRegistration] = {}
    for change in outcome.changes:
        record = written[change.person_id]
        position = change.waitlist_position
        if position is None:
            position = await store.waitlist_position(uow.session, record)
        current[change.person_id] = PlacedRegistration(record, position)
    facts = convert.event_facts(event, await _series_title(uow, event)) if outcome.changes else None
    for change in outcome.changes:
        assert facts is not None
        registration = convert.registration_facts(current[change.person_id], facts)
        fact = _fact_of(change, registration, confirmation if change.person_id in applicants else "mail")
        if fact is not None and change.person_id not in unannounced:
            await uow.record(fact, subject=registration.registration_id)
    return current


def _fact_of(
    change: rules.RegistrationChange, registration: RegistrationFacts, confirmation: Confirmation
) -> DomainEvent | None:
    if change.reason == "promoted":
        return RegistrationPromoted(registration=registration)
    if change.reason in ("registered", "substituted"):
        if change.status == RegistrationStatus.CONFIRMED:
            return RegistrationConfirmed(registration=registration, confirmation=confirmation)
        return RegistrationWaitlisted(registration=registration)
    if change.previous_status in rules.ACTIVE:
        return RegistrationCancelled(registration=registration)
    return None  # a "no" without a registration is announced as invitation.declined


async def _series_title(uow: UnitOfWork, event: EventRecord) -> str | None:
    if event.series_id is None:
        return None
    found = await event_store.series_row(uow.session, event.series_id)
    return None if found is None else found.title
