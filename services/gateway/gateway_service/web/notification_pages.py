"""Notifications pages: the delivery log with filters, the failed deliveries, the message templates
with a preview (fictional sample data), and the e-mails the local mail sink received."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal, get_args

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from gateway_service.web.pages import CHOICE_LIMIT, PAGE_SIZE, Viewer, data_of, section
from gateway_service.web.rendering import render
from gateway_service.web.services import ask, items_of
from netzwerkstatt import operations as ops
from netzwerkstatt.contracts.notifications import MAIL_ID_PATTERN, MessageKindName

router = APIRouter(include_in_schema=False)

STATES = ("pending", "sent", "failed", "suppressed", "cancelled")
# The kinds of message the notifications service knows, from its contract.
KINDS = get_args(MessageKindName)
Status = Literal["pending", "sent", "failed", "suppressed", "cancelled", ""]
Kind = Literal[MessageKindName, ""]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


async def _deliveries(request: Request, template: str, filters: dict[str, str], offset: int) -> HTMLResponse:
    body: dict[str, Any] = {key: value for key, value in filters.items() if value}
    answer = await ask(
        request, ops.notifications.DELIVERY_LIST, body | {"offset": offset, "limit": PAGE_SIZE}
    )
    page = answer.data if answer.ok and isinstance(answer.data, dict) else {"items": [], "total": 0}
    query = "&".join(f"{key}={value}" for key, value in body.items())
    return render(
        request,
        template,
        section(
            "notifications",
            unavailable=not answer.ok,
            page=page,
            filters=filters,
            filter_query=query,
            states=STATES,
            kinds=KINDS,
            offset=offset,
            page_size=PAGE_SIZE,
        ),
    )


@router.get("/notifications/deliveries")
async def deliveries(
    request: Request,
    principal: Viewer,
    status: Annotated[Status, Query()] = "",
    kind: Annotated[Kind, Query()] = "",
    recipient_email: Annotated[str, Query(max_length=320)] = "",
    event_id: Annotated[uuid.UUID | None, Query()] = None,
    offset: Offset = 0,
) -> HTMLResponse:
    filters = {
        "status": status,
        "kind": kind,
        "recipient_email": recipient_email,
        "event_id": str(event_id) if event_id else "",
    }
    return await _deliveries(request, "notifications/deliveries.html", filters, offset)


@router.get("/notifications/failed")
async def failed(request: Request, principal: Viewer, offset: Offset = 0) -> HTMLResponse:
    filters = {"status": "failed", "kind": "", "recipient_email": "", "event_id": ""}
    return await _deliveries(request, "notifications/failed.html", filters, offset)


@router.get("/notifications/templates")
async def templates(
    request: Request,
    principal: Viewer,
    kind: Annotated[Kind, Query()] = "",
    language: Annotated[Literal["de", "en", ""], Query()] = "",
) -> HTMLResponse:
    answer = await ask(request, ops.notifications.TEMPLATE_LIST, {"limit": CHOICE_LIMIT})
    rows = items_of(answer.data)
    preview = None
    if kind and language:
        preview = data_of(
            await ask(request, ops.notifications.TEMPLATE_PREVIEW, {"kind": kind, "language": language})
        )
    return render(
        request,
        "notifications/templates.html",
        section(
            "notifications",
            unavailable=not answer.ok,
            rows=rows,
            preview=preview,
            chosen={"kind": kind, "language": language},
        ),
    )


@router.get("/notifications/mails")
async def mails(request: Request, principal: Viewer, offset: Offset = 0) -> HTMLResponse:
    answer = await ask(request, ops.notifications.MAILSINK_LIST, {"offset": offset, "limit": PAGE_SIZE})
    page = answer.data if answer.ok and isinstance(answer.data, dict) else {"items": [], "total": 0}
    return render(
        request,
        "notifications/mails.html",
        section("notifications", unavailable=not answer.ok, page=page, offset=offset, page_size=PAGE_SIZE),
    )


@router.get("/notifications/mails/{mail_id}")
async def mail(
    request: Request,
    principal: Viewer,
    mail_id: Annotated[str, Path(max_length=64, pattern=MAIL_ID_PATTERN)],
) -> HTMLResponse:
    """One mail of the local sink; an id of another form is an address that does not fit, as for
    every page's malformed address."""
    item = data_of(await ask(request, ops.notifications.MAILSINK_GET, {"id": mail_id}))
    return render(request, "notifications/mail.html", section("notifications", item=item))
