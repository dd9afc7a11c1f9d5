"""The gateway served as `serve` serves it: every address the API documents is read, however long,
and a request uvicorn cannot read at all is answered in the JSON API's error shape (a page in German
words), never with uvicorn's plain English line."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from gateway_service.app import create_app
from gateway_service.http_protocol import MAX_REQUEST_HEAD_BYTES
from gateway_service.settings import GatewaySettings
from gateway_service.testing import admin_token, served
from netzwerkstatt.contracts.registry import MAX_NETWORKS_LISTED
from netzwerkstatt.service import ServiceRuntime


@pytest.fixture
async def gateway_url(gateway_settings: Callable[..., GatewaySettings]) -> AsyncIterator[tuple[str, str]]:
    settings = gateway_settings()
    token = await admin_token(settings, "head")
    with served(create_app(settings)) as base_url:
        yield base_url, token


def network_ids(count: int) -> str:
    return "&".join(f"network_ids={uuid.uuid4()}" for _ in range(count))


async def test_the_most_network_ids_a_list_takes_are_read_however_the_network_splits_them(
    registry: ServiceRuntime, gateway_url: tuple[str, str]
) -> None:
    """A head arriving in parts is held up to the limit: uvicorn's default (16 KB) would refuse 500
    network ids whenever the first 16 KB came before the rest, as over a real network they do."""
    base_url, token = gateway_url
    for path in ("/api/people", "/api/organisations"):
        parts = in_parts(path, network_ids(MAX_NETWORKS_LISTED), f"Authorization: Bearer {token}")
        assert len(parts[0]) > 16 * 1024
        status, _, body = await raw_exchange(base_url, *parts)
        assert status == 200, body
        assert json.loads(body)["items"] == []


async def test_an_address_over_the_limit_is_refused_in_the_error_shape_naming_the_limit(
    gateway_url: tuple[str, str],
) -> None:
    base_url, token = gateway_url
    status, headers, body = await raw_exchange(
        base_url, *over_the_limit("/api/people", f"Authorization: Bearer {token}")
    )
    assert status == 431
    assert headers["content-type"] == "application/json"
    error = json.loads(body)["error"]
    assert error["code"] == "validation_error"
    assert error["message"] == "the request's address and headers are too large"
    assert error["details"] == [
        {
            "field": "head",
            "message": f"the address and headers must be at most {MAX_REQUEST_HEAD_BYTES} bytes",
            "code": "too_large",
            "params": {"max_bytes": MAX_REQUEST_HEAD_BYTES},
        }
    ]


async def test_a_page_address_over_the_limit_is_refused_in_german_words(gateway_url: tuple[str, str]) -> None:
    base_url, _ = gateway_url
    status, headers, body = await raw_exchange(base_url, *over_the_limit("/registry/people"))
    assert status == 431
    assert headers["content-type"] == "text/html; charset=utf-8"
    page = body.decode()
    assert "Die Adresse ist zu lang. Bitte wählen Sie weniger auf einmal aus." in page
    assert "Invalid" not in page


def over_the_limit(path: str, *headers: str) -> list[bytes]:
    return in_parts(path, network_ids(MAX_REQUEST_HEAD_BYTES // 40), *headers)


def in_parts(path: str, query: str, *headers: str) -> list[bytes]:
    """A GET request in two parts, all but the last 1,000 bytes of its head first: h11 holds a head
    of any size that arrives whole, and refuses one only when more than its limit waits for the rest."""
    lines = [f"GET {path}?{query} HTTP/1.1", "Host: gateway", "Connection: close", *headers]
    head = "".join(f"{line}\r\n" for line in lines) + "\r\n"
    return [head[:-1000].encode(), head[-1000:].encode()]


async def raw_exchange(base_url: str, *parts: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are (no client would send them so), part by part; the status, headers and
    body of the answer."""
    host, port = base_url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        for part in parts:
            writer.write(part)
            await writer.drain()
            await asyncio.sleep(0.2)
        received = await asyncio.wait_for(reader.read(), timeout=10)
    finally:
        writer.close()
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, value in (line.split(":", 1) for line in header_lines)}
    return int(status_line.split(" ")[1]), headers, body


async def test_a_request_that_cannot_be_read_is_answered_in_the_error_shape(
    gateway_url: tuple[str, str],
) -> None:
    base_url, _ = gateway_url
    status, headers, body = await raw_exchange(
        base_url, b"GET /api/people HTTP/1.1\r\nHost: gateway\r\nA header without a colon\r\n\r\n"
    )
    assert status == 400
    assert headers["content-type"] == "application/json"
    assert headers["connection"] == "close"
    assert json.loads(body) == {
        "error": {"code": "validation_error", "message": "the request cannot be read as HTTP", "details": []}
    }

    status, headers, body = await raw_exchange(
        base_url, b"GET /registry/people HTTP/1.1\r\nHost: gateway\r\nA header without a colon\r\n\r\n"
    )
    assert status == 400
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert "Diese Anfrage lässt sich nicht lesen." in body.decode()


async def test_a_request_that_cannot_be_read_is_known_by_its_path_however_it_arrives(
    gateway_url: tuple[str, str],
) -> None:
    """Sent a few bytes at a time, and after a request answered on the same connection."""
    base_url, _ = gateway_url
    unreadable = b"GET /api/people HTTP/1.1\r\nHost: gateway\r\nA header without a colon\r\n\r\n"
    pieces = [unreadable[start : start + 16] for start in range(0, len(unreadable), 16)]
    status, headers, body = await raw_exchange(base_url, *pieces)
    assert (status, headers["content-type"]) == (400, "application/json"), body

    answered_first = (
        b"GET /health HTTP/1.1\r\nHost: gateway\r\nUser-Agent: a monitoring probe of some length\r\n\r\n"
    )
    status, headers, body = await raw_exchange(base_url, answered_first, unreadable)
    assert status == 200  # the first answer; the second follows it
    second_head, _, second_body = body[body.index(b"HTTP/1.1 ") :].partition(b"\r\n\r\n")
    assert second_head.startswith(b"HTTP/1.1 400 "), body
    assert b"content-type: application/json" in second_head
    assert json.loads(second_body)["error"]["message"] == "the request cannot be read as HTTP"


async def test_long_requests_one_after_another_on_a_kept_connection_are_read(
    registry: ServiceRuntime, gateway_url: tuple[str, str]
) -> None:
    """The head's limit holds for each request of a kept-alive connection, not for their sum."""
    base_url, token = gateway_url
    query = network_ids(MAX_NETWORKS_LISTED)
    async with httpx.AsyncClient(base_url=base_url, headers={"Authorization": f"Bearer {token}"}) as client:
        for _ in range(4):
            answer = await client.get(f"/api/people?{query}")
            assert answer.status_code == 200, answer.text


async def test_head_is_answered_as_get_without_the_body(gateway_url: tuple[str, str]) -> None:
    """A monitor asking HEAD /health, a link checker asking for a page or the API."""
    base_url, _ = gateway_url
    async with httpx.AsyncClient(base_url=base_url) as client:
        for path, status in (("/health", 200), ("/events/events", 303), ("/api/people", 401)):
            get, head = await client.get(path), await client.head(path)
            assert (head.status_code, get.status_code) == (status, status), path
            assert head.content == b""
            assert head.headers.get("content-type") == get.headers.get("content-type")
            assert head.headers.get("content-length") == get.headers.get("content-length")
            assert head.headers.get("location") == get.headers.get("location")
