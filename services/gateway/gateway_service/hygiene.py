"""Input the services' PostgreSQL could not store is refused at the door with the field named:
NUL characters in text and integers beyond PostgreSQL's bigint range, in the JSON API's requests and
in the pages' addresses. A JSON body that cannot be read, that holds more values or is nested deeper
than any request does, is refused at ``body``."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from netzwerkstatt.errors import FieldError, InvalidInput

# The most a request may send: an import file's form (its part up to 8 MiB) with room to spare.
MAX_REQUEST_BYTES = 16 * 1024 * 1024
BIGINT_MAX = 2**63 - 1
# Values of one JSON body (every object, list, text and number counted): the largest request, 5,000
# people invited by name, has a few thousand; an import's file is one text. A body of a million
# small values would cost seconds of validation while every other request waits.
MAX_BODY_VALUES = 100_000
# Objects and lists in one another: the deepest request (a group work's parameters) has a handful.
MAX_BODY_DEPTH = 32
ASCII_INTEGER = re.compile(r"-?[0-9]+")


def _problems(value: Any, path: str) -> list[FieldError]:
    if isinstance(value, str):
        if "\x00" in value:
            return [
                FieldError(
                    field=path or "body", message="must not contain NUL characters", code="nul_character"
                )
            ]
        return []
    if isinstance(value, bool):
        return []
    if isinstance(value, int) and abs(value) > BIGINT_MAX:
        return [
            FieldError(
                field=path or "body",
                message=f"must be between -{BIGINT_MAX} and {BIGINT_MAX}",
                code="out_of_range",
            )
        ]
    if isinstance(value, dict):
        return [
            p for key, item in value.items() for p in _problems(item, f"{path}.{key}" if path else str(key))
        ]
    if isinstance(value, list):
        return [
            p
            for index, item in enumerate(value)
            for p in _problems(item, f"{path}.{index}" if path else str(index))
        ]
    return []


def _shape_problem(value: Any) -> FieldError | None:
    """Whether the parsed body holds more than ``MAX_BODY_VALUES`` values or is nested deeper than
    ``MAX_BODY_DEPTH``; stops looking at the first limit passed (no recursion: any depth is read)."""
    waiting: list[tuple[Any, int]] = [(value, 0)]
    counted = 0
    while waiting:
        item, depth = waiting.pop()
        counted += 1
        if counted > MAX_BODY_VALUES:
            return _too_many_values()
        if isinstance(item, dict | list):
            if depth >= MAX_BODY_DEPTH:
                return too_deep()
            children = item.values() if isinstance(item, dict) else item
            waiting.extend((child, depth + 1) for child in children)
    return None


def _too_many_values() -> FieldError:
    return FieldError(
        field="body",
        message=f"must hold at most {MAX_BODY_VALUES} values",
        code="too_many_values",
        params={"max": MAX_BODY_VALUES},
    )


def too_deep() -> FieldError:
    return FieldError(
        field="body",
        message=f"must be nested at most {MAX_BODY_DEPTH} levels deep",
        code="too_deep",
        params={"max": MAX_BODY_DEPTH},
    )


def not_json(reason: str | None = None) -> FieldError:
    params: dict[str, str | int | float] = {"error": reason} if reason else {}
    return FieldError(
        field="body", message="the request body is not valid JSON", code="json_invalid", params=params
    )


def _takes_a_body(request: Request) -> bool:
    route = request.scope.get("route")
    return not isinstance(route, APIRoute) or route.body_field is not None


def _no_body_taken() -> FieldError:
    # Fields the operation does not know are refused, as in a body it takes (never dropped unseen).
    return FieldError(
        field="body", message="this operation takes no body: send none or {}", code="extra_forbidden"
    )


def _query_problems(request: Request) -> list[FieldError]:
    problems: list[FieldError] = []
    for name, raw in request.query_params.multi_items():
        value: Any = raw
        if ASCII_INTEGER.fullmatch(raw):  # "²" and "٣" are digits to str.isdigit, not to int()
            # More digits than a bigint has are out of range without converting them (Python refuses
            # to convert more than 4,300 digits at all).
            digits = raw.lstrip("-").lstrip("0") or "0"
            sign = -1 if raw.startswith("-") else 1
            value = sign * int(digits) if len(digits) <= len(str(BIGINT_MAX)) else BIGINT_MAX + 1
        problems += _problems(value, name)
    return problems


async def check_page_query(request: Request) -> None:
    """A page's address is refused as one that does not fit the page (422, the field named) when
    its query holds what no service could store: passed on, the service would refuse it and the
    page would say that the service is not available."""
    problems = _query_problems(request)
    if problems:
        raise RequestValidationError(
            [
                {"type": problem.code, "loc": ("query", problem.field), "msg": problem.message}
                for problem in problems
            ]
        )


async def check_input(request: Request) -> None:
    problems = _query_problems(request)
    if request.method not in ("GET", "HEAD") and "json" in request.headers.get("content-type", ""):
        body = await request.body()
        # Where the operation takes a body, FastAPI has read it already and named a malformed one;
        # where it takes none, a body that cannot be read is refused all the same, not ignored.
        try:
            parsed = await request.json() if body else None  # FastAPI's own parse, kept by the request
        except RecursionError:
            raise InvalidInput("invalid request", [too_deep()]) from None
        except json.JSONDecodeError as error:
            raise InvalidInput("invalid request", [not_json(error.msg)]) from None
        except ValueError:  # not UTF-8
            raise InvalidInput("invalid request", [not_json()]) from None
        if (problem := _shape_problem(parsed)) is not None:
            raise InvalidInput("invalid request", [problem])
        if parsed not in (None, {}) and not _takes_a_body(request):
            raise InvalidInput("invalid request", [_no_body_taken()])
        problems += _problems(parsed, "")
    if problems:
        raise InvalidInput("invalid request", problems)


class LimitBody:
    """Plain ASGI middleware: a body over ``MAX_REQUEST_BYTES`` is refused with 413 as it arrives (at
    once when its Content-Length says so), before the gateway holds it, whoever sends it (the
    idempotency layer reads a body before the sign-in). The refusal is the gateway's own answer for
    the status (the JSON API's shape, or a page in the reader's language), sent from here; the
    application then reads that the client has gone and whatever it answers is dropped (an
    exception from here would reach it wrapped by the task groups of the middlewares between)."""

    def __init__(self, app: ASGIApp, answer: Callable[[Request, Exception], Awaitable[Response]]) -> None:
        self.app = app
        self.answer = answer  # the gateway's handler of HTTP statuses

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > MAX_REQUEST_BYTES:
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = refused = False

        async def counted_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_REQUEST_BYTES:
                    refused = True
                    if not started:
                        await self._refuse(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted_receive, watched_send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        too_large = StarletteHTTPException(413, "the request body is too large")
        response = await self.answer(Request(scope, receive), too_large)
        await response(scope, receive, send)
