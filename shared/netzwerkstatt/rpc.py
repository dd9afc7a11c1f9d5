"""Typed request-reply: one subject per operation, served in the service's queue group.

Every reply has one shape: ``{"ok": true, "data": ...}`` or ``{"ok": false, "error": ErrorReply}``.
Invalid requests (malformed JSON, wrong types, missing or unknown fields) and domain rule violations
come back as typed errors; a caller never has to interpret a timeout as an answer.
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Awaitable, Callable
from typing import Any, Generic, Literal, TypeVar

import nats.errors
from faststream import BaseMiddleware
from faststream.middlewares import ExceptionMiddleware
from faststream.nats import NatsBroker, NatsRouter
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from netzwerkstatt import subjects
from netzwerkstatt.errors import (
    ErrorCode,
    ErrorReply,
    FieldError,
    ServiceError,
    Unavailable,
    error_from_reply,
    field_errors,
)
from netzwerkstatt.logs import CORRELATION_HEADER, correlation, current_correlation_id, get_logger

log = get_logger(__name__)

T = TypeVar("T")
H = TypeVar("H", bound=Callable[..., Awaitable[Any]])


class OkReply(BaseModel, Generic[T]):
    model_config = ConfigDict(frozen=True)

    ok: Literal[True] = True
    data: T


class FailedReply(BaseModel):
    model_config = ConfigDict(frozen=True)

    ok: Literal[False] = False
    error: ErrorReply


def ok(data: Any) -> dict[str, Any]:
    return {"ok": True, "data": _jsonable(data)}


def failed(error: ErrorReply) -> dict[str, Any]:
    return {"ok": False, "error": error.model_dump(mode="json")}


def _jsonable(data: Any) -> Any:
    if isinstance(data, BaseModel):
        return data.model_dump(mode="json")
    return TypeAdapter(type(data)).dump_python(data, mode="json") if data is not None else None


# -- server side ------------------------------------------------------------------------------------

_errors = ExceptionMiddleware()


@_errors.add_handler(ValidationError, publish=True)
async def _invalid_request(error: ValidationError) -> dict[str, Any]:
    # The request model is the handler's only body argument: drop its parameter name from the path.
    details = field_errors(error, strip_prefix=1)
    if _is_not_an_object(error):
        message = "the request body must be a JSON object matching the operation's schema"
        details = [FieldError(field="body", message=message, code="malformed")]
    return failed(ErrorReply(code=ErrorCode.VALIDATION, message="invalid request", details=details))


@_errors.add_handler(ServiceError, publish=True)
async def _service_error(error: ServiceError) -> dict[str, Any]:
    return failed(error.reply())


@_errors.add_handler(Exception, publish=True)
async def _unexpected(error: Exception) -> dict[str, Any]:
    log.exception("request failed unexpectedly", error=repr(error))
    return failed(ErrorReply(code=ErrorCode.INTERNAL, message="internal error; see the service log"))


def _is_not_an_object(error: ValidationError) -> bool:
    items = error.errors(include_url=False)
    return len(items) == 1 and len(items[0]["loc"]) <= 1 and items[0]["type"] == "model_type"


class Operations:
    """The request-reply subjects one service answers. Use as a decorator:

    ``@operations("organisation.create")`` on ``async def create(request: CreateOrganisation,
    db: DatabaseDep) -> OrganisationView``: the request model is validated from the message body,
    the return value becomes ``{"ok": true, "data": ...}``, a raised ``ServiceError`` the error reply.
    Registration only records the handler; each running service builds its own router from it.
    """

    def __init__(self, service: str) -> None:
        self.service = service
        self._handlers: dict[str, tuple[Callable[..., Awaitable[Any]], str | None]] = {}

    @property
    def subjects(self) -> list[str]:
        return list(self._handlers)

    def __call__(self, name: str, *, description: str | None = None) -> Callable[[H], H]:
        subject = subjects.operation(self.service, name)
        if subject in self._handlers:
            raise ValueError(f"operation {subject} is registered twice")

        def register(handler: H) -> H:
            self._handlers[subject] = (handler, description or inspect.getdoc(handler))
            return handler

        return register

    def router(self, *, concurrency: int = 16) -> NatsRouter:
        """Build the subscribers; each handles up to ``concurrency`` requests at once (a handler that
        waits for its database must not hold up the requests behind it)."""
        router = NatsRouter(middlewares=[_errors])
        for subject, (handler, description) in self._handlers.items():
            router.subscriber(
                subject,
                queue=subjects.queue_group(self.service),
                max_workers=concurrency,
                title=subject,
                description=description,
            )(_answering(handler))
        return router


def _answering(handler: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[dict[str, Any]]]:
    """Wrap a handler so that its result is sent as ``{"ok": true, "data": ...}``."""

    @functools.wraps(handler)
    async def answer(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return ok(await handler(*args, **kwargs))

    # The reply is always the wrapped shape, whatever the handler's own return type says.
    answer.__signature__ = inspect.signature(handler).replace(  # type: ignore[attr-defined]
        return_annotation=dict[str, Any]
    )
    answer.__annotations__ = {**handler.__annotations__, "return": dict[str, Any]}
    return answer


# -- client side ------------------------------------------------------------------------------------

R = TypeVar("R")


class RpcClient:
    """Calls operations of other services and returns typed data or raises the typed error."""

    def __init__(self, broker: NatsBroker, *, timeout: float = 5.0) -> None:
        self.broker = broker
        self.timeout = timeout

    async def call(
        self,
        subject: str,
        request: BaseModel | dict[str, Any] | None,
        response: type[R] | Any,
        *,
        timeout: float | None = None,
    ) -> R:
        body: Any = request.model_dump(mode="json") if isinstance(request, BaseModel) else (request or {})
        correlation_id = current_correlation_id()
        try:
            message = await self.broker.request(
                body,
                subject,
                timeout=timeout or self.timeout,
                correlation_id=correlation_id,
                headers={CORRELATION_HEADER: correlation_id} if correlation_id else None,
            )
        except (TimeoutError, nats.errors.TimeoutError) as exc:
            raise Unavailable(f"no answer from {subject.split('.')[0]} within the time limit") from exc
        except (nats.errors.NoRespondersError, nats.errors.ConnectionClosedError) as exc:
            raise Unavailable(f"{subject.split('.')[0]} is not reachable") from exc
        result: R = parse_reply(message.body, response)
        return result


def parse_reply(raw: bytes, response: type[R] | Any) -> R:
    payload = json.loads(raw)
    if payload.get("ok") is True:
        data: R = TypeAdapter(response).validate_python(payload.get("data"))
        return data
    raise error_from_reply(ErrorReply.model_validate(payload["error"]))


class CorrelationMiddleware(BaseMiddleware):
    """Binds the incoming message's correlation id to every log line written while handling it."""

    async def consume_scope(self, call_next: Any, msg: Any) -> Any:
        incoming = msg.headers.get(CORRELATION_HEADER) or msg.correlation_id
        with correlation(incoming, subject=msg.raw_message.subject):
            return await call_next(msg)
