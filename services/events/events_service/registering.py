"""Registration changes against the database: lock the event row, decide with the domain rules,
write the rows and record one fact per change, all in the caller's unit of work.

Every function here expects the event row locked (``store.events.event_row(..., lock=True)``) in the
same transaction, which serialises registrations of one event across all replicas: the capacity
and seat rules are decided on data no one else can change meanwhile."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

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

from events_service import clock, convert
from events_service.domain import registration as rules
from events_service.domain.errors import fail
from events_service.domain.vocabulary import RegistrationStatus
from events_service.store import events as event_store
from events_service.store import projection
from events_service.store import registrations as store


def to_domain(rows: Sequence[dict[str, Any]]) -> list[rules.Registration]:
    return [
        rules.Registration(
            person_id=row["person_id"],
            organisation_id=row["organisation_id"],
            status=RegistrationStatus(row["status"]),
            registered_at=row["registered_at"],
            is_newcomer=row["is_newcomer"],
            substitute_for=row["substitute_for"],
        )
        for row in rows
    ]


def waitlist_positions(rows: Sequence[dict[str, Any]]) -> dict[uuid.UUID, int]:
    waiting = [row for row in rows if row["status"] == RegistrationStatus.WAITLISTED]
    return {row["person_id"]: position for position, row in enumerate(waiting, start=1)}


class Applicant:
    """Who registers, for which organisation's seat, and what the rules need to know about them."""

    def __init__(self, request: rules.RegistrationRequest, is_decision_maker: bool) -> None:
        self.request = request
        self.is_decision_maker = is_decision_maker


async def applicant(
    uow: UnitOfWork,
    event: dict[str, Any],
    person_id: uuid.UUID,
    organisation_id: uuid.UUID | None,
    field: str,
) -> Applicant:
    """The person from the projection with the membership whose seat they take."""
    session = uow.session
    if await projection.person(session, person_id) is None:
        raise NotFound.for_field(field, f"no person with id {person_id} is known to the events service")
    memberships = await projection.memberships_of(session, person_id)
    if organisation_id is None:
        invitation = await store.invitation_of(session, event["id"], person_id)
        invited_for = invitation["organisation_id"] if invitation else None
        chosen = next((m for m in memberships if m["organisation_id"] == invited_for), None) or next(
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
    if event["series_id"] is None:
        attended = 1  # outside a series only the membership's start makes someone new
    else:
        attended = await store.editions_attended(session, person_id, event["series_id"], event["edition"])
    request = rules.RegistrationRequest(
        person_id=person_id,
        organisation_id=None if chosen is None else chosen["organisation_id"],
        membership_started_on=None if chosen is None else chosen["start_date"],
        earlier_editions_attended=attended,
    )
    return Applicant(request, bool(chosen and chosen["decision_maker"]))


async def register(uow: UnitOfWork, event: dict[str, Any], applicant: Applicant) -> dict[str, Any]:
    rows = await store.of_event(uow.session, event["id"])
    outcome = rules.register(convert.policy(event), to_domain(rows), applicant.request, clock.now())
    changed = await apply(uow, event, rows, outcome, {applicant.request.person_id: applicant})
    return changed[applicant.request.person_id]


async def cancel(uow: UnitOfWork, event: dict[str, Any], person_id: uuid.UUID) -> dict[str, Any]:
    rows = await store.of_event(uow.session, event["id"])
    outcome = rules.cancel(convert.policy(event), to_domain(rows), person_id)
    return (await apply(uow, event, rows, outcome, {}))[person_id]


async def decline(
    uow: UnitOfWork, event: dict[str, Any], person_id: uuid.UUID, organisation_id: uuid.UUID | None
) -> dict[str, Any]:
    rows = await store.of_event(uow.session, event["id"])
    outcome = rules.decline(convert.policy(event), to_domain(rows), person_id, organisation_id, clock.now())
    return (await apply(uow, event, rows, outcome, {}))[person_id]


async def substitute(
    uow: UnitOfWork, event: dict[str, Any], member_id: uuid.UUID, substitute: Applicant
) -> dict[str, Any]:
    rows = await store.of_event(uow.session, event["id"])
    outcome = rules.substitute(convert.policy(event), to_domain(rows), member_id, substitute.request)
    changed = await apply(uow, event, rows, outcome, {substitute.request.person_id: substitute})
    return changed[substitute.request.person_id]


async def withdraw_erased(uow: UnitOfWork, event: dict[str, Any], person_id: uuid.UUID) -> None:
    """Free the place of a person erased from the registry; the waitlist moves up as usual, but the
    erased person's own cancellation is not announced (nobody may contact them any more)."""
    rows = await store.of_event(uow.session, event["id"])
    outcome = rules.cancel(convert.policy(event), to_domain(rows), person_id)
    await apply(uow, event, rows, outcome, {}, unannounced=frozenset({person_id}))


async def rebalance(uow: UnitOfWork, event: dict[str, Any]) -> None:
    """Promote from the waitlist after the capacity or the seat limit changed."""
    rows = await store.of_event(uow.session, event["id"])
    await apply(uow, event, rows, rules.rebalance(convert.policy(event), to_domain(rows)), {})


async def apply(
    uow: UnitOfWork,
    event: dict[str, Any],
    rows: Sequence[dict[str, Any]],
    outcome: rules.Outcome,
    applicants: dict[uuid.UUID, Applicant],
    *,
    unannounced: frozenset[uuid.UUID] = frozenset(),
) -> dict[uuid.UUID, dict[str, Any]]:
    """Write the outcome's changes and record their facts (except for the people in ``unannounced``);
    returns every registration row of the event by person, as it is now."""
    now = utcnow()
    by_person = {row["person_id"]: row for row in rows}
    for change in outcome.changes:
        decided = outcome.registration_of(change.person_id)
        assert decided is not None  # the rules return every row they changed
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
            if change.reason == "registered":
                values["arrival"] = store.next_arrival()  # a new registration queues at the end
            else:
                values["arrival"] = by_person[decided.substitute_for]["arrival"]
        elif change.reason == "declined" and existing is None:
            values |= {
                "organisation_id": decided.organisation_id,
                "is_newcomer": False,
                "is_decision_maker": False,
                "registered_at": now,
                "arrival": store.next_arrival(),
            }
        if existing is None:
            await store.insert(
                uow.session,
                {
                    "id": convert.new_id(),
                    "event_id": event["id"],
                    "person_id": change.person_id,
                    "token": store.new_token(),
                    "version": 1,
                    **values,
                },
            )
        else:
            await store.update(uow.session, existing["id"], values)
    after = await store.of_event(uow.session, event["id"])
    positions = waitlist_positions(after)
    # Each row carries its waitlist position, so views need not read the event's rows again.
    current = {
        row["person_id"]: row | {"waitlist_position": positions.get(row["person_id"])} for row in after
    }
    facts = convert.event_facts(event, await _series_title(uow, event))
    for change in outcome.changes:
        row = current[change.person_id]
        registration = RegistrationFacts(
            registration_id=row["id"],
            event=facts,
            person_id=row["person_id"],
            status=row["status"],
            waitlist_position=positions.get(row["person_id"]),
            token=row["token"],
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
