"""Agreements across events: the list (all, unfinished, due soon) with a status change per row, and
the form that changes an unfinished agreement's text, responsible organisation and person, and due
date."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from gateway_service import clock
from gateway_service.i18n import translate
from gateway_service.web import hints
from gateway_service.web.confirmation import confirmation_page, confirmed
from gateway_service.web.guards import checked_form, date_field, text
from gateway_service.web.pages import (
    CHOICE_LIMIT,
    EVENT_LIST_LIMIT,
    Manager,
    Viewer,
    data_of,
    differing_fields,
    failure_status,
    form_errors,
    is_stale,
    optional,
    section,
    stale_notice,
)
from gateway_service.web.rendering import language_of, redirect, render
from gateway_service.web.services import ask, items_of
from netzwerkstatt import operations as ops
from netzwerkstatt.errors import NotFound, RuleViolation

router = APIRouter(include_in_schema=False)

AGREEMENT_STATES = ("open", "in_progress", "done", "dropped")
UNFINISHED = ("open", "in_progress")
# Done and dropped are final (an agreement taken up again is a new one): the page asks before either.
FINAL_STATES = ("done", "dropped")
DUE_SOON_DAYS = 14
LISTINGS = ("unfinished", "due_soon", "all")
# The edit form goes back to where it was opened: the event's agreements tab or a listing.
FROM_EVENT = "event"
# The form's fields: a refusal of one of them is said at it.
FIELDS_SHOWN = ("text", "owner_organisation_id", "owner_person_id", "due_on", "expected_version")
# The words of the form's fields, for a refusal that names them.
FIELD_LABELS = {
    "text": "events.agreement",
    "owner_organisation_id": "events.owner",
    "owner_person_id": "agreement.responsible_person",
    "due_on": "events.due",
}


def due_soon(rows: list[dict[str, Any]], today: date | None = None) -> list[dict[str, Any]]:
    """Unfinished agreements due within two weeks (or overdue), the earliest first."""
    limit = (today or clock.today()) + timedelta(days=DUE_SOON_DAYS)
    soon = [
        row
        for row in rows
        if row.get("status") in UNFINISHED
        and row.get("due_date")
        and date.fromisoformat(str(row["due_date"])) <= limit
    ]
    return sorted(soon, key=lambda row: str(row["due_date"]))


async def with_responsible(request: Request, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each agreement with the names of who is responsible: its organisation and, if any, its
    person, read from the registry (an id is never shown; what the registry no longer knows, or
    cannot tell now, is left empty)."""
    organisation_ids = sorted(
        {str(row["owner_organisation_id"]) for row in rows if row.get("owner_organisation_id")}
    )
    person_ids = sorted({str(row["owner_person_id"]) for row in rows if row.get("owner_person_id")})
    organisations, people = await asyncio.gather(
        asyncio.gather(
            *(
                ask(request, ops.registry.ORGANISATION_GET, {"organisation_id": oid})
                for oid in organisation_ids
            )
        ),
        asyncio.gather(*(ask(request, ops.registry.PERSON_GET, {"person_id": pid}) for pid in person_ids)),
    )
    organisation_names = {
        oid: str(answer.data["name"])
        for oid, answer in zip(organisation_ids, organisations, strict=True)
        if answer.ok
    }
    person_names = {
        pid: f"{answer.data['given_name']} {answer.data['family_name']}"
        for pid, answer in zip(person_ids, people, strict=True)
        if answer.ok
    }
    return [
        row
        | {
            "responsible_organisation": organisation_names.get(str(row.get("owner_organisation_id")), ""),
            "responsible_person": person_names.get(str(row.get("owner_person_id")), ""),
        }
        for row in rows
    ]


async def organisations_at(request: Request, event_id: str) -> dict[str, str]:
    """The names of the organisations registered for the event, by id: who may take on what was
    agreed there."""
    answer = await ask(
        request, ops.events.REGISTRATION_LIST, {"event_id": event_id, "limit": EVENT_LIST_LIMIT}
    )
    return {
        str(row["organisation_id"]): str(row.get("organisation_name") or "–")
        for row in (items_of(answer.data) if answer.ok else [])
        if row.get("organisation_id")
    }


async def agreements_with_events(
    request: Request, unfinished_only: bool
) -> tuple[list[dict[str, Any]], bool]:
    """Every agreement, each with its event's title; False when the events service does not answer."""
    answer = await ask(
        request, ops.events.AGREEMENT_LIST, {"unfinished_only": unfinished_only, "limit": CHOICE_LIMIT}
    )
    events = await ask(request, ops.events.EVENT_LIST, {"limit": CHOICE_LIMIT})
    titles = {str(event["id"]): event for event in items_of(events.data)}
    rows = [row | {"event": titles.get(str(row.get("event_id")), {})} for row in items_of(answer.data)]
    return await with_responsible(request, rows), answer.ok


@router.get("/events/agreements")
async def agreements(
    request: Request,
    principal: Viewer,
    show: Annotated[Literal["unfinished", "due_soon", "all"], Query()] = "unfinished",
) -> HTMLResponse:
    return await _page(request, principal, show, {})


async def _page(
    request: Request, principal: Any, show: str, errors: dict[str, str], status_code: int = 200
) -> HTMLResponse:
    rows, ok = await agreements_with_events(request, unfinished_only=show != "all")
    if show == "due_soon":
        rows = due_soon(rows)
    for row in rows:
        row["may_change"] = hints.may_change_event(principal, row["event"]) if row["event"] else False
    return render(
        request,
        "events/agreements.html",
        section(
            "events",
            unavailable=not ok,
            rows=rows,
            show=show,
            states=AGREEMENT_STATES,
            errors=errors,
            today=clock.today().isoformat(),
        ),
        status_code=status_code,
    )


async def _unfinished_agreement(
    request: Request, agreement_id: uuid.UUID, unfinished_only: bool = True
) -> dict[str, Any] | None:
    """The agreement if it is still open or in progress (None also when it is unknown or the events
    service does not answer: the change itself then meets the service's answer)."""
    offset = 0
    while True:
        answer = await ask(
            request,
            ops.events.AGREEMENT_LIST,
            {"unfinished_only": unfinished_only, "offset": offset, "limit": CHOICE_LIMIT},
        )
        rows = items_of(answer.data) if answer.ok else []
        found = next((row for row in rows if str(row.get("agreement_id")) == str(agreement_id)), None)
        if found is not None or len(rows) < CHOICE_LIMIT:
            return found
        offset += CHOICE_LIMIT


def _final_confirmation(request: Request, agreement: dict[str, Any], status: str, show: str) -> HTMLResponse:
    language = language_of(request)
    word = translate(f"agreement.status_{status}", language)
    return confirmation_page(
        request,
        question=translate("agreement.finish_question", language).format(text=agreement["text"], status=word),
        consequences=[translate("agreement.finish_text", language)],
        action=f"/events/agreements/{agreement['agreement_id']}",
        yes=translate("agreement.finish_yes", language).format(status=word),
        back=f"/events/agreements?show={show}",
        fields={"status": status, "show": show},
    )


@router.post("/events/agreements/{agreement_id:uuid}")
async def change_agreement(request: Request, agreement_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    show = text(form, "show") or "unfinished"
    listing = show if show in LISTINGS else "unfinished"
    status = text(form, "status")
    if status in FINAL_STATES and not confirmed(form):
        agreement = await _unfinished_agreement(request, agreement_id)
        if agreement is not None:
            event = data_of(
                await ask(request, ops.events.EVENT_GET, {"event_id": str(agreement["event_id"])})
            )
            hints.editor_for(hints.may_change_event(principal, event))
            return _final_confirmation(request, agreement, status, listing)
    # The events service decides from the agreement's own event who may change it.
    body = {"agreement_id": str(agreement_id), "status": status}
    answer = await ask(request, ops.events.AGREEMENT_CHANGE, body)
    if not answer.ok:
        return await _page(request, principal, show, form_errors(answer), failure_status(answer))
    return redirect(f"/events/agreements?show={listing}")


# -- editing an agreement ---------------------------------------------------------------------------


def _back_to(agreement: dict[str, Any], came_from: str) -> str:
    if came_from == FROM_EVENT and agreement.get("event_id"):
        return f"/events/{agreement['event_id']}/agreements"
    return f"/events/agreements?show={came_from if came_from in LISTINGS else 'unfinished'}"


async def _agreement_to_edit(request: Request, agreement_id: uuid.UUID, principal: Any) -> dict[str, Any]:
    """The agreement with its event, if it is unfinished and the principal may change its event
    (a hint for the page; the events service decides the change)."""
    agreement = await _unfinished_agreement(request, agreement_id)
    if agreement is None:
        if await _unfinished_agreement(request, agreement_id, unfinished_only=False) is not None:
            raise RuleViolation.for_field(
                "status", "a finished agreement cannot be changed", "agreement_closed"
            )
        raise NotFound.for_field("agreement_id", f"no agreement with id {agreement_id}")
    event = data_of(await ask(request, ops.events.EVENT_GET, {"event_id": str(agreement["event_id"])}))
    hints.editor_for(hints.may_change_event(principal, event), principal, [event.get("network_id")])
    return agreement | {"event": event}


async def _form_page(
    request: Request,
    agreement: dict[str, Any],
    came_from: str,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
    handed_over: bool = False,
) -> HTMLResponse:
    """The edit form; the organisations it may be given to: those registered for the event and the
    one responsible now; who may be responsible: the people of the responsible organisation (and the
    one named now, should they have left it)."""
    (agreement,) = await with_responsible(request, [agreement])
    organisations = await organisations_at(request, str(agreement["event_id"]))
    organisations[str(agreement["owner_organisation_id"])] = agreement["responsible_organisation"] or "–"
    people: dict[str, str] = {}
    if agreement.get("owner_organisation_id"):
        answer = await ask(
            request,
            ops.registry.PERSON_LIST,
            {"organisation_id": str(agreement["owner_organisation_id"]), "limit": CHOICE_LIMIT},
        )
        people = {
            str(person["id"]): f"{person['given_name']} {person['family_name']}"
            for person in items_of(answer.data)
        }
    if agreement.get("owner_person_id") and str(agreement["owner_person_id"]) not in people:
        people[str(agreement["owner_person_id"])] = agreement["responsible_person"] or "–"
    return render(
        request,
        "events/agreement_form.html",
        section(
            "events",
            agreement=agreement,
            organisations=sorted(organisations.items(), key=lambda item: item[1]),
            people=sorted(people.items(), key=lambda item: item[1]),
            handed_over=handed_over,
            values=values,
            errors=errors,
            # a refusal of no field of the form (another network's, a finished agreement) above it
            other_errors=[message for name, message in errors.items() if name not in FIELDS_SHOWN],
            came_from=came_from,
            back=_back_to(agreement, came_from),
        ),
        status_code=status_code,
    )


@router.get("/events/agreements/{agreement_id:uuid}/edit")
async def edit_agreement(
    request: Request,
    agreement_id: uuid.UUID,
    principal: Manager,
    back: str = "unfinished",
    handed_over: bool = False,
) -> HTMLResponse:
    """The form; ``handed_over`` after a new organisation took the agreement over: it may name one of
    its people."""
    agreement = await _agreement_to_edit(request, agreement_id, principal)
    return await _form_page(request, agreement, back, _values_of(agreement), {}, handed_over=handed_over)


def _values_of(agreement: dict[str, Any]) -> dict[str, str]:
    """The edit form's fields as the stored agreement fills them."""
    return {
        "text": str(agreement["text"]),
        "owner_organisation_id": str(agreement["owner_organisation_id"]),
        "owner_person_id": str(agreement.get("owner_person_id") or ""),
        "due_on": str(agreement.get("due_date") or ""),
        "version": str(agreement["version"]),
    }


@router.post("/events/agreements/{agreement_id:uuid}/edit")
async def save_agreement(request: Request, agreement_id: uuid.UUID, principal: Manager) -> Response:
    form = await checked_form(request)
    came_from = text(form, "back")
    agreement = await _agreement_to_edit(request, agreement_id, principal)
    values = {
        "text": text(form, "text"),
        # None sent keeps the organisation responsible now.
        "owner_organisation_id": text(form, "owner_organisation_id")
        or str(agreement["owner_organisation_id"]),
        "owner_person_id": text(form, "owner_person_id"),
        "due_on": date_field(form, "due_on"),
        "version": text(form, "version"),
    }
    body = {
        "agreement_id": str(agreement_id),
        "expected_version": values["version"] or None,
        "text": values["text"],
        "owner_person_id": optional(values["owner_person_id"]),
        "due_on": optional(values["due_on"]),
    }
    handed_over = values["owner_organisation_id"] != str(agreement["owner_organisation_id"])
    if handed_over:
        # The person chosen belongs to the former organisation: the new one is asked for its own.
        body["owner_organisation_id"] = values["owner_organisation_id"]
        del body["owner_person_id"]
    answer = await ask(request, ops.events.AGREEMENT_CHANGE, body)
    if not answer.ok:
        errors = form_errors(answer)
        if is_stale(answer):
            # The input stays; the form takes the version stored now, saying what differs from it.
            stored = _values_of(agreement)
            errors["expected_version"] = stale_notice(differing_fields(values, stored, FIELD_LABELS))
            values["version"] = stored["version"]
        return await _form_page(request, agreement, came_from, values, errors, failure_status(answer))
    if handed_over:
        return redirect(
            f"/events/agreements/{agreement_id}/edit?back={quote(came_from or 'unfinished')}&handed_over=true"
        )
    return redirect(_back_to(agreement, came_from))
