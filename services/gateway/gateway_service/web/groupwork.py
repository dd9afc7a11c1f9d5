"""Staff pages of group work: an event's plans, a form to plan anew, a plan shown with its quality and
notices, re-run and participant sync buttons, and links to the printable page and the CSV and XLSX files."""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from gateway_service.auth import Principal
from gateway_service.i18n import CATALOGUE, translate, translator
from gateway_service.security.roles import Permission
from gateway_service.web.groupwork_files import PlanWords
from gateway_service.web.groupwork_quality import notice_sentences, quality_sentences
from gateway_service.web.guards import checked_form, number_or_text, staff, text
from gateway_service.web.messages import detail_message, message_of, page_language
from gateway_service.web.pages import CHOICE_LIMIT, failure_status, form_errors, section_links
from gateway_service.web.rendering import language_of, redirect, render
from gateway_service.web.services import Answer, ask, ask_listing, items_of
from netzwerkstatt import operations as ops
from netzwerkstatt.contracts.groupwork import GroupworkPlanView
from netzwerkstatt.errors import FieldError
from netzwerkstatt.reference import fold
from netzwerkstatt.rpc import Operation

router = APIRouter(include_in_schema=False)

Viewer = Annotated[Principal, Depends(staff(Permission.VIEW))]
Manager = Annotated[Principal, Depends(staff(Permission.MANAGE))]

# The texts of these pages are in the one catalogue under "groupwork."; the templates' ``gw(key)``
# is short for ``t("groupwork." ~ key)``.
TEXTS: dict[str, tuple[str, str]] = {
    key.removeprefix("groupwork."): value for key, value in CATALOGUE.items() if key.startswith("groupwork.")
}

KINDS = ("world_cafe", "speed_consultation", "workshop_choice", "barcamp")


def _page(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    t = translator(language_of(request))

    def gw(key: str) -> str:
        return t(f"groupwork.{key}")

    base = {"section": "events", "links": section_links("events"), "gw": gw}
    return render(request, template, base | context, status_code=status_code)


@router.get("/events/groupwork")
async def choose_event(request: Request, principal: Viewer) -> HTMLResponse:
    # Group work is planned ahead: the events not yet over, of the viewer's own networks when the
    # viewer coordinates some.
    query: dict[str, Any] = {"limit": CHOICE_LIMIT, "upcoming": True}
    if principal.network_ids and not principal.on_the_bus().is_admin:
        query["network_ids"] = [str(network_id) for network_id in principal.network_ids]
    answer = await ask_listing(request, ops.events.EVENT_LIST, query)
    return _page(
        request, "groupwork/events.html", {"unavailable": answer.unavailable, "rows": items_of(answer.data)}
    )


async def _event_page(
    request: Request,
    event_id: uuid.UUID,
    form: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    event = await ask(request, ops.events.EVENT_GET, {"event_id": str(event_id)})
    plans = await ask(request, ops.events.GROUPWORK_LIST, {"event_id": str(event_id), "limit": CHOICE_LIMIT})
    if event.error is not None:
        return render(
            request,
            "error.html",
            {"title": "error.not_found", "message": message_of(event.error)},
            status_code=404,
        )
    context = {
        "event": event.data or {},
        "unavailable": event.unavailable or plans.unavailable,
        "plans": items_of(plans.data),
        "kinds": KINDS,
        "form": {
            "title": "",
            "kind": "world_cafe",
            "rounds": "3",
            "seed": "0",
            "group_size": "2",
            "lines": "",
            "slots": "",
            "participants": "confirmed",
        }
        | form,
        "errors": errors,
    }
    return _page(request, "groupwork/event.html", context, status_code)


@router.get("/events/{event_id}/groupwork")
async def event_plans(request: Request, event_id: uuid.UUID, principal: Viewer) -> HTMLResponse:
    return await _event_page(request, event_id, {}, {})


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _line_numbers(value: str) -> list[int]:
    """The number of each line ``_lines`` keeps, to name the line an entry's message is about."""
    return [number for number, line in enumerate(value.splitlines(), start=1) if line.strip()]


_SEATS_AFTER_A_COLON = re.compile(r"^(?P<name>.+):\s*(?P<seats>[+-]?\d+)$")


def _named_capacity(line: str) -> tuple[str, str]:
    """A line's name and seats: "Workshop A; 12", or "Workshop A: 12" (a colon before a number is
    taken for the semicolon); a line without seats has none ("")."""
    name, _, capacity = line.rpartition(";")
    if name:
        return name.strip(), capacity.strip()
    colon = _SEATS_AFTER_A_COLON.match(line)
    if colon:
        return colon["name"].strip(), colon["seats"]
    return line, ""


def parameters_from(form: dict[str, str]) -> dict[str, Any]:
    """The form's plain fields as the plan's parameters; the events service checks them."""
    kind, lines = form["kind"], _lines(form["lines"])
    if kind == "world_cafe":
        tables = [{"id": f"t{i + 1}", "topic": topic} for i, topic in enumerate(lines)]
        return {"kind": kind, "tables": tables, "rounds": form["rounds"]}
    if kind == "speed_consultation":
        # The planner takes the group size as a number (2 or 3), as the form's select offers it.
        size = form["group_size"]
        return {"kind": kind, "rounds": form["rounds"], "group_size": number_or_text(size)}
    pairs = [_named_capacity(line) for line in lines]
    if kind == "workshop_choice":
        workshops = [{"id": f"w{i + 1}", "title": t, "capacity": c} for i, (t, c) in enumerate(pairs)]
        return {"kind": kind, "workshops": workshops}
    rooms = [{"id": f"r{i + 1}", "name": n, "capacity": c} for i, (n, c) in enumerate(pairs)]
    slots = [{"id": f"s{i + 1}", "label": label} for i, label in enumerate(_lines(form["slots"]))]
    # A Barcamp's rounds are its slots: the form's Runden (filled in for the other formats) is not
    # asked of it, so a number left there from another format never stands in the way.
    return {"kind": kind, "rooms": rooms, "slots": slots}


FORM_FIELDS = ("title", "kind", "rounds", "seed", "group_size", "lines", "slots", "participants")
# Whom a new plan seats: the confirmed registrations, or (once the event runs) those checked in.
PARTICIPANT_SOURCES = ("confirmed", "checked_in")
# The form field of each part of the plan's parameters: tables, workshops and rooms are the lines of
# one field, the Barcamp slots those of another.
PARAMETER_FIELDS = {
    "tables": "lines",
    "workshops": "lines",
    "rooms": "lines",
    "slots": "slots",
    "rounds": "rounds",
    "group_size": "group_size",
}


def _form_values(form: FormData) -> dict[str, str]:
    return {name: text(form, name) for name in FORM_FIELDS}


def _add(errors: dict[str, str], name: str, message: str) -> None:
    if name not in errors:
        errors[name] = message
    elif message not in errors[name]:
        errors[name] = f"{errors[name]} {message}"


def _plan_form_error(detail: FieldError, values: dict[str, str]) -> tuple[str, str]:
    """The new plan form's field a service's message belongs to, and the message; one about an entry
    of the lines says which line ("Zeile 2: …"), counted as the form shows them."""
    language = page_language.get()
    message = detail_message(detail, language)
    parts = detail.field.split(".")
    if parts[0] != "parameters":
        return (parts[0] if parts[0] in FORM_FIELDS else "form"), message
    parts = parts[1:]
    if parts and parts[0] in KINDS:  # the format's tag, as pydantic names it
        parts = parts[1:]
    name = PARAMETER_FIELDS.get(parts[0], "form") if parts else "form"
    if name not in ("lines", "slots"):
        return name, message
    if len(parts) == 1 and detail.code == "too_short":
        return name, translate("groupwork.lines_missing", language)
    if len(parts) == 1 and detail.code == "too_long" and "max_length" in detail.params:
        return name, translate("groupwork.too_many_lines", language).format(**detail.params)
    if len(parts) > 1 and parts[1].isdigit():
        numbers, index = _line_numbers(values[name]), int(parts[1])
        line = numbers[index] if index < len(numbers) else index + 1
        lines = _lines(values[name])
        if parts[2:] == ["capacity"] and index < len(lines) and not _named_capacity(lines[index])[1]:
            # No seats written: the reason is the missing "; seats", not the number.
            example = _named_capacity(lines[index])[0][:40] or "Workshop A"
            message = translate("groupwork.seats_missing", language).format(example=example)
        return name, translate("groupwork.line_error", language).format(line=line, message=message)
    return name, message


def _plan_form_errors(answer: Answer, values: dict[str, str]) -> dict[str, str]:
    if answer.error is None or not answer.error.details:
        return form_errors(answer)
    errors: dict[str, str] = {}
    for detail in answer.error.details:
        _add(errors, *_plan_form_error(detail, values))
    return errors


def _messages(answer: Answer) -> list[str]:
    if answer.unavailable:
        return []
    assert answer.error is not None
    return list(dict.fromkeys(detail_message(d) for d in answer.error.details)) or [message_of(answer.error)]


@router.post("/events/{event_id}/groupwork")
async def create_plan(request: Request, event_id: uuid.UUID, principal: Manager) -> Response:
    values = _form_values(await checked_form(request))
    if values["kind"] not in KINDS:
        refused = FieldError(field="kind", message="not a format of group work", code="enum")
        return await _event_page(request, event_id, values, {"kind": detail_message(refused)}, 422)
    body = {
        "event_id": str(event_id),
        "title": values["title"],
        "parameters": parameters_from(values),
        "seed": values["seed"] or "0",
        "participants": values["participants"]
        if values["participants"] in PARTICIPANT_SOURCES
        else "confirmed",
    }
    answer = await ask(request, ops.events.GROUPWORK_PLAN, body)
    if answer.ok:
        return redirect(f"/events/{event_id}/groupwork/{answer.data['id']}")
    errors = _plan_form_errors(answer, values)
    return await _event_page(request, event_id, values, errors, failure_status(answer))


@router.get("/events/{event_id}/groupwork/{plan_id}")
async def show_plan(
    request: Request, event_id: uuid.UUID, plan_id: uuid.UUID, principal: Viewer, saved: str = ""
) -> HTMLResponse:
    answer = await ask(request, ops.events.GROUPWORK_GET, {"plan_id": str(plan_id)})
    if answer.error is not None:
        return render(
            request,
            "error.html",
            {"title": "error.not_found", "message": message_of(answer.error)},
            status_code=404,
        )
    return _plan_page(request, answer.data or {}, unavailable=answer.unavailable, saved=bool(saved))


def _plan_page(
    request: Request,
    plan: dict[str, Any],
    status_code: int = 200,
    *,
    posted: str = "",
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    unavailable: bool = False,
    saved: bool = False,
) -> HTMLResponse:
    """The plan; after a refused input, the form sent (``posted``) with what was entered and the
    messages at its fields."""
    language = language_of(request)
    t = translator(language)
    if unavailable:
        return _page(request, "groupwork/plan.html", {"unavailable": True}, status_code)
    # The plan's ids read as the printable page and the files say them: topics, titles, names, times.
    words = PlanWords(plan, language)
    parameters = words.parameters
    people = sorted(
        ((pid, words.person(pid)) for pid in plan.get("participant_ids") or []), key=lambda item: item[1]
    )
    proposals = words.inputs.get("proposals") or []
    context = {
        "unavailable": False,
        "plan": plan,
        "words": words,
        "quality_sentences": quality_sentences(plan, t),
        "notice_sentences": notice_sentences(
            plan.get("notices") or [],
            t,
            words.names,
            {item["id"]: item.get("title") or "" for item in proposals},
        ),
        "posted": posted,
        "values": values or {},
        "errors": errors or {},
        "saved": saved,
        "people": people,
        "places": [(item["id"], words.table(item["id"])) for item in parameters.get("tables") or []]
        + [(item["id"], words.workshop(item["id"])) for item in parameters.get("workshops") or []],
        "slots": [(item["id"], words.slot(item["id"])) for item in parameters.get("slots") or []],
        "rooms": [(item["id"], words.room(item["id"])) for item in parameters.get("rooms") or []],
        "proposals": [(item["id"], words.session(item["id"])) for item in proposals],
    }
    return _page(request, "groupwork/plan.html", context, status_code)


def session_key(title: str, proposals: list[dict[str, Any]]) -> str:
    """The key of a proposed session, made from its title ("Wohnen & Arbeit" → ``wohnen-arbeit``): the
    key of a proposal of the same title, else one no other proposal has (``wohnen-2``). The events
    service refuses a proposal under the key of a different one, so a title proposed twice is
    refused, never replaced."""
    base = re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")[:50].strip("-") or "session"
    titles = {str(p["id"]): fold(str(p.get("title") or "")) for p in proposals}
    key, number = base, 1
    while key in titles and titles[key] != fold(title):
        number += 1
        key = f"{base}-{number}"
    return key


def _input_request(
    form: FormData, kind: str, plan: dict[str, Any]
) -> tuple[Operation[Any, GroupworkPlanView], dict[str, Any]]:
    """The operation and request of one of the plan page's input forms."""
    chosen = [value for value in _choices(form) if value]
    if kind == "preferences":
        return ops.events.GROUPWORK_SET_PREFERENCES, {
            "person_id": text(form, "person_id"),
            "ranked_workshop_ids": chosen,
        }
    if kind == "votes":
        return ops.events.GROUPWORK_CAST_VOTES, {"person_id": text(form, "person_id"), "session_ids": chosen}
    if kind == "proposal":
        title = text(form, "title")
        body = {
            "id": session_key(title, (plan.get("inputs") or {}).get("proposals") or []),
            "title": title,
            "giver_ids": [text(form, "person_id")],
        }
        return ops.events.GROUPWORK_PROPOSE_SESSION, body
    change: dict[str, Any]
    if kind == "move_person":
        rounds = text(form, "round")
        change = {
            "action": "move_person",
            "person_id": text(form, "person_id"),
            "table_id": text(form, "place_id"),
        }
        if rounds:
            change["round"] = rounds
    elif kind == "swap_people":
        change = {
            "action": "swap_people",
            "round": text(form, "round"),
            "person_id": text(form, "person_id"),
            "other_person_id": text(form, "other_person_id"),
        }
    else:
        change = {
            "action": "move_session",
            "session_id": text(form, "session_id"),
            "slot_id": text(form, "slot_id"),
            "room_id": text(form, "room_id") or None,
        }
    return ops.events.GROUPWORK_ADJUST, {"change": change, "version": plan.get("version")}


INPUT_FORMS = ("preferences", "votes", "proposal", "move_person", "swap_people", "move_session")
# The field of each input form a request's field is shown at; messages about anything else are the
# form's as a whole.
INPUT_FIELDS: dict[str, dict[str, str]] = {
    "preferences": {"person_id": "person_id"},
    "votes": {"person_id": "person_id", "session_ids": "choices"},
    "proposal": {"id": "title", "title": "title", "giver_ids": "person_id"},
    "move_person": {"person_id": "person_id", "round": "round", "table_id": "place_id"},
    "swap_people": {"round": "round", "person_id": "person_id", "other_person_id": "other_person_id"},
    "move_session": {"session_id": "session_id", "slot_id": "slot_id", "room_id": "room_id"},
}
INPUT_VALUES = (
    "person_id",
    "other_person_id",
    "round",
    "place_id",
    "title",
    "session_id",
    "slot_id",
    "room_id",
)


def _choices(form: FormData) -> list[str]:
    return [value for value in form.getlist("choices") if isinstance(value, str)]


def _input_errors(kind: str, answer: Answer, choices: list[str]) -> dict[str, str]:
    """The service's messages at the fields of the input form sent; one about a workshop ranking's
    entry at the choice it is about ("Wahl 2"), counted as the form shows them."""
    if answer.error is None or not answer.error.details:
        return form_errors(answer)
    positions = [number for number, value in enumerate(choices, start=1) if value]
    errors: dict[str, str] = {}
    for detail in answer.error.details:
        parts = detail.field.split(".")
        if parts[0] == "change":  # a change by hand, named ``change.<action>.<field>`` by pydantic
            parts = [part for part in parts[1:] if part != kind]
        head = parts[0] if parts else ""
        if kind == "preferences" and head == "ranked_workshop_ids" and parts[1:2] and parts[1].isdigit():
            index = int(parts[1])
            name = f"choices-{positions[index] if index < len(positions) else 1}"
        else:
            name = INPUT_FIELDS[kind].get(head, "form")
        _add(errors, name, detail_message(detail))
    return errors


@router.post("/events/{event_id}/groupwork/{plan_id}/input/{kind}")
async def plan_input(
    request: Request, event_id: uuid.UUID, plan_id: uuid.UUID, kind: str, principal: Manager
) -> Response:
    """Inputs entered by staff (workshop rankings, Barcamp proposals and votes) and changes by hand
    (move a person, swap two in a speed round, move a Barcamp session); the plan page shows them."""
    form = await checked_form(request)
    if kind not in INPUT_FORMS:
        return render(request, "error.html", {"title": "error.not_found", "message": None}, status_code=404)
    current = await ask(request, ops.events.GROUPWORK_GET, {"plan_id": str(plan_id)})
    if not current.ok:
        return render(request, "error.html", {"title": "error.not_found", "message": None}, status_code=404)
    operation, body = _input_request(form, kind, current.data)
    answer = await ask(request, operation, {"plan_id": str(plan_id), **body})
    if answer.ok:
        return redirect(f"/events/{event_id}/groupwork/{plan_id}?saved=1")
    values: dict[str, Any] = {name: text(form, name) for name in INPUT_VALUES} | {"choices": _choices(form)}
    return _plan_page(
        request,
        current.data,
        failure_status(answer),
        posted=kind,
        values=values,
        errors=_input_errors(kind, answer, values["choices"]),
    )


@router.post("/events/{event_id}/groupwork/{plan_id}/{action}")
async def plan_action(
    request: Request, event_id: uuid.UUID, plan_id: uuid.UUID, action: str, principal: Manager
) -> Response:
    await checked_form(request)
    operations: dict[str, Operation[Any, Any]] = {
        "rerun": ops.events.GROUPWORK_RERUN,
        "sync": ops.events.GROUPWORK_SYNC_PARTICIPANTS,
    }
    if action not in operations:
        return render(request, "error.html", {"title": "error.not_found", "message": None}, status_code=404)
    current = await ask(request, ops.events.GROUPWORK_GET, {"plan_id": str(plan_id)})
    if not current.ok:
        return render(request, "error.html", {"title": "error.not_found", "message": None}, status_code=404)
    answer = await ask(request, operations[action], {"plan_id": str(plan_id)})
    if not answer.ok:
        message = message_of(answer.error) if answer.error else None
        status_code = 403 if answer.forbidden else 409
        return render(
            request, "error.html", {"title": "error.generic", "message": message}, status_code=status_code
        )
    return redirect(f"/events/{event_id}/groupwork/{plan_id}")
