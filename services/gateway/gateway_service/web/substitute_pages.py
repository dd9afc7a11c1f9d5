"""A substitute for a registration: someone registered cannot come and their organisation sends a
colleague. The place (confirmed, or on the waitlist with its position) goes to the colleague; the
events service checks that both belong to the organisation whose place it is, and that the event
belongs to a network of the one who asks."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from gateway_service.auth import Principal
from gateway_service.web import hints
from gateway_service.web.event_pages import event_of
from gateway_service.web.guards import checked_form, text
from gateway_service.web.pages import CHOICE_LIMIT, Manager, data_of, failure_status, form_errors, section
from gateway_service.web.rendering import redirect, render
from gateway_service.web.services import ask, items_of
from netzwerkstatt import operations as ops
from netzwerkstatt.errors import NotFound

router = APIRouter(include_in_schema=False)

# The places that can be handed over.
ACTIVE = ("confirmed", "waitlisted")


async def _registration_of(
    request: Request, event_id: uuid.UUID, registration_id: uuid.UUID
) -> dict[str, Any]:
    """The registration, if it is one of this event's (the address names both)."""
    registration: dict[str, Any] = data_of(
        await ask(request, ops.events.REGISTRATION_GET, {"registration_id": str(registration_id)})
    )
    if registration["event_id"] != str(event_id):
        raise NotFound.for_field("registration_id", "the registration is not one of this event's")
    return registration


@router.get("/events/{event_id:uuid}/registrations/{registration_id:uuid}/substitute")
async def substitute_form(
    request: Request, event_id: uuid.UUID, registration_id: uuid.UUID, principal: Manager
) -> HTMLResponse:
    event = await _changeable(request, event_id, principal)
    registration = await _registration_of(request, event_id, registration_id)
    return await _page(request, event, registration, {}, "")


@router.post("/events/{event_id:uuid}/registrations/{registration_id:uuid}/substitute")
async def substitute(
    request: Request, event_id: uuid.UUID, registration_id: uuid.UUID, principal: Manager
) -> Response:
    form = await checked_form(request)
    event = await _changeable(request, event_id, principal)
    registration = await _registration_of(request, event_id, registration_id)
    chosen = text(form, "substitute_person_id")
    answer = await ask(
        request,
        ops.events.REGISTRATION_SUBSTITUTE,
        {"registration_id": str(registration_id), "substitute_person_id": chosen},
    )
    if answer.ok:
        return redirect(f"/events/{event_id}/registrations?substituted={answer.data['id']}")
    # every refusal concerns the choice of the substitute (or the place handed over): said at it
    messages = list(dict.fromkeys(form_errors(answer).values()))
    errors = {"substitute_person_id": " ".join(messages)}
    return await _page(request, event, registration, errors, chosen, failure_status(answer))


async def _changeable(request: Request, event_id: uuid.UUID, principal: Principal) -> dict[str, Any]:
    event = await event_of(request, event_id)
    # a hint for the page; the events service decides the change by the event's network
    hints.editor_for(hints.may_change_event(principal, event), principal, [event.get("network_id")])
    return event


async def _page(
    request: Request,
    event: dict[str, Any],
    registration: dict[str, Any],
    errors: dict[str, str],
    chosen: str,
    status_code: int = 200,
) -> HTMLResponse:
    colleagues: list[dict[str, Any]] = []
    if registration.get("organisation_id") and registration["status"] in ACTIVE:
        answer = await ask(
            request,
            ops.registry.PERSON_LIST,
            {"organisation_id": str(registration["organisation_id"]), "limit": CHOICE_LIMIT},
        )
        colleagues = [
            {
                "id": str(row["id"]),
                "name": f"{row.get('given_name', '')} {row.get('family_name', '')}".strip(),
            }
            for row in items_of(answer.data)
            if str(row["id"]) != str(registration["person_id"])
        ]
    return render(
        request,
        "events/substitute.html",
        section(
            "events",
            event=event,
            tab="registrations",
            may_change=True,
            registration=registration,
            colleagues=colleagues,
            chosen=chosen,
            errors=errors,
        ),
        status_code=status_code,
    )
