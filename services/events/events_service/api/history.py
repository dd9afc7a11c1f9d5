"""A series' history: past editions entered afterwards as held, one by one or from a CSV/XLSX file
(a dry run reporting every row first, then the import: all rows or none, as the registry's import).

A recorded edition is an event of the series in status completed with the counts taken then
(``recorded_figures``) and no persons: nobody was invited, registered or checked in, so nothing
follows from it. It announces ``event.past_edition_recorded``, which no service consumes: no
invitation, reminder, save-the-date or survey. Being completed, it cannot be published, started,
changed or registered for."""

from __future__ import annotations

import base64
import binascii
from datetime import time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from events_service import clock, convert
from events_service.api.base import existing_series, operations
from events_service.api.series import dated_editions
from events_service.domain import history
from events_service.domain.figures import RecordedFigures as Counts
from events_service.domain.history import PastEdition, SeriesContext
from events_service.domain.vocabulary import EventStatus
from events_service.store import events as event_store
from events_service.store import projection
from events_service.store.records import EventRecord, SeriesRecord
from netzwerkstatt.contracts import ImportProblem, ImportRowProblems
from netzwerkstatt.contracts.events import (
    EventView,
    HistoryImportFile,
    HistoryImportReport,
    HistoryImportResult,
    HistoryImportRow,
    PastEditionRecorded,
    RecordedFigures,
    RecordPastEdition,
)
from netzwerkstatt.db import DatabaseDep, UnitOfWork, utcnow
from netzwerkstatt.errors import FieldError, InvalidInput
from netzwerkstatt.principal import Access, Principal, require_change
from netzwerkstatt.tabular import off_the_event_loop, read_table

# A recorded edition's times were not recorded: its days are whole days.
DAY_START, DAY_END = time(0, 0), time(23, 59)


async def _context(session: AsyncSession, series: SeriesRecord) -> SeriesContext:
    editions = await event_store.events_of_series(session, series.id)
    network = await projection.network(session, series.network_id) if series.network_id else None
    districts = list(network.district_keys) if network else []
    return SeriesContext(
        today=clock.today(),
        taken_editions=frozenset(event.edition for event in editions if event.edition is not None),
        own_district_keys=frozenset([*series.host_pool, *districts]),
        region_size=len(set(districts)),
        dated_editions=dated_editions(editions),
    )


async def _organiser_name(session: AsyncSession, series: SeriesRecord) -> str:
    ids = list(series.organiser_organisation_ids)
    names = await projection.names_of_organisations(session, ids)
    return " / ".join(names[oid] for oid in ids if oid in names) or str(series.title)


def _figures(entry: PastEdition) -> RecordedFigures:
    return RecordedFigures(**entry.figures.model_dump())


async def _record(
    uow: UnitOfWork, series: SeriesRecord, entry: PastEdition, venue: dict[str, Any] | None
) -> EventRecord:
    """Store the edition as held, with its counts, and announce it (to nobody who acts on it)."""
    now = utcnow()
    event = EventRecord(
        id=convert.new_id(),
        series_id=series.id,
        edition=entry.edition,
        format=series.format,
        network_id=series.network_id,
        title=entry.title or history.default_title(entry.edition, series.title),
        motto=None,
        description="",
        days=[
            {"date": day.isoformat(), "start": DAY_START.isoformat(), "end": DAY_END.isoformat()}
            for day in history.days_between(entry.first_day, entry.last_day)
        ],
        venue=venue,
        host_district_key=entry.host_district_key,
        host_organisation_id=None,
        capacity=None,
        seats_per_organisation=None,
        target_groups=[],
        registration_opens_at=None,
        registration_closes_at=None,
        funding_note=None,
        organiser_name=await _organiser_name(uow.session, series),
        organiser_email=series.organiser_email,
        status=EventStatus.COMPLETED.value,
        cancel_reason=None,
        version=1,
        created_at=now,
        updated_at=now,
        recorded_figures=entry.figures.model_dump(),
    )
    await event_store.insert_event(uow.session, event)
    await uow.record(
        PastEditionRecorded(event=convert.event_facts(event, series.title), figures=_figures(entry)),
        subject=event.id,
    )
    return event


@operations("series.record_past_edition", access=Access.CHANGE)
async def record_past_edition(request: RecordPastEdition, principal: Principal, db: DatabaseDep) -> EventView:
    """Enter a past edition of the series as held: its number, days (today at the latest), host
    district, venue and the counts taken then (attendees, organisations; districts represented,
    decision makers and newcomers where counted). Every problem is answered at once, each at its
    field (a number the series has already: ``edition``, ``duplicate_edition``). Nobody is invited,
    told or surveyed."""
    async with db.unit_of_work() as uow:
        series = await existing_series(uow.session, request.series_id, lock=True)
        require_change(principal, series.network_id)
        entry = PastEdition(
            edition=request.edition,
            title=request.title or history.default_title(request.edition, series.title),
            first_day=request.first_day,
            last_day=request.last_day or request.first_day,
            host_district_key=request.host_district_key,
            figures=Counts(
                attendees=request.attendees,
                organisations=request.organisations,
                districts_represented=request.districts_represented,
                decision_makers=request.decision_makers,
                newcomers=request.newcomers,
            ),
        )
        problems = history.check(entry, await _context(uow.session, series))
        if problems:
            raise InvalidInput("; ".join(f"{item.field}: {item.message}" for item in problems), problems)
        row = await _record(uow, series, entry, convert.venue_to_json(request.venue))
    return convert.event_view(row, series.title, {})


# -- import -------------------------------------------------------------------------------------------


def _decode(request: HistoryImportFile) -> bytes:
    try:
        return base64.b64decode(request.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput.for_field(
            "content_base64", "the file content is not valid base64", "invalid_base64"
        ) from None


async def _check_file(
    session: AsyncSession, series: SeriesRecord, request: HistoryImportFile
) -> history.FileReport:
    sheet = await off_the_event_loop(read_table, _decode(request), request.file_name)
    context = await _context(session, series)
    return await off_the_event_loop(history.check_file, sheet, context, series.title)


def _venue(entry: PastEdition) -> dict[str, Any] | None:
    return None if entry.venue_name is None else {"name": entry.venue_name, "address": None, "room": None}


def _report(series_id: Any, report: history.FileReport) -> HistoryImportReport:
    return HistoryImportReport(
        series_id=series_id,
        columns=report.columns,
        ignored_columns=report.ignored_columns,
        blank_rows=report.blank_rows,
        valid_count=len(report.valid_rows),
        invalid_count=len(report.invalid_rows),
        rows=[
            HistoryImportRow(
                row=number,
                edition=entry.edition,
                title=entry.title or "",
                first_day=entry.first_day,
                last_day=entry.last_day,
                host_district_key=entry.host_district_key,
                venue_name=entry.venue_name,
                figures=_figures(entry),
            )
            for number, entry in report.valid_rows
        ],
        invalid_rows=[
            ImportRowProblems(
                row=item.row,
                problems=[
                    ImportProblem(field=p.field, message=p.message, code=p.code, params=p.params)
                    for p in item.problems
                ],
            )
            for item in report.invalid_rows
        ],
    )


@operations("series.history_import.dry_run", access=Access.READ)
async def dry_run_history_import(request: HistoryImportFile, db: DatabaseDep) -> HistoryImportReport:
    """Check a file of past editions without saving: what each row would record, and every problem
    by row and column."""
    async with db.read() as session:
        series = await existing_series(session, request.series_id)
        return _report(series.id, await _check_file(session, series, request))


@operations("series.history_import.run", access=Access.CHANGE)
async def run_history_import(
    request: HistoryImportFile, principal: Principal, db: DatabaseDep
) -> HistoryImportResult:
    """Record every past edition of the file in one transaction, or — if any row has a problem —
    nothing at all."""
    async with db.unit_of_work() as uow:
        series = await existing_series(uow.session, request.series_id, lock=True)
        require_change(principal, series.network_id)
        report = await _check_file(uow.session, series, request)
        if report.invalid_rows:
            raise InvalidInput(
                f"{len(report.invalid_rows)} row(s) have problems; nothing was recorded",
                [
                    FieldError(
                        field=f"rows.{item.row}.{problem.field}",
                        message=problem.message,
                        code=problem.code,
                        params=problem.params,
                    )
                    for item in report.invalid_rows
                    for problem in item.problems
                ],
            )
        for _, entry in report.valid_rows:
            await _record(uow, series, entry, _venue(entry))
    return HistoryImportResult(
        series_id=series.id,
        recorded=len(report.valid_rows),
        editions=[entry.edition for _, entry in report.valid_rows],
    )
