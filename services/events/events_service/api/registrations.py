"""Registrations: confirmed, waitlisted, cancelled, declined; substitutes; the public token page.
Every change locks the event's row first (see ``events_service.registering``)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from events_service import convert, registering
from events_service.api.base import event_to_change, existing_event, operations, series_title
from events_service.domain.vocabulary import RegistrationStatus
from events_service.store import links, projection
from events_service.store import registrations as store
from events_service.store.records import PlacedRegistration, RegistrationRecord
from netzwerkstatt.contracts.events import (
    CancelRegistration,
    ListRegistrations,
    PublicRegistration,
    Register,
    RegistrationByToken,
    RegistrationList,
    RegistrationRef,
    RegistrationView,
    Substitute,
)
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.errors import InvalidInput, NotFound
from netzwerkstatt.principal import Access, Principal, require_change


async def registration_views(
    session: AsyncSession, placed: list[PlacedRegistration], known: registering.Applicant | None = None
) -> list[RegistrationView]:
    """Views of some registrations with their waitlist positions. Names the ``known`` applicant
    brings are not read again."""
    if not placed:
        return []
    records = [item.record for item in placed]
    people = {} if known is None else {known.request.person_id: known.person_name}
    organisations = {} if known is None else dict(known.organisation_names)
    people |= await projection.names_of_people(
        session, [r.person_id for r in records if r.person_id not in people]
    )
    organisations |= await projection.names_of_organisations(
        session, [r.organisation_id for r in records if r.organisation_id not in organisations]
    )
    return [
        convert.registration_view(
            item,
            people.get(item.record.person_id),
            organisations.get(item.record.organisation_id) if item.record.organisation_id else None,
        )
        for item in placed
    ]


async def registration_view(
    session: AsyncSession, placed: PlacedRegistration, known: registering.Applicant | None = None
) -> RegistrationView:
    return (await registration_views(session, [placed], known))[0]


@operations("registration.register", access=Access.CHANGE)
async def register(request: Register, principal: Principal, db: DatabaseDep) -> RegistrationView:
    """Confirmed while places and the organisation's seats allow, else on the waitlist (first in,
    first out). Registering again returns the existing registration unchanged. A confirmed place is
    confirmed by e-mail unless ``confirmation`` is ``already_confirmed`` (staff enter what the person
    was told another way); reminders go out either way."""
    async with db.unit_of_work() as uow:
        event = await event_to_change(uow.session, principal, request.event_id)
        applicant = await registering.applicant(
            uow, event, request.person_id, request.organisation_id, "person_id"
        )
        registration = await registering.register(uow, event, applicant, request.confirmation)
        return await registration_view(uow.session, registration, applicant)


async def _registration(
    session: AsyncSession, request: CancelRegistration | Substitute
) -> RegistrationRecord:
    if isinstance(request, Substitute):
        row = await store.by_id(session, request.registration_id)
        if row is None:
            raise NotFound.for_field("registration_id", f"no registration with id {request.registration_id}")
        return row
    if (request.registration_id is None) == (request.token is None):
        raise InvalidInput.for_field("registration_id", "give either registration_id or token", "missing")
    if request.token is not None:
        row = await links.registration_by_token(session, request.token)
        if row is None:
            raise NotFound.for_field("token", "this link is not valid (any more)")
        return row
    assert request.registration_id is not None
    row = await store.by_id(session, request.registration_id)
    if row is None:
        raise NotFound.for_field("registration_id", f"no registration with id {request.registration_id}")
    return row


@operations("registration.cancel", access=Access.TOKEN)
async def cancel(request: CancelRegistration, principal: Principal, db: DatabaseDep) -> RegistrationView:
    """Withdraw a registration (staff by id, the participant by token); the freed place goes to the
    first on the waitlist who can take it."""
    async with db.unit_of_work() as uow:
        found = await _registration(uow.session, request)
        event = await existing_event(uow.session, found.event_id, lock=True)
        if request.token is None:  # staff cancel by id: the rule of the registration's own event
            require_change(principal, event.network_id)
        registration = await registering.cancel(uow, event, found.person_id)
        return await registration_view(uow.session, registration)


@operations("registration.substitute", access=Access.CHANGE)
async def substitute(request: Substitute, principal: Principal, db: DatabaseDep) -> RegistrationView:
    """Hand a member's place to a named substitute of the same organisation."""
    async with db.unit_of_work() as uow:
        found = await _registration(uow.session, request)
        event = await event_to_change(uow.session, principal, found.event_id)
        member = await store.by_id(uow.session, found.id)  # re-read under the event lock
        assert member is not None
        applicant = await registering.applicant(
            uow, event, request.substitute_person_id, member.organisation_id, "substitute_person_id"
        )
        registration = await registering.substitute(uow, event, member.person_id, applicant)
        return await registration_view(uow.session, registration, applicant)


@operations("registration.get", access=Access.READ)
async def get(request: RegistrationRef, db: DatabaseDep) -> RegistrationView:
    """One registration by its id (staff use; the gateway checks the event's network from it)."""
    async with db.read() as session:
        found = await store.by_id(session, request.registration_id)
        if found is None:
            raise NotFound.for_field("registration_id", f"no registration with id {request.registration_id}")
        return await registration_view(session, await registering.placed(session, found))


@operations("registration.list", access=Access.READ)
async def list_registrations(request: ListRegistrations, db: DatabaseDep) -> RegistrationList:
    """The event's registrations in arrival order (the waitlist's order), with counts."""
    async with db.read() as session:
        event = await existing_event(session, request.event_id)
        records = await store.of_event(session, event.id)
        views = await registration_views(session, registering.placed_in_order(records))
    return RegistrationList.of(
        [view for view in views if request.status is None or view.status == request.status],
        request,
        event_id=event.id,
        capacity=event.capacity,
        confirmed=sum(view.status == RegistrationStatus.CONFIRMED for view in views),
        waitlisted=sum(view.status == RegistrationStatus.WAITLISTED for view in views),
    )


@operations("registration.by_token", access=Access.TOKEN)
async def by_token(request: RegistrationByToken, db: DatabaseDep) -> PublicRegistration:
    """What the public cancel page shows for the token from the participant's e-mail."""
    async with db.read() as session:
        found = await links.registration_by_token(session, request.token)
        if found is None:
            raise NotFound.for_field("token", "this link is not valid (any more)")
        event = await existing_event(session, found.event_id)
        position = await store.waitlist_position(session, found)
        return PublicRegistration(
            registration_id=found.id,
            event=convert.event_facts(event, await series_title(session, event.series_id)),
            status=found.status,
            waitlist_position=position,
        )
