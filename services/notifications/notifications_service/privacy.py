"""Right of access: everything the notifications service holds about one person."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.contracts.notifications import ContactHeld, MessageHeld, PersonNotificationsData
from notifications_service.store import contacts, invitations, messages, registrations


async def person_data(session: AsyncSession, person_id: uuid.UUID) -> PersonNotificationsData:
    """The contact (without its unsubscribe capability), the delivery log of messages to the person
    (without their rendered links) and how many registrations and invitations are kept for them."""
    contact = (await session.execute(sa.select(contacts).where(contacts.c.person_id == person_id))).first()
    sent = (
        await session.execute(
            sa.select(messages).where(messages.c.person_id == person_id).order_by(messages.c.position)
        )
    ).all()

    async def count(table: sa.Table) -> int:
        found = await session.scalar(
            sa.select(sa.func.count()).select_from(table).where(table.c.person_id == person_id)
        )
        return int(found or 0)

    return PersonNotificationsData(
        person_id=person_id,
        contact=None
        if contact is None
        else ContactHeld(
            given_name=contact.given_name,
            family_name=contact.family_name,
            form_of_address=contact.form_of_address,
            title=contact.title,
            email=contact.email,
            language=contact.language,
            consents_to_event_contact=contact.consents_to_event_contact,
            opted_out_at=contact.opted_out_at,
        ),
        messages=[
            MessageHeld(
                message_id=row.id,
                kind=row.kind,
                status=row.status,
                event_id=row.event_id,
                recipient_email=row.recipient_email,
                email_subject=row.email_subject,
                created_at=row.created_at,
                sent_at=row.sent_at,
            )
            for row in sent
        ],
        registrations_known=await count(registrations),
        invitations_known=await count(invitations),
    )
