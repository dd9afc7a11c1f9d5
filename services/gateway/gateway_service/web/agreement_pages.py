"""Agreements across events: the list (all, unfinished, due soon) with a status change per row."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from gateway_service.i18n import translate
from gateway_service.web import hints
from gateway_service.web.confirmation import confirmation_page, confirmed
from gateway_service.web.guards import checked_form, text
from gateway_service.web.pages import (
    CHOICE_LIMIT,
    Manager,
    Viewer,
    data_of,
    failure_status,
    form_errors,
    section,
)
from gateway_service.web.rendering import language_of, redirect, render
from gateway_service.web.services import ask, items_of
from netzwerkstatt import operations as ops

router = APIRouter(include_in_schema=False)

AGREEMENT_STATES = ("open", "in_progress", "done", "dropped")
UNFINISHED = ("open", "in_progress")
# Done and dropped are final (an agreement taken up again is a new one): the page asks before either.
FINAL_STATES = ("done", "dropped")
DUE_SOON_DAYS = 14


def due_soon(rows: list[dict[str, Any]], today: date | None = None) -> list[dict[str, Any]]:
    """Unfinished agreements due within two weeks (or overdue), the earliest first."""
    limit = (today or date.today()) + timedelta(days=DUE_SOON_DAYS)
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
            today=date.today().isoformat(),
        ),
        status_code=status_code,
    )


async def _unfinished_agreement(request: Request, agreement_id: uuid.UUID) -> dict[str, Any] | None:
    """The agreement if it is still open or in progress (None also when it is unknown or the events
    service does not answer: the change itself then meets the service's answer)."""
    offset = 0
    while True:
        answer = await ask(
            request,
            ops.events.AGREEMENT_LIST,
            {"unfinished_only": True, "offset": offset, "limit": CHOICE_LIMIT},
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
    listing = show if show in ("unfinished", "due_soon", "all") else "unfinished"
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
