"""Paper surveys: the feedback of a completed event given on printed forms, typed in afterwards.

First the event, the template the forms were printed from, how many were handed out and came back
and the day the last came back (a GET form: nothing is stored yet); then one row per returned form
with a cell per question. The feedback service checks every answer as it checks answers given by
link and stores the whole as a closed survey, or nothing: a refusal is said at its cell and the
rows keep what was typed."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from gateway_service import clock
from gateway_service.auth import Principal
from gateway_service.i18n import Language, translate
from gateway_service.web.guards import checked_form, date_field, read_date, text, whole_number
from gateway_service.web.messages import detail_message
from gateway_service.web.pages import (
    CHOICE_LIMIT,
    Manager,
    failure_status,
    form_errors,
    new_record_id,
    section,
    sent_before,
)
from gateway_service.web.rendering import language_of, redirect, render
from gateway_service.web.services import Answer, ask, ask_listing, items_of
from netzwerkstatt import operations as ops
from netzwerkstatt.contracts import MAX_LIMIT

router = APIRouter(include_in_schema=False)

# The rows one page takes; more forms go through the JSON API (``POST /api/feedback/surveys/paper``).
MOST_ROWS = 300
# The first page's fields, carried to the rows' page.
SETTINGS = ("event_id", "template_id", "handed_out", "returned", "closed_on")
PATH = "/feedback/surveys/paper"
SURVEYS_READ = 5_000


def cell_name(row: int, key: str) -> str:
    return f"form_{row}_{key}"


def _count(value: str) -> int | None:
    number = whole_number(value)
    return number if number is not None and number <= 100_000 else None


def settings_errors(values: dict[str, str], language: Language) -> dict[str, str]:
    """What the first page needs before the rows can be shown (the service checks the rest)."""
    errors: dict[str, str] = {}
    if not values["event_id"]:
        errors["event_id"] = translate("paper_survey.choose_event", language)
    if not values["template_id"]:
        errors["template_id"] = translate("paper_survey.choose_template", language)
    if _count(values["handed_out"]) is None:
        errors["handed_out"] = translate("paper_survey.whole_number", language)
    returned = _count(values["returned"])
    if returned is None:
        errors["returned"] = translate("paper_survey.whole_number", language)
    elif returned > MOST_ROWS:
        errors["returned"] = translate("paper_survey.too_many_rows", language).format(most=MOST_ROWS)
    if read_date(values["closed_on"]) is None:
        errors["closed_on"] = translate("paper_survey.date", language)
    return errors


def posted_forms(form: FormData, questions: list[dict[str, Any]], rows: int) -> list[dict[str, Any]]:
    """Each row's answers in the service's shape (question key → rating, option, options or text);
    a question left blank is left out, as on a form handed back with it empty."""
    forms: list[dict[str, Any]] = []
    for row in range(rows):
        answers: dict[str, Any] = {}
        for question in questions:
            name = cell_name(row, question["key"])
            if question["type"] == "multiple_choice":
                chosen = [value for value in form.getlist(name) if isinstance(value, str) and value]
                if chosen:
                    answers[question["key"]] = chosen
                continue
            value = text(form, name)
            if not value:
                continue
            number = whole_number(value) if question["type"] == "rating" else None
            answers[question["key"]] = number if number is not None else value
        forms.append(answers)
    return forms


def typed_cells(form: FormData, questions: list[dict[str, Any]], rows: int) -> dict[str, Any]:
    """What was typed, by cell, to show again (a list for a multiple choice)."""
    cells: dict[str, Any] = {}
    for row in range(rows):
        for question in questions:
            name = cell_name(row, question["key"])
            if question["type"] == "multiple_choice":
                cells[name] = [value for value in form.getlist(name) if isinstance(value, str)]
            else:
                cells[name] = text(form, name)
    return cells


def refusal_errors(answer: Answer, language: Language) -> dict[str, str]:
    """A refusal said where it belongs: ``forms.N.<question>`` at its cell, the rest at its field
    (or for the whole form)."""
    if answer.error is None:
        return form_errors(answer)
    errors: dict[str, str] = {}
    for detail in answer.error.details:
        parts = detail.field.split(".", 2)
        if parts[0] == "forms" and len(parts) == 3 and parts[1].isdigit():
            name = cell_name(int(parts[1]), parts[2])
        elif detail.field in SETTINGS:
            name = detail.field
        else:
            name = "form"
        errors.setdefault(name, detail_message(detail, language))
    return errors or form_errors(answer)


@router.get(PATH)
async def paper_survey(
    request: Request,
    principal: Manager,
    event_id: Annotated[str, Query(max_length=40)] = "",
    template_id: Annotated[str, Query(max_length=40)] = "",
    handed_out: Annotated[str, Query(max_length=20)] = "",
    returned: Annotated[str, Query(max_length=20)] = "",
    closed_on: Annotated[str, Query(max_length=20)] = "",
    change: Annotated[str, Query(max_length=5)] = "",
) -> HTMLResponse:
    values = {
        "event_id": event_id,
        "template_id": template_id,
        "handed_out": handed_out,
        "returned": returned,
        "closed_on": closed_on,
    }
    chosen = any(values.values())
    errors = settings_errors(values, language_of(request)) if chosen else {}
    if not chosen:
        values["closed_on"] = clock.today().isoformat()
    # ``change``: back from the rows to the first page, its fields as they were
    rows = chosen and not errors and not change
    return await _page(request, principal, values, errors, rows=rows, status_code=422 if errors else 200)


@router.post(PATH)
async def enter_paper_survey(request: Request, principal: Manager) -> Response:
    form = await checked_form(request)
    language = language_of(request)
    values = {name: text(form, name) for name in SETTINGS} | {"closed_on": date_field(form, "closed_on")}
    errors = settings_errors(values, language)
    if errors:
        return await _page(request, principal, values, errors, rows=False, status_code=422)
    template = await ask(request, ops.feedback.TEMPLATE_GET, {"template_id": values["template_id"]})
    if not template.ok:
        return await _page(
            request, principal, values, refusal_errors(template, language), rows=False, status_code=422
        )
    questions = template.data["questions"]
    rows = int(values["returned"])
    record_id = new_record_id(form)
    body = {
        "id": record_id,
        "event_id": values["event_id"],
        "template_id": values["template_id"],
        "handed_out": int(values["handed_out"]),
        "closed_on": values["closed_on"],
        "forms": posted_forms(form, questions, rows),
    }
    answer = await ask(request, ops.feedback.SURVEY_ENTER_PAPER, body)
    if answer.ok:
        return redirect(f"/feedback/surveys/{answer.data['id']}")
    if sent_before(answer):  # the same rows sent twice (a double click, a reload): entered once
        return redirect(f"/feedback/surveys/{record_id}")
    return await _page(
        request,
        principal,
        values,
        refusal_errors(answer, language),
        rows=True,
        cells=typed_cells(form, questions, rows),
        record_id=record_id,
        status_code=failure_status(answer),
    )


async def _events_with_a_survey(request: Request) -> set[str]:
    """The events that have a survey, read page by page (up to 5,000 surveys; beyond, an event
    offered may still have one, which the feedback service then refuses at the event)."""
    found: set[str] = set()
    for offset in range(0, SURVEYS_READ, MAX_LIMIT):
        answer = await ask_listing(request, ops.feedback.SURVEY_LIST, {"offset": offset, "limit": MAX_LIMIT})
        rows = items_of(answer.data) if answer.ok else []
        found |= {str(row["event_id"]) for row in rows}
        if len(rows) < MAX_LIMIT:
            break
    return found


async def _page(
    request: Request,
    principal: Principal,
    values: dict[str, str],
    errors: dict[str, str],
    *,
    rows: bool,
    cells: dict[str, Any] | None = None,
    record_id: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    templates = await ask(request, ops.feedback.TEMPLATE_LIST, {"limit": CHOICE_LIMIT})
    # Completed events of the past two years in the reader's networks, the latest first (without
    # the events service, the event's id is typed in).
    today = clock.today()
    query: dict[str, Any] = {
        "status": "completed",
        "first_day": (today - timedelta(days=730)).isoformat(),
        "last_day": today.isoformat(),
        "limit": CHOICE_LIMIT,
    }
    if not principal.on_the_bus().is_admin:
        query["network_ids"] = [str(network_id) for network_id in principal.network_ids]
    events = await ask_listing(request, ops.events.EVENT_LIST, query)
    surveyed = await _events_with_a_survey(request)
    template_rows = items_of(templates.data)
    if not values["template_id"]:
        # the German (or English) evaluation ready-made, as the service would take by default
        language = language_of(request)
        ready = [t for t in template_rows if t.get("built_in") and t.get("language") == language]
        values = values | {"template_id": str(ready[0]["id"]) if ready else ""}
    questions: list[dict[str, Any]] = []
    if rows:
        chosen = [t for t in template_rows if str(t["id"]) == values["template_id"]]
        if chosen:
            questions = chosen[0]["questions"]
        else:
            answer = await ask(request, ops.feedback.TEMPLATE_GET, {"template_id": values["template_id"]})
            questions = answer.data["questions"] if answer.ok else []
    # an event has one survey at most: those that have one are not offered
    held = [event for event in reversed(items_of(events.data)) if str(event["id"]) not in surveyed]
    event_title = next((e["title"] for e in held if str(e["id"]) == values["event_id"]), "")
    return render(
        request,
        "survey_paper.html",
        section(
            "feedback",
            values=values,
            errors=errors,
            templates=template_rows,
            events=held,
            events_known=events.ok,
            event_title=event_title,
            show_rows=rows and bool(questions),
            questions=questions,
            row_count=int(values["returned"]) if rows else 0,
            cells=cells or {},
            cell_name=cell_name,
            record_id=record_id or new_record_id(),
            unavailable=not templates.ok,
        ),
        status_code=status_code,
    )
