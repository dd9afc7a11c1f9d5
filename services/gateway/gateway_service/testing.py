"""Test support for the gateway: its migrations, staff accounts of each role, signing in through
the login form, and the app served by uvicorn on a free port (for browsers and fuzzing)."""

from __future__ import annotations

import asyncio
import re
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from fastapi import FastAPI

from gateway_service.database import GatewayDatabase
from gateway_service.main import MIGRATIONS, http_options
from gateway_service.security.accounts import NewAccount, create_account, issue_api_token
from gateway_service.security.roles import Role
from gateway_service.settings import GatewaySettings
from netzwerkstatt.migrations import upgrade
from netzwerkstatt.stack.processes import free_port

_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


async def migrate(settings: GatewaySettings) -> None:
    """Bring the gateway's schema to head (idempotent; Alembic is blocking, so in a thread)."""
    await asyncio.to_thread(upgrade, settings, MIGRATIONS)


async def admin_token(settings: GatewaySettings, name: str) -> str:
    """An admin API token for a gateway served apart (in its own thread and event loop): the schema
    brought to head, the token issued on connections of the caller's own."""
    await migrate(settings)
    database = GatewayDatabase(settings)
    try:
        _, token = await issue_api_token(database, f"{name}-{uuid.uuid4().hex[:6]}", Role.ADMIN)
    finally:
        await database.dispose()
    return token


async def create_staff(
    database: GatewayDatabase,
    role: Role,
    *,
    name: str | None = None,
    network_ids: list[uuid.UUID] | None = None,
) -> tuple[str, str]:
    """A new account of the role (with its networks) and a unique e-mail; returns (e-mail, password)."""
    suffix = uuid.uuid4().hex[:10]
    email = f"{role.value.replace('_', '-')}-{suffix}@example.org"
    password = f"Pw-{uuid.uuid4().hex}"
    account = NewAccount(
        email=email,
        display_name=name or f"Test {role.value} {suffix}",
        role=role,
        network_ids=network_ids or [],
    )
    await create_account(database, account, password)
    return email, password


def csrf_token_in(html: str) -> str:
    match = _CSRF_FIELD.search(html)
    if match is None:
        raise AssertionError("the page has no form with a CSRF token")
    return match.group(1)


async def sign_in(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    """Sign in through the login form, as a browser would."""
    page = await client.get("/login")
    return await client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_token_in(page.text), "next": "/"},
    )


@contextmanager
def served(app: FastAPI, port: int | None = None) -> Iterator[str]:
    """The app served by uvicorn in a background thread (its own event loop) as `serve` serves it, on
    loopback; yields the base URL."""
    options = http_options(app.state.settings) | {"host": "127.0.0.1", "port": port or free_port()}
    config = uvicorn.Config(app, lifespan="on", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="gateway-under-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the gateway did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
