"""The moderation view of group work running in the room (projector or tablet).

The events service holds the state (round, timer) with the plan; this page shows it and sends the
moderator's actions. Without script the page works with its buttons and shows the time at loading;
its own script (``/static/moderation.js``, within the content security policy) counts down from the
server's timestamps, signals each switch of speaker and round, and reloads when another screen
changed the state.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from gateway_service.auth import Principal
from gateway_service.i18n import translator
from gateway_service.security.roles import Permission
from gateway_service.web.groupwork import _messages, _page
from gateway_service.web.groupwork_files import PlanWords
from gateway_service.web.groupwork_quality import quality_sentences
from gateway_service.web.guards import checked_form, staff, text, whole_number
from gateway_service.web.pages import refusal_reason
from gateway_service.web.rendering import forbidden_page, language_of, person_name_formatter, redirect, render
from gateway_service.web.services import ask
from netzwerkstatt import operations as ops

router = APIRouter(include_in_schema=False)

Viewer = Annotated[Principal, Depends(staff(Permission.VIEW))]
Manager = Annotated[Principal, Depends(staff(Permission.MANAGE))]

ACTIONS = ("start", "pause", "resume", "next", "skip", "repeat", "finish", "no_show", "arrived")


def _base(event_id: uuid.UUID, plan_id: uuid.UUID) -> str:
    return f"/events/{event_id}/groupwork/{plan_id}/moderation"


def _elapsed(live: dict[str, Any], server_time: datetime) -> float:
    started = live.get("started_at")
    extra = (server_time - datetime.fromisoformat(started)).total_seconds() if started else 0.0
    return float(live.get("elapsed_seconds") or 0.0) + max(0.0, extra)


def _round_view(plan: dict[str, Any], live: dict[str, Any] | None) -> dict[str, Any]:
    """What the current round shows: its number, groups or tables, length and time spent."""
    number = live["round"] if live else 1
    kind = plan["kind"]
    rounds = plan["plan"].get("rounds") or []
    current = rounds[number - 1] if kind in ("world_cafe", "speed_consultation") and rounds else None
    speakers = (
        max((len(g["participant_ids"]) for g in current["groups"]), default=0)
        if kind == "speed_consultation" and current
        else 0
    )
    speaking = int((live or {}).get("speaking_seconds") or plan["parameters"].get("speaking_seconds") or 45)
    length = (
        speakers * speaking
        if kind == "speed_consultation"
        else int((live or {}).get("round_seconds") or 1200)
    )
    server_time = datetime.fromisoformat(plan["server_time"]) if plan.get("server_time") else None
    spent = _elapsed(live, server_time) if live and server_time else 0.0
    return {
        "number": number,
        "count": len(rounds) if rounds else len(plan["parameters"].get("slots") or []) or 1,
        "current": current,
        "speakers": speakers,
        "speaking_seconds": speaking,
        "length": length,
        "spent": spent,
        "remaining": max(0, round(length - spent)),
        "speaker": min(int(spent // speaking), max(speakers - 1, 0)) if speakers else 0,
    }


async def _late_candidates(request: Request, plan: dict[str, Any]) -> list[tuple[str, str]]:
    """Confirmed registrations of the event who are not in the plan: who can arrive late."""
    answer = await ask(
        request,
        ops.events.REGISTRATION_LIST,
        {"event_id": plan["event_id"], "status": "confirmed", "limit": 500},
    )
    if not answer.ok:
        return []
    live = plan.get("live") or {}
    present = (set(plan["participant_ids"]) | set(live.get("arrived", []))) - set(live.get("absent", []))
    person_name = person_name_formatter(language_of(request))
    return sorted(
        (
            (str(item["person_id"]), person_name(item["person_name"]))
            for item in answer.data.get("items", [])
            if str(item["person_id"]) not in present
        ),
        key=lambda item: item[1],
    )


def _present(plan: dict[str, Any], words: PlanWords) -> list[tuple[str, str]]:
    live = plan.get("live") or {}
    absent = set(live.get("absent", []))
    people = [*plan["participant_ids"], *live.get("arrived", [])]
    return sorted(
        ((p, words.person(p)) for p in dict.fromkeys(people) if p not in absent), key=lambda x: x[1]
    )


@router.get("/events/{event_id}/groupwork/{plan_id}/moderation")
async def moderation_page(
    request: Request, event_id: uuid.UUID, plan_id: uuid.UUID, principal: Viewer, error: str = ""
) -> HTMLResponse:
    answer = await ask(request, ops.events.GROUPWORK_GET, {"plan_id": str(plan_id)})
    if answer.error is not None:
        return render(request, "error.html", {"title": "error.not_found", "message": None}, status_code=404)
    return await _moderation(request, event_id, answer.data or {}, [], unavailable=answer.unavailable)


async def _moderation(
    request: Request,
    event_id: uuid.UUID,
    plan: dict[str, Any],
    errors: list[str],
    status_code: int = 200,
    *,
    unavailable: bool = False,
) -> HTMLResponse:
    if unavailable:
        return _page(request, "groupwork/moderation.html", {"unavailable": True}, 503)
    language = language_of(request)
    t = translator(language)
    live = plan.get("live")
    words = PlanWords(plan, language)
    context = {
        "unavailable": False,
        "plan": plan,
        "live": live,
        "round": _round_view(plan, live),
        "base": _base(event_id, plan["id"]),
        "errors": errors,
        "quality_sentences": quality_sentences(plan, t),
        "words": words,
        "present": _present(plan, words),
        "late": await _late_candidates(request, plan),
        "slots": plan["parameters"].get("slots") or [],
        "rooms": plan["parameters"].get("rooms") or [],
        "placements": {
            (p["slot_id"], p["room_id"]): p for p in plan["plan"].get("placements") or [] if p.get("slot_id")
        },
    }
    return _page(request, "groupwork/moderation.html", context, status_code)


@router.get("/events/{event_id}/groupwork/{plan_id}/moderation/state")
async def moderation_state(
    request: Request, event_id: uuid.UUID, plan_id: uuid.UUID, principal: Viewer
) -> Response:
    """The version of the plan and its state, for a second screen to notice a change."""
    answer = await ask(request, ops.events.GROUPWORK_GET, {"plan_id": str(plan_id)})
    if not answer.ok:
        return JSONResponse({"unavailable": True}, status_code=503 if answer.unavailable else 404)
    data = answer.data
    return JSONResponse(
        {"version": data["version"], "live": data.get("live"), "server_time": data.get("server_time")}
    )


@router.post("/events/{event_id}/groupwork/{plan_id}/moderation/{action}")
async def moderation_action(
    request: Request, event_id: uuid.UUID, plan_id: uuid.UUID, action: str, principal: Manager
) -> Response:
    form = await checked_form(request)
    if action not in ACTIONS:
        return render(request, "error.html", {"title": "error.not_found", "message": None}, status_code=404)
    current = await ask(request, ops.events.GROUPWORK_GET, {"plan_id": str(plan_id)})
    if not current.ok:
        return render(request, "error.html", {"title": "error.not_found", "message": None}, status_code=404)
    # The events service decides, in the write's transaction, whether this principal may moderate.
    body: dict[str, Any] = {"plan_id": str(plan_id), "action": action}
    for field in ("person_id", "speaking_seconds", "round_seconds"):
        value = text(form, field)
        if value:
            body[field] = value
    if "round_minutes" in form and text(form, "round_minutes"):
        minutes = text(form, "round_minutes")
        number = whole_number(minutes)
        body["round_seconds"] = minutes if number is None else number * 60
    answer = await ask(request, ops.events.GROUPWORK_MODERATE, body)
    if answer.ok:
        return redirect(_base(event_id, plan_id))
    if answer.forbidden:
        return forbidden_page(request, refusal_reason(answer))
    return await _moderation(
        request, event_id, current.data, _messages(answer), 503 if answer.unavailable else 422
    )
