"""Right of access: everything this service holds about one person, read in one transaction."""

from __future__ import annotations

import sqlalchemy as sa

from events_service.api.base import operations
from events_service.store.erasure import speaking
from events_service.store.tables import (
    agenda_items,
    agreements,
    attendance,
    events,
    invitations,
    memberships,
    people,
    registrations,
)
from netzwerkstatt.contracts.events import (
    AgreementHeld,
    AttendanceHeld,
    HeldPerson,
    InvitationHeld,
    MembershipHeld,
    PersonEventsData,
    RegistrationHeld,
)
from netzwerkstatt.contracts.registry import PersonRef
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.principal import Access


@operations("person.export", access=Access.READ)
async def export_person(request: PersonRef, db: DatabaseDep) -> PersonEventsData:
    """What the events service holds about a person: the copy of their registry data, invitations,
    registrations, attendance, agreements they own and agenda items naming them (right of access).
    An unknown or erased person gets an empty document, not an error: holding nothing is the answer."""
    person_id = request.person_id
    async with db.read() as session:
        person = (await session.execute(sa.select(people).where(people.c.id == person_id))).first()
        held_memberships = (
            await session.execute(
                sa.select(memberships)
                .where(memberships.c.person_id == person_id)
                .order_by(memberships.c.organisation_id)
            )
        ).all()
        invited = (
            await session.execute(
                sa.select(invitations, events.c.title)
                .join(events, events.c.id == invitations.c.event_id)
                .where(invitations.c.person_id == person_id)
                .order_by(invitations.c.issued_at)
            )
        ).all()
        registered = (
            await session.execute(
                sa.select(registrations, events.c.title)
                .join(events, events.c.id == registrations.c.event_id)
                .where(registrations.c.person_id == person_id)
                .order_by(registrations.c.registered_at)
            )
        ).all()
        present = (
            await session.execute(
                sa.select(registrations.c.event_id, attendance.c.day, attendance.c.present)
                .join(registrations, registrations.c.id == attendance.c.registration_id)
                .where(registrations.c.person_id == person_id)
                .order_by(attendance.c.day)
            )
        ).all()
        owned = (
            await session.execute(
                sa.select(agreements)
                .where(agreements.c.owner_person_id == person_id)
                .order_by(agreements.c.created_at)
            )
        ).all()
        items = (await session.execute(sa.select(agenda_items.c.id).where(speaking(person_id)))).scalars()
        agenda = list(items)
    return PersonEventsData(
        person_id=person_id,
        person=None
        if person is None
        else HeldPerson(
            given_name=person.given_name,
            family_name=person.family_name,
            form_of_address=person.form_of_address,
            title=person.title,
            email=person.email,
            language=person.language,
            consents_to_event_contact=person.consents_to_event_contact,
            memberships=[
                MembershipHeld(
                    organisation_id=row.organisation_id,
                    function=row.function,
                    decision_maker=row.decision_maker,
                    start_date=row.start_date,
                )
                for row in held_memberships
            ],
        ),
        invitations=[
            InvitationHeld(
                invitation_id=row.id,
                event_id=row.event_id,
                event_title=row.title,
                status=row.status,
                issued_at=row.issued_at,
                responded_at=row.responded_at,
            )
            for row in invited
        ],
        registrations=[
            RegistrationHeld(
                registration_id=row.id,
                event_id=row.event_id,
                event_title=row.title,
                status=row.status,
                registered_at=row.registered_at,
                is_newcomer=row.is_newcomer,
                is_decision_maker=row.is_decision_maker,
                substitute_for=row.substitute_for,
            )
            for row in registered
        ],
        attendance=[
            AttendanceHeld(event_id=row.event_id, day=row.day, present=row.present) for row in present
        ],
        agreements_owned=[
            AgreementHeld(
                agreement_id=row.id,
                event_id=row.event_id,
                text=row.text,
                status=row.status,
                due_date=row.due_on,
            )
            for row in owned
        ],
        agenda_items_speaking=agenda,
    )
