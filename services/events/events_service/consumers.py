"""The events this service reacts to: the registry's actors, kept as a local projection, and what
follows for invitations and registrations when a person leaves an organisation or is erased."""

from __future__ import annotations

import sqlalchemy as sa

from events_service import registering
from events_service.store import agreements as agreement_store
from events_service.store import erasure, projection
from events_service.store import events as event_store
from events_service.store import registrations as registration_store
from events_service.store.tables import events, invitations, people, registrations
from netzwerkstatt.contracts.events import InvitationWithdrawn
from netzwerkstatt.contracts.registry import (
    MembershipEnded,
    NetworkSnapshot,
    OrganisationArchived,
    OrganisationCreated,
    OrganisationSnapshot,
    PersonCreated,
    PersonErased,
    PersonUpdated,
)
from netzwerkstatt.db import UnitOfWork
from netzwerkstatt.envelope import Envelope
from netzwerkstatt.inbox import Consumers

consumers = Consumers("events")


@consumers.on(OrganisationCreated, name="organisation-created")
async def project_new_organisation(uow: UnitOfWork, event: Envelope[OrganisationCreated]) -> None:
    """Keep the organisation's name and type for invitations, lists and figures."""
    await projection.upsert_organisation(uow.session, event.data)


@consumers.on(OrganisationSnapshot, name="organisation-updated")
async def project_organisation(uow: UnitOfWork, event: Envelope[OrganisationSnapshot]) -> None:
    """The organisation as it is now (newest version wins)."""
    await projection.upsert_organisation(uow.session, event.data)


@consumers.on(OrganisationArchived, name="organisation-archived")
async def project_archived_organisation(uow: UnitOfWork, event: Envelope[OrganisationArchived]) -> None:
    """An archived organisation is no longer part of new audiences."""
    await projection.archive_organisation(uow.session, event.data.organisation_id, event.data.version)


@consumers.on(PersonCreated, name="person-created")
async def project_new_person(uow: UnitOfWork, event: Envelope[PersonCreated]) -> None:
    """Keep the person's name and memberships for invitations, registrations and lists."""
    await projection.upsert_person(uow.session, event.data.person)


@consumers.on(PersonUpdated, name="person-updated")
async def project_person(uow: UnitOfWork, event: Envelope[PersonUpdated]) -> None:
    """The person and memberships as they are now (newest version wins)."""
    await projection.upsert_person(uow.session, event.data.person)


@consumers.on(MembershipEnded, name="membership-ended")
async def follow_membership_end(uow: UnitOfWork, event: Envelope[MembershipEnded]) -> None:
    """The person left the organisation: the membership goes, and their unanswered invitations to
    upcoming events on its behalf are withdrawn. A registration already made stays (the organisation
    may hand the seat to a substitute)."""
    data = event.data
    await projection.end_membership(uow.session, data.person_id, data.organisation_id)
    # An older person.updated arriving later must not bring the membership back.
    await uow.session.execute(
        people.update()
        .where(people.c.id == data.person_id)
        .values(version=sa.func.greatest(people.c.version, data.version))
    )
    withdrawn = await registration_store.withdraw_pending_invitations(
        uow.session,
        sa.and_(
            invitations.c.person_id == data.person_id, invitations.c.organisation_id == data.organisation_id
        ),
        "membership_ended",
    )
    for invitation in withdrawn:
        await uow.record(
            InvitationWithdrawn(
                invitation_id=invitation.id,
                event_id=invitation.event_id,
                person_id=invitation.person_id,
                reason="membership_ended",
            ),
            subject=invitation.id,
        )


@consumers.on(PersonErased, name="person-erased")
async def erase_person(uow: UnitOfWork, event: Envelope[PersonErased]) -> None:
    """Remove the person's data from this schema; counts stay right (see ``store.erasure``). A place
    they held at an upcoming event is freed, and the waitlist moves up."""
    person_id = event.data.person_id
    session = uow.session
    await registration_store.withdraw_pending_invitations(
        session, invitations.c.person_id == person_id, "erased"
    )
    held = await session.execute(
        sa.select(registrations.c.event_id)
        .join(events, events.c.id == registrations.c.event_id)
        .where(
            registrations.c.person_id == person_id,
            registrations.c.status.in_(("confirmed", "waitlisted")),
            events.c.status.in_(("draft", "published")),
        )
        .order_by(registrations.c.event_id)
    )
    for event_id in held.scalars().all():
        locked = await event_store.event_row(session, event_id, lock=True)
        assert locked is not None
        await registering.withdraw_erased(uow, locked, person_id)
    await erasure.anonymise_rows(session, person_id)
    await agreement_store.clear_owner(session, person_id)
    await projection.erase_person(session, person_id)


@consumers.on(NetworkSnapshot, name="network-updated")
async def project_network(uow: UnitOfWork, event: Envelope[NetworkSnapshot]) -> None:
    """Members (for audiences) and the districts of the region (for coverage figures)."""
    await projection.upsert_network(uow.session, event.data)
