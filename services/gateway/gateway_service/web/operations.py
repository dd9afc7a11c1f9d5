"""Operations pages, for admins only: every service's dead letters with a replay button (they may hold
personal data, so the services list them to admins alone), staff accounts, API tokens."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field, ValidationError

from gateway_service.auth import database_of
from gateway_service.i18n import translate
from gateway_service.security import accounts, secrets
from gateway_service.security.roles import Role
from gateway_service.web.confirmation import confirmation_page, confirmed
from gateway_service.web.guards import checked_form, text
from gateway_service.web.messages import detail_message, message_of
from gateway_service.web.pages import Operator
from gateway_service.web.rendering import language_of, redirect, render
from gateway_service.web.services import ask, items_of
from netzwerkstatt import operations as ops
from netzwerkstatt import topology
from netzwerkstatt.errors import ErrorCode, FieldError, ServiceError, field_errors

router = APIRouter(include_in_schema=False)

# Every service answers the kernel's dead-letter operations.
_DEAD_LETTERS = {
    "registry": ops.registry.DEADLETTER_LIST,
    "events": ops.events.DEADLETTER_LIST,
    "feedback": ops.feedback.DEADLETTER_LIST,
    "notifications": ops.notifications.DEADLETTER_LIST,
}
_REPLAYS = {
    "registry": ops.registry.DEADLETTER_REPLAY,
    "events": ops.events.DEADLETTER_REPLAY,
    "feedback": ops.feedback.DEADLETTER_REPLAY,
    "notifications": ops.notifications.DEADLETTER_REPLAY,
}


@router.get("/operations/dead-letters")
async def dead_letters(request: Request, principal: Operator, replayed: str | None = None) -> HTMLResponse:
    services: list[dict[str, Any]] = []
    for service in topology.SERVICES:
        listing = _DEAD_LETTERS[service]
        answer = await ask(request, listing, {"include_replayed": False, "limit": 100})
        rows = [_in_words(row) for row in items_of(answer.data)] if answer.ok else []
        services.append({"name": service, "unavailable": not answer.ok, "rows": rows})
    return render(
        request,
        "dead_letters.html",
        {"section": "operations", "services": services, "replayed": replayed is not None},
    )


def _in_words(row: dict[str, Any]) -> dict[str, Any]:
    """A dead letter with the service its message came from (the subject's first part), which the page
    words; the consumer, subject and error stay technical details."""
    origin = str(row.get("subject") or "").split(".")[0]
    return row | {"origin": origin if origin in topology.SERVICES else None}


@router.post("/operations/dead-letters/{service}/{dead_letter_id}/replay")
async def replay(request: Request, service: str, dead_letter_id: uuid.UUID, principal: Operator) -> Response:
    await checked_form(request)
    if service not in topology.SERVICES:
        return render(request, "error.html", {"title": "error.not_found", "message": None}, status_code=404)
    answer = await ask(request, _REPLAYS[service], {"id": str(dead_letter_id)})
    if not answer.ok:
        message = message_of(answer.error) if answer.error else None
        return render(request, "error.html", {"title": "error.generic", "message": message}, status_code=409)
    return redirect("/operations/dead-letters?replayed=1")


# -- staff accounts and API tokens (admin) ----------------------------------------------------------


@router.get("/admin/accounts")
async def account_list(request: Request, principal: Operator, changed: str = "") -> HTMLResponse:
    return await _accounts_page(request, {}, {}, changed=changed)


async def _accounts_page(
    request: Request,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
    *,
    changed: str = "",
) -> HTMLResponse:
    return render(
        request,
        "accounts.html",
        {
            "section": "admin",
            "accounts": await accounts.list_accounts(database_of(request)),
            "roles": list(Role),
            "values": {"email": "", "display_name": "", "role": Role.COORDINATOR.value} | values,
            "errors": errors,
            "networks": await _networks(request),
            "changed": changed,
        },
        status_code=status_code,
    )


async def _networks(request: Request) -> list[dict[str, Any]]:
    """The registry's networks, to give a coordinator the networks they look after."""
    answer = await ask(request, ops.registry.NETWORK_LIST, {"limit": 200})
    return items_of(answer.data) if answer.ok else []


@router.post("/admin/accounts")
async def create_account(request: Request, principal: Operator) -> Response:
    form = await checked_form(request)
    values = {key: text(form, key) for key in ("email", "display_name", "role")}
    password = str(form.get("password") or "")
    network_ids = [value for value in form.getlist("network_ids") if isinstance(value, str) and value]
    # Every problem of the form at once: the fields' and the password's.
    errors: dict[str, str] = {}
    account: accounts.NewAccount | None = None
    try:
        account = accounts.NewAccount.model_validate(values | {"network_ids": network_ids})
    except ValidationError as error:
        errors = _worded(error)
    weak = secrets.password_problem(password, values["email"])
    if weak is not None:
        errors["password"] = detail_message(weak)
    if account is not None and (problem := await _network_problem(request, account.network_ids)):
        errors["network_ids"] = problem
    if errors or account is None:
        return await _accounts_page(request, values, errors, 422)
    try:
        await accounts.create_account(database_of(request), account, password)
    except ServiceError as error:
        errors = {detail.field: detail_message(detail) for detail in error.details} or {
            "form": message_of(error)
        }
        return await _accounts_page(request, values, errors, 422 if error.code != "conflict" else 409)
    return redirect("/admin/accounts")


@router.post("/admin/accounts/{account_id}/networks")
async def change_networks(request: Request, account_id: uuid.UUID, principal: Operator) -> Response:
    """An admin changes the networks an existing coordinator looks after."""
    form = await checked_form(request)
    network_ids: list[uuid.UUID] = []
    for value in form.getlist("network_ids"):
        try:
            network_ids.append(uuid.UUID(str(value)))
        except ValueError:
            refused = FieldError(field="network_ids", message="not a network id", code="uuid_parsing")
            return await _accounts_page(request, {}, {"form": detail_message(refused)}, 422)
    problem = await _network_problem(request, network_ids)
    if problem:
        return await _accounts_page(request, {}, {"form": problem}, 422)
    await accounts.set_networks(database_of(request), account_id, network_ids)
    return redirect(f"/admin/accounts?changed={account_id}#account-{account_id}")


async def _network_problem(request: Request, network_ids: list[uuid.UUID]) -> str | None:
    """Why networks cannot be given to an account: one the registry does not know (an id of nothing
    is refused, not kept as "–"), or the registry does not answer; None when all exist."""
    for network_id in dict.fromkeys(network_ids):
        answer = await ask(request, ops.registry.NETWORK_GET, {"network_id": str(network_id)})
        if answer.unavailable:
            return translate("error.unavailable", language_of(request))
        if answer.error is not None and answer.error.code == ErrorCode.NOT_FOUND:
            unknown = FieldError(field="network_ids", message="no such network", code="unknown_network")
            return detail_message(unknown)
        if answer.error is not None:
            return message_of(answer.error)
    return None


def _worded(error: ValidationError) -> dict[str, str]:
    """A form's refusal by pydantic as words per field; an address it refuses is worded as one (its
    text is English)."""
    details = [
        detail.model_copy(update={"code": "email"}) if detail.field == "email" else detail
        for detail in field_errors(error)
    ]
    return {detail.field.split(".")[0]: detail_message(detail) for detail in details}


class _NewToken(BaseModel):
    """The API token form's fields."""

    name: str = Field(min_length=2, max_length=100)
    role: Role


@router.get("/admin/tokens")
async def token_list(request: Request, principal: Operator) -> HTMLResponse:
    return await _tokens_page(request, None, {})


async def _tokens_page(
    request: Request, issued: str | None, errors: dict[str, str], status_code: int = 200
) -> HTMLResponse:
    return render(
        request,
        "tokens.html",
        {
            "section": "admin",
            "tokens": await accounts.list_api_tokens(database_of(request)),
            "roles": list(Role),
            "issued": issued,
            "errors": errors,
        },
        status_code=status_code,
    )


@router.post("/admin/tokens")
async def issue_token(request: Request, principal: Operator) -> HTMLResponse:
    form = await checked_form(request)
    try:
        token = _NewToken.model_validate({"name": text(form, "name"), "role": text(form, "role")})
    except ValidationError as error:
        return await _tokens_page(request, None, _worded(error), 422)
    _, plain = await accounts.issue_api_token(database_of(request), token.name, token.role)
    return await _tokens_page(request, plain, {})


@router.post("/admin/tokens/{token_id}/revoke")
async def revoke_token(request: Request, token_id: uuid.UUID, principal: Operator) -> Response:
    form = await checked_form(request)
    if not confirmed(form):
        tokens = await accounts.list_api_tokens(database_of(request))
        token = next((row for row in tokens if row["id"] == token_id), None)
        if token is None:
            return redirect("/admin/tokens")
        language = language_of(request)
        return confirmation_page(
            request,
            question=translate("admin.revoke_question", language).format(name=token["name"]),
            consequences=[translate("admin.revoke_text", language)],
            action=f"/admin/tokens/{token_id}/revoke",
            yes=translate("admin.revoke_yes", language),
            back="/admin/tokens",
        )
    await accounts.revoke_api_token(database_of(request), token_id)
    return redirect("/admin/tokens")
