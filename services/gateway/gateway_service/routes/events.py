"""JSON API of the events service: series, events, agenda, invitations, registrations, attendance,
figures and agreements. Thin: each route is one request to the events service."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from pydantic import BaseModel

from gateway_service.routes import Limit, Offset, Rpc
from netzwerkstatt import operations as ops
from netzwerkstatt.contracts import Page
from netzwerkstatt.contracts.events import (
    AgendaItems,
    AgendaView,
    AgreementChanges,
    AgreementFacts,
    AgreementList,
    AgreementTerms,
    AttendanceView,
    Audience,
    Cancellation,
    CancelRegistration,
    CheckIn,
    CreateEvent,
    CreateSeries,
    EnterHeldEvent,
    EventChanges,
    EventFiguresView,
    EventRef,
    EventView,
    HistoryImportReport,
    HistoryImportResult,
    HistoryUpload,
    InvitationList,
    InvitationsIssued,
    ListAgreements,
    ListEvents,
    ListInvitations,
    ListRegistrations,
    ListSeries,
    NextEditionPlan,
    PastEditionEntry,
    PrintableParticipants,
    PrintableRequest,
    Registrant,
    RegistrationList,
    RegistrationView,
    SeriesChanges,
    SeriesFiguresView,
    SeriesOverview,
    SeriesRef,
    SeriesView,
    SubstituteChoice,
)

router = APIRouter(tags=["events"])


def _with(body: BaseModel, **ids: uuid.UUID) -> dict[str, Any]:
    """The path's ids and only the fields the client sent: absent means "leave as it is", null
    means "clear"."""
    return {
        **{name: str(value) for name, value in ids.items()},
        **body.model_dump(mode="json", exclude_unset=True),
    }


# -- series -----------------------------------------------------------------------------------------


@router.post("/series", status_code=status.HTTP_201_CREATED, response_model=SeriesView)
async def create_series(request: Request, body: CreateSeries, client: Rpc) -> SeriesView:
    return await client.send(ops.events.SERIES_CREATE, body)


@router.get("/series", response_model=Page[SeriesView])
async def list_series(client: Rpc, query: Annotated[ListSeries, Query()]) -> Page[SeriesView]:
    return await client.send(ops.events.SERIES_LIST, query)


@router.get("/series/{series_id}", response_model=SeriesOverview)
async def series_overview(series_id: uuid.UUID, client: Rpc) -> SeriesOverview:
    return await client.send(ops.events.SERIES_GET, SeriesRef(series_id=series_id))


@router.patch("/series/{series_id}", response_model=SeriesView)
async def update_series(
    request: Request, series_id: uuid.UUID, body: SeriesChanges, client: Rpc
) -> SeriesView:
    payload = _with(body, series_id=series_id)
    return await client.send(ops.events.SERIES_UPDATE, payload)


@router.get("/series/{series_id}/figures", response_model=SeriesFiguresView)
async def series_figures(series_id: uuid.UUID, client: Rpc) -> SeriesFiguresView:
    return await client.send(ops.events.SERIES_FIGURES, SeriesRef(series_id=series_id))


@router.post(
    "/series/{series_id}/past-editions", status_code=status.HTTP_201_CREATED, response_model=EventView
)
async def record_past_edition(
    request: Request, series_id: uuid.UUID, body: PastEditionEntry, client: Rpc
) -> EventView:
    """Enter a past edition of the series as held, with its host, days and the counts taken then;
    nobody is invited, told or surveyed."""
    payload = _with(body, series_id=series_id)
    return await client.send(ops.events.SERIES_RECORD_PAST_EDITION, payload)


@router.post("/series/{series_id}/history-import/dry-run", response_model=HistoryImportReport)
async def dry_run_history_import(
    series_id: uuid.UUID, body: HistoryUpload, client: Rpc
) -> HistoryImportReport:
    """Check a CSV or XLSX file of past editions without saving: what each row would record and
    every problem by row and column."""
    return await client.send(ops.events.SERIES_HISTORY_IMPORT_DRY_RUN, _with(body, series_id=series_id))


@router.post("/series/{series_id}/history-import", response_model=HistoryImportResult)
async def run_history_import(
    request: Request, series_id: uuid.UUID, body: HistoryUpload, client: Rpc
) -> HistoryImportResult:
    """Record every past edition of the file, or nothing if a row has a problem."""
    return await client.send(ops.events.SERIES_HISTORY_IMPORT_RUN, _with(body, series_id=series_id))


@router.get("/series/{series_id}/agreements", response_model=AgreementList)
async def series_agreements(
    series_id: uuid.UUID,
    client: Rpc,
    unfinished_only: bool = False,
    offset: Offset = 0,
    limit: Limit = 50,
) -> AgreementList:
    payload = ListAgreements(series_id=series_id, unfinished_only=unfinished_only, offset=offset, limit=limit)
    return await client.send(ops.events.AGREEMENT_LIST, payload)


# -- events -----------------------------------------------------------------------------------------


@router.post("/events", status_code=status.HTTP_201_CREATED, response_model=EventView)
async def create_event(request: Request, body: CreateEvent, client: Rpc) -> EventView:
    return await client.send(ops.events.EVENT_CREATE, body)


@router.post("/events/held", status_code=status.HTTP_201_CREATED, response_model=EventView)
async def enter_held_event(request: Request, body: EnterHeldEvent, client: Rpc) -> EventView:
    """Enter an event held before it was kept here, from its paper records, as completed: details,
    agenda, attendance list and agreements; nobody is invited, told, reminded or surveyed."""
    return await client.send(ops.events.EVENT_ENTER_HELD, body)


@router.get("/events", response_model=Page[EventView])
async def list_events(client: Rpc, query: Annotated[ListEvents, Query()]) -> Page[EventView]:
    return await client.send(ops.events.EVENT_LIST, query)


@router.get("/events/{event_id}", response_model=EventView)
async def get_event(event_id: uuid.UUID, client: Rpc) -> EventView:
    return await client.send(ops.events.EVENT_GET, EventRef(event_id=event_id))


@router.patch("/events/{event_id}", response_model=EventView)
async def update_event(request: Request, event_id: uuid.UUID, body: EventChanges, client: Rpc) -> EventView:
    payload = _with(body, event_id=event_id)
    return await client.send(ops.events.EVENT_UPDATE, payload)


@router.post("/events/{event_id}/publish", response_model=EventView)
async def publish_event(request: Request, event_id: uuid.UUID, client: Rpc) -> EventView:
    return await client.send(ops.events.EVENT_PUBLISH, EventRef(event_id=event_id))


@router.post("/events/{event_id}/start", response_model=EventView)
async def start_event(request: Request, event_id: uuid.UUID, client: Rpc) -> EventView:
    return await client.send(ops.events.EVENT_START, EventRef(event_id=event_id))


@router.post("/events/{event_id}/complete", response_model=EventView)
async def complete_event(request: Request, event_id: uuid.UUID, client: Rpc) -> EventView:
    return await client.send(ops.events.EVENT_COMPLETE, EventRef(event_id=event_id))


@router.post("/events/{event_id}/cancel", response_model=EventView)
async def cancel_event(request: Request, event_id: uuid.UUID, body: Cancellation, client: Rpc) -> EventView:
    payload = _with(body, event_id=event_id)
    return await client.send(ops.events.EVENT_CANCEL, payload)


@router.post("/events/{event_id}/next-edition", status_code=status.HTTP_201_CREATED, response_model=EventView)
async def plan_next_edition(
    request: Request, event_id: uuid.UUID, body: NextEditionPlan, client: Rpc
) -> EventView:
    payload = _with(body, event_id=event_id)
    return await client.send(ops.events.EVENT_PLAN_NEXT_EDITION, payload)


@router.get("/events/{event_id}/figures", response_model=EventFiguresView)
async def event_figures(event_id: uuid.UUID, client: Rpc) -> EventFiguresView:
    return await client.send(ops.events.EVENT_FIGURES, EventRef(event_id=event_id))


# -- agenda -----------------------------------------------------------------------------------------


@router.get("/events/{event_id}/agenda", response_model=AgendaView)
async def get_agenda(event_id: uuid.UUID, client: Rpc) -> AgendaView:
    return await client.send(ops.events.AGENDA_GET, EventRef(event_id=event_id))


@router.put("/events/{event_id}/agenda", response_model=AgendaView)
async def set_agenda(request: Request, event_id: uuid.UUID, body: AgendaItems, client: Rpc) -> AgendaView:
    payload = _with(body, event_id=event_id)
    return await client.send(ops.events.AGENDA_SET, payload)


# -- invitations and registrations -------------------------------------------------------------------


@router.post(
    "/events/{event_id}/invitations", status_code=status.HTTP_201_CREATED, response_model=InvitationsIssued
)
async def issue_invitations(
    request: Request, event_id: uuid.UUID, body: Audience, client: Rpc
) -> InvitationsIssued:
    payload = _with(body, event_id=event_id)
    return await client.send(ops.events.INVITATION_ISSUE, payload)


@router.get("/events/{event_id}/invitations", response_model=InvitationList)
async def list_invitations(
    event_id: uuid.UUID,
    client: Rpc,
    offset: Offset = 0,
    limit: Limit = 50,
) -> InvitationList:
    """A page of the event's invitations, with the whole event's total."""
    payload = ListInvitations(event_id=event_id, offset=offset, limit=limit)
    return await client.send(ops.events.INVITATION_LIST, payload)


@router.post(
    "/events/{event_id}/registrations", status_code=status.HTTP_201_CREATED, response_model=RegistrationView
)
async def register(request: Request, event_id: uuid.UUID, body: Registrant, client: Rpc) -> RegistrationView:
    payload = _with(body, event_id=event_id)
    return await client.send(ops.events.REGISTRATION_REGISTER, payload)


@router.get("/events/{event_id}/registrations", response_model=RegistrationList)
async def list_registrations(
    event_id: uuid.UUID,
    client: Rpc,
    status: str | None = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> RegistrationList:
    """A page of the event's registrations in arrival order, with the whole event's counts."""
    payload = ListRegistrations(event_id=event_id, status=status, offset=offset, limit=limit)
    return await client.send(ops.events.REGISTRATION_LIST, payload)


@router.post("/registrations/{registration_id}/cancel", response_model=RegistrationView)
async def cancel_registration(request: Request, registration_id: uuid.UUID, client: Rpc) -> RegistrationView:
    payload = CancelRegistration(registration_id=registration_id)
    return await client.send(ops.events.REGISTRATION_CANCEL, payload)


@router.post("/registrations/{registration_id}/substitute", response_model=RegistrationView)
async def substitute(
    request: Request, registration_id: uuid.UUID, body: SubstituteChoice, client: Rpc
) -> RegistrationView:
    payload = _with(body, registration_id=registration_id)
    return await client.send(ops.events.REGISTRATION_SUBSTITUTE, payload)


# -- attendance and printable lists --------------------------------------------------------------------


@router.post("/events/{event_id}/attendance", response_model=AttendanceView)
async def record_attendance(
    request: Request, event_id: uuid.UUID, body: CheckIn, client: Rpc
) -> AttendanceView:
    payload = _with(body, event_id=event_id)
    return await client.send(ops.events.ATTENDANCE_RECORD, payload)


@router.get("/events/{event_id}/attendance", response_model=AttendanceView)
async def list_attendance(event_id: uuid.UUID, client: Rpc) -> AttendanceView:
    return await client.send(ops.events.ATTENDANCE_LIST, EventRef(event_id=event_id))


@router.get("/events/{event_id}/participants", response_model=PrintableParticipants)
async def printable_participants(
    event_id: uuid.UUID, client: Rpc, day: date | None = None
) -> PrintableParticipants:
    """The confirmed participants (and anyone with recorded attendance) by organisation and name, as
    the printed participant list and, with ``day``, that day's sign-in sheet show them (the staff
    pages print them: /events/{id}/participants and /events/{id}/sign-in-sheet)."""
    return await client.send(ops.events.EVENT_PRINTABLE, PrintableRequest(event_id=event_id, day=day))


# -- agreements -------------------------------------------------------------------------------------


@router.post(
    "/events/{event_id}/agreements", status_code=status.HTTP_201_CREATED, response_model=AgreementFacts
)
async def create_agreement(
    request: Request, event_id: uuid.UUID, body: AgreementTerms, client: Rpc
) -> AgreementFacts:
    payload = _with(body, event_id=event_id)
    return await client.send(ops.events.AGREEMENT_CREATE, payload)


@router.get("/events/{event_id}/agreements", response_model=AgreementList)
async def event_agreements(
    event_id: uuid.UUID,
    client: Rpc,
    offset: Offset = 0,
    limit: Limit = 50,
) -> AgreementList:
    payload = ListAgreements(event_id=event_id, offset=offset, limit=limit)
    return await client.send(ops.events.AGREEMENT_LIST, payload)


@router.patch("/agreements/{agreement_id}", response_model=AgreementFacts)
async def change_agreement(
    request: Request, agreement_id: uuid.UUID, body: AgreementChanges, client: Rpc
) -> AgreementFacts:
    payload = _with(body, agreement_id=agreement_id)
    return await client.send(ops.events.AGREEMENT_CHANGE, payload)
