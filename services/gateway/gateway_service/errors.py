"""Failures as HTTP responses. The JSON API answers in one shape:
``{"error": {"code": ..., "message": ..., "details": [{"field", "message", "code"}]}}``;
the staff UI and the public pages answer with a page (or the sign-in page). Every failure has this
shape, an unexpected one (``internal``, 500) and an unreachable database (``unavailable``, 503)
included; every 503 carries ``Retry-After``."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway_service.auth import CSRF_HEADER, CsrfRejected, NotAuthenticated
from gateway_service.web.guards import LoginRequired
from gateway_service.web.public import RateLimited, message
from gateway_service.web.rendering import redirect, render
from netzwerkstatt.errors import ErrorCode, ErrorReply, FieldError, ServiceError
from netzwerkstatt.logs import get_logger

log = get_logger(__name__)

# Seconds a client should wait before trying again after a 503.
RETRY_AFTER_SECONDS = 5

HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.VALIDATION: 422,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.RULE_VIOLATION: 422,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.UNAVAILABLE: 503,
    ErrorCode.INTERNAL: 500,
}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(reply: ErrorReply) -> JSONResponse:
    status = HTTP_STATUS[reply.code]
    response = JSONResponse(status_code=status, content={"error": reply.model_dump(mode="json")})
    if status == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


async def _service_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, ServiceError)
    if is_api(request):
        return error_response(error.reply())
    if error.code == ErrorCode.FORBIDDEN:
        context = {"title": "error.forbidden", "message_key": "error.forbidden_text", "message": None}
        return render(request, "error.html", context, status_code=403)
    if error.code == ErrorCode.UNAVAILABLE:
        return _unavailable_page(request)
    return render(
        request,
        "error.html",
        {"title": "error.generic", "message": error.message},
        status_code=HTTP_STATUS[error.code],
    )


async def _invalid_request(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    details = [
        FieldError(
            # FastAPI prefixes the location with "body"/"query"; keep the field path after it.
            field=".".join(str(part) for part in item["loc"][1:]) or str(item["loc"][0]),
            message=item["msg"],
            code=item["type"],
        )
        for item in error.errors()
    ]
    return error_response(ErrorReply(code=ErrorCode.VALIDATION, message="invalid request", details=details))


async def _not_authenticated(request: Request, error: Exception) -> Response:
    if is_api(request) or not isinstance(error, LoginRequired):
        response = JSONResponse(
            status_code=401,
            content={"error": {"code": "unauthenticated", "message": str(error) or "sign in", "details": []}},
        )
        response.headers["WWW-Authenticate"] = 'Bearer realm="netzwerkstatt"'
        return response
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return redirect(f"/login?next={quote(target, safe='')}")


async def _csrf_rejected(request: Request, _: Exception) -> Response:
    if is_api(request):
        detail = FieldError(field=CSRF_HEADER, message="missing or wrong CSRF token", code="csrf")
        return error_response(
            ErrorReply(code=ErrorCode.FORBIDDEN, message="CSRF check failed", details=[detail])
        )
    context = {"title": "error.forbidden", "message_key": "error.csrf", "message": None}
    if request.url.path.startswith("/p/"):
        return message(request, "error.csrf", 403)
    return render(request, "error.html", context, status_code=403)


async def _rate_limited(request: Request, _: Exception) -> Response:
    response = message(request, "public.too_many", 429)
    response.headers["Retry-After"] = "60"
    return response


def _unavailable_page(request: Request) -> Response:
    if request.url.path.startswith("/p/"):
        response = message(request, "public.unavailable", 503)
    else:
        context = {"title": "unavailable.title", "message_key": "public.unavailable", "message": None}
        response = render(request, "error.html", context, status_code=503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


async def _unexpected(request: Request, error: Exception) -> Response:
    """Anything not foreseen: logged once (type only: its text may quote data), answered in shape."""
    log.error("request failed unexpectedly", error=type(error).__name__, path=request.url.path)
    if is_api(request):
        return error_response(ErrorReply(code=ErrorCode.INTERNAL, message="internal error", details=[]))
    context = {"title": "error.generic", "message_key": None, "message": None}
    return render(request, "error.html", context, status_code=500)


class RetryAfterOn503:
    """Plain ASGI middleware: every 503 the gateway sends carries Retry-After, whichever route or
    page answered it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_retry_after(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 503:
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"retry-after" for name, _ in headers):
                    headers.append((b"retry-after", str(RETRY_AFTER_SECONDS).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_retry_after)


def install_error_handlers(app: FastAPI) -> None:
    app.add_middleware(RetryAfterOn503)
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(NotAuthenticated, _not_authenticated)
    app.add_exception_handler(LoginRequired, _not_authenticated)
    app.add_exception_handler(CsrfRejected, _csrf_rejected)
    app.add_exception_handler(RateLimited, _rate_limited)
    app.add_exception_handler(Exception, _unexpected)
