"""Invitations: the audience chosen by network, region, organisation types, decision-makers or by
name; each person invited once; a token to accept or decline without a login."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from events_service import convert, registering
from events_service.api.base import event_to_change, existing_event, operations, series_title
from events_service.api.registrations import registration_view
from events_service.domain.errors import fail
from events_service.domain.vocabulary import EventStatus
from events_service.store import links, projection
from events_service.store import registrations as store
from events_service.store.tables import invitations
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


async def invitation_views(session: AsyncSession, rows: list[dict[str, Any]]) -> list[InvitationView]:
    people = await projection.names_of_people(session, [row["person_id"] for row in rows])
    organisations = await projection.names_of_organisations(session, [row["organisation_id"] for row in rows])
    return [
        InvitationView(
            id=row["id"],
            event_id=row["event_id"],
            person_id=row["person_id"],
            person_name=people.get(row["person_id"]),
            organisation_id=row["organisation_id"],
            organisation_name=organisations.get(row["organisation_id"]) if row["organisation_id"] else None,
            status=row["status"],
            reason=row["reason"],
            issued_at=row["issued_at"],
            responded_at=row["responded_at"],
        )
        for row in rows
    ]


async def _named(
    session: AsyncSession, person_ids: list[uuid.UUID]
) -> list[tuple[uuid.UUID, uuid.UUID | None]]:
    pairs: list[tuple[uuid.UUID, uuid.UUID | None]] = []
    for index, person_id in enumerate(person_ids):
        if await projection.person(session, person_id) is None:
            raise NotFound.for_field(f"person_ids.{index}", f"no person with id {person_id}")
        memberships = await projection.memberships_of(session, person_id)
        pairs.append((person_id, memberships[0]["organisation_id"] if memberships else None))
    return pairs


def _require_audience(request: IssueInvitations) -> None:
    criteria = (request.network_ids, request.region_keys, request.organisation_types, request.person_ids)
    if not any(criteria) and not request.decision_makers_only:
        raise InvalidInput.for_field(
            "network_ids", "choose an audience: networks, regions, types or people", "missing"
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
        invited = {row["person_id"] for row in await store.invitations_of_event(session, request.event_id)}
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
        if event["status"] != EventStatus.PUBLISHED:
            raise fail("event_not_published", "invitations go out for a published event", "event_id")
        pairs = await _audience(session, request)
        now = utcnow()
        issued: list[dict[str, Any]] = []
        for person_id, organisation_id in pairs.items():
            row = {
                "id": convert.new_id(),
                "event_id": event["id"],
                "person_id": person_id,
                "organisation_id": organisation_id,
                "status": "issued",
                "issued_at": now,
            }
            created = await session.scalar(
                insert(invitations).values(**row).on_conflict_do_nothing().returning(invitations.c.id)
            )
            if created is not None:
                issued.append(row | {"reason": None, "responded_at": None})
        facts = convert.event_facts(event, await series_title(session, event["series_id"]))
        for row in issued:
            await uow.record(
                InvitationIssued(invitation_id=row["id"], event=facts, person_id=row["person_id"]),
                subject=row["id"],
            )
        return InvitationsIssued(
            issued=await invitation_views(session, issued), already_invited=len(pairs) - len(issued)
        )


@operations("invitation.list", access=Access.READ)
async def list_invitations(request: ListInvitations, db: DatabaseDep) -> InvitationList:
    async with db.read() as session:
        await existing_event(session, request.event_id)
        rows = await store.invitations_of_event(session, request.event_id)
        page = rows[request.offset : request.offset + request.limit]
        items = await invitation_views(session, page)
    return InvitationList(
        event_id=request.event_id, items=items, total=len(rows), offset=request.offset, limit=request.limit
    )


@operations("invitation.respond", access=Access.TOKEN)
async def respond(request: RespondToInvitation, db: DatabaseDep) -> InvitationResponse:
    """Accept (register) or decline with the token from the invitation e-mail; no login."""
    async with db.unit_of_work() as uow:
        session = uow.session
        found = await links.invitation_by_token(session, request.token)
        if found is None:
            raise NotFound.for_field("token", UNKNOWN_INVITATION)
        event = await existing_event(session, found["event_id"], lock=True)
        invitation = await links.invitation_by_token(session, request.token, lock=True)
        assert invitation is not None
        if invitation["status"] == "withdrawn":
            raise fail("invitation_withdrawn", "this invitation was withdrawn", "token")
        person_id = invitation["person_id"]
        registration = None
        if request.answer == "accept":
            memberships = await projection.memberships_of(session, person_id)
            still_member = any(m["organisation_id"] == invitation["organisation_id"] for m in memberships)
            applicant = await registering.applicant(
                uow, event, person_id, invitation["organisation_id"] if still_member else None, "token"
            )
            registration = await registering.register(uow, event, applicant)
            status = "accepted"
        else:
            registration = await registering.decline(uow, event, person_id, invitation["organisation_id"])
            status = "declined"
        if invitation["status"] != status:
            invitation |= {"status": status, "responded_at": utcnow()}
            await store.update_invitation(session, invitation["id"], invitation)
            if status == "declined":
                await uow.record(
                    InvitationDeclined(
                        invitation_id=invitation["id"], event_id=event["id"], person_id=person_id
                    ),
                    subject=invitation["id"],
                )
        return InvitationResponse(
            invitation=(await invitation_views(session, [invitation]))[0],
            registration=await registration_view(session, registration),
        )


@operations("invitation.by_token", access=Access.TOKEN)
async def by_token(request: InvitationByToken, db: DatabaseDep) -> PublicInvitation:
    """What the public invitation page shows before the participant answers."""
    async with db.read() as session:
        row = await links.invitation_by_token(session, request.token)
        if row is None or row["status"] == "withdrawn":
            raise NotFound.for_field("token", UNKNOWN_INVITATION)
        event = await existing_event(session, row["event_id"])
        return PublicInvitation(
            invitation_id=row["id"],
            event=convert.event_facts(event, await series_title(session, event["series_id"])),
            status=row["status"],
        )
