"""Which address a request comes from: the connection's own, unless it comes from a reverse proxy the
operator named (``GATEWAY_TRUSTED_PROXIES``). The limits on failed logins and on the public pages are
kept per client address, so a header anyone can send must not choose it."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import uvicorn
from pydantic import ValidationError

from gateway_service.main import http_options
from gateway_service.settings import GatewaySettings
from netzwerkstatt.stack.processes import free_port


async def client_address(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """An app that answers with the address it was given for the client."""
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": scope["client"][0].encode()})


async def address_seen(settings: GatewaySettings, forwarded_for: str) -> str:
    server = uvicorn.Server(uvicorn.Config(client_address, **http_options(settings)))
    serving = asyncio.create_task(server.serve())
    try:
        for _ in range(500):  # up to 5 s
            if server.started:
                break
            await asyncio.sleep(0.01)
        async with httpx.AsyncClient() as client:
            answer = await client.get(
                f"http://127.0.0.1:{settings.http_port}/", headers={"X-Forwarded-For": forwarded_for}
            )
        return answer.text
    finally:
        server.should_exit = True
        await serving


def gateway(**options: Any) -> GatewaySettings:
    return GatewaySettings(http_host="127.0.0.1", http_port=free_port(), **options)


async def test_a_forwarded_for_header_is_not_believed_by_default() -> None:
    assert await address_seen(gateway(), "203.0.113.9") == "127.0.0.1"


async def test_a_named_proxy_tells_the_clients_address() -> None:
    assert (
        await address_seen(gateway(trusted_proxies="10.0.0.0/8, 127.0.0.1"), "203.0.113.9") == "203.0.113.9"
    )


def test_a_trusted_proxy_is_an_address_or_a_network() -> None:
    with pytest.raises(ValidationError, match=r"'proxy\.example\.org' is no IP address or network"):
        gateway(trusted_proxies="10.0.0.1,proxy.example.org")
