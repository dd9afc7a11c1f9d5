"""An event's registrations and attendance as files staff open in a spreadsheet: CSV (UTF-8 with a
byte order mark, semicolons, as German Excel reads it) or XLSX, written by ``netzwerkstatt.tabular``.
Headings and statuses are written in the reader's language, moments as typed date-time cells in
German local time; only people who registered are in them, and the files are not kept anywhere
(no-store)."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gateway_service.i18n import translator
from gateway_service.web.downloads import disposition
from gateway_service.web.event_pages import event_of
from gateway_service.web.pages import Viewer, data_of
from gateway_service.web.rendering import date_formatter, language_of, local_moment, person_name_formatter
from gateway_service.web.services import ask
from netzwerkstatt import operations as ops
from netzwerkstatt import tabular

router = APIRouter(include_in_schema=False)

FileFormat = Literal["csv", "xlsx"]


def table_file(
    rows: list[list[Any]], file_format: FileFormat, name_parts: tuple[Any, ...], sheet: str
) -> Response:
    """The rows (headings first) as a file, written by the kernel's one tabular module (no cell a
    spreadsheet would run as a formula)."""
    table = tabular.Table(
        title=sheet[:31],
        headers=tuple(str(cell) for cell in rows[0]),
        rows=tuple(tuple(row) for row in rows[1:]),
    )
    if file_format == "csv":
        content, media_type = tabular.csv_bytes(table), tabular.CSV_MEDIA_TYPE
    else:
        content, media_type = tabular.xlsx_bytes([table]), tabular.XLSX_MEDIA_TYPE
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": disposition(tabular.file_name(*name_parts, extension=file_format)),
            "Cache-Control": "no-store",
        },
    )


def _name(what: str, event: dict[str, Any]) -> tuple[Any, ...]:
    """ "anmeldungen-regionalworkshop-leipzig-2027-02-10": what the file holds, the event's title and
    its first day."""
    days = event.get("days") or []
    return (what, str(event["title"]), str(days[0]["date"]) if days else None)


@router.get("/events/{event_id:uuid}/registrations.{file_format}")
async def registrations_file(
    request: Request, event_id: uuid.UUID, file_format: FileFormat, principal: Viewer
) -> Response:
    event = await event_of(request, event_id)
    listing = data_of(
        await ask(request, ops.events.REGISTRATION_LIST, {"event_id": str(event_id), "limit": 500})
    )
    language = language_of(request)
    t = translator(language)
    person_name = person_name_formatter(language)
    rows: list[list[Any]] = [
        [
            t("common.name"),
            t("registry.organisation"),
            t("common.status"),
            t("events.waitlist_position"),
            t("export.registered_at"),
            t("registry.decision_maker"),
        ]
    ]
    for row in listing["items"]:
        rows.append(
            [
                person_name(row["person_name"]),
                row.get("organisation_name") or "",
                t(f"registration.status_{row['status']}"),
                row.get("waitlist_position"),
                local_moment(row.get("registered_at")),
                t("common.yes") if row.get("is_decision_maker") else t("common.no"),
            ]
        )
    return table_file(rows, file_format, _name(t("export.registrations_file"), event), str(event["title"]))


@router.get("/events/{event_id:uuid}/attendance.{file_format}")
async def attendance_file(
    request: Request, event_id: uuid.UUID, file_format: FileFormat, principal: Viewer
) -> Response:
    event = await event_of(request, event_id)
    attendance = data_of(await ask(request, ops.events.ATTENDANCE_LIST, {"event_id": str(event_id)}))
    language = language_of(request)
    t, day_text = translator(language), date_formatter(language)
    person_name = person_name_formatter(language)
    days = [str(day) for day in attendance["days"]]
    rows: list[list[Any]] = [[t("common.name"), t("registry.organisation"), *map(day_text, days)]]
    words = {True: t("events.present"), False: t("events.absent"), None: ""}
    for row in attendance["rows"]:
        states = row.get("days") or {}
        rows.append(
            [
                person_name(row["person_name"]),
                row.get("organisation_name") or "",
                *(words[states.get(day)] for day in days),
            ]
        )
    return table_file(rows, file_format, _name(t("export.attendance_file"), event), str(event["title"]))
