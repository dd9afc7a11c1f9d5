"""Every gateway failure is the JSON error shape with a code: an unreachable database (503 with
Retry-After, also while identifying the caller), a database short of disk, memory or connections
(503 too) and an unforeseen error (500) included."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI, Request

from gateway_service.app import create_app
from gateway_service.auth import database_of
from gateway_service.settings import GatewaySettings
from netzwerkstatt.stack import processes


def _client(app: FastAPI) -> httpx.AsyncClient:
    # The app's own answer is checked, not the exception Starlette re-raises for its server's log.
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://gateway")


async def test_an_unreachable_database_while_identifying_the_caller_is_a_503_in_the_error_shape(
    gateway_settings: Callable[..., GatewaySettings],
) -> None:
    closed_port = processes.free_port()
    settings = gateway_settings(
        database_url=f"postgresql+asyncpg://gateway:pw@127.0.0.1:{closed_port}/netzwerkstatt"
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app), _client(app) as client:
        response = await client.get("/api/regions", headers={"Authorization": "Bearer abc"})
        client.cookies.set("nw_session", "x" * 40)
        page = await client.get("/")

    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert response.json()["error"]["code"] == "unavailable"
    assert "127.0.0.1" not in response.text
    assert page.status_code in (303, 503)
    if page.status_code == 503:
        assert page.headers["Retry-After"].isdigit()
        assert "Traceback" not in page.text


@pytest.mark.parametrize("sqlstate", ["53100", "53300"])
async def test_a_database_short_of_disk_or_connections_is_a_503_with_retry_after_not_a_500(
    gateway_app: FastAPI, sqlstate: str
) -> None:
    """PostgreSQL refuses the gateway's write (a session, a counter) as it does when its disk is full
    or its connections are all taken: an outage to wait out, not a bug."""

    @gateway_app.post("/api/probe-refused-write")
    async def write(request: Request) -> None:
        async with database_of(request).transaction() as connection:
            await connection.execute(
                sa.text(
                    "DO $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' "
                    f"USING ERRCODE = '{sqlstate}'; END $$"
                )
            )

    async with _client(gateway_app) as client:
        response = await client.post("/api/probe-refused-write")

    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert response.json()["error"]["code"] == "unavailable"
    assert "No space left" not in response.text


async def test_an_unforeseen_error_is_a_500_in_the_error_shape(gateway_app: FastAPI) -> None:
    @gateway_app.get("/api/probe-failure")
    async def fail() -> None:
        raise KeyError("a value that must not be shown")

    async with _client(gateway_app) as client:
        response = await client.get("/api/probe-failure")

    assert response.status_code == 500
    assert response.json() == {
        "error": {"code": "internal_error", "message": "internal error", "details": []}
    }


async def test_a_public_page_whose_service_does_not_answer_is_a_503_with_retry_after(
    gateway_app: FastAPI,
) -> None:
    # No events service runs: the invitation page cannot be answered right now.
    async with _client(gateway_app) as client:
        page = await client.get(f"/p/invitation/{'a' * 43}")

    assert page.status_code == 503
    assert page.headers["Retry-After"].isdigit()
