"""Who takes part in a plan: the event's confirmed (or checked-in) registrations with their
organisation, organisation type and district from the registry projection. Read-only."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from events_service.groupwork.common import Participant
from events_service.store import projection
from events_service.store.tables import attendance, organisations, registrations
from netzwerkstatt.contracts.groupwork import ParticipantSource

# Official district keys (Kreisschlüssel) have five digits; longer keys are municipalities within.
DISTRICT_KEY_LENGTH = 5


def district_of(region_keys: Sequence[str]) -> str | None:
    """The first district an organisation serves; a state-wide one (short key) has none."""
    for key in region_keys:
        if len(key) >= DISTRICT_KEY_LENGTH:
            return key[:DISTRICT_KEY_LENGTH]
    return None


async def participants_of(
    session: AsyncSession, event_id: uuid.UUID, source: ParticipantSource, day: date | None
) -> list[Participant]:
    """Confirmed registrations in arrival order; with ``checked_in`` only those present (on ``day``)."""
    query = (
        sa.select(
            registrations.c.person_id,
            registrations.c.organisation_id,
            organisations.c.type,
            organisations.c.region_keys,
        )
        .select_from(
            registrations.outerjoin(organisations, organisations.c.id == registrations.c.organisation_id)
        )
        .where(
            registrations.c.event_id == event_id,
            registrations.c.status == "confirmed",
            registrations.c.anonymised.is_(False),
        )
        .order_by(registrations.c.arrival, registrations.c.id)
    )
    if source == ParticipantSource.CHECKED_IN:
        present = sa.select(attendance.c.registration_id).where(attendance.c.present.is_(True))
        if day is not None:
            present = present.where(attendance.c.day == day)
        query = query.where(registrations.c.id.in_(present))
    rows = await session.execute(query)
    return [
        Participant(
            id=str(row.person_id),
            organisation_id=None if row.organisation_id is None else str(row.organisation_id),
            organisation_type=row.type,
            district_key=None if row.region_keys is None else district_of(row.region_keys),
        )
        for row in rows
    ]


async def host_attributes(session: AsyncSession, person_ids: Sequence[uuid.UUID]) -> list[Participant]:
    """Table hosts who are not registered: their first organisation from the projection."""
    result: list[Participant] = []
    for person_id in person_ids:
        organisation_ids = await projection.organisation_ids_of(session, person_id)
        organisation = (
            await projection.organisation(session, organisation_ids[0]) if organisation_ids else None
        )
        result.append(
            Participant(
                id=str(person_id),
                organisation_id=None if organisation is None else str(organisation.id),
                organisation_type=None if organisation is None else organisation.type,
                district_key=None if organisation is None else district_of(organisation.region_keys),
            )
        )
    return result


async def display_names(session: AsyncSession, ids: Sequence[str]) -> dict[str, str]:
    person_ids = []
    for value in ids:
        try:
            person_ids.append(uuid.UUID(value))
        except ValueError:
            continue
    names = await projection.names_of_people(session, person_ids)
    return {str(person_id): name for person_id, name in names.items()}
