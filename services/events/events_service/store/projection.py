"""The registry's actors as this service keeps them: organisations, people with their memberships,
networks. Upserts keep the newest ``version``; an erased person's id is kept (no data) so that a late
update cannot bring them back."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from events_service.store.records import NetworkRecord, OrganisationRecord, PersonRecord
from events_service.store.tables import erasure_records, memberships, networks, organisations, people
from netzwerkstatt import people as people_kernel
from netzwerkstatt.contracts.registry import (
    NetworkSnapshot,
    OrganisationCreated,
    OrganisationSnapshot,
    PersonFacts,
)
from netzwerkstatt.db import utcnow


async def _upsert_newest(session: AsyncSession, table: sa.Table, row: dict[str, Any]) -> bool:
    """Insert or replace the row when its version is newer; True when it was written."""
    statement = insert(table).values(**row)
    written = await session.scalar(
        statement.on_conflict_do_update(
            index_elements=[table.c.id],
            set_={key: statement.excluded[key] for key in row if key != "id"},
            where=table.c.version < statement.excluded.version,
        ).returning(table.c.id)
    )
    return written is not None


async def upsert_organisation(
    session: AsyncSession, organisation: OrganisationCreated | OrganisationSnapshot
) -> None:
    """Keep the newest version only: an older event arriving late changes nothing. A new
    organisation's facts leave out what only its later snapshots tell (the table's defaults)."""
    row: dict[str, Any] = {
        "id": organisation.organisation_id,
        "name": organisation.name,
        "type": organisation.type,
        "region_keys": organisation.region_keys,
        "version": organisation.version,
        "projected_at": utcnow(),
    }
    if isinstance(organisation, OrganisationSnapshot):
        row |= {
            "statutory": organisation.statutory,
            "parent_id": organisation.parent_id,
            "archived": organisation.archived,
        }
    await _upsert_newest(session, organisations, row)


async def archive_organisation(session: AsyncSession, organisation_id: uuid.UUID, version: int) -> None:
    await session.execute(
        organisations.update()
        .where(organisations.c.id == organisation_id, organisations.c.version < version)
        .values(archived=True, version=version, projected_at=utcnow())
    )


async def is_erased(session: AsyncSession, person_id: uuid.UUID) -> bool:
    return await people_kernel.is_erased(session, erasure_records, person_id)


async def upsert_person(session: AsyncSession, person: PersonFacts) -> None:
    """The person and their memberships as they are now (memberships are replaced with the person)."""
    if not await people_kernel.upsert_person(session, people, erasure_records, person, key="id"):
        return
    await session.execute(memberships.delete().where(memberships.c.person_id == person.person_id))
    if person.memberships:
        await session.execute(
            memberships.insert(),
            [
                {
                    "person_id": person.person_id,
                    "organisation_id": membership.organisation_id,
                    "function": membership.function,
                    "decision_maker": membership.decision_maker,
                    "substitute_person_id": membership.substitute_person_id,
                    "start_date": membership.start_date,
                }
                for membership in person.memberships
            ],
        )


async def end_membership(session: AsyncSession, person_id: uuid.UUID, organisation_id: uuid.UUID) -> None:
    await session.execute(
        memberships.delete().where(
            memberships.c.person_id == person_id, memberships.c.organisation_id == organisation_id
        )
    )


async def erase_person(session: AsyncSession, person_id: uuid.UUID) -> None:
    """Remove the person's data and memberships; keep only the bare id as a tombstone."""
    await session.execute(memberships.delete().where(memberships.c.person_id == person_id))
    await session.execute(
        memberships.update()
        .where(memberships.c.substitute_person_id == person_id)
        .values(substitute_person_id=None)
    )
    await session.execute(people.delete().where(people.c.id == person_id))
    await people_kernel.record_erasure(session, erasure_records, person_id)


async def upsert_network(session: AsyncSession, network: NetworkSnapshot) -> None:
    """Members (for audiences) and the districts of the region (for coverage figures)."""
    row = {
        "id": network.network_id,
        "name": network.name,
        "kind": network.kind,
        "coordinating_organisation_id": network.coordinating_organisation_id,
        "member_organisation_ids": network.member_organisation_ids,
        "region_keys": network.region_keys,
        "district_keys": network.district_keys,
        "archived": network.archived,
        "version": network.version,
        "projected_at": utcnow(),
    }
    await _upsert_newest(session, networks, row)


# -- reads -------------------------------------------------------------------------------------------


async def person(session: AsyncSession, person_id: uuid.UUID) -> PersonRecord | None:
    row = (await session.execute(sa.select(people).where(people.c.id == person_id))).mappings().first()
    return PersonRecord.of(row) if row else None


async def organisation_ids_of(session: AsyncSession, person_id: uuid.UUID) -> list[uuid.UUID]:
    """The organisations the person is a member of, those they decide for first."""
    found = await session.scalars(
        sa.select(memberships.c.organisation_id)
        .where(memberships.c.person_id == person_id)
        .order_by(memberships.c.decision_maker.desc(), memberships.c.organisation_id)
    )
    return list(found)


async def organisation(session: AsyncSession, organisation_id: uuid.UUID) -> OrganisationRecord | None:
    query = sa.select(organisations).where(organisations.c.id == organisation_id)
    row = (await session.execute(query)).mappings().first()
    return OrganisationRecord.of(row) if row else None


async def network(session: AsyncSession, network_id: uuid.UUID) -> NetworkRecord | None:
    row = (await session.execute(sa.select(networks).where(networks.c.id == network_id))).mappings().first()
    return NetworkRecord.of(row) if row else None


async def organisations_by_id(
    session: AsyncSession, organisation_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, OrganisationRecord]:
    wanted = set(organisation_ids)
    if not wanted:
        return {}
    rows = await session.execute(sa.select(organisations).where(organisations.c.id.in_(wanted)))
    return {record.id: record for record in map(OrganisationRecord.of, rows.mappings())}


async def networks_by_id(
    session: AsyncSession, network_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, NetworkRecord]:
    wanted = set(network_ids)
    if not wanted:
        return {}
    rows = await session.execute(sa.select(networks).where(networks.c.id.in_(wanted)))
    return {record.id: record for record in map(NetworkRecord.of, rows.mappings())}


async def names_of_people(session: AsyncSession, person_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not person_ids:
        return {}
    rows = await session.execute(
        sa.select(people.c.id, people.c.title, people.c.given_name, people.c.family_name).where(
            people.c.id.in_(set(person_ids))
        )
    )
    return {row.id: display_name(row.title, row.given_name, row.family_name) for row in rows}


def display_name(title: str | None, given_name: str, family_name: str) -> str:
    return " ".join(part for part in (title, given_name, family_name) if part)


async def names_of_organisations(
    session: AsyncSession, organisation_ids: Sequence[uuid.UUID | None]
) -> dict[uuid.UUID, str]:
    wanted = {oid for oid in organisation_ids if oid is not None}
    if not wanted:
        return {}
    rows = await session.execute(
        sa.select(organisations.c.id, organisations.c.name).where(organisations.c.id.in_(wanted))
    )
    return {row.id: row.name for row in rows}


def region_matches(organisation_keys: Sequence[str], wanted_keys: Sequence[str]) -> bool:
    """An organisation serving a district is in its state; one serving the state serves its districts."""
    return any(
        key.startswith(wanted) or wanted.startswith(key)
        for key in organisation_keys
        for wanted in wanted_keys
    )


async def audience(
    session: AsyncSession,
    *,
    network_ids: Sequence[uuid.UUID],
    region_keys: Sequence[str],
    organisation_types: Sequence[str],
    decision_makers_only: bool,
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(person, organisation) pairs of the people in the chosen organisations, each person once."""
    member_ids: set[uuid.UUID] | None = None
    if network_ids:
        rows = await session.execute(
            sa.select(networks.c.member_organisation_ids).where(networks.c.id.in_(network_ids))
        )
        member_ids = {oid for (ids,) in rows for oid in ids}
    query = sa.select(organisations.c.id, organisations.c.region_keys).where(
        organisations.c.archived.is_(False)
    )
    if organisation_types:
        query = query.where(organisations.c.type.in_(organisation_types))
    chosen = [
        row.id
        for row in await session.execute(query)
        if (member_ids is None or row.id in member_ids)
        and (not region_keys or region_matches(row.region_keys, region_keys))
    ]
    if not chosen:
        return []
    members = sa.select(memberships.c.person_id, memberships.c.organisation_id).where(
        memberships.c.organisation_id.in_(chosen)
    )
    if decision_makers_only:
        members = members.where(memberships.c.decision_maker.is_(True))
    pairs: dict[uuid.UUID, uuid.UUID] = {}
    ordered = members.order_by(memberships.c.person_id, memberships.c.decision_maker.desc())
    for person_id, organisation_id in await session.execute(ordered):
        pairs.setdefault(person_id, organisation_id)
    return list(pairs.items())


async def speaker_candidates(
    session: AsyncSession, network_id: uuid.UUID | None, speaking: Sequence[uuid.UUID]
) -> list[tuple[uuid.UUID, str, str, list[str]]]:
    """Who a speaker typed by name may be: the people of the network's organisations (members and
    the coordinating one) and those ``speaking`` already, each as (id, name with title, name without,
    the names of their organisations)."""
    organisation_ids: set[uuid.UUID] = set()
    if network_id is not None:
        found = await network(session, network_id)
        if found is not None:
            organisation_ids = set(found.member_organisation_ids)
            if found.coordinating_organisation_id is not None:
                organisation_ids.add(found.coordinating_organisation_id)
    members = sa.select(memberships.c.person_id).where(memberships.c.organisation_id.in_(organisation_ids))
    rows = await session.execute(
        sa.select(people.c.id, people.c.title, people.c.given_name, people.c.family_name).where(
            sa.or_(people.c.id.in_(members), people.c.id.in_(set(speaking)))
        )
    )
    found_people = list(rows)
    names_by_person: dict[uuid.UUID, list[str]] = {row.id: [] for row in found_people}
    if names_by_person:
        joined = await session.execute(
            sa.select(memberships.c.person_id, organisations.c.name)
            .join(organisations, organisations.c.id == memberships.c.organisation_id)
            .where(memberships.c.person_id.in_(names_by_person))
        )
        for person_id, organisation_name in joined:
            names_by_person[person_id].append(organisation_name)
    return [
        (
            row.id,
            display_name(row.title, row.given_name, row.family_name),
            display_name(None, row.given_name, row.family_name),
            names_by_person[row.id],
        )
        for row in found_people
    ]
