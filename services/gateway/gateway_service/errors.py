"""Failures as HTTP responses. The JSON API answers in one shape:
``{"error": {"code": ..., "message": ..., "details": [{"field", "message", "code"}]}}``;
the staff UI and the public pages answer with a page (or the sign-in page). Every failure has this
shape, an unexpected one (``internal``, 500) and an unreachable database (``unavailable``, 503)
included; every 503 carries ``Retry-After``."""

from __future__ import annotations

import functools
import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount, compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway_service.auth import CSRF_HEADER, CsrfRejected, NotAuthenticated
from gateway_service.hygiene import MAX_REQUEST_BYTES, not_json, too_deep
from gateway_service.web.guards import LoginRequired
from gateway_service.web.messages import detail_message, message_of
from gateway_service.web.public import RateLimited, message
from gateway_service.web.rendering import forbidden_page, redirect, render
from gateway_service.web.services import with_network_names
from netzwerkstatt.contracts import Request as ContractRequest
from netzwerkstatt.errors import (
    MAX_REPLY_DETAILS,
    ErrorCode,
    ErrorReply,
    FieldError,
    ServiceError,
    plain_params,
)
from netzwerkstatt.logs import current_correlation_id, get_logger

log = get_logger(__name__)

# Seconds a client should wait before trying again after a 503.
RETRY_AFTER_SECONDS = 5
CORRELATION_HTTP_HEADER = "X-Correlation-ID"

HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.VALIDATION: 422,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.RULE_VIOLATION: 422,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.UNAVAILABLE: 503,
    ErrorCode.INTERNAL: 500,
}


class ErrorBody(BaseModel):
    """Every failure of the JSON API."""

    error: ErrorReply


# Declared on every JSON API route, so the OpenAPI document lists each status a route can answer.
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorBody, "description": "The body is not JSON"},
    401: {"model": ErrorBody, "description": "No valid API token or session"},
    403: {"model": ErrorBody, "description": "The principal may not do this (role, networks or CSRF)"},
    404: {"model": ErrorBody, "description": "Something named in the request does not exist"},
    409: {"model": ErrorBody, "description": "A conflict: a stale version or a duplicate"},
    410: {
        "model": ErrorBody,
        "description": "A retry whose first answer was forgotten: it named a person since erased",
    },
    413: {"model": ErrorBody, "description": "The body is larger than 16 MiB"},
    422: {"model": ErrorBody, "description": "Invalid input or a rule of the domain, field by field"},
    503: {"model": ErrorBody, "description": "The owning service did not answer in time"},
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
        error = await with_network_names(request, error)
        return forbidden_page(request, message_of(error) if error.details else None)
    if error.code == ErrorCode.UNAVAILABLE:
        return _unavailable_page(request)
    title = "error.not_found" if error.code == ErrorCode.NOT_FOUND else "error.generic"
    return render(
        request,
        "error.html",
        {"title": title, "message": message_of(error)},
        status_code=HTTP_STATUS[error.code],
    )


def _field_of(location: tuple[int | str, ...], kind: str) -> str:
    """FastAPI prefixes the location with "body"/"query"; the field path is what follows. A body that
    is not JSON names the body (its location ends with the character position instead)."""
    if kind == "json_invalid":
        return str(location[0])
    return ".".join(str(part) for part in location[1:]) or str(location[0])


async def _invalid_request(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    return _refused_request(request, list(error.errors()))


async def _invalid_service_request(request: Request, error: Exception) -> Response:
    """A service's request built from what the caller sent, refused by the contract's own rules
    before it is sent (a route reads ``?day=0223-12-30`` as a date; the contract takes no such
    year): the caller's mistake, named at its field. Any other model's refusal (a reply that does
    not fit its contract, say) is not the caller's: it is an unexpected error."""
    assert isinstance(error, ValidationError)
    if error.title not in _request_model_names():
        return await _unexpected(request, error)
    problems = [{**problem, "loc": ("request", *problem["loc"])} for problem in error.errors()]
    return _refused_request(request, problems)


@functools.cache
def _request_model_names() -> frozenset[str]:
    def below(model: type[ContractRequest]) -> set[type[ContractRequest]]:
        return {model, *(found for sub in model.__subclasses__() for found in below(sub))}

    return frozenset(model.__name__ for model in below(ContractRequest))


def _refused_request(request: Request, problems: list[Any]) -> Response:
    # At most as many fields as a service's reply names, the rest counted: a body of a million
    # unknown keys must not be answered with a million entries (a hundred megabytes, written while
    # every other request waits).
    details = [
        FieldError(
            field=_field_of(item["loc"], item["type"]),
            message=item["msg"],
            code=item["type"],
            params=plain_params(item.get("ctx")),
        )
        for item in problems[:MAX_REPLY_DETAILS]
    ]
    if len(problems) > MAX_REPLY_DETAILS:
        more = len(problems) - MAX_REPLY_DETAILS
        details.append(
            FieldError(
                field="body",
                message=f"{more} more problems of this request are not listed",
                code="more_problems",
                params={"count": more},
            )
        )
    reply = ErrorReply(code=ErrorCode.VALIDATION, message="invalid request", details=details)
    if is_api(request):
        return error_response(reply)
    # A page's address with a value it cannot use (an edited link): a page, never raw JSON. An id in
    # the path that is no id leads to no page, as an unknown one does.
    if all(problem["loc"][0] == "path" for problem in problems):
        context = {"title": "error.not_found", "message_key": "error.no_such_page", "message": None}
        return render(request, "error.html", context, status_code=404)
    message = " ".join(dict.fromkeys(detail_message(detail) for detail in details))
    return render(request, "error.html", {"title": "error.bad_address", "message": message}, status_code=422)


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
    context = {"title": "error.form_expired", "message_key": "error.csrf", "message": None}
    if request.url.path.startswith("/p/"):
        return message(request, "error.csrf", 403)
    return render(request, "error.html", context, status_code=403)


async def _rate_limited(request: Request, _: Exception) -> Response:
    response = message(request, "public.too_many", 429)
    response.headers["Retry-After"] = "60"
    return response


_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(request: Request) -> set[str]:
    """The methods taken at the request's path. The JSON API names what its OpenAPI document lists,
    the contract other systems check against (HEAD, answered for every GET, is no operation of it).
    Pages: what their routes take, asked of the routes themselves, and HEAD wherever GET is taken
    (``http_protocol.HeadAsGet`` answers it); the one mount serves the static files."""
    if is_api(request):
        # A concrete path never gets here: ``ConcretePathsFirst`` answers its 405 before routing.
        return {
            method
            for template, methods in api_operations(request.app).items()
            if compile_path(template)[0].fullmatch(request.url.path)
            for method in methods
        }
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, Mount):
            if route.matches(request.scope)[0] != Match.NONE:
                methods |= {"GET", "HEAD"}
            continue
        methods |= {
            method
            for method in _METHODS
            if route.matches({**request.scope, "method": method})[0] == Match.FULL
        }
    if "GET" in methods:
        methods.add("HEAD")
    return methods


async def http_error_response(request: Request, error: Exception) -> Response:
    """405 names every method of the path in ``Allow`` (each route holds one method, and Starlette
    would name only the first route's)."""
    assert isinstance(error, StarletteHTTPException)
    if error.status_code != 405:
        if is_api(request):
            return _api_http_error(error)
        return _page_http_error(request, error, {})
    allow = ", ".join(sorted(allowed_methods(request)))
    if not is_api(request):
        return _page_http_error(request, error, {"Allow": allow})
    return _api_method_not_allowed(allow)


def _api_method_not_allowed(allow: str) -> Response:
    reply = ErrorReply(code=ErrorCode.VALIDATION, message=f"method not allowed; allowed: {allow}")
    response = error_response(reply)
    response.status_code = 405
    response.headers["Allow"] = allow
    return response


def api_operations(app: FastAPI) -> dict[str, frozenset[str]]:
    """The JSON API's paths and the methods each takes, as its OpenAPI document lists them: read
    from the routes the document is made of (making the document itself costs most of a second
    of CPU, per app)."""
    known: dict[str, frozenset[str]] | None = getattr(app.state, "api_operations", None)
    if known is None:
        methods_of: dict[str, set[str]] = {}
        for route in iter_route_contexts(app.routes):  # included routers' routes, with their prefix
            if isinstance(route.original_route, APIRoute) and route.include_in_schema:
                methods_of.setdefault(route.path_format or "", set()).update(route.methods or ())
        known = {path: frozenset(methods) for path, methods in methods_of.items()}
        app.state.api_operations = known
    return known


def concrete_api_paths(app: FastAPI) -> dict[str, frozenset[str]]:
    """The JSON API's paths without a parameter and the methods each takes."""
    known: dict[str, frozenset[str]] | None = getattr(app.state, "concrete_api_paths", None)
    if known is None:
        known = {path: methods for path, methods in api_operations(app).items() if "{" not in path}
        app.state.concrete_api_paths = known
    return known


class ConcretePathsFirst:
    """OpenAPI matches a concrete path before a template: ``/api/events/held`` before
    ``/api/events/{event_id}``. The router would hand ``GET /api/events/held`` to the template's
    route, which refuses ``held`` as an event id (422); here a method the concrete path does not
    take is answered 405, naming the ones it does."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/api/"):
            methods = concrete_api_paths(scope["app"]).get(scope["path"])
            if methods is not None and scope["method"] not in methods:
                await _api_method_not_allowed(", ".join(sorted(methods)))(scope, receive, send)
                return
        await self.app(scope, receive, send)


# What a page says for the statuses the framework answers by itself (a form it cannot read, an
# address that leads nowhere, a method the page does not take) and for a body over the limit
# (``hygiene.LimitBody``); any other status gets the generic words.
_PAGE_WORDS_OF_STATUS = {
    400: ("error.generic", "error.unreadable_form"),  # a form field over 1 MiB, or too many fields
    404: ("error.not_found", "error.no_such_page"),
    405: ("error.generic", "error.method_not_allowed"),
    413: ("error.generic", "error.body_too_large"),
}


def _page_http_error(request: Request, error: StarletteHTTPException, headers: dict[str, str]) -> Response:
    """A page, in the visitor's language, never the framework's JSON (``{"detail": "Not Found"}``)."""
    title, words = _PAGE_WORDS_OF_STATUS.get(error.status_code, ("error.generic", None))
    if request.url.path.startswith("/p/"):
        response: Response = message(request, words or "error.generic", error.status_code)
    else:
        context = {"title": title, "message_key": words, "message": None}
        response = render(request, "error.html", context, status_code=error.status_code)
    response.headers.update(headers)
    return response


# Statuses the framework answers by itself (a body that is not JSON or not UTF-8 is a 400), in the
# JSON API's one shape.
_CODE_OF_STATUS = {status: code for code, status in HTTP_STATUS.items() if code != ErrorCode.RULE_VIOLATION}


def _api_http_error(error: StarletteHTTPException) -> Response:
    code = _CODE_OF_STATUS.get(error.status_code, ErrorCode.VALIDATION)
    if error.status_code == 400:
        # FastAPI's parse of the body failed; JSON nested deeper than the parser goes is JSON still.
        detail = too_deep() if isinstance(error.__cause__, RecursionError) else not_json()
        reply = ErrorReply(code=code, message="the request body cannot be read", details=[detail])
    elif error.status_code == 413:
        limit = f"must be at most {MAX_REQUEST_BYTES} bytes"
        detail = FieldError(field="body", message=limit, code="too_large")
        reply = ErrorReply(code=code, message="the request body is too large", details=[detail])
    else:
        reply = ErrorReply(code=code, message=str(error.detail), details=[])
    return JSONResponse(
        status_code=error.status_code,
        content={"error": reply.model_dump(mode="json")},
        headers=dict(error.headers or {}),
    )


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
    log.error("request failed unexpectedly", error=type(error).__name__)  # the masked path is bound
    response: Response
    if is_api(request):
        response = error_response(ErrorReply(code=ErrorCode.INTERNAL, message="internal error", details=[]))
    else:
        context = {"title": "error.generic", "message_key": None, "message": None}
        response = render(request, "error.html", context, status_code=500)
    # Answered outside the middleware that sets it on every other response: the id of the log line.
    correlation_id = current_correlation_id()
    if correlation_id:
        response.headers[CORRELATION_HTTP_HEADER] = correlation_id
    return response


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


class _TypeOnly(logging.Filter):
    """Starlette re-raises an exception after its handler answered (``_unexpected`` logged it, by
    type only), and uvicorn then logs it again with its whole traceback, whose texts may quote data.
    The server's line keeps the exception's type and loses the rest."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            record.msg = f"{record.getMessage()}: {record.exc_info[0].__name__}"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


_TYPE_ONLY = _TypeOnly()


def install_error_handlers(app: FastAPI) -> None:
    server_log = logging.getLogger("uvicorn.error")
    if _TYPE_ONLY not in server_log.filters:
        server_log.addFilter(_TYPE_ONLY)
    app.add_middleware(RetryAfterOn503)
    app.add_middleware(ConcretePathsFirst)
    app.add_exception_handler(StarletteHTTPException, http_error_response)
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(ValidationError, _invalid_service_request)
    app.add_exception_handler(NotAuthenticated, _not_authenticated)
    app.add_exception_handler(LoginRequired, _not_authenticated)
    app.add_exception_handler(CsrfRejected, _csrf_rejected)
    app.add_exception_handler(RateLimited, _rate_limited)
    app.add_exception_handler(Exception, _unexpected)
