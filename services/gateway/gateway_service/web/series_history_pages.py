"""A series' history on its page: "Frühere Ausgabe eintragen" (a past edition as held, with its host
chosen by name, native date inputs and its counts) and the import of a CSV/XLSX file of past editions
(upload → dry-run report row by row → confirm), which behaves as the registry's import does. Every
refusal comes back from the events service and is shown at its field, in the reader's language;
one by role or network is a page of its own (whoever may not change the series does not see its
forms)."""

from __future__ import annotations

import base64
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from gateway_service.i18n import translate
from gateway_service.web import districts
from gateway_service.web.event_pages import series_page
from gateway_service.web.guards import checked_form, date_field, number_or_text, text
from gateway_service.web.messages import import_row_problems, message_of
from gateway_service.web.pages import Manager, failure_status, form_errors, refusal_reason
from gateway_service.web.paper_pages import MAX_IMPORT_BYTES
from gateway_service.web.rendering import forbidden_page, language_of, redirect
from gateway_service.web.services import Answer, ask
from netzwerkstatt import operations as ops

router = APIRouter(include_in_schema=False)

PAST_EDITION_FIELDS = (
    "edition",
    "title",
    "first_day",
    "last_day",
    "host_district",
    "venue_name",
    "attendees",
    "organisations",
    "districts_represented",
    "decision_makers",
    "newcomers",
)
DATES = ("first_day", "last_day")
COUNTS = ("attendees", "organisations", "districts_represented", "decision_makers", "newcomers")
# The service's field → the form's field.
FORM_FIELDS = {"host_district_key": "host_district", "venue": "venue_name", "series_id": "form"}


def past_edition_request(series_id: uuid.UUID, values: dict[str, str]) -> dict[str, Any]:
    """The events service's request from the form; an empty field is left out (a required one is
    then named as missing), a district typed by name goes as its key (an unknown name as typed,
    which the service names)."""
    body: dict[str, Any] = {"series_id": str(series_id)}
    for name in ("edition", *COUNTS):
        if values[name]:
            body[name] = number_or_text(values[name])
    for name in ("title", "first_day", "last_day"):
        if values[name]:
            body[name] = values[name]
    if values["host_district"]:
        body["host_district_key"] = districts.key_for(values["host_district"]) or values["host_district"]
    if values["venue_name"]:
        body["venue"] = {"name": values["venue_name"]}
    return body


def _form_errors(answer: Answer) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, message in form_errors(answer).items():
        field = FORM_FIELDS.get(name, name)
        errors[field] = f"{errors[field]} {message}" if field in errors else message
    return errors


@router.post("/events/series/{series_id:uuid}/past-editions")
async def record_past_edition(request: Request, series_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    values = {
        name: date_field(form, name) if name in DATES else text(form, name) for name in PAST_EDITION_FIELDS
    }
    body = past_edition_request(series_id, values)
    answer = await ask(request, ops.events.SERIES_RECORD_PAST_EDITION, body)
    if answer.forbidden:
        return forbidden_page(request, refusal_reason(answer))
    if not answer.ok:
        history = {"values": values, "errors": _form_errors(answer)}
        return await series_page(request, series_id, principal, history, failure_status(answer))
    return redirect(f"/events/series/{series_id}?recorded={answer.data['edition']}#history")


# -- import -------------------------------------------------------------------------------------------


@router.post("/events/series/{series_id:uuid}/history-import")
async def dry_run(request: Request, series_id: uuid.UUID, principal: Manager) -> Response:
    """Check the uploaded file: nothing is saved; the report shows each row."""
    form = await checked_form(request)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        message = translate("registry.import_file_missing", language_of(request))
        return await _import_page(request, series_id, principal, {"file": message}, status_code=422)
    content = await upload.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        message = translate("registry.import_file_too_large", language_of(request))
        return await _import_page(request, series_id, principal, {"file": message}, status_code=422)
    file = {
        "series_id": str(series_id),
        "file_name": upload.filename,
        "content_base64": base64.b64encode(content).decode(),
    }
    answer = await ask(request, ops.events.SERIES_HISTORY_IMPORT_DRY_RUN, file)
    if answer.forbidden:
        return forbidden_page(request, refusal_reason(answer))
    if not answer.ok:
        return await _import_page(
            request, series_id, principal, _file_errors(answer), status_code=failure_status(answer)
        )
    return await _import_page(request, series_id, principal, {}, report=answer.data, upload=file)


@router.post("/events/series/{series_id:uuid}/history-import/run")
async def run_import(request: Request, series_id: uuid.UUID, principal: Manager) -> Response:
    # The confirmed file comes back as a form field: allow it to be as large as an upload.
    form = await checked_form(request, max_part_size=MAX_IMPORT_BYTES * 2)
    file = {"series_id": str(series_id)} | {key: text(form, key) for key in ("file_name", "content_base64")}
    answer = await ask(request, ops.events.SERIES_HISTORY_IMPORT_RUN, file)
    if answer.forbidden:
        return forbidden_page(request, refusal_reason(answer))
    if not answer.ok:
        return await _import_page(
            request, series_id, principal, _file_errors(answer), status_code=failure_status(answer)
        )
    return await _import_page(request, series_id, principal, {}, result=answer.data)


def _file_errors(answer: Answer) -> dict[str, str]:
    """A refusal of the file as a whole (unreadable, a required column missing; or, when running, a
    row that went wrong since the dry run) is shown at the file's field."""
    if answer.error is not None and answer.error.details:
        return {"file": message_of(answer.error)}
    return {"file" if name == "form" else name: message for name, message in form_errors(answer).items()}


async def _import_page(
    request: Request,
    series_id: uuid.UUID,
    principal: Any,
    errors: dict[str, str],
    *,
    report: dict[str, Any] | None = None,
    upload: dict[str, str] | None = None,
    result: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    history = {
        "import_errors": errors,
        "report": report,
        "problems": import_row_problems(report, language_of(request)) if report else [],
        "upload": upload,
        "result": result,
    }
    return await series_page(request, series_id, principal, history, status_code)
