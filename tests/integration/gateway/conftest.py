"""The gateway in-process for UI and security tests: no API token, a browser-like client with
cookies, and staff accounts of every role."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI

from gateway_service.app import create_app
from gateway_service.security import secrets
from gateway_service.security.roles import Role
from gateway_service.settings import GatewaySettings
from gateway_service.testing import create_staff, migrate
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import settings_for

AppFactory = Callable[..., Awaitable[FastAPI]]


@pytest.fixture(autouse=True, scope="module")
def cheap_password_hashing() -> Iterator[None]:
    """These tests make and sign in hundreds of staff accounts: argon2id at its lowest cost in each
    of their modules (0.25 s of CPU per account and sign-in otherwise). The service's own cost is
    checked in tests/unit/gateway/test_password_hashing.py; the browser and stack tests' processes
    keep it."""
    service_hasher = secrets.PASSWORD_HASHER
    secrets.PASSWORD_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    secrets.PASSWORD_HASHER = service_hasher


@pytest.fixture(scope="module")
def gateway_settings(
    nats_server: NatsServer, postgres_server: PostgresServer
) -> Callable[..., GatewaySettings]:
    def make(**overrides: Any) -> GatewaySettings:
        return settings_for(GatewaySettings, nats_server, postgres_server, **overrides)

    return make


@pytest.fixture(scope="module")
async def gateway_app(gateway_settings: Callable[..., GatewaySettings]) -> AsyncIterator[FastAPI]:
    """The gateway app with its lifespan running (plain HTTP on loopback: cookies without Secure),
    one per module: the app keeps nothing of a request (sessions, counters and idempotency keys are
    rows in its schema), and a new app builds its routes again on its first request (0.6 s of CPU)."""
    settings = gateway_settings()
    await migrate(settings)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


def browser_for(app: FastAPI, base_url: str = "http://127.0.0.1:8000") -> httpx.AsyncClient:
    """A client that keeps cookies, like a browser, without following redirects."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)


@pytest.fixture
async def browser(gateway_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with browser_for(gateway_app) as client:
        yield client


@pytest.fixture
def staff_account(gateway_app: FastAPI) -> Callable[[Role], Awaitable[tuple[str, str]]]:
    async def make(role: Role) -> tuple[str, str]:
        return await create_staff(gateway_app.state.database, role)

    return make
