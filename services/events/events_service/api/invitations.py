"""Invitations: the audience chosen by network, region, organisation types, decision-makers or by
name; each person invited once; a token to accept or decline without a login."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from events_service import convert, registering
from events_service.api.base import event_to_change, existing_event, operations, series_title
from events_service.api.registrations import registration_view
from events_service.domain.errors import fail
from events_service.domain.registration import invitation_state
from events_service.domain.vocabulary import EventStatus, RegistrationStatus
from events_service.store import links, projection
from events_service.store import registrations as store
from events_service.store.records import InvitationRecord, PlacedRegistration
from netzwerkstatt.contracts.events import (
    InvitationByToken,
    InvitationDeclined,
    InvitationIssued,
    InvitationList,
    InvitationPreview,
    InvitationRecipient,
    InvitationResponse,
    InvitationsIssued,
    InvitationView,
    IssueInvitations,
    ListInvitations,
    PublicInvitation,
    RespondToInvitation,
)
from netzwerkstatt.db import DatabaseDep, utcnow
from netzwerkstatt.errors import InvalidInput, NotFound
from netzwerkstatt.principal import Access, Principal

# One message for unknown and withdrawn tokens alike, so that a token's existence cannot be probed.
UNKNOWN_INVITATION = "this invitation link is not valid (any more)"


async def registrations_by_person(
    session: AsyncSession, event_ids: set[uuid.UUID]
) -> dict[tuple[uuid.UUID, uuid.UUID], PlacedRegistration]:
    """(event, person) → the person's registration with its waitlist position: what an invitation's
    state follows."""
    placed: dict[tuple[uuid.UUID, uuid.UUID], PlacedRegistration] = {}
    for event_id in event_ids:
        for registration in registering.placed_in_order(await store.of_event(session, event_id)):
            placed[(event_id, registration.record.person_id)] = registration
    return placed


async def invitation_views(
    session: AsyncSession,
    invitations: list[InvitationRecord],
    registrations: dict[tuple[uuid.UUID, uuid.UUID], PlacedRegistration] | None = None,
) -> list[InvitationView]:
    """The invitations as staff see them, each with the person's registration as it stands now
    (read here unless given)."""
    if registrations is None:
        registrations = await registrations_by_person(session, {i.event_id for i in invitations})
    people = await projection.names_of_people(session, [i.person_id for i in invitations])
    organisations = await projection.names_of_organisations(session, [i.organisation_id for i in invitations])
    return [
        convert.invitation_view(
            invitation,
            people.get(invitation.person_id),
            organisations.get(invitation.organisation_id) if invitation.organisation_id else None,
            registrations.get((invitation.event_id, invitation.person_id)),
        )
        for invitation in invitations
    ]


async def _named(
    session: AsyncSession, person_ids: list[uuid.UUID]
) -> list[tuple[uuid.UUID, uuid.UUID | None]]:
    pairs: list[tuple[uuid.UUID, uuid.UUID | None]] = []
    for index, person_id in enumerate(person_ids):
        if await projection.person(session, person_id) is None:
            raise NotFound.for_field(f"person_ids.{index}", f"no person with id {person_id}")
        organisation_ids = await projection.organisation_ids_of(session, person_id)
        pairs.append((person_id, organisation_ids[0] if organisation_ids else None))
    return pairs


def _require_audience(request: IssueInvitations) -> None:
    criteria = (request.network_ids, request.region_keys, request.organisation_types, request.person_ids)
    if not any(criteria) and not request.decision_makers_only:
        raise InvalidInput.for_field(
            "network_ids", "choose an audience: networks, regions, types or people", "no_audience"
        )


async def _audience(session: AsyncSession, request: IssueInvitations) -> dict[uuid.UUID, uuid.UUID | None]:
    """Person → the organisation they are invited for: the criteria's people, then the named ones."""
    pairs: dict[uuid.UUID, uuid.UUID | None] = {}
    if (
        request.network_ids
        or request.region_keys
        or request.organisation_types
        or request.decision_makers_only
    ):
        found = await projection.audience(
            session,
            network_ids=request.network_ids,
            region_keys=request.region_keys,
            organisation_types=request.organisation_types,
            decision_makers_only=request.decision_makers_only,
        )
        pairs.update(found)
    for person_id, organisation_id in await _named(session, request.person_ids):
        pairs.setdefault(person_id, organisation_id)
    return pairs


@operations("invitation.preview", access=Access.READ)
async def preview(request: IssueInvitations, db: DatabaseDep) -> InvitationPreview:
    """Whom ``invitation.issue`` with the same audience would reach, and who was invited before;
    nothing is written."""
    _require_audience(request)
    async with db.read() as session:
        await existing_event(session, request.event_id)
        pairs = await _audience(session, request)
        invited = {i.person_id for i in await store.invitations_of_event(session, request.event_id)}
        people = await projection.names_of_people(session, list(pairs))
        organisations = await projection.names_of_organisations(
            session, [organisation_id for organisation_id in pairs.values() if organisation_id]
        )
    recipients = [
        InvitationRecipient(
            person_id=person_id,
            person_name=people.get(person_id),
            organisation_id=organisation_id,
            organisation_name=organisations.get(organisation_id) if organisation_id else None,
            already_invited=person_id in invited,
        )
        for person_id, organisation_id in pairs.items()
    ]
    recipients.sort(
        key=lambda row: ((row.organisation_name or "").casefold(), (row.person_name or "").casefold())
    )
    already = sum(row.already_invited for row in recipients)
    return InvitationPreview(recipients=recipients, new=len(recipients) - already, already_invited=already)


@operations("invitation.issue", access=Access.CHANGE)
async def issue(request: IssueInvitations, principal: Principal, db: DatabaseDep) -> InvitationsIssued:
    """Invite the chosen audience to a published event; people invited before are skipped."""
    _require_audience(request)
    async with db.unit_of_work() as uow:
        session = uow.session
        event = await event_to_change(session, principal, request.event_id)
        if event.status != EventStatus.PUBLISHED:
            raise fail("event_not_published", "invitations go out for a published event", "event_id")
        pairs = await _audience(session, request)
        now = utcnow()
        issued: list[InvitationRecord] = []
        for person_id, organisation_id in pairs.items():
            invitation = InvitationRecord(
                id=convert.new_id(),
                event_id=event.id,
                person_id=person_id,
                organisation_id=organisation_id,
                status="issued",
                reason=None,
                anonymised=False,
                issued_at=now,
                responded_at=None,
            )
            if await store.insert_invitation(session, invitation):
                issued.append(invitation)
        facts = convert.event_facts(event, await series_title(session, event.series_id))
        for invitation in issued:
            await uow.record(
                InvitationIssued(invitation_id=invitation.id, event=facts, person_id=invitation.person_id),
                subject=invitation.id,
            )
        return InvitationsIssued(
            issued=await invitation_views(session, issued), already_invited=len(pairs) - len(issued)
        )


def _status_of(registration: PlacedRegistration | None) -> RegistrationStatus | None:
    return None if registration is None else RegistrationStatus(registration.record.status)


@operations("invitation.list", access=Access.READ)
async def list_invitations(request: ListInvitations, db: DatabaseDep) -> InvitationList:
    async with db.read() as session:
        await existing_event(session, request.event_id)
        invitations = await store.invitations_of_event(session, request.event_id)
        registrations = await registrations_by_person(session, {request.event_id})
        page = invitations[request.offset : request.offset + request.limit]
        items = await invitation_views(session, page, registrations)
    states = Counter(
        invitation_state(
            invitation.status, _status_of(registrations.get((request.event_id, invitation.person_id)))
        )
        for invitation in invitations
    )
    return InvitationList(
        event_id=request.event_id,
        counts=dict(Counter(invitation.status for invitation in invitations)),
        states={state.value: count for state, count in states.items()},
        items=items,
        total=len(invitations),
        offset=request.offset,
        limit=request.limit,
    )


@operations("invitation.respond", access=Access.TOKEN)
async def respond(request: RespondToInvitation, db: DatabaseDep) -> InvitationResponse:
    """Accept (register) or decline with the token from the invitation e-mail; no login."""
    async with db.unit_of_work() as uow:
        session = uow.session
        found = await links.invitation_by_token(session, request.token)
        if found is None:
            raise NotFound.for_field("token", UNKNOWN_INVITATION)
        event = await existing_event(session, found.event_id, lock=True)
        invitation = await links.invitation_by_token(session, request.token, lock=True)
        assert invitation is not None
        if invitation.status == "withdrawn":
            raise fail("invitation_withdrawn", "this invitation was withdrawn", "token")
        person_id = invitation.person_id
        if request.answer == "accept":
            still_member = invitation.organisation_id in await projection.organisation_ids_of(
                session, person_id
            )
            applicant = await registering.applicant(
                uow, event, person_id, invitation.organisation_id if still_member else None, "token"
            )
            registration = await registering.register(uow, event, applicant)
            status = "accepted"
        else:
            registration = await registering.decline(uow, event, person_id, invitation.organisation_id)
            status = "declined"
        if invitation.status != status:
            invitation = replace(invitation, status=status, responded_at=utcnow())
            await store.record_answer(session, invitation)
            if status == "declined":
                await uow.record(
                    InvitationDeclined(invitation_id=invitation.id, event_id=event.id, person_id=person_id),
                    subject=invitation.id,
                )
        return InvitationResponse(
            invitation=(await invitation_views(session, [invitation]))[0],
            registration=await registration_view(session, registration),
        )


@operations("invitation.by_token", access=Access.TOKEN)
async def by_token(request: InvitationByToken, db: DatabaseDep) -> PublicInvitation:
    """What the public invitation page shows: the event and the answer so far, with the person's
    registration as it stands now (also when it was made or cancelled another way)."""
    async with db.read() as session:
        invitation = await links.invitation_by_token(session, request.token)
        if invitation is None or invitation.status == "withdrawn":
            raise NotFound.for_field("token", UNKNOWN_INVITATION)
        event = await existing_event(session, invitation.event_id)
        registration = await store.of_person(session, event.id, invitation.person_id)
        position = None if registration is None else await store.waitlist_position(session, registration)
        return PublicInvitation(
            invitation_id=invitation.id,
            event=convert.event_facts(event, await series_title(session, event.series_id)),
            status=invitation.status,
            registration_status=None if registration is None else registration.status,
            waitlist_position=position,
        )
