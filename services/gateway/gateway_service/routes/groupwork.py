"""JSON API of group work plans (World Café, speed consultations, workshop choice, Barcamp), served
by the events service. Thin: each route is one request to ``events.groupwork.*``."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import Response
from pydantic import BaseModel

from gateway_service.i18n import Language
from gateway_service.routes import Limit, Offset, Rpc
from gateway_service.web import groupwork_files
from gateway_service.web.rendering import language_of
from netzwerkstatt import operations as ops
from netzwerkstatt.contracts.groupwork import (
    AdjustmentInput,
    GroupworkEventRef,
    GroupworkPlanInput,
    GroupworkPlanList,
    GroupworkPlanRef,
    GroupworkPlanView,
    ParticipantChanges,
    ProposalInput,
    RerunInput,
    VotesInput,
    WorkshopPreferenceInput,
)

router = APIRouter(tags=["group work"])


def _with(body: BaseModel, **ids: uuid.UUID) -> dict[str, Any]:
    return {
        **{name: str(value) for name, value in ids.items()},
        **body.model_dump(mode="json", exclude_unset=True),
    }


@router.post(
    "/events/{event_id}/groupwork", status_code=status.HTTP_201_CREATED, response_model=GroupworkPlanView
)
async def plan(
    request: Request, event_id: uuid.UUID, body: GroupworkPlanInput, client: Rpc
) -> GroupworkPlanView:
    """Plan group work from the event's confirmed (or checked-in) participants."""
    return await client.send(ops.events.GROUPWORK_PLAN, _with(body, event_id=event_id))


@router.get("/events/{event_id}/groupwork", response_model=GroupworkPlanList)
async def list_plans(
    event_id: uuid.UUID,
    client: Rpc,
    offset: Offset = 0,
    limit: Limit = 50,
) -> GroupworkPlanList:
    payload = GroupworkEventRef(event_id=event_id, offset=offset, limit=limit)
    return await client.send(ops.events.GROUPWORK_LIST, payload)


@router.get("/groupwork/{plan_id}", response_model=GroupworkPlanView)
async def get_plan(plan_id: uuid.UUID, client: Rpc) -> GroupworkPlanView:
    return await client.send(ops.events.GROUPWORK_GET, GroupworkPlanRef(plan_id=plan_id))


@router.post("/groupwork/{plan_id}/rerun", response_model=GroupworkPlanView)
async def rerun(request: Request, plan_id: uuid.UUID, body: RerunInput, client: Rpc) -> GroupworkPlanView:
    return await client.send(ops.events.GROUPWORK_RERUN, _with(body, plan_id=plan_id))


@router.post("/groupwork/{plan_id}/adjustments", response_model=GroupworkPlanView)
async def adjust(
    request: Request, plan_id: uuid.UUID, body: AdjustmentInput, client: Rpc
) -> GroupworkPlanView:
    return await client.send(ops.events.GROUPWORK_ADJUST, _with(body, plan_id=plan_id))


@router.post("/groupwork/{plan_id}/participants/sync", response_model=ParticipantChanges)
async def sync_participants(request: Request, plan_id: uuid.UUID, client: Rpc) -> ParticipantChanges:
    reference = GroupworkPlanRef(plan_id=plan_id)
    return await client.send(ops.events.GROUPWORK_SYNC_PARTICIPANTS, reference)


@router.put("/groupwork/{plan_id}/preferences", response_model=GroupworkPlanView)
async def set_preferences(
    request: Request, plan_id: uuid.UUID, body: WorkshopPreferenceInput, client: Rpc
) -> GroupworkPlanView:
    return await client.send(ops.events.GROUPWORK_SET_PREFERENCES, _with(body, plan_id=plan_id))


@router.post("/groupwork/{plan_id}/proposals", response_model=GroupworkPlanView)
async def propose_session(
    request: Request, plan_id: uuid.UUID, body: ProposalInput, client: Rpc
) -> GroupworkPlanView:
    return await client.send(ops.events.GROUPWORK_PROPOSE_SESSION, _with(body, plan_id=plan_id))


@router.put("/groupwork/{plan_id}/votes", response_model=GroupworkPlanView)
async def cast_votes(
    request: Request, plan_id: uuid.UUID, body: VotesInput, client: Rpc
) -> GroupworkPlanView:
    return await client.send(ops.events.GROUPWORK_CAST_VOTES, _with(body, plan_id=plan_id))


@router.get(
    "/groupwork/{plan_id}/export.{format}",
    response_class=Response,
    responses={200: {"content": {"text/html": {}, "text/csv": {}, "application/octet-stream": {}}}},
)
async def export(
    request: Request,
    plan_id: uuid.UUID,
    format: groupwork_files.FileFormat,
    client: Rpc,
    language: Annotated[Language | None, Query(description="Defaults to the UI's language, German")] = None,
) -> Response:
    """A printable HTML page (table cards, round lists, timetable, session board), or the plan's rows
    as CSV or XLSX, in German or English."""
    plan: GroupworkPlanView = await client.send(ops.events.GROUPWORK_GET, GroupworkPlanRef(plan_id=plan_id))
    event = await client.send(ops.events.EVENT_GET, {"event_id": str(plan.event_id)})
    return groupwork_files.plan_file(
        plan.model_dump(mode="json"), str(event.title), format, language or language_of(request)
    )
