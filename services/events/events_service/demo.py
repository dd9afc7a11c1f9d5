"""The events service's planned demo editions from the demo data file (``netzwerkstatt.demo``): the
series of the five reports and their upcoming events with agenda and confirmed registrations, at
dates relative to today. They are written here, before the service starts: entered through the
operations, each registration would be confirmed by e-mail and the reminders planned. The completed
editions (with their attendance and agreements) are entered afterwards by the stack's seeding
through ``event.enter_held`` (``netzwerkstatt.stack.seeding``), as staff would enter them from the
paper records; the names of organisations and people arrive as the registry's events.

Nothing here leads to an e-mail: no event is recorded for the outbox. Written once per database (a
second run changes nothing); fixed ids (uuid5)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from events_service.store.registrations import next_arrival
from events_service.store.tables import agenda_items, events, registrations, series
from netzwerkstatt import demo
from netzwerkstatt.db import Database, utcnow

# A membership that began within this many days makes its holder a newcomer at an event.
NEWCOMER_DAYS = 365
# Registrations arrived this many days before the event's first day.
REGISTERED_DAYS_BEFORE = 21


async def _upsert(session: AsyncSession, table: sa.Table, row: dict[str, Any]) -> None:
    statement = insert(table).values(**row)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c.id],
            set_={key: statement.excluded[key] for key in row if key not in ("id", "created_at")},
        )
    )


def _series_row(item: demo.DemoSeries) -> dict[str, Any]:
    now = utcnow()
    return {
        "id": item.id,
        "title": item.title,
        "format": item.format,
        "network_id": demo.demo_id("network", item.network_slug),
        "organiser_organisation_ids": [demo.demo_id("organisation", slug) for slug in item.organiser_slugs],
        "organiser_email": item.organiser_email,
        "host_pool": list(item.host_pool),
        "first_edition": item.first_edition,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }


def _event_row(item: demo.DemoEvent) -> dict[str, Any]:
    now = utcnow()
    venue = (
        None
        if item.venue_name is None
        else {"name": item.venue_name, "address": item.venue_address, "room": item.venue_room}
    )
    host = demo.demo_id("organisation", item.host_organisation_slug) if item.host_organisation_slug else None
    return {
        "id": item.id,
        "series_id": item.series_id,
        "edition": item.edition,
        "format": item.format,
        "network_id": demo.demo_id("network", item.network_slug),
        "title": item.title,
        "motto": item.motto,
        "description": item.description,
        "days": [
            {"date": d.date.isoformat(), "start": d.start.isoformat(), "end": d.end.isoformat()}
            for d in item.days
        ],
        "venue": venue,
        "host_district_key": item.host_district_key,
        "host_organisation_id": host,
        "capacity": item.capacity,
        "seats_per_organisation": item.seats_per_organisation,
        "target_groups": list(item.target_groups),
        "registration_opens_at": None,
        "registration_closes_at": None,
        "funding_note": item.funding_note,
        "organiser_name": item.organiser_name,
        "organiser_email": item.organiser_email,
        "status": item.status,
        "cancel_reason": None,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }


def _agenda_rows(item: demo.DemoEvent) -> list[dict[str, Any]]:
    return [
        {
            "id": demo.demo_id("agenda-item", f"{item.slug}:{position}"),
            "event_id": item.id,
            "position": position,
            "day": item.days[entry.day].date,
            "start_time": entry.start,
            "end_time": entry.end,
            "format": entry.format,
            "title": entry.title,
            "room": entry.room,
            "speakers": [{"person_id": str(demo.demo_id("person", slug))} for slug in entry.speaker_slugs]
            + [{"guest_name": name} for name in entry.guest_speakers],
        }
        for position, entry in enumerate(item.agenda)
    ]


async def _seed_registrations(session: AsyncSession, item: demo.DemoEvent) -> None:
    first_day = item.days[0].date
    registered_at = datetime.combine(first_day - timedelta(days=REGISTERED_DAYS_BEFORE), time(10), tzinfo=UTC)
    for slug in item.attendee_slugs:
        person = demo.person(slug)
        membership = person.memberships[0] if person.memberships else None
        newcomer = bool(
            membership and membership.start_date and (first_day - membership.start_date).days <= NEWCOMER_DAYS
        )
        await session.execute(
            insert(registrations)
            .values(
                id=demo.demo_id("registration", f"{item.slug}:{slug}"),
                event_id=item.id,
                person_id=person.id,
                organisation_id=membership.organisation_id if membership else None,
                status="confirmed",
                arrival=next_arrival(),
                registered_at=registered_at,
                updated_at=registered_at,
                is_newcomer=newcomer,
                is_decision_maker=bool(membership and membership.decision_maker),
                version=1,
            )
            .on_conflict_do_nothing()
        )


async def seed_demo(database: Database) -> None:
    """Write the series and the planned editions once per database: their dates are relative to the
    day of the first start, and a later start leaves them as they are (as time would in a real
    office)."""
    data = demo.current()
    async with database.unit_of_work() as uow:
        session = uow.session
        known = sa.select(series.c.id).where(series.c.id.in_([item.id for item in data.series]))
        if (await session.execute(known.limit(1))).first() is not None:
            return
        for item in data.series:
            await _upsert(session, series, _series_row(item))
        for event in data.events:
            if event.status == "completed":
                continue  # entered through event.enter_held by the stack's seeding
            await _upsert(session, events, _event_row(event))
            await session.execute(agenda_items.delete().where(agenda_items.c.event_id == event.id))
            rows = _agenda_rows(event)
            if rows:
                await session.execute(agenda_items.insert(), rows)
            await _seed_registrations(session, event)
