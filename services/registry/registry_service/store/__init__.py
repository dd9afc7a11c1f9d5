"""Tables of the registry's own schema and the queries on them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.db import kernel_tables, utcnow
from netzwerkstatt.people import erasure_records as erasure_records_of
from netzwerkstatt.people import is_erased, record_erasure

metadata = sa.MetaData()
kernel_tables(metadata)

organisations = sa.Table(
    "organisations",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("region_keys", ARRAY(sa.Text), nullable=False, server_default="{}"),
    sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("parent_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id", ondelete="SET NULL")),
    sa.Column("street", sa.Text),
    sa.Column("postal_code", sa.Text),
    sa.Column("city", sa.Text),
    sa.Column("contact_channels", JSONB, nullable=False, server_default="[]"),
    # The same name may exist in different regions (a Jobcenter per district), not twice in one.
    sa.Index("organisations_name_regions", sa.func.lower(sa.column("name")), "region_keys", unique=True),
)

custom_regions = sa.Table(
    "custom_regions",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("district_keys", ARRAY(sa.Text), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("custom_regions_name", sa.func.lower(sa.column("name")), unique=True),
)

people = sa.Table(
    "people",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("given_name", sa.Text, nullable=False),
    sa.Column("family_name", sa.Text, nullable=False),
    sa.Column("form_of_address", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("phone", sa.Text),
    sa.Column("language", sa.Text, nullable=False),
    sa.Column("notes", sa.Text),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

# One row per address: the primary key makes an e-mail address belong to one person only, which is
# also how imports recognise people they already know.
person_emails = sa.Table(
    "person_emails",
    metadata,
    sa.Column("email", sa.Text, primary_key=True),
    sa.Column(
        "person_id", UUID(as_uuid=True), sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("position", sa.Integer, nullable=False),
)

memberships = sa.Table(
    "memberships",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column(
        "person_id", UUID(as_uuid=True), sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("organisation_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("function", sa.Text),
    sa.Column("decision_maker", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("substitute_person_id", UUID(as_uuid=True), sa.ForeignKey("people.id", ondelete="SET NULL")),
    sa.Column("start_date", sa.Date),
    sa.Column("end_date", sa.Date),
    sa.Index(
        "memberships_current",
        "person_id",
        "organisation_id",
        unique=True,
        postgresql_where=sa.text("end_date IS NULL"),
    ),
)

consents = sa.Table(
    "consents",
    metadata,
    sa.Column(
        "person_id", UUID(as_uuid=True), sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
)

# Erased people leave only their id and the time: enough to answer "was erased" and to count.
erasures = erasure_records_of(metadata)

networks = sa.Table(
    "networks",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("coordinating_organisation_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id")),
    sa.Column("region_keys", ARRAY(sa.Text), nullable=False, server_default="{}"),
    sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("networks_name", sa.func.lower(sa.column("name")), unique=True),
)

network_members = sa.Table(
    "network_members",
    metadata,
    sa.Column(
        "network_id", UUID(as_uuid=True), sa.ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("organisation_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id"), primary_key=True),
)

sub_projects = sa.Table(
    "sub_projects",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column(
        "network_id", UUID(as_uuid=True), sa.ForeignKey("networks.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("organisation_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id")),
    sa.Column("programme", sa.Text),
    sa.Column("funders", ARRAY(sa.Text), nullable=False, server_default="{}"),
    sa.Column("start_date", sa.Date),
    sa.Column("end_date", sa.Date),
)

topics = sa.Table(
    "topics",
    metadata,
    sa.Column("code", sa.Text, primary_key=True),
    sa.Column("label_de", sa.Text, nullable=False),
    sa.Column("label_en", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

responsibilities = sa.Table(
    "responsibilities",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("topic", sa.Text, nullable=False),
    sa.Column("organisation_id", UUID(as_uuid=True), sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("region_key", sa.Text, nullable=False),
    sa.Column("contact_person_id", UUID(as_uuid=True), sa.ForeignKey("people.id", ondelete="SET NULL")),
    sa.Column("substitute_person_id", UUID(as_uuid=True), sa.ForeignKey("people.id", ondelete="SET NULL")),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("topic", "organisation_id", "region_key", name="responsibilities_once"),
)

# Issued Schnittstellenpapiere: immutable content, except that erasure redacts a person's contact data.
interface_papers = sa.Table(
    "interface_papers",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("scope_kind", sa.Text, nullable=False),
    sa.Column("scope_key", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("content", JSONB, nullable=False),
    sa.Column("person_ids", ARRAY(UUID(as_uuid=True)), nullable=False, server_default="{}"),
    sa.Column("redactions", sa.Integer, nullable=False, server_default="0"),
    sa.UniqueConstraint("scope_kind", "scope_key", "version", name="interface_papers_version"),
)


Row = dict[str, Any]


# -- organisations ------------------------------------------------------------------------------------


async def insert_organisation(
    session: AsyncSession,
    *,
    name: str,
    type_: str,
    region_keys: Sequence[str],
    organisation_id: uuid.UUID | None = None,
    details: Mapping[str, Any] | None = None,
) -> Row:
    """Insert an organisation; ``details`` holds parent_id, street, postal_code, city, contact_channels."""
    now = utcnow()
    row: Row = {
        "id": organisation_id or uuid.uuid4(),
        "name": name,
        "type": type_,
        "region_keys": sorted(region_keys),
        "archived": False,
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "parent_id": None,
        "street": None,
        "postal_code": None,
        "city": None,
        "contact_channels": [],
        **(details or {}),
    }
    await session.execute(organisations.insert().values(**row))
    return row


async def organisation_name_taken(
    session: AsyncSession, name: str, region_keys: Sequence[str], *, other_than: uuid.UUID | None = None
) -> bool:
    query = sa.select(sa.literal(True)).where(
        sa.func.lower(organisations.c.name) == name.lower(),
        organisations.c.region_keys == sorted(region_keys),
    )
    if other_than is not None:
        query = query.where(organisations.c.id != other_than)
    return bool(await session.scalar(query))


async def get_organisation(
    session: AsyncSession, organisation_id: uuid.UUID, *, lock: bool = False
) -> Row | None:
    query = sa.select(organisations).where(organisations.c.id == organisation_id)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return dict(row) if row else None


async def organisations_by_id(session: AsyncSession, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Row]:
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = await session.execute(sa.select(organisations).where(organisations.c.id.in_(wanted)))
    return {row["id"]: dict(row) for row in rows.mappings()}


async def update_organisation(
    session: AsyncSession, organisation_id: uuid.UUID, changes: Mapping[str, Any]
) -> Row:
    values = {**changes, "updated_at": utcnow(), "version": organisations.c.version + 1}
    if "region_keys" in values:
        values["region_keys"] = sorted(values["region_keys"])
    row = (
        (
            await session.execute(
                organisations.update()
                .where(organisations.c.id == organisation_id)
                .values(**values)
                .returning(organisations)
            )
        )
        .mappings()
        .one()
    )
    return dict(row)


async def is_ancestor(session: AsyncSession, candidate: uuid.UUID, of: uuid.UUID) -> bool:
    """Whether ``candidate`` is ``of`` itself or one of its descendants' parents chain would loop."""
    current: uuid.UUID | None = candidate
    seen: set[uuid.UUID] = set()
    while current is not None and current not in seen:
        if current == of:
            return True
        seen.add(current)
        current = await session.scalar(
            sa.select(organisations.c.parent_id).where(organisations.c.id == current)
        )
    return False


# The columns a list is sorted by, first to last; the id keeps equal ones in a stable order.
_ORGANISATION_ORDER: dict[str, tuple[sa.ColumnElement[Any], ...]] = {
    "name": (sa.func.lower(organisations.c.name),),
    "archived": (organisations.c.archived, sa.func.lower(organisations.c.name)),
}
_PERSON_ORDER: dict[str, tuple[sa.ColumnElement[Any], ...]] = {
    "family_name": (sa.func.lower(people.c.family_name), sa.func.lower(people.c.given_name)),
    "given_name": (sa.func.lower(people.c.given_name), sa.func.lower(people.c.family_name)),
}


def _in_order(columns: tuple[sa.ColumnElement[Any], ...], descending: bool) -> list[sa.ColumnElement[Any]]:
    return [column.desc() if descending else column.asc() for column in columns]


async def list_organisations(
    session: AsyncSession,
    *,
    name: str | None,
    type_: str | None,
    include_archived: bool,
    offset: int,
    limit: int,
    region_keys: Sequence[str] | None = None,
    network_id: uuid.UUID | None = None,
    topic: str | None = None,
    types: Sequence[str] | None = None,
    exclude_types: Sequence[str] | None = None,
    sort: Literal["name", "archived"] = "name",
    descending: bool = False,
) -> tuple[list[Row], int]:
    conditions: list[Any] = []
    if name:
        conditions.append(organisations.c.name.ilike(f"%{_escape_like(name)}%", escape="\\"))
    if type_:
        conditions.append(organisations.c.type == type_)
    if types is not None:
        conditions.append(organisations.c.type.in_(list(types)))
    if exclude_types is not None:
        conditions.append(organisations.c.type.not_in(list(exclude_types)))
    if not include_archived:
        conditions.append(organisations.c.archived.is_(False))
    if region_keys is not None:
        conditions.append(organisations.c.region_keys.overlap(sa.cast(list(region_keys), ARRAY(sa.Text))))
    if network_id is not None:
        conditions.append(
            organisations.c.id.in_(
                sa.select(network_members.c.organisation_id).where(network_members.c.network_id == network_id)
            )
        )
    if topic is not None:
        conditions.append(
            organisations.c.id.in_(
                sa.select(responsibilities.c.organisation_id).where(responsibilities.c.topic == topic)
            )
        )
    total = await session.scalar(sa.select(sa.func.count()).select_from(organisations).where(*conditions))
    rows = await session.execute(
        sa.select(organisations)
        .where(*conditions)
        .order_by(*_in_order(_ORGANISATION_ORDER[sort], descending), organisations.c.id)
        .offset(offset)
        .limit(limit)
    )
    return [dict(row) for row in rows.mappings()], int(total or 0)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# -- custom regions ---------------------------------------------------------------------------------


async def all_custom_regions(session: AsyncSession) -> list[Row]:
    rows = await session.execute(sa.select(custom_regions).order_by(custom_regions.c.key))
    return [dict(row) for row in rows.mappings()]


async def insert_custom_region(
    session: AsyncSession, *, key: str, name: str, district_keys: Sequence[str]
) -> Row:
    row: Row = {
        "key": key,
        "name": name,
        "district_keys": sorted(district_keys),
        "version": 1,
        "created_at": utcnow(),
    }
    await session.execute(custom_regions.insert().values(**row))
    return row


# -- people -----------------------------------------------------------------------------------------


async def insert_person(
    session: AsyncSession, values: Mapping[str, Any], person_id: uuid.UUID | None = None
) -> Row:
    now = utcnow()
    row: Row = {"id": person_id or uuid.uuid4(), "version": 1, "created_at": now, "updated_at": now, **values}
    await session.execute(people.insert().values(**row))
    return row


async def get_person_row(session: AsyncSession, person_id: uuid.UUID, *, lock: bool = False) -> Row | None:
    query = sa.select(people).where(people.c.id == person_id)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return dict(row) if row else None


async def touch_person(
    session: AsyncSession, person_id: uuid.UUID, changes: Mapping[str, Any] | None = None
) -> Row:
    """Apply changes (if any) and count a new version of the person."""
    values = {**(changes or {}), "updated_at": utcnow(), "version": people.c.version + 1}
    row = (
        (
            await session.execute(
                people.update().where(people.c.id == person_id).values(**values).returning(people)
            )
        )
        .mappings()
        .one()
    )
    return dict(row)


async def replace_emails(session: AsyncSession, person_id: uuid.UUID, emails: Sequence[str]) -> None:
    await session.execute(person_emails.delete().where(person_emails.c.person_id == person_id))
    if emails:
        await session.execute(
            person_emails.insert(),
            [
                {"email": email.lower(), "person_id": person_id, "position": position}
                for position, email in enumerate(emails)
            ],
        )


async def owners_of_emails(session: AsyncSession, emails: Iterable[str]) -> dict[str, uuid.UUID]:
    wanted = [email.lower() for email in emails]
    if not wanted:
        return {}
    rows = await session.execute(sa.select(person_emails).where(person_emails.c.email.in_(wanted)))
    return {row["email"]: row["person_id"] for row in rows.mappings()}


async def emails_of(session: AsyncSession, person_id: uuid.UUID) -> list[str]:
    rows = await session.scalars(
        sa.select(person_emails.c.email)
        .where(person_emails.c.person_id == person_id)
        .order_by(person_emails.c.position)
    )
    return list(rows)


async def replace_consents(session: AsyncSession, person_id: uuid.UUID, kinds: Sequence[str]) -> None:
    """Keep the time of consents given before; record the time of new ones; drop withdrawn ones."""
    await session.execute(
        consents.delete().where(consents.c.person_id == person_id, consents.c.kind.not_in(list(kinds)))
    )
    for kind in kinds:
        await session.execute(
            pg_insert(consents)
            .values(person_id=person_id, kind=kind, given_at=utcnow())
            .on_conflict_do_nothing(index_elements=["person_id", "kind"])
        )


async def consents_of(session: AsyncSession, person_id: uuid.UUID) -> list[Row]:
    rows = await session.execute(
        sa.select(consents).where(consents.c.person_id == person_id).order_by(consents.c.kind)
    )
    return [dict(row) for row in rows.mappings()]


async def memberships_of(
    session: AsyncSession, person_id: uuid.UUID, *, current_only: bool = False
) -> list[Row]:
    query = (
        sa.select(memberships, organisations.c.name.label("organisation_name"))
        .join(organisations, organisations.c.id == memberships.c.organisation_id)
        .where(memberships.c.person_id == person_id)
        .order_by(memberships.c.start_date.nulls_first(), organisations.c.name)
    )
    if current_only:
        query = query.where(memberships.c.end_date.is_(None))
    return [dict(row) for row in (await session.execute(query)).mappings()]


async def current_membership(
    session: AsyncSession, person_id: uuid.UUID, organisation_id: uuid.UUID
) -> Row | None:
    row = (
        (
            await session.execute(
                sa.select(memberships).where(
                    memberships.c.person_id == person_id,
                    memberships.c.organisation_id == organisation_id,
                    memberships.c.end_date.is_(None),
                )
            )
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def save_membership(session: AsyncSession, person_id: uuid.UUID, values: Mapping[str, Any]) -> None:
    existing = await current_membership(session, person_id, values["organisation_id"])
    if existing is None:
        await session.execute(memberships.insert().values(id=uuid.uuid4(), person_id=person_id, **values))
    else:
        await session.execute(memberships.update().where(memberships.c.id == existing["id"]).values(**values))


async def end_membership(session: AsyncSession, membership_id: uuid.UUID, end_date: date) -> None:
    await session.execute(
        memberships.update().where(memberships.c.id == membership_id).values(end_date=end_date)
    )


async def existing_people(session: AsyncSession, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    wanted = list(set(ids))
    if not wanted:
        return set()
    return set(await session.scalars(sa.select(people.c.id).where(people.c.id.in_(wanted))))


async def list_person_ids(
    session: AsyncSession,
    *,
    name: str | None,
    organisation_id: uuid.UUID | None,
    organisation_ids: Sequence[uuid.UUID] | None,
    topic: str | None,
    decision_makers_only: bool,
    offset: int,
    limit: int,
    sort: Literal["family_name", "given_name"] = "family_name",
    descending: bool = False,
) -> tuple[list[uuid.UUID], int]:
    conditions: list[Any] = []
    if name:
        pattern = f"%{_escape_like(name)}%"
        full_name = people.c.given_name + " " + people.c.family_name
        conditions.append(full_name.ilike(pattern, escape="\\"))
    current = sa.select(memberships.c.person_id).where(memberships.c.end_date.is_(None))
    if decision_makers_only:
        current = current.where(memberships.c.decision_maker.is_(True))
    if organisation_id is not None:
        conditions.append(people.c.id.in_(current.where(memberships.c.organisation_id == organisation_id)))
    if organisation_ids is not None:
        conditions.append(
            people.c.id.in_(current.where(memberships.c.organisation_id.in_(list(organisation_ids))))
        )
    elif decision_makers_only and organisation_id is None:
        conditions.append(people.c.id.in_(current))
    if topic is not None:
        named = (
            sa.select(responsibilities.c.contact_person_id)
            .where(responsibilities.c.topic == topic)
            .union(
                sa.select(responsibilities.c.substitute_person_id).where(responsibilities.c.topic == topic)
            )
        )
        conditions.append(people.c.id.in_(named))
    total = await session.scalar(sa.select(sa.func.count()).select_from(people).where(*conditions))
    ids = await session.scalars(
        sa.select(people.c.id)
        .where(*conditions)
        .order_by(*_in_order(_PERSON_ORDER[sort], descending), people.c.id)
        .offset(offset)
        .limit(limit)
    )
    return list(ids), int(total or 0)


# -- networks ---------------------------------------------------------------------------------------


async def get_network(session: AsyncSession, network_id: uuid.UUID, *, lock: bool = False) -> Row | None:
    query = sa.select(networks).where(networks.c.id == network_id)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return dict(row) if row else None


async def network_members_of(session: AsyncSession, network_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.scalars(
        sa.select(network_members.c.organisation_id)
        .where(network_members.c.network_id == network_id)
        .order_by(network_members.c.organisation_id)
    )
    return list(rows)


async def sub_projects_of(session: AsyncSession, network_id: uuid.UUID) -> list[Row]:
    rows = await session.execute(
        sa.select(sub_projects)
        .where(sub_projects.c.network_id == network_id)
        .order_by(sub_projects.c.position)
    )
    return [dict(row) for row in rows.mappings()]


async def save_network(
    session: AsyncSession,
    values: Mapping[str, Any],
    *,
    network_id: uuid.UUID,
    members: Sequence[uuid.UUID] | None,
    projects: Sequence[Mapping[str, Any]] | None,
    new: bool,
) -> Row:
    now = utcnow()
    if new:
        row: Row = {
            "id": network_id,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "archived": False,
            **values,
        }
        await session.execute(networks.insert().values(**row))
    else:
        row = dict(
            (
                await session.execute(
                    networks.update()
                    .where(networks.c.id == network_id)
                    .values(**values, updated_at=now, version=networks.c.version + 1)
                    .returning(networks)
                )
            )
            .mappings()
            .one()
        )
    if members is not None:
        await session.execute(network_members.delete().where(network_members.c.network_id == network_id))
        if members:
            await session.execute(
                network_members.insert(),
                [{"network_id": network_id, "organisation_id": member} for member in dict.fromkeys(members)],
            )
    if projects is not None:
        await session.execute(sub_projects.delete().where(sub_projects.c.network_id == network_id))
        if projects:
            await session.execute(
                sub_projects.insert(),
                [
                    {"id": uuid.uuid4(), "network_id": network_id, "position": position, **project}
                    for position, project in enumerate(projects)
                ],
            )
    return row


async def list_network_ids(
    session: AsyncSession,
    *,
    name: str | None,
    kind: str | None,
    organisation_id: uuid.UUID | None,
    region_keys: Sequence[str] | None,
    include_archived: bool,
    offset: int,
    limit: int,
) -> tuple[list[uuid.UUID], int]:
    conditions: list[Any] = []
    if name:
        conditions.append(networks.c.name.ilike(f"%{_escape_like(name)}%", escape="\\"))
    if kind:
        conditions.append(networks.c.kind == kind)
    if organisation_id is not None:
        conditions.append(
            sa.or_(
                networks.c.coordinating_organisation_id == organisation_id,
                networks.c.id.in_(
                    sa.select(network_members.c.network_id).where(
                        network_members.c.organisation_id == organisation_id
                    )
                ),
            )
        )
    if region_keys is not None:
        conditions.append(networks.c.region_keys.overlap(sa.cast(list(region_keys), ARRAY(sa.Text))))
    if not include_archived:
        conditions.append(networks.c.archived.is_(False))
    total = await session.scalar(sa.select(sa.func.count()).select_from(networks).where(*conditions))
    ids = await session.scalars(
        sa.select(networks.c.id)
        .where(*conditions)
        .order_by(sa.func.lower(networks.c.name), networks.c.id)
        .offset(offset)
        .limit(limit)
    )
    return list(ids), int(total or 0)


# -- topics and responsibilities --------------------------------------------------------------------


async def custom_topics(session: AsyncSession) -> list[Row]:
    rows = await session.execute(sa.select(topics).order_by(topics.c.code))
    return [dict(row) for row in rows.mappings()]


async def insert_topic(session: AsyncSession, code: str, label_de: str, label_en: str) -> None:
    await session.execute(
        topics.insert().values(code=code, label_de=label_de, label_en=label_en, created_at=utcnow())
    )


async def upsert_responsibility(
    session: AsyncSession,
    *,
    topic: str,
    organisation_id: uuid.UUID,
    region_key: str,
    contact_person_id: uuid.UUID | None,
    substitute_person_id: uuid.UUID | None,
    responsibility_id: uuid.UUID | None = None,
) -> Row:
    """Insert or replace the assignment of (topic, organisation, region); a race ends in one row."""
    now = utcnow()
    inserting = pg_insert(responsibilities).values(
        id=responsibility_id or uuid.uuid4(),
        topic=topic,
        organisation_id=organisation_id,
        region_key=region_key,
        contact_person_id=contact_person_id,
        substitute_person_id=substitute_person_id,
        version=1,
        updated_at=now,
    )
    statement = inserting.on_conflict_do_update(
        constraint="responsibilities_once",
        set_={
            "contact_person_id": inserting.excluded.contact_person_id,
            "substitute_person_id": inserting.excluded.substitute_person_id,
            "version": responsibilities.c.version + 1,
            "updated_at": now,
        },
    ).returning(responsibilities)
    return dict((await session.execute(statement)).mappings().one())


async def get_responsibility(session: AsyncSession, responsibility_id: uuid.UUID) -> Row | None:
    row = (
        (await session.execute(sa.select(responsibilities).where(responsibilities.c.id == responsibility_id)))
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def delete_responsibility(session: AsyncSession, responsibility_id: uuid.UUID) -> None:
    await session.execute(responsibilities.delete().where(responsibilities.c.id == responsibility_id))


async def list_responsibilities(
    session: AsyncSession,
    *,
    topic: str | None = None,
    organisation_ids: Sequence[uuid.UUID] | None = None,
    region_keys: Sequence[str] | None = None,
    person_id: uuid.UUID | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[list[Row], int]:
    conditions: list[Any] = []
    if topic is not None:
        conditions.append(responsibilities.c.topic == topic)
    if organisation_ids is not None:
        conditions.append(responsibilities.c.organisation_id.in_(list(organisation_ids)))
    if region_keys is not None:
        conditions.append(responsibilities.c.region_key.in_(list(region_keys)))
    if person_id is not None:
        conditions.append(
            sa.or_(
                responsibilities.c.contact_person_id == person_id,
                responsibilities.c.substitute_person_id == person_id,
            )
        )
    total = await session.scalar(sa.select(sa.func.count()).select_from(responsibilities).where(*conditions))
    query = (
        sa.select(responsibilities, organisations.c.name.label("organisation_name"))
        .join(organisations, organisations.c.id == responsibilities.c.organisation_id)
        .where(*conditions)
        .order_by(
            responsibilities.c.topic, sa.func.lower(organisations.c.name), responsibilities.c.region_key
        )
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return [dict(row) for row in (await session.execute(query)).mappings()], int(total or 0)


# -- Schnittstellenpapiere --------------------------------------------------------------------------


async def next_paper_version(session: AsyncSession, scope_kind: str, scope_key: str) -> int:
    # Serialise issuing per scope across replicas, so two papers never get the same number.
    await session.execute(
        sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(f"paper:{scope_kind}:{scope_key}")))
    )
    latest = await session.scalar(
        sa.select(sa.func.max(interface_papers.c.version)).where(
            interface_papers.c.scope_kind == scope_kind, interface_papers.c.scope_key == scope_key
        )
    )
    return int(latest or 0) + 1


async def insert_paper(session: AsyncSession, row: Mapping[str, Any]) -> None:
    await session.execute(interface_papers.insert().values(**row))


async def get_paper(session: AsyncSession, paper_id: uuid.UUID) -> Row | None:
    row = (
        (await session.execute(sa.select(interface_papers).where(interface_papers.c.id == paper_id)))
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def list_papers(
    session: AsyncSession, *, scope_kind: str | None, scope_key: str | None, offset: int, limit: int
) -> tuple[list[Row], int]:
    conditions: list[Any] = []
    if scope_kind is not None:
        conditions.append(interface_papers.c.scope_kind == scope_kind)
    if scope_key is not None:
        conditions.append(interface_papers.c.scope_key == scope_key)
    total = await session.scalar(sa.select(sa.func.count()).select_from(interface_papers).where(*conditions))
    rows = await session.execute(
        sa.select(
            interface_papers.c.id,
            interface_papers.c.scope_kind,
            interface_papers.c.scope_key,
            interface_papers.c.title,
            interface_papers.c.version,
            interface_papers.c.issued_at,
        )
        .where(*conditions)
        .order_by(interface_papers.c.issued_at.desc(), interface_papers.c.version.desc())
        .offset(offset)
        .limit(limit)
    )
    return [dict(row) for row in rows.mappings()], int(total or 0)


async def papers_naming(session: AsyncSession, person_id: uuid.UUID, *, lock: bool = False) -> list[Row]:
    query = sa.select(interface_papers).where(
        sa.literal(person_id, UUID(as_uuid=True)) == sa.any_(interface_papers.c.person_ids)
    )
    if lock:
        query = query.with_for_update()
    return [dict(row) for row in (await session.execute(query)).mappings()]


async def replace_paper_content(
    session: AsyncSession,
    paper_id: uuid.UUID,
    content: Mapping[str, Any],
    person_ids: Sequence[uuid.UUID],
    redactions: int,
) -> None:
    await session.execute(
        interface_papers.update()
        .where(interface_papers.c.id == paper_id)
        .values(
            content=content,
            person_ids=list(person_ids),
            redactions=interface_papers.c.redactions + redactions,
        )
    )


# -- erasure ----------------------------------------------------------------------------------------


async def erase_person_rows(
    session: AsyncSession, person_id: uuid.UUID, erased_at: datetime
) -> dict[str, int]:
    """Remove every row holding the person's data; clear references to them. Returns counts per table."""
    counts: dict[str, int] = {}

    async def run(table_name: str, statement: Any) -> None:
        result = await session.execute(statement)
        counts[table_name] = counts.get(table_name, 0) + int(result.rowcount or 0)  # type: ignore[attr-defined]

    await run(
        "responsibilities",
        responsibilities.update()
        .where(responsibilities.c.contact_person_id == person_id)
        .values(contact_person_id=None, version=responsibilities.c.version + 1, updated_at=erased_at),
    )
    await run(
        "responsibilities",
        responsibilities.update()
        .where(responsibilities.c.substitute_person_id == person_id)
        .values(substitute_person_id=None, version=responsibilities.c.version + 1, updated_at=erased_at),
    )
    await run(
        "memberships",
        memberships.update()
        .where(memberships.c.substitute_person_id == person_id)
        .values(substitute_person_id=None),
    )
    await run("memberships", memberships.delete().where(memberships.c.person_id == person_id))
    await run("consents", consents.delete().where(consents.c.person_id == person_id))
    await run("person_emails", person_emails.delete().where(person_emails.c.person_id == person_id))
    await run("people", people.delete().where(people.c.id == person_id))
    # Events that carried the person's data leave the outbox too (PersonErased follows them).
    outbox = metadata.tables["outbox"]
    await run(
        "outbox",
        outbox.delete().where(
            outbox.c.aggregate == str(person_id),
            outbox.c.subject.in_(["registry.evt.person.created", "registry.evt.person.updated"]),
        ),
    )
    await record_erasure(session, erasures, person_id, erased_at)
    return counts


async def was_erased(session: AsyncSession, person_id: uuid.UUID) -> bool:
    return await is_erased(session, erasures, person_id)
