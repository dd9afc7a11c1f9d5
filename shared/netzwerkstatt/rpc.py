"""Typed request-reply: one subject per operation, served in the service's queue group.

Every reply has one shape: ``{"ok": true, "data": ...}`` or ``{"ok": false, "error": ErrorReply}``.
Invalid requests (malformed JSON, wrong types, missing or unknown fields) and domain rule violations
come back as typed errors; a caller never has to interpret a timeout as an answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import json
import time
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Literal, TypeVar

import nats.errors
from faststream._internal.context.context_type import Context as FastStreamContext
from faststream.nats import NatsBroker, NatsRouter
from nats.aio.client import Client as NatsClient
from nats.aio.msg import Msg
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from netzwerkstatt import metrics, subjects
from netzwerkstatt.errors import (
    ErrorCode,
    ErrorReply,
    FieldError,
    InvalidInput,
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


class Operations:
    """The request-reply subjects one service answers. Use as a decorator:

    ``@operations("organisation.create")`` on ``async def create(request: CreateOrganisation,
    db: DatabaseDep) -> OrganisationView``: the request model (the first parameter, if it is not a
    context dependency) is validated from the message body, parameters annotated with
    ``Context("name")`` receive the running service's objects, the return value becomes
    ``{"ok": true, "data": ...}`` and a raised ``ServiceError`` the error reply.
    Registration only records the handler; each running service serves it (``RequestServer``).
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

    def endpoints(self) -> list[Endpoint]:
        return [Endpoint.of(subject, handler) for subject, (handler, _) in self._handlers.items()]

    def documentation(self) -> NatsRouter:
        """FastStream subscribers describing the subjects and request schemas for the AsyncAPI
        document. They are never started: ``RequestServer`` answers the requests."""
        router = NatsRouter()
        for subject, (handler, description) in self._handlers.items():
            router.subscriber(
                subject, queue=subjects.queue_group(self.service), title=subject, description=description
            )(_documented(handler))
        return router


def _documented(handler: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[dict[str, Any]]]:
    @functools.wraps(handler)
    async def answer(*args: Any, **kwargs: Any) -> dict[str, Any]:
        raise RuntimeError("documentation only")

    answer.__signature__ = inspect.signature(handler).replace(  # type: ignore[attr-defined]
        return_annotation=dict[str, Any]
    )
    answer.__annotations__ = {**handler.__annotations__, "return": dict[str, Any]}
    return answer


@dataclass(frozen=True)
class Endpoint:
    """One operation as served: its subject, its handler, how to read the request, what to inject."""

    subject: str
    handler: Callable[..., Awaitable[Any]]
    request_parameter: str | None
    request: TypeAdapter[Any] | None
    dependencies: dict[str, str]  # parameter name -> context key

    @classmethod
    def of(cls, subject: str, handler: Callable[..., Awaitable[Any]]) -> Endpoint:
        hints = typing.get_type_hints(handler, include_extras=True)
        request_parameter: str | None = None
        request: TypeAdapter[Any] | None = None
        dependencies: dict[str, str] = {}
        for name in inspect.signature(handler).parameters:
            hint = hints[name]
            key = _context_key(hint)
            if key is not None:
                dependencies[name] = key
            elif request_parameter is None:
                request_parameter, request = name, TypeAdapter(hint)
            else:
                raise TypeError(f"{subject}: only one request parameter, {name!r} is a second one")
        return cls(subject, handler, request_parameter, request, dependencies)

    def parse(self, body: bytes) -> dict[str, Any]:
        """The handler's request argument from the message body, or ``InvalidInput`` naming fields."""
        if self.request is None or self.request_parameter is None:
            return {}
        try:
            return {self.request_parameter: self.request.validate_json(body or b"null")}
        except ValidationError as error:
            raise InvalidInput("invalid request", _request_errors(error)) from error


def _context_key(hint: Any) -> str | None:
    if typing.get_origin(hint) is Annotated:
        for meta in hint.__metadata__:
            if isinstance(meta, FastStreamContext):
                return str(meta.name)
    return None


def _request_errors(error: ValidationError) -> list[FieldError]:
    items = error.errors(include_url=False)
    if (
        len(items) == 1
        and not items[0]["loc"]
        and items[0]["type"] in {"json_invalid", "model_type", "model_attributes_type"}
    ):
        message = "the request body must be a JSON object matching the operation's schema"
        return [FieldError(field="body", message=message, code="malformed")]
    return field_errors(error)


class RequestServer:
    """Answers a service's operations: one queue-group subscription per subject; each request is
    handled in a task of its own, at most ``concurrency`` at once, so a handler that waits for its
    database does not hold up the requests behind it."""

    def __init__(
        self,
        client: NatsClient,
        service: str,
        endpoints: list[Endpoint],
        context: dict[str, Any],
        *,
        concurrency: int,
    ) -> None:
        self.client = client
        self.queue = subjects.queue_group(service)
        self.endpoints = endpoints
        self.context = context
        self._slots = asyncio.Semaphore(concurrency)
        self._metrics = {
            endpoint.subject: metrics.operation(service, endpoint.subject) for endpoint in endpoints
        }
        self._subscriptions: list[Any] = []
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        for endpoint in self.endpoints:
            self._subscriptions.append(
                await self.client.subscribe(endpoint.subject, queue=self.queue, cb=self._receiver(endpoint))
            )

    async def stop(self) -> None:
        for subscription in self._subscriptions:
            with contextlib.suppress(Exception):
                await subscription.unsubscribe()
        self._subscriptions.clear()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=10)

    def _receiver(self, endpoint: Endpoint) -> Callable[[Msg], Awaitable[None]]:
        async def receive(message: Msg) -> None:
            await self._slots.acquire()
            task = asyncio.create_task(self._answer(endpoint, message))
            self._tasks.add(task)
            task.add_done_callback(self._finished)

        return receive

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._slots.release()

    async def _answer(self, endpoint: Endpoint, message: Msg) -> None:
        started = time.perf_counter()
        headers = message.headers or {}
        error_code: str | None = None
        with correlation(headers.get(CORRELATION_HEADER), subject=endpoint.subject):
            try:
                arguments = endpoint.parse(message.data)
                arguments.update({name: self.context[key] for name, key in endpoint.dependencies.items()})
                reply = ok(await endpoint.handler(**arguments))
            except ServiceError as error:
                error_code = str(error.code)
                reply = failed(error.reply())
            except Exception as error:
                log.exception("request failed unexpectedly", error=repr(error))
                error_code = ErrorCode.INTERNAL
                reply = failed(
                    ErrorReply(code=ErrorCode.INTERNAL, message="internal error; see the service log")
                )
            self._metrics[endpoint.subject].observe(started, error_code)
            if message.reply:
                with contextlib.suppress(Exception):
                    await message.respond(json.dumps(reply, separators=(",", ":")).encode())


# -- client side ------------------------------------------------------------------------------------

R = TypeVar("R")


class RpcClient:
    """Calls operations of other services and returns typed data or raises the typed error."""

    def __init__(self, broker: NatsBroker, *, timeout: float = 5.0, caller: str = "client") -> None:
        self.broker = broker
        self.timeout = timeout
        self.caller = caller
        self._metrics: dict[str, metrics.OperationMetrics] = {}

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
        observed = self._metrics.get(subject) or self._metrics.setdefault(
            subject, metrics.call(self.caller, subject)
        )
        started = time.perf_counter()
        try:
            message = await self.broker.request(
                body,
                subject,
                timeout=timeout or self.timeout,
                correlation_id=correlation_id,
                headers={CORRELATION_HEADER: correlation_id} if correlation_id else None,
            )
        except (TimeoutError, nats.errors.TimeoutError) as exc:
            observed.observe(started, ErrorCode.UNAVAILABLE)
            raise Unavailable(f"no answer from {subject.split('.')[0]} within the time limit") from exc
        except (nats.errors.NoRespondersError, nats.errors.ConnectionClosedError) as exc:
            observed.observe(started, ErrorCode.UNAVAILABLE)
            raise Unavailable(f"{subject.split('.')[0]} is not reachable") from exc
        try:
            result: R = parse_reply(message.body, response)
        except ServiceError as error:
            observed.observe(started, error.code)
            raise
        observed.observe(started)
        return result


def parse_reply(raw: bytes, response: type[R] | Any) -> R:
    payload = json.loads(raw)
    if payload.get("ok") is True:
        data: R = TypeAdapter(response).validate_python(payload.get("data"))
        return data
    raise error_from_reply(ErrorReply.model_validate(payload["error"]))
