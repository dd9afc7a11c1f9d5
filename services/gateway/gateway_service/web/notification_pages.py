"""Notifications pages: the delivery log with filters, the failed deliveries, the message templates
with a preview (fictional sample data), and the e-mails the local mail sink received."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal, get_args

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from gateway_service.i18n import translate
from gateway_service.web.confirmation import confirmation_page, confirmed
from gateway_service.web.guards import checked_form, text
from gateway_service.web.pages import (
    CHOICE_LIMIT,
    PAGE_SIZE,
    Operator,
    Viewer,
    data_of,
    failure_status,
    form_errors,
    section,
)
from gateway_service.web.rendering import language_of, redirect, render
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
    saved: Annotated[str, Query(max_length=40)] = "",
    reset: Annotated[str, Query(max_length=40)] = "",
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
            saved=_template_named(saved, rows),
            reset=_template_named(reset, rows),
        ),
    )


def _template_named(key: str, rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The template a notice names as ``kind.language`` (only one that exists)."""
    return next((row for row in rows if f"{row['kind']}.{row['language']}" == key), None) if key else None


# -- a message template's editor (admins: templates belong to every network) ----------------------

TEMPLATE_PARTS = ("subject", "text", "html")
Language = Literal["de", "en"]


def _editor_path(kind: str, language: str) -> str:
    return f"/notifications/templates/{kind}/{language}"


async def _template_row(request: Request, kind: str, language: str) -> dict[str, Any]:
    answer = await ask(request, ops.notifications.TEMPLATE_LIST, {"kind": kind, "language": language})
    rows = items_of(data_of(answer))
    return rows[0] if rows else {}


def _template_editor(
    request: Request,
    row: dict[str, Any],
    values: dict[str, str],
    errors: dict[str, str],
    preview: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "notifications/template_form.html",
        section("notifications", row=row, values=values, errors=errors, preview=preview),
        status_code=status_code,
    )


@router.get("/notifications/templates/{kind}/{language}")
async def template_editor(
    request: Request,
    kind: Annotated[MessageKindName, Path()],
    language: Annotated[Language, Path()],
    principal: Operator,
) -> HTMLResponse:
    row = await _template_row(request, kind, language)
    return _template_editor(request, row, {part: row.get(part, "") for part in TEMPLATE_PARTS}, {})


@router.post("/notifications/templates/{kind}/{language}")
async def save_template(
    request: Request,
    kind: Annotated[MessageKindName, Path()],
    language: Annotated[Language, Path()],
    principal: Operator,
) -> Response:
    """Preview what was typed (nothing stored) or save it; either way a problem is said at its part."""
    form = await checked_form(request)
    values = {part: str(form.get(part) or "") for part in TEMPLATE_PARTS}
    body = {"kind": kind, "language": language} | values
    if text(form, "preview"):
        shown = await ask(request, ops.notifications.TEMPLATE_PREVIEW, body)
        row = await _template_row(request, kind, language)
        if not shown.ok:
            return _template_editor(
                request, row, values, form_errors(shown), status_code=failure_status(shown)
            )
        return _template_editor(request, row, values, {}, preview=shown.data)
    answer = await ask(request, ops.notifications.TEMPLATE_SAVE, body)
    if not answer.ok:
        row = await _template_row(request, kind, language)
        return _template_editor(request, row, values, form_errors(answer), status_code=failure_status(answer))
    return redirect(f"/notifications/templates?saved={kind}.{language}")


@router.post("/notifications/templates/{kind}/{language}/reset")
async def reset_template(
    request: Request,
    kind: Annotated[MessageKindName, Path()],
    language: Annotated[Language, Path()],
    principal: Operator,
) -> Response:
    form = await checked_form(request)
    if not confirmed(form):
        words = (
            translate("kind." + kind, language_of(request))
            + " ("
            + translate("language." + language, language_of(request))
            + ")"
        )
        page_language = language_of(request)
        return confirmation_page(
            request,
            question=translate("notifications.reset_question", page_language).format(template=words),
            consequences=[translate("notifications.reset_text", page_language)],
            action=f"{_editor_path(kind, language)}/reset",
            yes=translate("notifications.reset_yes", page_language),
            back=_editor_path(kind, language),
        )
    data_of(await ask(request, ops.notifications.TEMPLATE_RESET, {"kind": kind, "language": language}))
    return redirect(f"/notifications/templates?reset={kind}.{language}")


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
    """One mail of the local sink; an id of another form leads to no page, as for every page's
    malformed id."""
    item = data_of(await ask(request, ops.notifications.MAILSINK_GET, {"id": mail_id}))
    return render(request, "notifications/mail.html", section("notifications", item=item))
