"""What every request carries through the gateway, as plain ASGI middleware (no task, no streams per
request, unlike Starlette's ``BaseHTTPMiddleware``): its correlation id and page language, bound for
its logs and returned in a header, and its latency, measured per route."""

from __future__ import annotations

import re
import time

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway_service.errors import CORRELATION_HTTP_HEADER
from gateway_service.web.messages import page_language
from gateway_service.web.rendering import language_of
from netzwerkstatt import metrics
from netzwerkstatt.logs import begin_request

API_PREFIX = "/api"

# A caller's correlation id is taken when it is a trace id: letters, digits and ``._:-``, at most
# 64 (a UUID, a W3C trace id); otherwise the request gets a new one.
TRACE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")

_PUBLIC_TOKEN = re.compile(r"^(/p/[a-z]+/)[^/]+")
_CORRELATION_HEADER = CORRELATION_HTTP_HEADER.lower().encode("latin-1")


def masked_path(path: str) -> str:
    """The path as logged: public pages' tokens are capabilities and never reach a log."""
    return _PUBLIC_TOKEN.sub(r"\1***", path)


class RequestContext:
    """Binds the request's correlation id (the caller's, if it is a trace id) and its page language
    for everything the request does, and names the id in the answer's header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        incoming = request.headers.get(CORRELATION_HTTP_HEADER)
        if incoming is not None and not TRACE_ID.fullmatch(incoming):
            incoming = None  # it would travel into every log line and every event's envelope
        page_language.set(language_of(request))
        cid = begin_request(incoming, path=masked_path(request.url.path)).encode("latin-1")

        async def send_with_correlation_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value) for name, value in message.get("headers", []) if name != _CORRELATION_HEADER
                ]
                message = {**message, "headers": [*headers, (_CORRELATION_HEADER, cid)]}
            await send(message)

        await self.app(scope, receive, send_with_correlation_id)


class RequestLatency:
    """Each answer's latency, labelled by the route's template (``/p/invitation/{token}``), never by
    the path itself, and by method and status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, send_noting_status)
        metrics.HTTP_SECONDS.labels("gateway", route_label(scope), scope["method"], status).observe(
            time.perf_counter() - started
        )


def route_label(scope: Scope) -> str:
    """The template as the client addressed it: the scope names the API's routes without the /api
    prefix they are included under."""
    template = getattr(scope.get("route"), "path", None)
    if template is None:
        return "unmatched"
    if scope["path"].startswith(f"{API_PREFIX}/") and not template.startswith(f"{API_PREFIX}/"):
        return f"{API_PREFIX}{template}"
    return str(template)
