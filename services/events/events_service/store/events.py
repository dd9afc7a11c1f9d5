"""Queries of series, events and agenda items."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from events_service.domain.vocabulary import EventStatus
from events_service.store.records import AgendaItemRecord, EventRecord, SeriesRecord
from events_service.store.tables import agenda_items, attendance, events, registrations, series


async def series_row(
    session: AsyncSession, series_id: uuid.UUID, *, lock: bool = False
) -> SeriesRecord | None:
    query = sa.select(series).where(series.c.id == series_id)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return SeriesRecord.of(row) if row else None


async def list_series(session: AsyncSession, network_id: uuid.UUID | None) -> list[SeriesRecord]:
    query = sa.select(series).order_by(series.c.title, series.c.id)
    if network_id is not None:
        query = query.where(series.c.network_id == network_id)
    return [SeriesRecord.of(row) for row in (await session.execute(query)).mappings()]


async def insert_series(session: AsyncSession, record: SeriesRecord) -> None:
    await session.execute(series.insert().values(**record.columns()))


async def update_series(session: AsyncSession, record: SeriesRecord) -> None:
    """Store the series as it is now (every column; the caller has counted its version up)."""
    await session.execute(series.update().where(series.c.id == record.id).values(**record.columns()))


async def event_row(session: AsyncSession, event_id: uuid.UUID, *, lock: bool = False) -> EventRecord | None:
    """The event; with ``lock`` its row is locked until the transaction ends, which serialises every
    registration change of one event across all replicas."""
    statement = _EVENT_LOCKED if lock else _EVENT
    row = (await session.execute(statement, {"event_id": event_id})).mappings().first()
    return EventRecord.of(row) if row else None


# Built once: every registration change starts here.
_EVENT = sa.select(events).where(events.c.id == sa.bindparam("event_id"))
_EVENT_LOCKED = _EVENT.with_for_update()


async def organisers_of(
    session: AsyncSession, event_ids: Sequence[uuid.UUID]
) -> list[tuple[uuid.UUID, str, str | None]]:
    """Each existing event's organiser: its id, the organiser's name and e-mail address."""
    query = sa.select(events.c.id, events.c.organiser_name, events.c.organiser_email).where(
        events.c.id.in_(event_ids)
    )
    return [(row.id, row.organiser_name, row.organiser_email) for row in await session.execute(query)]


async def events_of_series(session: AsyncSession, series_id: uuid.UUID) -> list[EventRecord]:
    query = (
        sa.select(events)
        .where(events.c.series_id == series_id)
        .order_by(events.c.edition, events.c.created_at)
    )
    return [EventRecord.of(row) for row in (await session.execute(query)).mappings()]


# Date order; title and id keep events of one day in one order from page to page.
_DATE_ORDER = (events.c.days[0]["date"].astext, events.c.title, events.c.id)


@dataclass(frozen=True)
class EventFilter:
    """Which events a list holds: of one series, in one status, of some networks, not yet over on a
    day, with a day between ``first_day`` and ``last_day``, or whose title, motto or venue holds
    ``words`` (None: any)."""

    series_id: uuid.UUID | None = None
    status: str | None = None
    network_ids: Sequence[uuid.UUID] | None = None
    not_over_on: date | None = None
    words: str | None = None
    first_day: date | None = None
    last_day: date | None = None

    def applied(self, query: sa.Select[Any]) -> sa.Select[Any]:
        if self.series_id is not None:
            query = query.where(events.c.series_id == self.series_id)
        if self.status is not None:
            query = query.where(events.c.status == self.status)
        if self.network_ids is not None:
            query = query.where(events.c.network_id.in_(self.network_ids))
        if self.not_over_on is not None:
            # Days are kept in date order: the last one (index -1 in PostgreSQL's jsonb) ends the event.
            query = query.where(
                events.c.days[-1]["date"].astext >= self.not_over_on.isoformat(),
                events.c.status != EventStatus.CANCELLED,
            )
        # Days are kept in date order: an event has a day in the window when its first day is not after
        # the window's end and its last day not before the window's start.
        if self.first_day is not None:
            query = query.where(events.c.days[-1]["date"].astext >= self.first_day.isoformat())
        if self.last_day is not None:
            query = query.where(events.c.days[0]["date"].astext <= self.last_day.isoformat())
        if self.words:
            pattern = "%" + self.words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.where(
                sa.or_(
                    events.c.title.ilike(pattern),
                    events.c.motto.ilike(pattern),
                    events.c.venue["name"].astext.ilike(pattern),
                )
            )
        return query


async def list_events(session: AsyncSession, chosen: EventFilter) -> list[EventRecord]:
    """Every event ``chosen`` holds, in date order."""
    query = chosen.applied(sa.select(events)).order_by(*_DATE_ORDER)
    return [EventRecord.of(row) for row in (await session.execute(query)).mappings()]


async def page_of_events(
    session: AsyncSession, chosen: EventFilter, *, offset: int, limit: int
) -> tuple[list[EventRecord], int]:
    """One page of the events ``list_events`` gives for the same filter, and how many there are:
    the page is cut by PostgreSQL, and the total comes along with its rows."""
    total = sa.func.count().over().label("total")
    query = chosen.applied(sa.select(events, total)).order_by(*_DATE_ORDER).offset(offset).limit(limit)
    rows = (await session.execute(query)).mappings().all()
    if rows:
        page = [
            EventRecord.of({name: value for name, value in row.items() if name != "total"}) for row in rows
        ]
        return page, int(rows[0]["total"])
    counted = chosen.applied(sa.select(sa.func.count()).select_from(events))
    return [], int(await session.scalar(counted) or 0)


async def insert_event(session: AsyncSession, event: EventRecord) -> None:
    values = event.columns()
    if event.recorded_figures is None:
        # An edition held here leaves the column SQL NULL (None would be stored as a JSON null).
        del values["recorded_figures"]
    await session.execute(events.insert().values(**values))


async def update_event(session: AsyncSession, event: EventRecord) -> None:
    """Store the event as it is now (every column; the caller has counted its version up)."""
    await session.execute(events.update().where(events.c.id == event.id).values(**event.columns()))


async def registration_counts(
    session: AsyncSession, event_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, int]]:
    """Per event: confirmed, waitlisted and attended (present on at least one day)."""
    if not event_ids:
        return {}
    counts: dict[uuid.UUID, dict[str, int]] = {
        event_id: {"confirmed": 0, "waitlisted": 0, "attended": 0} for event_id in event_ids
    }
    rows = await session.execute(
        sa.select(registrations.c.event_id, registrations.c.status, sa.func.count())
        .where(registrations.c.event_id.in_(event_ids))
        .group_by(registrations.c.event_id, registrations.c.status)
    )
    for event_id, status, count in rows:
        if status in ("confirmed", "waitlisted"):
            counts[event_id][status] = count
    attended = await session.execute(
        sa.select(registrations.c.event_id, sa.func.count(sa.distinct(registrations.c.id)))
        .join(attendance, attendance.c.registration_id == registrations.c.id)
        .where(registrations.c.event_id.in_(event_ids), attendance.c.present.is_(True))
        .group_by(registrations.c.event_id)
    )
    for event_id, count in attended:
        counts[event_id]["attended"] = count
    return counts


async def agenda_of(session: AsyncSession, event_id: uuid.UUID) -> list[AgendaItemRecord]:
    query = (
        sa.select(agenda_items)
        .where(agenda_items.c.event_id == event_id)
        .order_by(agenda_items.c.day, agenda_items.c.start_time, agenda_items.c.position)
    )
    return [AgendaItemRecord.of(row) for row in (await session.execute(query)).mappings()]


async def replace_agenda(
    session: AsyncSession, event_id: uuid.UUID, items: Sequence[AgendaItemRecord]
) -> None:
    await session.execute(agenda_items.delete().where(agenda_items.c.event_id == event_id))
    if items:
        await session.execute(agenda_items.insert(), [item.columns() for item in items])
