"""An event's reminders: when those registered are reminded before the start (7 days and 1 day by
default), what is planned, sent or dropped, and the form that chooses other moments. The
notifications service keeps the schedule and decides who may change it, by the event's network."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import TypeAdapter
from starlette.datastructures import FormData

from gateway_service.auth import Principal
from gateway_service.i18n import Language, translate
from gateway_service.web import hints
from gateway_service.web.event_pages import event_of
from gateway_service.web.guards import checked_form, text, whole_number
from gateway_service.web.messages import detail_message, message_of
from gateway_service.web.pages import Manager, Viewer, failure_status, form_errors, section
from gateway_service.web.rendering import language_of, redirect, render
from gateway_service.web.services import Answer, ask
from netzwerkstatt import operations as ops

router = APIRouter(include_in_schema=False)

# The units a moment before the start is given in, largest first, with their length in seconds.
UNITS: tuple[tuple[str, int], ...] = (("days", 86_400), ("hours", 3_600), ("minutes", 60))
# Seconds only for a moment chosen elsewhere (the JSON API) that is no whole number of minutes, so
# that saving the form unchanged keeps it.
SECONDS = ("seconds", 1)
# The notifications service takes up to ten moments per event.
MOST_REMINDERS = 10
EMPTY_ROWS = 2
FEWEST_ROWS = 4
# A moment no duration can hold is refused here with the words of the service's range (a year):
# the service would refuse it as no duration at all.
ABSURD_SECONDS = 100 * 366 * 86_400
# The schedule's moments travel as ISO 8601 durations (``P7D``).
DURATION = TypeAdapter(timedelta)


def seconds_of(duration: Any) -> int:
    return int(DURATION.validate_python(duration).total_seconds())


@dataclass(frozen=True)
class OffsetRow:
    """One row of the form: a number and its unit (the number empty for a row left blank)."""

    amount: str
    unit: str


def offset_row(seconds: int) -> OffsetRow:
    for unit, length in UNITS:
        if seconds % length == 0:
            return OffsetRow(str(seconds // length), unit)
    return OffsetRow(str(seconds), SECONDS[0])


def offset_words(seconds: int, language: Language) -> str:
    """``7 Tage vorher``, ``1 Stunde vorher``: a moment before the start as people say it."""
    row = offset_row(seconds)
    amount = int(row.amount)
    key = f"reminders.before_{row.unit}_one" if amount == 1 else f"reminders.before_{row.unit}"
    return translate(key, language).format(amount=amount)


def rows_for(offsets: list[OffsetRow]) -> list[OffsetRow]:
    """The moments chosen, then blank rows to add more (never more rows than moments allowed)."""
    count = min(MOST_REMINDERS, max(FEWEST_ROWS, len(offsets) + EMPTY_ROWS))
    return offsets + [OffsetRow("", "days")] * max(0, count - len(offsets))


def posted_rows(form: FormData) -> list[OffsetRow]:
    """The rows as typed; a unit the form does not offer is kept empty (and refused if used)."""
    known = {unit for unit, _ in (*UNITS, SECONDS)}
    rows = []
    for index in range(MOST_REMINDERS):
        unit = text(form, f"unit_{index}")
        if f"amount_{index}" in form or unit:
            rows.append(OffsetRow(text(form, f"amount_{index}"), unit if unit in known else ""))
    return rows


def offsets_of(rows: list[OffsetRow], language: Language) -> tuple[list[int], list[int], dict[str, str]]:
    """The moments in seconds, the row each came from, and the gateway's own words for rows it
    cannot read (no whole number, an unknown unit). Blank rows are left out."""
    lengths = dict((*UNITS, SECONDS))
    seconds: list[int] = []
    origin: list[int] = []
    errors: dict[str, str] = {}
    for index, row in enumerate(rows):
        if not row.amount:
            continue
        amount = whole_number(row.amount)
        if amount is None or amount < 1:
            errors[f"amount_{index}"] = translate("reminders.whole_number", language)
        elif not row.unit:
            errors[f"amount_{index}"] = translate("reminders.unit_unknown", language)
        elif amount * lengths[row.unit] > ABSURD_SECONDS:
            errors[f"amount_{index}"] = translate("reminders.out_of_range", language)
        else:
            seconds.append(amount * lengths[row.unit])
            origin.append(index)
    return seconds, origin, errors


def row_errors(answer: Answer, origin: list[int], language: Language) -> dict[str, str]:
    """The service's refusal said at the row it concerns (``offsets.N`` is the N-th moment sent,
    blank rows not counted), a moment out of range in the page's words for a reminder's range;
    anything else (too many moments, the service not answering) for the form as a whole."""
    if answer.error is None:
        return form_errors(answer)
    errors: dict[str, str] = {}
    for detail in answer.error.details:
        parts = detail.field.split(".")
        if parts[0] == "offsets" and len(parts) == 2 and parts[1].isdigit() and int(parts[1]) < len(origin):
            words = (
                translate("reminders.out_of_range", language)
                if detail.code == "out_of_range"
                else detail_message(detail, language)
            )
            errors.setdefault(f"amount_{origin[int(parts[1])]}", words)
        else:
            errors.setdefault("form", detail_message(detail, language))
    return errors or {"form": message_of(answer.error)}


@router.get("/events/{event_id:uuid}/reminders")
async def reminders(
    request: Request, event_id: uuid.UUID, principal: Viewer, saved: str = ""
) -> HTMLResponse:
    event = await event_of(request, event_id)
    return await _reminders_page(request, event, principal, None, {}, saved=bool(saved))


@router.post("/events/{event_id:uuid}/reminders")
async def configure_reminders(request: Request, event_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    event = await event_of(request, event_id)
    # a hint for the page; the notifications service decides the change by the event's network
    hints.editor_for(hints.may_change_event(principal, event), principal, [event.get("network_id")])
    language = language_of(request)
    rows = posted_rows(form)
    seconds, origin, own = offsets_of(rows, language)
    if own:
        return await _reminders_page(request, event, principal, rows, own, status_code=422)
    answer = await ask(
        request, ops.notifications.REMINDER_CONFIGURE, {"event_id": str(event_id), "offsets": seconds}
    )
    if not answer.ok:
        errors = row_errors(answer, origin, language)
        return await _reminders_page(request, event, principal, rows, errors, failure_status(answer))
    return redirect(f"/events/{event_id}/reminders?saved=1")


async def _reminders_page(
    request: Request,
    event: dict[str, Any],
    principal: Principal,
    rows: list[OffsetRow] | None,
    errors: dict[str, str],
    status_code: int = 200,
    *,
    saved: bool = False,
) -> HTMLResponse:
    language = language_of(request)
    answer = await ask(request, ops.notifications.REMINDER_GET, {"event_id": str(event["id"])})
    # An event notifications has not heard of (a draft: only published events are told) has no
    # schedule yet; one it cannot be asked about now is said so, with the form kept.
    schedule = answer.data if answer.ok else None
    offsets = [seconds_of(offset) for offset in schedule["offsets"]] if schedule else []
    jobs = [job | {"seconds": seconds_of(job["offset"])} for job in schedule["jobs"]] if schedule else []
    # A moment already past when it was chosen is not planned: nobody is reminded then.
    planned = {job["seconds"] for job in jobs if job["status"] in ("planned", "done")}
    return render(
        request,
        "events/reminders.html",
        section(
            "events",
            event=event,
            tab="reminders",
            may_change=hints.may_change_event(principal, event),
            schedule=schedule,
            unavailable=answer.unavailable,
            moments=[
                {"words": offset_words(offset, language), "planned": offset in planned} for offset in offsets
            ],
            jobs=[job | {"words": offset_words(job["seconds"], language)} for job in jobs],
            rows=rows_for(rows if rows is not None else [offset_row(offset) for offset in offsets]),
            units=[unit for unit, _ in UNITS],
            errors=errors,
            saved=saved,
        ),
        status_code=status_code,
    )
