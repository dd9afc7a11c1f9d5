"""Helpers of the staff page tests: the registry and the gateway started once per test module,
staff accounts of each role (coordinators with networks), signed-in browser-like clients, and
calls of the services' operations to arrange data."""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from gateway_service.app import create_app
from gateway_service.security.accounts import NewAccount, create_account
from gateway_service.security.roles import Role
from gateway_service.settings import GatewaySettings
from gateway_service.testing import csrf_token_in, migrate, sign_in
from netzwerkstatt import subjects
from netzwerkstatt.testing import ADMIN
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import settings_for
from tests.integration.gateway.conftest import browser_for


@asynccontextmanager
async def gateway_running(nats_server: NatsServer, postgres_server: PostgresServer) -> AsyncIterator[FastAPI]:
    settings = settings_for(GatewaySettings, nats_server, postgres_server)
    await migrate(settings)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


async def call(app: FastAPI, service: str, operation: str, body: dict[str, Any]) -> Any:
    """An operation called as the pages call it (to arrange data or check the outcome)."""
    return await app.state.rpc.acting_as(ADMIN).call(subjects.operation(service, operation), body, Any)


@asynccontextmanager
async def staff_client(
    app: FastAPI, role: Role, network_ids: list[uuid.UUID] | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """A browser-like client signed in as a new account of the role (with its networks)."""
    suffix = uuid.uuid4().hex[:10]
    email, password = f"{role.value.replace('_', '-')}-{suffix}@example.org", f"Pw-{uuid.uuid4().hex}"
    account = NewAccount(email=email, display_name=f"Test {suffix}", role=role, network_ids=network_ids or [])
    await create_account(app.state.database, account, password)
    async with browser_for(app) as client:
        assert (await sign_in(client, email, password)).status_code == 303
        yield client


async def post_form(
    client: httpx.AsyncClient, form_page: str, action: str, data: dict[str, Any], **kwargs: Any
) -> httpx.Response:
    """Submit a form as a browser would: with the CSRF token of the page that shows it."""
    page = await client.get(form_page)
    assert page.status_code == 200, page.text
    return await client.post(action, data={**data, "csrf_token": csrf_token_in(page.text)}, **kwargs)


def hidden_id_in(html: str) -> str:
    """The new record's id a create form carries (hidden field ``id``)."""
    match = re.search(r'<input type="hidden" name="id" value="([0-9a-f-]{36})">', html)
    assert match is not None, "the form carries no id for its new record"
    return match.group(1)


def field_error(html: str, field: str) -> str:
    """The message shown under a form field (empty when there is none)."""
    match = re.search(rf'id="{re.escape(field)}-error">([^<]*)<', html)
    return match.group(1) if match else ""


# The start of the notice of a form refused because its record was saved while it was open.
STALE_NOTICE = "Der Eintrag wurde inzwischen geändert. Ihre Eingaben stehen weiter im Formular"


def stale_notice(response: httpx.Response, stored_version: int | str) -> str:
    """A form refused as stale: 409, the notice at the version, and the form carrying the version
    stored now (so that saving again replaces it knowingly). Returns the notice."""
    assert response.status_code == 409, response.text
    notice = field_error(response.text, "expected_version")
    assert notice.startswith(STALE_NOTICE), notice
    assert f'<input type="hidden" name="version" value="{stored_version}">' in response.text
    return notice


def participant_client(app: FastAPI) -> httpx.AsyncClient:
    """A participant's browser on a device of its own (own address: the public pages' rate limit
    counts per address, and other tests' requests must not use up this one's allowance)."""
    address = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000")


def tag() -> str:
    return uuid.uuid4().hex[:8]
