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
from typing import Any

from events_service import clock, convert
from events_service.domain import registration as rules
from events_service.domain.errors import fail
from events_service.domain.vocabulary import RegistrationStatus
from events_service.store import events as event_store
from events_service.store import registrations as store
from netzwerkstatt.contracts.events import (
    RegistrationCancelled,
    RegistrationConfirmed,
    RegistrationFacts,
    RegistrationPromoted,
    RegistrationWaitlisted,
)
from netzwerkstatt.db import UnitOfWork, utcnow
from netzwerkstatt.envelope import DomainEvent
from netzwerkstatt.errors import NotFound


def to_domain(row: dict[str, Any]) -> rules.Registration:
    return rules.Registration(
        person_id=row["person_id"],
        organisation_id=row["organisation_id"],
        status=RegistrationStatus(row["status"]),
        registered_at=row["registered_at"],
        is_newcomer=row["is_newcomer"],
        substitute_for=row["substitute_for"],
    )


def _or_none(row: dict[str, Any] | None) -> rules.Registration | None:
    return None if row is None else to_domain(row)


def waitlist_positions(rows: Sequence[dict[str, Any]]) -> dict[uuid.UUID, int]:
    """Positions on the waitlist of an event's registrations given in arrival order (for listings)."""
    waiting = [row for row in rows if row["status"] == RegistrationStatus.WAITLISTED]
    return {row["person_id"]: position for position, row in enumerate(waiting, start=1)}


class Rows:
    """The registration rows a decision may change, by person, as read under the event lock."""

    def __init__(self) -> None:
        self.by_person: dict[uuid.UUID, dict[str, Any]] = {}

    def add(self, row: dict[str, Any] | None) -> dict[str, Any] | None:
        if row is not None:
            self.by_person[row["person_id"]] = row
        return row


async def _standing(
    uow: UnitOfWork,
    policy: rules.RegistrationPolicy,
    rows: Rows,
    person_id: uuid.UUID | None,
    *,
    withdrawing: bool = False,
) -> tuple[rules.Standing, dict[str, Any] | None]:
    """The event's counts from the database with the person's registration (if any); the waitlist
    only if someone could move up (a place is free and someone waits), counting the place the
    person frees when ``withdrawing``."""
    found = await store.standing(uow.session, policy.event_id, person_id)
    existing = rows.add(found.row)
    confirmed = sum(found.seats.values())
    leaves_a_place = (
        withdrawing and existing is not None and existing["status"] == RegistrationStatus.CONFIRMED
    )
    waitlist = None
    if rules.has_free_place(policy, confirmed - leaves_a_place):
        # Counted under the event lock: when nobody waits, the waitlist is known to be empty and
        # not read (most registrations of an event that still has places).
        waiting = await store.waitlist(uow.session, policy.event_id) if found.waiting else []
        for row in waiting:
            rows.add(row)
        waitlist = tuple(to_domain(row) for row in waiting)
    held = {organisation: count for organisation, count in found.seats.items() if organisation is not None}
    standing = rules.Standing(confirmed=confirmed, waiting=found.waiting, seats_held=held, waitlist=waitlist)
    return standing, existing


async def _as_it_is(uow: UnitOfWork, row: dict[str, Any]) -> dict[str, Any]:
    """An unchanged registration with its waitlist position, as the views need it."""
    return row | {"waitlist_position": await store.waitlist_position(uow.session, row)}


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
    event: dict[str, Any],
    person_id: uuid.UUID,
    organisation_id: uuid.UUID | None,
    field: str,
) -> Applicant:
    """The person from the projection with the membership whose seat they take: the one asked for,
    else the one they were invited for, else the first (decision-maker memberships first)."""
    record = await store.applicant_record(uow.session, event, person_id)
    if record is None:
        raise NotFound.for_field(field, f"no person with id {person_id} is known to the events service")
    memberships = record.memberships
    if organisation_id is None:
        chosen = next((m for m in memberships if m["organisation_id"] == record.invited_for), None) or next(
            iter(memberships), None
        )
    else:
        chosen = next((m for m in memberships if m["organisation_id"] == organisation_id), None)
        if chosen is None:
            raise fail(
                "not_a_member",
                f"person {person_id} is not a member of organisation {organisation_id}",
                "organisation_id",
            )
    # Outside a series only the membership's start makes someone new.
    attended = 1 if event["series_id"] is None else record.editions_attended
    request = rules.RegistrationRequest(
        person_id=person_id,
        organisation_id=None if chosen is None else chosen["organisation_id"],
        membership_started_on=None if chosen is None else chosen["start_date"],
        earlier_editions_attended=attended,
    )
    names = {m["organisation_id"]: m["organisation_name"] for m in memberships if m["organisation_name"]}
    return Applicant(request, bool(chosen and chosen["decision_maker"]), record.person_name, names)


async def register(uow: UnitOfWork, event: dict[str, Any], applicant: Applicant) -> dict[str, Any]:
    person_id = applicant.request.person_id
    policy, rows = convert.policy(event), Rows()
    standing, existing = await _standing(uow, policy, rows, person_id)
    outcome = rules.register(policy, standing, _or_none(existing), applicant.request, clock.now())
    changed = await apply(uow, event, rows, outcome, {person_id: applicant})
    return changed.get(person_id) or await _as_it_is(uow, _present(existing))


async def cancel(uow: UnitOfWork, event: dict[str, Any], person_id: uuid.UUID) -> dict[str, Any]:
    policy, rows = convert.policy(event), Rows()
    standing, existing = await _standing(uow, policy, rows, person_id, withdrawing=True)
    outcome = rules.cancel(policy, standing, _or_none(existing))
    changed = await apply(uow, event, rows, outcome, {})
    return changed.get(person_id) or await _as_it_is(uow, _present(existing))


async def decline(
    uow: UnitOfWork, event: dict[str, Any], person_id: uuid.UUID, organisation_id: uuid.UUID | None
) -> dict[str, Any]:
    policy, rows = convert.policy(event), Rows()
    standing, existing = await _standing(uow, policy, rows, person_id, withdrawing=True)
    outcome = rules.decline(policy, standing, _or_none(existing), person_id, organisation_id, clock.now())
    changed = await apply(uow, event, rows, outcome, {})
    return changed.get(person_id) or await _as_it_is(uow, _present(existing))


async def substitute(
    uow: UnitOfWork, event: dict[str, Any], member_id: uuid.UUID, substitute: Applicant
) -> dict[str, Any]:
    person_id = substitute.request.person_id
    rows = Rows()
    member = rows.add(await store.of_person(uow.session, event["id"], member_id))
    previous = rows.add(await store.of_person(uow.session, event["id"], person_id))
    outcome = rules.substitute(
        convert.policy(event), _or_none(member), _or_none(previous), substitute.request
    )
    changed = await apply(uow, event, rows, outcome, {person_id: substitute})
    return changed[person_id]


async def withdraw_erased(uow: UnitOfWork, event: dict[str, Any], person_id: uuid.UUID) -> None:
    """Free the place of a person erased from the registry; the waitlist moves up as usual, but the
    erased person's own cancellation is not announced (nobody may contact them any more)."""
    policy, rows = convert.policy(event), Rows()
    standing, existing = await _standing(uow, policy, rows, person_id, withdrawing=True)
    outcome = rules.cancel(policy, standing, _or_none(existing))
    await apply(uow, event, rows, outcome, {}, unannounced=frozenset({person_id}))


async def rebalance(uow: UnitOfWork, event: dict[str, Any]) -> None:
    """Promote from the waitlist after the capacity or the seat limit changed."""
    policy, rows = convert.policy(event), Rows()
    standing, _ = await _standing(uow, policy, rows, None)
    await apply(uow, event, rows, rules.rebalance(policy, standing), {})


def _present(row: dict[str, Any] | None) -> dict[str, Any]:
    assert row is not None  # the rules leave a person without registration unchanged only by refusing
    return row


async def apply(
    uow: UnitOfWork,
    event: dict[str, Any],
    rows: Rows,
    outcome: rules.Outcome,
    applicants: dict[uuid.UUID, Applicant],
    *,
    unannounced: frozenset[uuid.UUID] = frozenset(),
) -> dict[uuid.UUID, dict[str, Any]]:
    """Write the outcome's changes and record their facts (except for the people in ``unannounced``);
    returns the changed registration rows by person, as they are now, with waitlist positions."""
    now = utcnow()
    by_person = rows.by_person
    written: dict[uuid.UUID, dict[str, Any]] = {}
    for change, decided in zip(outcome.changes, outcome.changed, strict=True):
        existing = by_person.get(change.person_id)
        values: dict[str, Any] = {"status": decided.status.value, "updated_at": now}
        if change.reason in ("registered", "substituted"):
            who = applicants[change.person_id]
            values |= {
                "organisation_id": decided.organisation_id,
                "is_newcomer": decided.is_newcomer,
                "is_decision_maker": who.is_decision_maker,
                "substitute_for": decided.substitute_for,
                "registered_at": decided.registered_at,
            }
            if change.reason == "substituted":
                assert decided.substitute_for is not None  # a substitute takes over the member's row
                values["arrival"] = by_person[decided.substitute_for]["arrival"]
        elif change.reason == "declined" and existing is None:
            values |= {
                "organisation_id": decided.organisation_id,
                "is_newcomer": False,
                "is_decision_maker": False,
                "registered_at": now,
            }
        if existing is None:
            row = {
                "id": convert.new_id(),
                "event_id": event["id"],
                "person_id": change.person_id,
                "version": 1,
                **values,
            }
            written[change.person_id] = await store.insert(uow.session, row)
        else:
            # Registering anew after cancelling or declining queues at the end of the waitlist.
            queue_at_end = change.reason == "registered"
            written[change.person_id] = await store.update(
                uow.session, existing["id"], values, queue_at_end=queue_at_end
            )
    # Positions are counted once every change is written, unless the rules know them (a new
    # registration queues at the end); each row carries its own, so views need not read the event's
    # rows again.
    current: dict[uuid.UUID, dict[str, Any]] = {}
    for change in outcome.changes:
        row = written[change.person_id]
        position = change.waitlist_position
        if position is None:
            position = await store.waitlist_position(uow.session, row)
        current[change.person_id] = row | {"waitlist_position": position}
    facts = convert.event_facts(event, await _series_title(uow, event)) if outcome.changes else None
    for change in outcome.changes:
        assert facts is not None
        row = current[change.person_id]
        registration = RegistrationFacts(
            registration_id=row["id"],
            event=facts,
            person_id=row["person_id"],
            status=row["status"],
            waitlist_position=row["waitlist_position"],
            version=row["version"],
        )
        fact = _fact_of(change, registration)
        if fact is not None and change.person_id not in unannounced:
            await uow.record(fact, subject=row["id"])
    return current


def _fact_of(change: rules.RegistrationChange, registration: RegistrationFacts) -> DomainEvent | None:
    if change.reason == "promoted":
        return RegistrationPromoted(registration=registration)
    if change.reason in ("registered", "substituted"):
        if change.status == RegistrationStatus.CONFIRMED:
            return RegistrationConfirmed(registration=registration)
        return RegistrationWaitlisted(registration=registration)
    if change.previous_status in rules.ACTIVE:
        return RegistrationCancelled(registration=registration)
    return None  # a "no" without a registration is announced as invitation.declined


async def _series_title(uow: UnitOfWork, event: dict[str, Any]) -> str | None:
    if event["series_id"] is None:
        return None
    found = await event_store.series_row(uow.session, event["series_id"])
    return None if found is None else str(found["title"])
