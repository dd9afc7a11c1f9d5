"""Events pages: the events list, an event's page with its lifecycle buttons and the next edition,
the event editor, and the series with their editions, attendance and the next host suggestion."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from gateway_service.auth import Principal
from gateway_service.web import hints
from gateway_service.web.event_forms import (
    EVENT_FIELDS,
    EVENT_FORMATS,
    event_request,
    event_values,
    parse_days,
)
from gateway_service.web.guards import checked_form, text
from gateway_service.web.pages import (
    CHOICE_LIMIT,
    Manager,
    Viewer,
    data_of,
    failure_status,
    field_errors,
    form_errors,
    optional,
    section,
    split_list,
)
from gateway_service.web.rendering import redirect, render
from gateway_service.web.services import Answer, ask, items_of
from netzwerkstatt.principal import CHOOSE_OWN_NETWORK

router = APIRouter(include_in_schema=False)

STATUSES = ("draft", "published", "running", "completed", "cancelled")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    # status → the lifecycle buttons offered (the events service checks them again)
    "draft": ("publish", "cancel"),
    "published": ("start", "cancel"),
    "running": ("complete",),
    "completed": (),
    "cancelled": (),
}


async def event_of(request: Request, event_id: uuid.UUID) -> dict[str, Any]:
    data: dict[str, Any] = data_of(await ask(request, "events", "event.get", {"event_id": str(event_id)}))
    return data


async def _choices(request: Request) -> dict[str, list[dict[str, Any]]]:
    series = await ask(request, "events", "series.list", {"limit": CHOICE_LIMIT})
    networks = await ask(request, "registry", "network.list", {"limit": CHOICE_LIMIT})
    return {"series_choices": items_of(series.data), "networks": items_of(networks.data)}


# -- events -----------------------------------------------------------------------------------------


@router.get("/events/events")
async def events(
    request: Request,
    principal: Viewer,
    status: Annotated[Literal["draft", "published", "running", "completed", "cancelled", ""], Query()] = "",
) -> HTMLResponse:
    answer = await ask(request, "events", "event.list", {"status": status or None, "limit": CHOICE_LIMIT})
    rows = sorted(items_of(answer.data), key=lambda row: str(row.get("starts_at")))
    return render(
        request,
        "events/events.html",
        section("events", unavailable=not answer.ok, rows=rows, status=status, statuses=STATUSES),
    )


@router.get("/events/new")
async def new_event(request: Request, principal: Manager, series_id: str = "") -> HTMLResponse:
    values = dict.fromkeys(EVENT_FIELDS, "") | {"series_id": series_id}
    return await _editor(request, None, values, {})


async def _editor(
    request: Request,
    event: dict[str, Any] | None,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "events/event_form.html",
        section(
            "events",
            item=event,
            values=values,
            errors=errors,
            formats=EVENT_FORMATS,
            **await _choices(request),
        ),
        status_code=status_code,
    )


@router.post("/events/new")
async def create_event(request: Request, principal: Manager) -> Response:
    form = await checked_form(request)
    values = {name: text(form, name) for name in EVENT_FIELDS}
    parsed = event_request(values, creating=True)
    if parsed.body.get("series_id") and not parsed.body.get("network_id"):
        # An edition belongs to its series' network.
        series = await ask(request, "events", "series.get", {"series_id": parsed.body["series_id"]})
        if series.ok:
            parsed.body["network_id"] = series.data["series"].get("network_id")
    if not hints.may_change(principal, parsed.body.get("network_id")):
        parsed.errors["network_id"] = CHOOSE_OWN_NETWORK
    if parsed.errors:
        return await _editor(request, None, values, parsed.errors, 422)
    answer = await ask(request, "events", "event.create", parsed.body)
    if not answer.ok:
        return await _editor(request, None, values, _event_form_errors(answer), failure_status(answer))
    return redirect(f"/events/{answer.data['id']}?saved=1")


def _event_form_errors(answer: Answer) -> dict[str, str]:
    """Field messages on the form's fields (``venue.name`` → ``venue_name``, ``days.0.end`` → ``days``)."""
    errors = form_errors(answer)
    if answer.error is not None:
        for detail in answer.error.details:
            if detail.field.startswith(("venue.", "organiser.")):
                errors["_".join(detail.field.split(".")[:2])] = detail.message
    return errors


@router.get("/events/{event_id:uuid}")
async def event_page(
    request: Request, event_id: uuid.UUID, principal: Viewer, saved: str = ""
) -> HTMLResponse:
    return await _event_page(request, await event_of(request, event_id), principal, {}, saved=bool(saved))


async def _event_page(
    request: Request,
    event: dict[str, Any],
    principal: Principal,
    errors: dict[str, str],
    status_code: int = 200,
    *,
    saved: bool = False,
) -> HTMLResponse:
    return render(
        request,
        "events/event.html",
        section(
            "events",
            event=event,
            tab="overview",
            transitions=TRANSITIONS.get(str(event.get("status")), ()),
            may_change=hints.may_change_event(principal, event),
            errors=errors,
            saved=saved,
        ),
        status_code=status_code,
    )


@router.get("/events/{event_id:uuid}/edit")
async def edit_event(request: Request, event_id: uuid.UUID, principal: Manager) -> HTMLResponse:
    event = await event_of(request, event_id)
    hints.editor_for(hints.may_change_event(principal, event))
    return await _editor(request, event, event_values(event), {})


@router.post("/events/{event_id:uuid}/edit")
async def update_event(request: Request, event_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    event = await event_of(request, event_id)
    values = {name: text(form, name) for name in EVENT_FIELDS}
    parsed = event_request(values, creating=False)
    if parsed.errors:
        return await _editor(request, event, values, parsed.errors, 422)
    answer = await ask(request, "events", "event.update", {"event_id": str(event_id), **parsed.body})
    if not answer.ok:
        return await _editor(request, event, values, _event_form_errors(answer), failure_status(answer))
    return redirect(f"/events/{event_id}?saved=1")


@router.post("/events/{event_id:uuid}/status/{transition}")
async def change_status(
    request: Request, event_id: uuid.UUID, transition: str, principal: Manager
) -> Response:
    form = await checked_form(request)
    event = await event_of(request, event_id)
    if transition not in ("publish", "start", "complete", "cancel"):
        return render(request, "error.html", {"title": "error.not_found", "message": None}, status_code=404)
    body: dict[str, Any] = {"event_id": str(event_id)}
    if transition == "cancel":
        body["reason"] = optional(text(form, "reason"))
    answer = await ask(request, "events", f"event.{transition}", body)
    if not answer.ok:
        return await _event_page(request, event, principal, form_errors(answer), failure_status(answer))
    return redirect(f"/events/{event_id}?saved=1")


@router.post("/events/{event_id:uuid}/next-edition")
async def plan_next_edition(request: Request, event_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    event = await event_of(request, event_id)
    errors: dict[str, str] = {}
    days = parse_days(text(form, "next_days"), errors, "next_days")
    if errors:
        return await _event_page(request, event, principal, errors, 422)
    body = {
        "event_id": str(event_id),
        "days": days,
        "host_district_key": optional(text(form, "next_host_district_key")),
    }
    answer = await ask(request, "events", "event.plan_next_edition", body)
    if not answer.ok:
        errors = {
            ("next_days" if name == "days" else name): message
            for name, message in form_errors(answer).items()
        }
        return await _event_page(request, event, principal, errors, failure_status(answer))
    return redirect(f"/events/{answer.data['id']}?saved=1")


# -- series -----------------------------------------------------------------------------------------

SERIES_FIELDS = ("title", "format", "network_id", "organiser_email", "host_pool")


@router.get("/events/series")
async def series_list(request: Request, principal: Viewer) -> HTMLResponse:
    return await _series_page(request, dict.fromkeys(SERIES_FIELDS, ""), {})


async def _series_page(
    request: Request, values: dict[str, str], errors: dict[str, str], status_code: int = 200
) -> HTMLResponse:
    answer = await ask(request, "events", "series.list", {"limit": CHOICE_LIMIT})
    networks = await ask(request, "registry", "network.list", {"limit": CHOICE_LIMIT})
    return render(
        request,
        "events/series_list.html",
        section(
            "events",
            unavailable=not answer.ok,
            rows=items_of(answer.data),
            networks=items_of(networks.data),
            formats=EVENT_FORMATS,
            values=values,
            errors=errors,
        ),
        status_code=status_code,
    )


@router.post("/events/series")
async def create_series(request: Request, principal: Manager) -> Response:
    form = await checked_form(request)
    values = {name: text(form, name) for name in SERIES_FIELDS}
    if not hints.may_change(principal, optional(values["network_id"])):
        return await _series_page(request, values, {"network_id": CHOOSE_OWN_NETWORK}, 422)
    body = {
        "title": values["title"],
        "format": values["format"],
        "network_id": optional(values["network_id"]),
        "organiser_email": optional(values["organiser_email"]),
        "host_pool": split_list(values["host_pool"]),
    }
    answer = await ask(request, "events", "series.create", body)
    if not answer.ok:
        return await _series_page(request, values, form_errors(answer), failure_status(answer))
    return redirect(f"/events/series/{answer.data['id']}")


@router.get("/events/series/{series_id:uuid}")
async def series_overview(request: Request, series_id: uuid.UUID, principal: Viewer) -> HTMLResponse:
    overview = data_of(await ask(request, "events", "series.get", {"series_id": str(series_id)}))
    editions = [*overview["past_editions"], *overview["planned_editions"]]
    figures = await ask(request, "events", "series.figures", {"series_id": str(series_id)})
    return render(
        request,
        "events/series.html",
        section(
            "events",
            overview=overview,
            editions=editions,
            figures=figures.data if figures.ok else None,
            errors=field_errors(figures.error) if figures.error else {},
        ),
    )
