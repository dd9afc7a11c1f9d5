"""Events pages: the events list, an event's page with its lifecycle buttons and the next edition,
the event editor, and the series with their editions, attendance and the next host suggestion."""

from __future__ import annotations

import calendar
import uuid
from datetime import date, timedelta
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from babel.dates import format_date, get_day_names
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from gateway_service import clock
from gateway_service.auth import Principal
from gateway_service.i18n import translate, translator
from gateway_service.web import district_map, districts, hints
from gateway_service.web.confirmation import confirmation_page, confirmed
from gateway_service.web.event_forms import (
    EVENT_FIELDS,
    EVENT_FORMATS,
    day_rows_from,
    event_request,
    event_values,
    form_values,
    host_district,
    parse_days,
)
from gateway_service.web.guards import checked_form, text
from gateway_service.web.listing import listing
from gateway_service.web.messages import detail_message, page_language
from gateway_service.web.pages import (
    CHOICE_LIMIT,
    Manager,
    Viewer,
    data_of,
    failure_status,
    field_errors,
    form_errors,
    new_record_id,
    optional,
    section,
    sent_before,
    split_list,
    with_own_errors,
)
from gateway_service.web.rendering import language_of, redirect, render
from gateway_service.web.services import Answer, ask, items_of
from netzwerkstatt import operations as ops
from netzwerkstatt.rpc import Operation

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
    data: dict[str, Any] = data_of(await ask(request, ops.events.EVENT_GET, {"event_id": str(event_id)}))
    return data


async def _choices(request: Request) -> dict[str, list[dict[str, Any]]]:
    series = await ask(request, ops.events.SERIES_LIST, {"limit": CHOICE_LIMIT})
    networks = await ask(request, ops.registry.NETWORK_LIST, {"limit": CHOICE_LIMIT})
    return {"series_choices": items_of(series.data), "networks": items_of(networks.data)}


# -- events -----------------------------------------------------------------------------------------


@router.get("/events/events")
async def events(
    request: Request,
    principal: Viewer,
    status: Annotated[Literal["draft", "published", "running", "completed", "cancelled", ""], Query()] = "",
    period: Annotated[Literal["upcoming", "all"], Query()] = "upcoming",
    q: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    """The events not yet over first (a coordinator's working list), or all of them; the search
    words go to the events service, so they find an event among any number."""
    query = {"status": status or None, "upcoming": period == "upcoming", "q": q.strip() or None}
    answer = await ask(request, ops.events.EVENT_LIST, query | {"limit": CHOICE_LIMIT})
    # Nothing ahead that matches (a status of past events chosen, an old event searched for): say that
    # there are past ones, with the link to them, rather than a bare "no entries".
    past_ones = ""
    if period == "upcoming" and answer.ok and not items_of(answer.data):
        earlier = await ask(request, ops.events.EVENT_LIST, query | {"upcoming": False, "limit": 1})
        if earlier.ok and items_of(earlier.data):
            past_ones = "/events/events?" + urlencode({"q": q.strip(), "status": status, "period": "all"})
    t = translator(language_of(request))

    def first_day(row: dict[str, Any]) -> str:
        return str(row["days"][0]["date"]) if row.get("days") else ""

    def words(row: dict[str, Any]) -> str:
        venue = row.get("venue") or {}
        parts = (
            row.get("title"),
            row.get("motto"),
            venue.get("name"),
            t(f"events.format_{row.get('format')}"),
        )
        return " ".join(str(part) for part in parts if part)

    shown = listing(
        items_of(answer.data),
        path="/events/events",
        params=request.query_params,
        columns={
            "title": lambda row: str(row.get("title") or ""),
            "date": first_day,
            "format": lambda row: t(f"events.format_{row.get('format')}"),
            "status": lambda row: STATUSES.index(row["status"]) if row.get("status") in STATUSES else 9,
            "registrations": lambda row: int(row.get("confirmed") or 0),
        },
        searched=words,
        default_sort="date",
        kept={"status": status, "period": period},
    )
    return render(
        request,
        "events/events.html",
        section(
            "events",
            unavailable=not answer.ok,
            rows=shown.rows,
            listing=shown,
            status=status,
            statuses=STATUSES,
            period=period,
            past_ones=past_ones,
        ),
    )


@router.get("/events/calendar")
async def month_calendar(
    request: Request, principal: Viewer, month: Annotated[str, Query(max_length=7)] = ""
) -> HTMLResponse:
    """A month of events as a calendar (weeks from Monday), each day with its events."""
    today = clock.today()
    try:
        first = date.fromisoformat(f"{month}-01") if month else today.replace(day=1)
    except ValueError:
        first = today.replace(day=1)
    if not 1 < first.year < 9999:  # the weeks around the month and the next month are dates too
        first = today.replace(day=1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    # Every event with a day in the weeks shown (the largest page the events service gives).
    window = {"first_day": weeks[0][0].isoformat(), "last_day": weeks[-1][-1].isoformat(), "limit": 500}
    answer = await ask(request, ops.events.EVENT_LIST, window)
    on_day: dict[str, list[dict[str, Any]]] = {}
    for row in items_of(answer.data):
        for day in row.get("days") or []:
            on_day.setdefault(str(day["date"]), []).append(row | {"day_start": day.get("start")})
    language = language_of(request)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render(
        request,
        "events/calendar.html",
        section(
            "events",
            unavailable=not answer.ok,
            title=format_date(first, "LLLL yyyy", locale=language),
            weekdays=[get_day_names("wide", locale=language)[index] for index in range(7)],
            weeks=[
                [
                    {
                        "date": day,
                        "in_month": day.month == first.month,
                        "today": day == today,
                        "events": sorted(
                            on_day.get(day.isoformat(), []), key=lambda row: str(row["day_start"])
                        ),
                    }
                    for day in week
                ]
                for week in weeks
            ],
            any_events=any(
                day.isoformat() in on_day for week in weeks for day in week if day.month == first.month
            ),
            previous=previous.strftime("%Y-%m"),
            following=following.strftime("%Y-%m"),
            this_month=today.strftime("%Y-%m"),
        ),
    )


@router.get("/events/new")
async def new_event(request: Request, principal: Manager, series_id: str = "") -> HTMLResponse:
    values = dict.fromkeys(EVENT_FIELDS, "") | {"series_id": series_id, "days": [], "id": new_record_id()}
    return await _editor(request, None, values, {})


def _rows_after_adding(form: FormData, values: dict[str, Any]) -> int:
    """The blank rows after "add a day": those sent blank and one more, so that the form shows one
    row more than before (a filled-in blank row is a day now, not a blank one)."""
    sent = len(form.getlist("day_date"))
    return max(sent - len(values.get("days") or []), 0) + 1


async def _editor(
    request: Request,
    event: dict[str, Any] | None,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
    *,
    held: bool = False,
) -> HTMLResponse:
    """The event form: a new event, an event's changes, or (``held``) an event held before it was kept
    here, with its attendance list."""
    # The days as rows of date and time inputs, with blank rows to add days (more on "add a day").
    blank = {"date": "", "start": "10:00", "end": "16:00"}
    values = values | {
        "day_rows": list(values.get("days") or []) + [blank] * int(values.get("extra_rows", 1))
    }
    return render(
        request,
        "events/event_form.html",
        section(
            "events",
            item=event,
            held=held,
            values=values,
            errors=errors,
            formats=EVENT_FORMATS,
            attendee_choices=await hints.attendee_choices(request) if held else [],
            **await _choices(request),
        ),
        status_code=status_code,
    )


@router.post("/events/new")
async def create_event(request: Request, principal: Manager) -> Response:
    form = await checked_form(request)
    values = form_values(form) | {"id": new_record_id(form)}
    if form.get("add_day"):
        return await _editor(request, None, values | {"extra_rows": _rows_after_adding(form, values)}, {})
    parsed = event_request(values, creating=True)
    parsed.body["id"] = values["id"]
    if parsed.body.get("series_id") and not parsed.body.get("network_id"):
        # An edition belongs to its series' network.
        series = await ask(request, ops.events.SERIES_GET, {"series_id": parsed.body["series_id"]})
        if series.ok:
            parsed.body["network_id"] = series.data["series"].get("network_id")
    answer = await ask(request, ops.events.EVENT_CREATE, parsed.body)
    if not answer.ok and not sent_before(answer):
        errors = _event_form_errors(answer) | parsed.errors
        return await _editor(request, None, values, errors, failure_status(answer))
    return redirect(f"/events/{values['id']}?saved=1")


@router.get("/events/held/new")
async def new_held_event(request: Request, principal: Manager, series_id: str = "") -> HTMLResponse:
    values = dict.fromkeys(EVENT_FIELDS, "") | {
        "series_id": series_id,
        "days": [],
        "id": new_record_id(),
        "attendee_ids": [],
    }
    return await _editor(request, None, values, {}, held=True)


@router.post("/events/held/new")
async def enter_held_event(request: Request, principal: Manager) -> Response:
    """An event held before it was kept here, from its paper records: completed at once, everyone on
    the attendance list registered and present on every day; nobody is invited, told or surveyed."""
    form = await checked_form(request)
    values = form_values(form) | {"id": new_record_id(form), "attendee_ids": form.getlist("attendee_id")}
    if form.get("add_day"):
        extra = _rows_after_adding(form, values)
        return await _editor(request, None, values | {"extra_rows": extra}, {}, held=True)
    parsed = event_request(values, creating=True)
    parsed.body["id"] = values["id"]
    parsed.body.pop("registration_closes_at", None)  # the form has none: registering is over
    parsed.body["attendees"] = [{"person_id": str(person_id)} for person_id in values["attendee_ids"]]
    answer = await ask(request, ops.events.EVENT_ENTER_HELD, parsed.body)
    if not answer.ok and not sent_before(answer):
        errors = _event_form_errors(answer) | parsed.errors
        return await _editor(request, None, values, errors, failure_status(answer), held=True)
    return redirect(f"/events/{values['id']}?saved=1")


def _event_form_errors(answer: Answer) -> dict[str, str]:
    """Field messages on the form's fields (``venue.name`` → ``venue_name``, ``days.0.end`` → ``days``)."""
    errors = form_errors(answer)
    if answer.error is not None:
        for detail in answer.error.details:
            if detail.field.startswith(("venue.", "organiser.")):
                errors["_".join(detail.field.split(".")[:2])] = detail_message(detail)
            elif detail.field.startswith("attendees.") and detail.code == "unknown":
                # A line of the list names someone the events service does not know (yet, or any more).
                errors["attendees"] = translate("events.held_attendee_unknown", page_language.get())
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
    values: dict[str, Any] | None = None,
    alert_title: str = "common.errors",
) -> HTMLResponse:
    """The event's overview; ``values`` are what its forms (cancel reason, next edition) were sent
    with, shown again beside their field errors; ``alert_title`` heads the refusal's messages."""
    figures = await ask(request, ops.events.EVENT_FIGURES, {"event_id": str(event["id"])})
    transitions = TRANSITIONS.get(str(event.get("status")), ())
    following = await _following_edition(request, event)
    # An event begins on its first day (Berlin) at the earliest: before that, "start" is not offered
    # (the events service would refuse it) and the page says from when it is.
    first_day = str(event["days"][0]["date"]) if event.get("days") else None
    starts_later = "start" in transitions and first_day is not None and first_day > clock.today().isoformat()
    return render(
        request,
        "events/event.html",
        section(
            "events",
            event=event,
            tab="overview",
            transitions=tuple(item for item in transitions if not (starts_later and item == "start")),
            starts_on=first_day if starts_later else None,
            may_change=hints.may_change_event(principal, event),
            errors=errors,
            alert_title=alert_title,
            saved=saved,
            values=values or {},
            following=following,
            **district_map.page_context(
                language_of(request),
                "event",
                figures.data["figures"] if figures.ok else None,
                event.get("host_district_key"),
            ),
        ),
        status_code=status_code,
    )


async def _following_edition(request: Request, event: dict[str, Any]) -> dict[str, Any] | None:
    """The edition of the series that follows this one already (not cancelled), if any: the next
    edition form says so and links to it instead of offering a second one (which the events service
    refuses)."""
    if not event.get("series_id") or event.get("edition") is None:
        return None
    listed = await ask(
        request,
        ops.events.EVENT_LIST,
        {"series_id": str(event["series_id"]), "upcoming": False, "limit": CHOICE_LIMIT},
    )
    later = [
        other
        for other in items_of(listed.data)
        if other.get("edition") is not None
        and int(other["edition"]) > int(event["edition"])
        and other.get("status") != "cancelled"
    ]
    return min(later, key=lambda other: int(other["edition"])) if later else None


@router.get("/events/{event_id:uuid}/edit")
async def edit_event(request: Request, event_id: uuid.UUID, principal: Manager) -> HTMLResponse:
    event = await event_of(request, event_id)
    hints.editor_for(hints.may_change_event(principal, event), principal, [event.get("network_id")])
    return await _editor(request, event, event_values(event), {})


@router.post("/events/{event_id:uuid}/edit")
async def update_event(request: Request, event_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    event = await event_of(request, event_id)
    values = form_values(form)
    if form.get("add_day"):
        return await _editor(request, event, values | {"extra_rows": _rows_after_adding(form, values)}, {})
    parsed = event_request(values, creating=False)
    answer = await ask(request, ops.events.EVENT_UPDATE, {"event_id": str(event_id), **parsed.body})
    if not answer.ok:
        errors = _event_form_errors(answer) | parsed.errors
        return await _editor(request, event, values, errors, failure_status(answer))
    return redirect(f"/events/{event_id}?saved=1")


STATUS_CHANGES: dict[str, Operation[Any, Any]] = {
    "publish": ops.events.EVENT_PUBLISH,
    "start": ops.events.EVENT_START,
    "complete": ops.events.EVENT_COMPLETE,
    "cancel": ops.events.EVENT_CANCEL,
}


def _cancel_confirmation(request: Request, event: dict[str, Any], reason: str) -> HTMLResponse:
    language = language_of(request)
    given = translate("events.cancel_reason_given", language).format(reason=reason)
    return confirmation_page(
        request,
        question=translate("events.cancel_question", language).format(title=event["title"]),
        consequences=[
            translate("events.cancel_text", language),
            given if reason else translate("events.cancel_without_reason", language),
        ],
        action=f"/events/{event['id']}/status/cancel",
        yes=translate("events.cancel_yes", language),
        back=f"/events/{event['id']}",
        fields={"reason": reason},
    )


def _complete_confirmation(request: Request, event: dict[str, Any]) -> HTMLResponse:
    language = language_of(request)
    return confirmation_page(
        request,
        question=translate("events.complete_question", language).format(title=event["title"]),
        consequences=[translate("events.complete_text", language)],
        action=f"/events/{event['id']}/status/complete",
        yes=translate("events.complete_yes", language),
        back=f"/events/{event['id']}",
    )


@router.post("/events/{event_id:uuid}/status/{transition}")
async def change_status(
    request: Request, event_id: uuid.UUID, transition: str, principal: Manager
) -> Response:
    form = await checked_form(request)
    event = await event_of(request, event_id)
    if transition not in STATUS_CHANGES:
        return render(request, "error.html", {"title": "error.not_found", "message": None}, status_code=404)
    body: dict[str, Any] = {"event_id": str(event_id)}
    if transition == "cancel":
        body["reason"] = optional(text(form, "reason"))
        if not confirmed(form):
            hints.editor_for(hints.may_change_event(principal, event), principal, [event.get("network_id")])
            return _cancel_confirmation(request, event, text(form, "reason"))
    if transition == "complete" and not confirmed(form):
        hints.editor_for(hints.may_change_event(principal, event))
        return _complete_confirmation(request, event)
    answer = await ask(request, STATUS_CHANGES[transition], body)
    if not answer.ok:
        values = {"reason": text(form, "reason")} if transition == "cancel" else {}
        # Only the cancel button has an input (its reason); the others have nothing to check.
        title = "common.errors" if transition == "cancel" else "events.status_not_changed"
        return await _event_page(
            request,
            event,
            principal,
            form_errors(answer),
            failure_status(answer),
            values=values,
            alert_title=title,
        )
    return redirect(f"/events/{event_id}?saved=1")


@router.post("/events/{event_id:uuid}/next-edition")
async def plan_next_edition(request: Request, event_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    event = await event_of(request, event_id)
    errors: dict[str, str] = {}
    days = parse_days(day_rows_from(form, "next_day_"), errors, "next_days")
    host = host_district(text(form, "next_host_district_key"), errors, "next_host_district_key")
    body = {"event_id": str(event_id), "days": days, "host_district_key": host}
    answer = await ask(request, ops.events.EVENT_PLAN_NEXT_EDITION, body)
    if not answer.ok:
        # The service's fields by the names of this form's inputs.
        named = {"days": "next_days", "host_district_key": "next_host_district_key"}
        refused = {named.get(name, name): message for name, message in form_errors(answer).items()}
        # The days typed are shown again (with a blank row), like the host.
        values: dict[str, Any] = {
            "next_host_district_key": text(form, "next_host_district_key"),
            "next_day_rows": [*day_rows_from(form, "next_day_"), {"date": "", "start": "", "end": ""}],
        }
        return await _event_page(
            request, event, principal, refused | errors, failure_status(answer), values=values
        )
    return redirect(f"/events/{answer.data['id']}?saved=1")


# -- series -----------------------------------------------------------------------------------------

SERIES_FIELDS = ("title", "format", "network_id", "organiser_email", "host_pool")


@router.get("/events/series")
async def series_list(request: Request, principal: Viewer) -> HTMLResponse:
    return await _series_page(request, dict.fromkeys(SERIES_FIELDS, "") | {"id": new_record_id()}, {})


async def _series_page(
    request: Request, values: dict[str, str], errors: dict[str, str], status_code: int = 200
) -> HTMLResponse:
    answer = await ask(request, ops.events.SERIES_LIST, {"limit": CHOICE_LIMIT})
    networks = await ask(request, ops.registry.NETWORK_LIST, {"limit": CHOICE_LIMIT})
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
    values = {name: text(form, name) for name in SERIES_FIELDS} | {"id": new_record_id(form)}
    pool, unknown = districts.keys_for(split_list(values["host_pool"]))
    own = {}
    if unknown:
        own["host_pool"] = translate("districts.unknown", language_of(request)) + " " + ", ".join(unknown)
    body = {
        "id": values["id"],
        "title": values["title"],
        "format": values["format"],
        "network_id": optional(values["network_id"]),
        "organiser_email": optional(values["organiser_email"]),
        "host_pool": pool + unknown,  # names nobody knows as typed: the events service refuses them
    }
    answer = await ask(request, ops.events.SERIES_CREATE, body)
    if not answer.ok and not sent_before(answer):
        return await _series_page(request, values, with_own_errors(answer, own), failure_status(answer))
    return redirect(f"/events/series/{values['id']}")


# What a series' edit form changes: its format and network stay as they were set up.
SERIES_EDIT_FIELDS = ("title", "organiser_email", "host_pool")


@router.get("/events/series/{series_id:uuid}/edit")
async def edit_series(request: Request, series_id: uuid.UUID, principal: Manager) -> HTMLResponse:
    series = await _changeable_series(request, series_id, principal)
    values = {
        "title": series["title"],
        "organiser_email": series.get("organiser_email") or "",
        "host_pool": districts.labels(series.get("host_pool") or []),
    }
    return _series_form(request, series, values, {})


@router.post("/events/series/{series_id:uuid}/edit")
async def update_series(request: Request, series_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    series = await _changeable_series(request, series_id, principal)
    values = {name: text(form, name) for name in SERIES_EDIT_FIELDS}
    pool, unknown = districts.keys_for(split_list(values["host_pool"]))
    own = {}
    if unknown:
        own["host_pool"] = translate("districts.unknown", language_of(request)) + " " + ", ".join(unknown)
    body = {
        "series_id": str(series_id),
        "title": values["title"],
        "organiser_email": optional(values["organiser_email"]),  # empty: no address any more
        "host_pool": pool + unknown,  # names nobody knows as typed: the events service refuses them
    }
    answer = await ask(request, ops.events.SERIES_UPDATE, body)
    if not answer.ok:
        return _series_form(request, series, values, with_own_errors(answer, own), failure_status(answer))
    return redirect(f"/events/series/{series_id}?saved=1")


async def _changeable_series(request: Request, series_id: uuid.UUID, principal: Principal) -> dict[str, Any]:
    overview = data_of(await ask(request, ops.events.SERIES_GET, {"series_id": str(series_id)}))
    series: dict[str, Any] = overview["series"]
    # a hint for the page; the events service decides the change by the series' network
    hints.editor_for(
        hints.may_change(principal, series.get("network_id")), principal, [series.get("network_id")]
    )
    return series


def _series_form(
    request: Request,
    series: dict[str, Any],
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "events/series_form.html",
        section("events", series=series, values=values, errors=errors),
        status_code=status_code,
    )


@router.get("/events/series/{series_id:uuid}")
async def series_overview(
    request: Request,
    series_id: uuid.UUID,
    principal: Viewer,
    recorded: Annotated[str, Query(max_length=10)] = "",
    saved: Annotated[str, Query(max_length=10)] = "",
) -> HTMLResponse:
    return await series_page(request, series_id, principal, {"recorded": recorded}, saved=bool(saved))


async def series_page(
    request: Request,
    series_id: uuid.UUID,
    principal: Principal,
    history: dict[str, Any] | None = None,
    status_code: int = 200,
    *,
    saved: bool = False,
) -> HTMLResponse:
    """The series with its editions, figures and map, and (for those who may change it) the forms
    that enter its history: ``history`` holds their values, messages, dry-run report or result
    (``web/series_history_pages.py``)."""
    overview = data_of(await ask(request, ops.events.SERIES_GET, {"series_id": str(series_id)}))
    editions = [*overview["past_editions"], *overview["planned_editions"]]
    figures = await ask(request, ops.events.SERIES_FIGURES, {"series_id": str(series_id)})
    history = {
        "values": {},
        "errors": {},
        "recorded": "",
        "import_errors": {},
        "report": None,
        "problems": [],
        "upload": None,
        "result": None,
    } | (history or {})
    return render(
        request,
        "events/series.html",
        section(
            "events",
            overview=overview,
            editions=editions,
            figures=figures.data if figures.ok else None,
            errors=field_errors(figures.error) if figures.error else {},
            may_record=hints.may_change(principal, overview["series"].get("network_id")),
            history=history,
            saved=saved,
            today=clock.today().isoformat(),
            **district_map.page_context(
                language_of(request),
                "series",
                figures.data if figures.ok else None,
                overview.get("next_host_suggestion"),
            ),
        ),
        status_code=status_code,
    )
