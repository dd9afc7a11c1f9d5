"""Feedback pages: surveys per event (open by hand, close), results per survey with a bar chart per
question and the free texts, the trend across a series (line chart with its figures in a table),
CSV/XLSX exports, and the survey templates (list, copy, edit while no survey uses them)."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from gateway_service import clock
from gateway_service.i18n import LANGUAGES, translate
from gateway_service.web import hints
from gateway_service.web.charts import Bar, Point, bar_chart, line_chart
from gateway_service.web.confirmation import confirmation_page, confirmed
from gateway_service.web.downloads import disposition
from gateway_service.web.guards import checked_form, text
from gateway_service.web.messages import detail_message
from gateway_service.web.pages import (
    CHOICE_LIMIT,
    Manager,
    Viewer,
    data_of,
    differing_fields,
    failure_status,
    form_errors,
    is_stale,
    section,
    stale_notice,
)
from gateway_service.web.rendering import (
    figure_formatter,
    language_of,
    redirect,
    render,
    template_name_formatter,
)
from gateway_service.web.services import ask, ask_listing, items_of
from netzwerkstatt import operations as ops
from netzwerkstatt.errors import ErrorCode

router = APIRouter(include_in_schema=False)

STATES = ("open", "closed", "draft")


# -- surveys ----------------------------------------------------------------------------------------


# Events whose survey is never opened by hand: not yet published, or called off.
SURVEY_NEVER = frozenset({"draft", "cancelled"})


@router.get("/feedback/surveys")
async def surveys(
    request: Request,
    principal: Viewer,
    state: Annotated[Literal["open", "closed", "draft", ""], Query()] = "",
) -> HTMLResponse:
    return await _surveys_page(request, state, {}, {})


async def _surveys_page(
    request: Request, state: str, errors: dict[str, str], values: dict[str, str], status_code: int = 200
) -> HTMLResponse:
    answer = await ask(request, ops.feedback.SURVEY_LIST, {"state": state or None, "limit": CHOICE_LIMIT})
    templates = await ask(request, ops.feedback.TEMPLATE_LIST, {"limit": CHOICE_LIMIT})
    # The events to open a survey for come from the events service (without it, an id is typed in):
    # those of the past year that have begun and were not cancelled, the latest first.
    today = clock.today()
    events = await ask_listing(
        request,
        ops.events.EVENT_LIST,
        {
            "first_day": (today - timedelta(days=365)).isoformat(),
            "last_day": today.isoformat(),
            "limit": CHOICE_LIMIT,
        },
    )
    held = [event for event in reversed(items_of(events.data)) if event["status"] not in SURVEY_NEVER]
    return render(
        request,
        "surveys.html",
        section(
            "feedback",
            unavailable=not answer.ok,
            rows=items_of(answer.data),
            state=state,
            states=STATES,
            templates=items_of(templates.data),
            events=held,
            errors=errors,
            values={"event_id": "", "template_id": "", "open_for_days": ""} | values,
        ),
        status_code=status_code,
    )


@router.post("/feedback/surveys")
async def open_survey(request: Request, principal: Manager) -> Response:
    form = await checked_form(request)
    values = {key: text(form, key) for key in ("event_id", "template_id", "open_for_days")}
    body = {key: value or None for key, value in values.items()}
    answer = await ask(request, ops.feedback.SURVEY_OPEN, body)
    if answer.ok:
        return redirect(f"/feedback/surveys/{answer.data['id']}")
    return await _surveys_page(request, "", form_errors(answer), values, failure_status(answer))


@router.post("/feedback/surveys/{survey_id}/close")
async def close_survey(request: Request, survey_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    if not confirmed(form):
        item = data_of(await ask(request, ops.feedback.SURVEY_GET, {"survey_id": str(survey_id)}))
        language = language_of(request)
        return confirmation_page(
            request,
            question=translate("feedback.close_question", language).format(title=item["title"]),
            consequences=[translate("feedback.close_text", language)],
            action=f"/feedback/surveys/{survey_id}/close",
            yes=translate("feedback.close_yes", language),
            back=f"/feedback/surveys/{survey_id}",
        )
    data_of(await ask(request, ops.feedback.SURVEY_CLOSE, {"survey_id": str(survey_id)}))
    return redirect(f"/feedback/surveys/{survey_id}")


def question_chart(index: int, question: dict[str, Any], figure: Callable[[Any], str]) -> Any:
    if question["type"] == "rating":
        bars = [
            Bar(
                f"{item['value']}" + (f" – {item['label']}" if item.get("label") else ""),
                item["count"],
                str(item["count"]),
            )
            for item in question["distribution"]
        ]
    elif question["type"] in ("single_choice", "multiple_choice"):
        bars = [
            Bar(
                item["label"],
                item["count"],
                f"{item['count']}"
                + (f" ({figure(item['share_percent'])} %)" if item.get("share_percent") is not None else ""),
            )
            for item in question["options"]
        ]
    else:
        return None
    return bar_chart(f"chart-{index}", question["text"], bars)


@router.get("/feedback/surveys/{survey_id}")
async def survey(request: Request, survey_id: uuid.UUID, principal: Viewer) -> HTMLResponse:
    ref = {"survey_id": str(survey_id)}
    item = data_of(await ask(request, ops.feedback.SURVEY_GET, ref))
    results = data_of(await ask(request, ops.feedback.RESULTS_SURVEY, ref))
    figure = figure_formatter(language_of(request))
    charts = [question_chart(index, question, figure) for index, question in enumerate(results["questions"])]
    return render(
        request,
        "survey.html",
        # closing is offered to those the feedback service lets close it: the event's network's
        section(
            "feedback",
            item=item,
            results=results,
            charts=charts,
            may_change=hints.may_change(principal, item.get("network_id")),
        ),
    )


@router.get("/feedback/surveys/{survey_id}/export.{file_format}")
async def export_survey(
    request: Request,
    survey_id: uuid.UUID,
    file_format: Literal["csv", "xlsx"],
    principal: Viewer,
    part: Annotated[Literal["summary", "questions", "distributions", "free_texts"], Query()] = "questions",
) -> Response:
    body = {"survey_id": str(survey_id), "format": file_format, "part": part}
    return _file(data_of(await ask(request, ops.feedback.RESULTS_EXPORT, body)))


@router.get("/feedback/series/{series_id}")
async def series(request: Request, series_id: uuid.UUID, principal: Viewer) -> HTMLResponse:
    answer = await ask(request, ops.feedback.RESULTS_SERIES, {"series_id": str(series_id)})
    if answer.error is not None and answer.error.code == ErrorCode.NOT_FOUND:
        # No edition of the series has had a survey yet: the series without results (an unknown
        # series is the events service's "not found"; its title is left out when it does not answer).
        overview = await ask(request, ops.events.SERIES_GET, {"series_id": str(series_id)})
        if overview.error is not None:
            raise overview.error
        title = ((overview.data or {}).get("series") or {}).get("title")
        empty: dict[str, Any] = {
            "series_id": str(series_id),
            "series_title": title,
            "editions": [],
            "questions": [],
        }
        return render(request, "series_results.html", section("feedback", comparison=empty, charts=[]))
    comparison = data_of(answer)
    figure = figure_formatter(language_of(request))
    charts = [
        line_chart(
            f"trend-{index}",
            question["text"],
            [
                Point(
                    point["edition"],
                    Decimal(str(point["mean"])) if point["mean"] is not None else None,
                    figure(point["mean"]),
                )
                for point in question["points"]
            ],
        )
        for index, question in enumerate(comparison["questions"])
    ]
    return render(request, "series_results.html", section("feedback", comparison=comparison, charts=charts))


@router.get("/feedback/series/{series_id}/export.{file_format}")
async def export_series(
    request: Request, series_id: uuid.UUID, file_format: Literal["csv", "xlsx"], principal: Viewer
) -> Response:
    body = {"series_id": str(series_id), "format": file_format}
    return _file(data_of(await ask(request, ops.feedback.RESULTS_EXPORT_SERIES, body)))


def _file(exported: dict[str, Any]) -> Response:
    return Response(
        base64.b64decode(exported["content_base64"]),
        media_type=exported["content_type"],
        headers={
            "Content-Disposition": disposition(exported["filename"]),
            "Cache-Control": "no-store",
        },
    )


# -- templates --------------------------------------------------------------------------------------


@router.get("/feedback/templates")
async def templates(request: Request, principal: Viewer) -> HTMLResponse:
    answer = await ask(request, ops.feedback.TEMPLATE_LIST, {"limit": CHOICE_LIMIT})
    return render(
        request,
        "survey_templates.html",
        section("feedback", unavailable=not answer.ok, rows=items_of(answer.data), refused=None),
    )


@router.post("/feedback/templates/{template_id}/copy")
async def copy_template(request: Request, template_id: uuid.UUID, principal: Manager) -> Response:
    """A refused copy is shown at the row of the template copied, with the name as typed."""
    form = await checked_form(request)
    body = {"template_id": str(template_id), "name": text(form, "name")}
    answer = await ask(request, ops.feedback.TEMPLATE_COPY, body)
    if answer.ok:
        return redirect(f"/feedback/templates/{answer.data['id']}")
    listed = await ask(request, ops.feedback.TEMPLATE_LIST, {"limit": CHOICE_LIMIT})
    rows = items_of(listed.data)
    source = next((row for row in rows if row["id"] == str(template_id)), None)
    errors = form_errors(answer)
    refused = {
        "id": str(template_id),
        "template": template_name_formatter(language_of(request))(source) if source else None,
        "name": body["name"],
        "message": " ".join(dict.fromkeys(errors.values())),
    }
    return render(
        request,
        "survey_templates.html",
        section("feedback", unavailable=not listed.ok, rows=rows, refused=refused),
        status_code=failure_status(answer),
    )


@router.get("/feedback/templates/{template_id}")
async def template(request: Request, template_id: uuid.UUID, principal: Viewer) -> HTMLResponse:
    item = data_of(await ask(request, ops.feedback.TEMPLATE_GET, {"template_id": str(template_id)}))
    return _template_page(request, item, _form_values(item), {})


def _form_values(template: dict[str, Any]) -> dict[str, Any]:
    """The form's fields of a template: name, language, each question's texts and required flag."""
    values: dict[str, Any] = {"name": template["name"], "language": template["language"]}
    for question in template["questions"]:
        for language in ("de", "en"):
            values[f"{question['key']}.{language}"] = question["text"].get(language) or ""
        values[f"{question['key']}.required"] = bool(question.get("required"))
    return values


def _template_page(
    request: Request,
    item: dict[str, Any],
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    """The template as stored names the page and its questions; the fields show ``values`` (as
    typed, when the form was refused)."""
    return render(
        request,
        "survey_template.html",
        section(
            "feedback",
            item=item,
            values=values,
            errors=errors,
            saved=request.query_params.get("saved") is not None,
        ),
        status_code=status_code,
    )


@router.post("/feedback/templates/{template_id}")
async def edit_template(request: Request, template_id: uuid.UUID, principal: Manager) -> Response:
    """Name, language, and each question's texts and required flag; the questions' kinds and
    options stay as they are (a different questionnaire starts as a copy)."""
    form = await checked_form(request)
    item = data_of(await ask(request, ops.feedback.TEMPLATE_GET, {"template_id": str(template_id)}))
    questions = []
    for question in item["questions"]:
        key = question["key"]
        texts = {language: text(form, f"{key}.{language}") for language in ("de", "en")}
        questions.append(question | {"text": texts, "required": form.get(f"{key}.required") == "on"})
    body = {
        "template_id": str(template_id),
        "expected_version": text(form, "version"),
        "name": text(form, "name"),
        "language": text(form, "language"),
        "questions": questions,
    }
    answer = await ask(request, ops.feedback.TEMPLATE_EDIT, body)
    if answer.ok:
        return redirect(f"/feedback/templates/{template_id}?saved=1")
    errors: dict[str, str] = {}
    for detail in answer.error.details if answer.error else []:
        # questions.2.text.de → the field of question 2's German text
        parts = detail.field.split(".")
        if (
            parts[0] == "questions"
            and len(parts) > 1
            and parts[1].isdigit()
            and int(parts[1]) < len(questions)
        ):
            field = ".".join([questions[int(parts[1])]["key"], *parts[2:]]).replace(".text.", ".")
            errors[field] = detail_message(detail)
        else:
            errors[parts[0]] = detail_message(detail)
    errors = errors or form_errors(answer)
    # The select offers the catalogue's languages only; a value from elsewhere is refused at its field
    # and the form shows the stored one (the page words languages by the catalogue).
    language = body["language"] if body["language"] in LANGUAGES else item["language"]
    typed = _form_values(item | {"name": body["name"], "language": language, "questions": questions})
    if is_stale(answer):
        # The input stays; the form takes the version stored now, saying what differs from it.
        errors["expected_version"] = stale_notice(_differing(typed, _form_values(item)))
        return _template_page(request, item, typed, errors, failure_status(answer))
    # Refused for another reason, the form stays at the version it was opened at: sent again, a change
    # saved meanwhile is refused as such rather than overwritten.
    opened = item | {"version": body["expected_version"]}
    return _template_page(request, opened, typed, errors, failure_status(answer))


def _differing(typed: dict[str, Any], stored: dict[str, Any]) -> list[str]:
    """The words of the template form's fields whose input differs from the stored template (the
    questions' texts and flags as one)."""
    differing = differing_fields(typed, stored, {"name": "common.name", "language": "app.language"})
    questions = {key: "feedback.questions" for key in stored if key not in ("name", "language")}
    # Every question's field is worded "Fragen": named once however many differ.
    return differing + differing_fields(typed, stored, questions)[:1]
