"""Series: format, network, organisers, host rotation, and the overview of their editions."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from events_service import clock, convert
from events_service.api.agreements import domain_agreement
from events_service.api.base import existing_series, operations
from events_service.convert import agreement_facts
from events_service.domain import agreements as agreement_rules
from events_service.domain import rotation
from events_service.domain.errors import RuleViolation
from events_service.domain.history import DatedEdition
from events_service.store import agreements as agreement_store
from events_service.store import events as event_store
from events_service.store import projection
from events_service.store.records import EventRecord, SeriesRecord
from netzwerkstatt.contracts import Page
from netzwerkstatt.contracts.events import (
    FORMAT_CODES,
    CreateSeries,
    EditionSummary,
    ListSeries,
    SeriesOverview,
    SeriesRef,
    SeriesView,
    UpdateSeries,
)
from netzwerkstatt.db import DatabaseDep, hold_chosen_id, utcnow
from netzwerkstatt.errors import Conflict, FieldError, InvalidInput, NotFound
from netzwerkstatt.names import name_key
from netzwerkstatt.principal import Access, Principal, require_change, require_new_in
from netzwerkstatt.reference import is_district

PAST = ("running", "completed")


def series_view(series: SeriesRecord) -> SeriesView:
    return SeriesView(
        id=series.id,
        title=series.title,
        format=series.format,
        network_id=series.network_id,
        organiser_organisation_ids=list(series.organiser_organisation_ids),
        organiser_email=series.organiser_email,
        host_pool=list(series.host_pool),
        first_edition=series.first_edition,
        version=series.version,
    )


async def _check_references(
    session: AsyncSession,
    organiser_ids: list[Any] | None,
    host_pool: list[str] | None,
    network_id: Any = None,
) -> None:
    for index, organisation_id in enumerate(organiser_ids or []):
        if await projection.organisation(session, organisation_id) is None:
            raise NotFound.for_field(
                f"organiser_organisation_ids.{index}", f"no organisation with id {organisation_id}"
            )
    unknown = [
        FieldError(
            field=f"host_pool.{index}",
            message=f"{key!r} is no district (give an official district key)",
            code="unknown_district",
            params={"value": key},
        )
        for index, key in enumerate(host_pool or [])
        if not is_district(key)
    ]
    if unknown:
        raise InvalidInput("the host pool names something that is no district", unknown)
    if host_pool is not None and len(set(host_pool)) != len(host_pool):
        raise InvalidInput.for_field("host_pool", "a district is listed twice in the host pool", "duplicate")
    if network_id is not None and await projection.network(session, network_id) is None:
        raise NotFound.for_field("network_id", f"no network with id {network_id}")


@operations("series.create", access=Access.CHANGE)
async def create_series(request: CreateSeries, principal: Principal, db: DatabaseDep) -> SeriesView:
    """A series of recurring events with edition numbering and a host rotation pool; an ``id`` that
    exists is ``duplicate_id`` at ``id``."""
    require_new_in(principal, request.network_id)
    if request.format not in FORMAT_CODES:
        raise InvalidInput.for_field(
            "format", f"unknown format {request.format!r}; use one of {FORMAT_CODES}", "enum"
        )
    now = utcnow()
    series = SeriesRecord(
        id=request.id or convert.new_id(),
        title=request.title,
        format=request.format,
        network_id=request.network_id,
        organiser_organisation_ids=request.organiser_organisation_ids,
        organiser_email=request.organiser_email,
        host_pool=request.host_pool,
        first_edition=request.first_edition,
        version=1,
        created_at=now,
        updated_at=now,
    )
    async with db.unit_of_work() as uow:
        if request.id is not None:
            await hold_chosen_id(uow.session, "series", request.id)
            existing = await event_store.series_row(uow.session, request.id)
            if existing is not None:
                require_change(principal, existing.network_id)
                raise Conflict.for_field("id", f"a series with id {request.id} exists", "duplicate_id")
        await _check_references(
            uow.session, request.organiser_organisation_ids, request.host_pool, request.network_id
        )
        await _check_title_free(uow.session, request.network_id, request.title)
        await event_store.insert_series(uow.session, series)
    return series_view(series)


async def _check_title_free(
    session: AsyncSession, network_id: uuid.UUID | None, title: str, series_id: uuid.UUID | None = None
) -> None:
    """A network names each of its series once (letter case and spacing aside): staff pick a series
    by its title. Creates and renames in one network run one after the other (advisory lock), so two
    at once cannot both take a name."""
    if network_id is None:
        return
    key = sa.func.hashtextextended(f"series-title:{network_id}", 0)
    await session.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))
    for other in await event_store.list_series(session, network_id):
        if other.id != series_id and name_key(other.title) == name_key(title):
            raise Conflict.for_field(
                "title",
                f"the network has a series named {other.title!r} already",
                "series_title_taken",
                {"title": other.title},
            )


@operations("series.update", access=Access.CHANGE)
async def update_series(request: UpdateSeries, principal: Principal, db: DatabaseDep) -> SeriesView:
    """Rename, change organisers or the host pool."""
    changes = {name: getattr(request, name) for name in request.model_fields_set if name != "series_id"}
    async with db.unit_of_work() as uow:
        series = await existing_series(uow.session, request.series_id, lock=True)
        require_change(principal, series.network_id)
        await _check_references(
            uow.session, changes.get("organiser_organisation_ids"), changes.get("host_pool")
        )
        if "title" in changes:
            await _check_title_free(uow.session, series.network_id, changes["title"], series.id)
        if changes:
            series = replace(series, **changes, version=series.version + 1, updated_at=utcnow())
            await event_store.update_series(uow.session, series)
    return series_view(series)


@operations("series.list", access=Access.READ)
async def list_series(request: ListSeries, db: DatabaseDep) -> Page[SeriesView]:
    async with db.read() as session:
        found = await event_store.list_series(session, request.network_id)
    return Page[SeriesView].of([series_view(series) for series in found], request)


def next_edition_number(series: SeriesRecord, editions: list[EventRecord]) -> int:
    numbers = [event.edition for event in editions if event.edition is not None]
    return max(numbers) + 1 if numbers else int(series.first_edition)


def dated_editions(editions: list[EventRecord]) -> tuple[DatedEdition, ...]:
    """The series' numbered editions with their first days, whose order a new number keeps to."""
    return tuple(
        DatedEdition(event.edition, min(date.fromisoformat(day["date"]) for day in event.days))
        for event in editions
        if event.edition is not None and event.days
    )


def suggest_host(series: SeriesRecord, editions: list[EventRecord]) -> str | None:
    """The rotation's suggestion, or None when the pool cannot give one."""
    history = [
        rotation.HostingRecord(edition=event.edition, district_id=event.host_district_key)
        for event in editions
        if event.edition is not None and event.host_district_key and event.status != "cancelled"
    ]
    try:
        return rotation.suggest_next_host(list(series.host_pool), history)
    except RuleViolation:
        return None


@operations("series.get", access=Access.READ)
async def series_overview(request: SeriesRef, db: DatabaseDep) -> SeriesOverview:
    """Past and planned editions with attendance (a recorded edition's counted attendees), the next
    edition's number and host suggestion (recorded editions count as hosted), and the agreements
    still open for it."""
    async with db.read() as session:
        series = await existing_series(session, request.series_id)
        editions = await event_store.events_of_series(session, series.id)
        counts = await event_store.registration_counts(session, [event.id for event in editions])
        open_agreements = await agreement_store.listing(
            session, event_id=None, series_id=series.id, unfinished_only=True
        )
    today = clock.today()
    past: list[EditionSummary] = []
    planned: list[EditionSummary] = []
    for event in editions:
        days = convert.domain_days(event.days)
        recorded = convert.recorded_figures(event)
        summary = EditionSummary(
            event_id=event.id,
            edition=event.edition,
            title=event.title,
            status=event.status,
            first_day=days[0].date,
            host_district_key=event.host_district_key,
            confirmed=counts[event.id]["confirmed"],
            attended=recorded.attendees if recorded else counts[event.id]["attended"],
            recorded=recorded is not None,
        )
        is_past = event.status in PAST or (event.status == "cancelled" and days[-1].date < today)
        (past if is_past else planned).append(summary)
    unfinished = agreement_rules.open_for_next_edition([domain_agreement(a) for a in open_agreements])
    by_id = {agreement.id: agreement for agreement in open_agreements}
    return SeriesOverview(
        series=series_view(series),
        past_editions=past,
        planned_editions=planned,
        next_edition=next_edition_number(series, editions),
        next_host_suggestion=suggest_host(series, editions),
        open_agreements=[agreement_facts(by_id[a.agreement_id]) for a in unfinished],
    )
