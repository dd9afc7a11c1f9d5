"""Every log line of an HTTP request, the server's own included, names that request, never one
that came before it on the same connection, and names a public page without its token."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from gateway_service.app import create_app
from gateway_service.errors import CORRELATION_HTTP_HEADER
from gateway_service.settings import GatewaySettings
from gateway_service.testing import migrate, served
from netzwerkstatt.logs import current_correlation_id

LOGGERS = ("uvicorn.error", "gateway_service.errors")


class FailureLines(logging.Handler):
    """Each line about a failed request: its logger, the correlation id bound where it is written,
    and the values it carries."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[tuple[str, str | None, dict[str, Any]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == "uvicorn.error" and not record.getMessage().startswith("Exception in ASGI"):
            return  # the server's start and stop
        values = record.msg if isinstance(record.msg, dict) else {}
        self.lines.append((record.name, current_correlation_id(), values))

    def of(self, logger: str) -> list[tuple[str | None, dict[str, Any]]]:
        return [(cid, values) for name, cid, values in self.lines if name == logger]


@contextmanager
def failure_lines() -> Iterator[FailureLines]:
    handler = FailureLines()
    for name in LOGGERS:
        logging.getLogger(name).addHandler(handler)
    try:
        yield handler
    finally:
        for name in LOGGERS:
            logging.getLogger(name).removeHandler(handler)


async def read_the_body(request: Request) -> PlainTextResponse:
    return PlainTextResponse(str(len(await request.body())))


async def fail(request: Request) -> PlainTextResponse:
    raise RuntimeError("unexpected")


@pytest.fixture
async def app_with_a_failing_page(gateway_settings: Callable[..., GatewaySettings]) -> FastAPI:
    settings = gateway_settings()
    await migrate(settings)
    app = create_app(settings)
    app.router.routes[:0] = [
        Route("/log-context/upload", read_the_body, methods=["PUT"]),
        Route("/log-context/fail", fail),
        Route("/p/survey/{token}/log-context-fail", fail),
    ]
    return app


async def test_the_lines_about_an_unexpected_error_name_the_request_that_raised_it(
    app_with_a_failing_page: FastAPI,
) -> None:
    """The first request's body is large enough that the server pauses reading the connection and
    resumes it from inside that request; the second request on the connection then fails."""

    def two_requests_on_one_connection(base_url: str) -> tuple[str, str]:
        with httpx.Client(base_url=base_url, timeout=10) as client:
            upload = client.put("/log-context/upload", content=b"x" * 1_000_000)
            failed = client.get("/log-context/fail")
        assert upload.status_code == 200, upload.text[:500]
        assert failed.status_code == 500
        return upload.headers[CORRELATION_HTTP_HEADER], failed.headers[CORRELATION_HTTP_HEADER]

    with failure_lines() as lines, served(app_with_a_failing_page) as base_url:
        upload_id, failed_id = await asyncio.to_thread(two_requests_on_one_connection, base_url)

    [(gateway_id, gateway_values)] = lines.of("gateway_service.errors")  # "request failed unexpectedly"
    [(server_id, _)] = lines.of("uvicorn.error")  # "Exception in ASGI application"
    assert gateway_id == failed_id != upload_id  # the failed request's answer names its log line
    assert server_id == gateway_id
    assert gateway_values["path"] == "/log-context/fail"


async def test_an_unexpected_error_on_a_public_page_is_logged_without_the_pages_token(
    app_with_a_failing_page: FastAPI,
) -> None:
    token = "Zt9sECRETtoken4711"

    def open_the_page(base_url: str) -> int:
        return httpx.get(f"{base_url}/p/survey/{token}/log-context-fail", timeout=10).status_code

    with failure_lines() as lines, served(app_with_a_failing_page) as base_url:
        assert await asyncio.to_thread(open_the_page, base_url) == 500

    [(_, values)] = lines.of("gateway_service.errors")
    assert values["path"] == "/p/survey/***/log-context-fail"
    assert token not in repr(lines.lines)


@pytest.mark.parametrize(
    "sent",
    ["x" * 5000, 'abc" level=critical event="forged', "anna.musterfrau@example.org", "ä"],
)
async def test_a_correlation_id_that_is_no_trace_id_is_replaced_by_a_new_one(
    app_with_a_failing_page: FastAPI, sent: str
) -> None:
    """The id travels into every log line, every request to a service and every event the request
    causes (their envelopes' ``correlationid``, on streams other systems read): a caller's id is
    taken when it is a short trace id, anything else (kilobytes, quotes and blanks that forge log
    fields, an address) gets a fresh one."""
    transport = httpx.ASGITransport(app=app_with_a_failing_page)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
        kept = await client.get("/login", headers={CORRELATION_HTTP_HEADER: "walk-1.a_b:c"})
        replaced = await client.get("/login", headers={CORRELATION_HTTP_HEADER.encode(): sent.encode()})
    assert kept.headers[CORRELATION_HTTP_HEADER] == "walk-1.a_b:c"
    assert replaced.headers[CORRELATION_HTTP_HEADER] != sent
    assert len(replaced.headers[CORRELATION_HTTP_HEADER]) == 32
