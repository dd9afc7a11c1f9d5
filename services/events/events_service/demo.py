"""Demo data of the events service, derived from the one shared definition (netzwerkstatt.demo):
the projections of the registry's organisations, people and networks, and the series and events of
the five reports with their agenda, registrations, attendance and agreements. Idempotent: fixed
ids (uuid5) and upserts; registrations, attendance and agreements are only added when missing."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from events_service.store import projection
from events_service.store.registrations import new_token, next_arrival
from events_service.store.tables import (
    agenda_items,
    agreements,
    attendance,
    events,
    registrations,
    series,
)
from netzwerkstatt import demo
from netzwerkstatt.contracts.registry import MembershipFacts, PersonFacts
from netzwerkstatt.db import Database, utcnow


def _person_facts(person: demo.DemoPerson) -> PersonFacts:
    return PersonFacts(
        person_id=person.id,
        given_name=person.given_name,
        family_name=person.family_name,
        form_of_address=person.form_of_address,
        title=person.title,
        email=person.email,
        language=person.language,
        consents_to_event_contact=person.consents_to_event_contact,
        memberships=[
            MembershipFacts(
                organisation_id=m.organisation_id,
                function=m.function,
                decision_maker=m.decision_maker,
                substitute_person_id=m.substitute_person_id,
                start_date=m.start_date,
            )
            for m in person.memberships
        ],
        version=1,
    )


async def _seed_projections(session: AsyncSession) -> None:
    for organisation in demo.ORGANISATIONS:
        await projection.upsert_organisation(
            session,
            {
                "id": organisation.id,
                "name": organisation.name,
                "type": organisation.type,
                "region_keys": list(organisation.region_keys),
                "parent_id": organisation.parent_id,
                "version": 1,
            },
        )
    for person in demo.PEOPLE:
        await projection.upsert_person(session, _person_facts(person))
    for network in demo.NETWORKS:
        await projection.upsert_network(
            session,
            {
                "id": network.id,
                "name": network.name,
                "kind": network.kind,
                "coordinating_organisation_id": network.coordinating_organisation_id,
                "member_organisation_ids": list(network.member_organisation_ids),
                "region_keys": list(network.region_keys),
                "district_keys": list(network.district_keys),
                "archived": False,
                "version": 1,
            },
        )


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
        "network_id": demo.network(item.network_slug).id,
        "organiser_organisation_ids": [demo.organisation(slug).id for slug in item.organiser_slugs],
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
    host = demo.organisation(item.host_organisation_slug).id if item.host_organisation_slug else None
    return {
        "id": item.id,
        "series_id": item.series_id,
        "edition": item.edition,
        "format": item.format,
        "network_id": demo.network(item.network_slug).id,
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
            "speakers": [{"person_id": str(demo.person(slug).id)} for slug in entry.speaker_slugs]
            + [{"guest_name": name} for name in entry.guest_speakers],
        }
        for position, entry in enumerate(item.agenda)
    ]


async def _seed_participants(session: AsyncSession, item: demo.DemoEvent) -> None:
    now = utcnow()
    for slug in item.attendee_slugs:
        person = demo.person(slug)
        membership = person.memberships[0] if person.memberships else None
        registration_id = demo.demo_id("registration", f"{item.slug}:{slug}")
        await session.execute(
            insert(registrations)
            .values(
                id=registration_id,
                event_id=item.id,
                person_id=person.id,
                organisation_id=membership.organisation_id if membership else None,
                status="confirmed",
                arrival=next_arrival(),
                registered_at=now,
                updated_at=now,
                is_newcomer=bool(membership and membership.start_date and membership.start_date.year >= 2024),
                is_decision_maker=bool(membership and membership.decision_maker),
                token=new_token(),
                version=1,
            )
            .on_conflict_do_nothing()
        )
        if item.status == "completed":
            for day in item.days:
                await session.execute(
                    insert(attendance)
                    .values(registration_id=registration_id, day=day.date, present=True, recorded_at=now)
                    .on_conflict_do_nothing()
                )


async def _seed_agreements(session: AsyncSession, item: demo.DemoEvent) -> None:
    now = utcnow()
    for agreement in item.agreements:
        await session.execute(
            insert(agreements)
            .values(
                id=agreement.id,
                event_id=item.id,
                text=agreement.text,
                owner_organisation_id=demo.organisation(agreement.owner_organisation_slug).id,
                owner_person_id=demo.person(agreement.owner_slug).id if agreement.owner_slug else None,
                due_on=agreement.due_on,
                status=agreement.status,
                version=1,
                created_at=now,
                updated_at=now,
            )
            .on_conflict_do_nothing()
        )


async def seed_demo(database: Database) -> None:
    async with database.unit_of_work() as uow:
        session = uow.session
        await _seed_projections(session)
        for item in demo.EVENT_SERIES:
            await _upsert(session, series, _series_row(item))
        for event in demo.DEMO_EVENTS:
            await _upsert(session, events, _event_row(event))
            await session.execute(agenda_items.delete().where(agenda_items.c.event_id == event.id))
            rows = _agenda_rows(event)
            if rows:
                await session.execute(agenda_items.insert(), rows)
            await _seed_participants(session, event)
            await _seed_agreements(session, event)
