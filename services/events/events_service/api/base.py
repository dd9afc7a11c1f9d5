"""The service's operations registry and lookups every handler module shares."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from events_service.store import events as event_store
from events_service.store.records import EventRecord, SeriesRecord
from netzwerkstatt.contracts.events import SERVICE
from netzwerkstatt.errors import NotFound
from netzwerkstatt.principal import Principal, require_change
from netzwerkstatt.rpc import Operations

operations = Operations(SERVICE)


async def existing_event(
    session: AsyncSession, event_id: uuid.UUID, *, lock: bool = False, field: str = "event_id"
) -> EventRecord:
    event = await event_store.event_row(session, event_id, lock=lock)
    if event is None:
        raise NotFound.for_field(field, f"no event with id {event_id}")
    return event


async def event_to_change(
    session: AsyncSession, principal: Principal, event_id: uuid.UUID, *, field: str = "event_id"
) -> EventRecord:
    """The event, locked for the write, after checking that ``principal`` may change it: an admin, or a
    coordinator of the event's own network. Everything that belongs to an event (registrations,
    agenda, invitations, attendance, agreements, group work) is changed under this check."""
    event = await existing_event(session, event_id, lock=True, field=field)
    require_change(principal, event.network_id)
    return event


async def existing_series(
    session: AsyncSession, series_id: uuid.UUID, *, lock: bool = False, field: str = "series_id"
) -> SeriesRecord:
    found = await event_store.series_row(session, series_id, lock=lock)
    if found is None:
        raise NotFound.for_field(field, f"no series with id {series_id}")
    return found


async def series_title(session: AsyncSession, series_id: uuid.UUID | None) -> str | None:
    if series_id is None:
        return None
    found = await event_store.series_row(session, series_id)
    return None if found is None else found.title
