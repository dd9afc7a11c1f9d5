"""Right of access: what the notifications service holds about a person."""

from __future__ import annotations

from netzwerkstatt.contracts.notifications import PersonNotificationsData
from netzwerkstatt.contracts.registry import PersonRef
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.principal import Access
from notifications_service import privacy
from notifications_service.api.base import operations


@operations("person.export", access=Access.READ)
async def export_person(request: PersonRef, db: DatabaseDep) -> PersonNotificationsData:
    """What notifications holds about a person: contact, messages written to them, and how many
    registrations and invitations it keeps for them (right of access). Nothing held: an empty document."""
    async with db.read() as session:
        return await privacy.person_data(session, request.person_id)
