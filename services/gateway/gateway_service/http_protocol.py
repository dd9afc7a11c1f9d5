"""The gateway's HTTP/1.1: uvicorn's h11 protocol, with a head large enough for every request the API
documents and a clear answer to a request it cannot read at all; and HEAD answered as GET.

The longest documented address is a list filter of 500 network ids (``/api/people?network_ids=…``,
about 25 KB), over h11's default limit of 16 KB for a request's head. A head over the limit, or a
request line or header h11 cannot parse, never reaches the application: uvicorn would answer it with
a plain English line. Here the JSON API answers in its one error shape, and a page in German words."""

from __future__ import annotations

import json
from typing import Any

import h11
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from gateway_service import i18n
from netzwerkstatt.errors import ErrorCode, ErrorReply, FieldError

# A request's head (request line and headers) at most: the longest documented address twice over,
# with its cookies and headers.
MAX_REQUEST_HEAD_BYTES = 64 * 1024
# Enough of a request's start to tell an API path from a page's.
_REQUEST_START_BYTES = 64


class _Connection(h11.Connection):
    """h11's connection, remembering the start of the request it reads (h11 drops the head's lines
    it could not parse) and the status it suggests for a request it refused."""

    request_start = b""
    refusal_status = 400

    def next_event(self) -> Any:
        # While no request is read, the buffer holds the next one's start. Copied until enough of it
        # is here: a client sending its head a byte at a time must not cost a copy of all of it per byte.
        if self.their_state is h11.IDLE and len(self.request_start) < _REQUEST_START_BYTES:
            self.request_start = self.trailing_data[0][:_REQUEST_START_BYTES]
        try:
            return super().next_event()
        except h11.RemoteProtocolError as error:
            self.refusal_status = error.error_status_hint
            raise

    def start_next_cycle(self) -> None:
        super().start_next_cycle()
        self.request_start = b""


class GatewayHttpProtocol(H11Protocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refusing = _Connection(h11.SERVER, max_incomplete_event_size=MAX_REQUEST_HEAD_BYTES)
        self.conn = self.refusing

    def send_400_response(self, msg: str) -> None:
        """Called by uvicorn for a request h11 refused (``msg`` is uvicorn's English line)."""
        status = self.refusing.refusal_status
        content_type, body = refusal(status, _request_path(self.refusing.request_start))
        headers = [
            (b"content-type", content_type),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=status, headers=headers),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event))
        self.transport.close()


def refusal(status: int, path: str) -> tuple[bytes, bytes]:
    """Content type and body for a request refused before the application: 431 for a head over the
    limit, 400 for one that cannot be read."""
    too_large = status == 431
    if path.startswith("/api/"):
        if too_large:
            limit = f"the address and headers must be at most {MAX_REQUEST_HEAD_BYTES} bytes"
            detail = FieldError(
                field="head", message=limit, code="too_large", params={"max_bytes": MAX_REQUEST_HEAD_BYTES}
            )
            reply = ErrorReply(
                code=ErrorCode.VALIDATION,
                message="the request's address and headers are too large",
                details=[detail],
            )
        else:
            reply = ErrorReply(code=ErrorCode.VALIDATION, message="the request cannot be read as HTTP")
        return b"application/json", json.dumps({"error": reply.model_dump(mode="json")}).encode()
    words = i18n.translate("error.request_head_too_large" if too_large else "error.unreadable_request", "de")
    title = i18n.translate("error.generic", "de")
    page = (
        '<!doctype html><html lang="de"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1><p>{words}</p></body></html>"
    )
    return b"text/html; charset=utf-8", page.encode()


def _request_path(request_start: bytes) -> str:
    """The path, or its start, in a request's first bytes ("" when there is none to read)."""
    request_line = request_start.split(b"\r\n", 1)[0]
    parts = request_line.split(b" ", 2)
    return parts[1].decode("latin-1") if len(parts) > 1 else ""


class HeadAsGet:
    """Plain ASGI middleware: a HEAD request is answered as its GET, without the body (every
    general-purpose server supports GET and HEAD, RFC 9110): a monitor asking ``HEAD /health`` or a
    link checker asking for a page gets the GET's status and headers, not 405."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
