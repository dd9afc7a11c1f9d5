"""Typed request-reply: one subject per operation, served in the service's queue group.

Every reply has one shape: ``{"ok": true, "data": ...}`` or ``{"ok": false, "error": ErrorReply}``.
Invalid requests (malformed JSON, wrong types, missing or unknown fields) and domain rule violations
come back as typed errors; a caller never has to interpret a timeout as an answer.

Deadlines: a caller sends the moment it stops waiting (``deadline`` header, Unix seconds); a request
still queued at that moment is dropped unanswered instead of acted on, since nobody would see
its answer (a retry would act on it again). Clocks of caller and service are assumed in sync (NTP).
A deadline that is no number of seconds (``soon``, ``nan``, ``-inf``) is refused as invalid input.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import json
import math
import time
import typing
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Literal, TypeVar

import nats.errors
from faststream.exceptions import IncorrectState
from faststream.nats import NatsBroker, NatsRouter
from nats.aio.client import Client as NatsClient
from nats.aio.msg import Msg
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from netzwerkstatt import metrics, subjects
from netzwerkstatt.errors import (
    Conflict,
    ErrorCode,
    ErrorReply,
    FieldError,
    InvalidInput,
    NoAnswer,
    ServiceError,
    Unavailable,
    error_from_reply,
    field_errors,
)
from netzwerkstatt.logs import CORRELATION_HEADER, correlation, current_correlation_id, get_logger
from netzwerkstatt.outage import is_concurrent_write, is_connection_failure, resource_shortage
from netzwerkstatt.principal import Access, Principal, admit

log = get_logger(__name__)

T = TypeVar("T")
H = TypeVar("H", bound=Callable[..., Awaitable[Any]])

# A service's own rules for the fields of a request, applied to the request as sent (its JSON
# object) when the contract refuses it: they read only values of the types they check.
FieldRules = Callable[[Mapping[str, Any]], Sequence[FieldError]]

DEADLINE_HEADER = "deadline"
# Asked once a request server has subscribed, to learn that the server has its subscriptions.
JETSTREAM_ACCOUNT_INFO = "$JS.API.INFO"
SUBSCRIPTIONS_ARRIVE_SECONDS = 5.0


class OkReply(BaseModel, Generic[T]):
    model_config = ConfigDict(frozen=True)

    ok: Literal[True] = True
    data: T


class FailedReply(BaseModel):
    model_config = ConfigDict(frozen=True)

    ok: Literal[False] = False
    error: ErrorReply


def ok(data: Any) -> bytes:
    """The reply body of a successful request: ``{"ok":true,"data":...}``, serialised in one pass."""
    return b'{"ok":true,"data":' + _json(data) + b"}"


def failed(error: ErrorReply) -> bytes:
    return b'{"ok":false,"error":' + error.model_dump_json().encode() + b"}"


def _json(data: Any) -> bytes:
    if isinstance(data, BaseModel):
        return data.model_dump_json().encode()
    if data is None:
        return b"null"
    return _adapter(type(data)).dump_json(data)


def _adapter(kind: Any) -> TypeAdapter[Any]:
    """One adapter per type, built once (building one costs far more than using it)."""
    try:
        return _cached_adapter(kind)
    except TypeError:  # a type that cannot be a cache key
        return TypeAdapter(kind)


@functools.lru_cache(maxsize=512)
def _cached_adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def json_form(kind: Any, value: Any) -> Any:
    """``value`` of type ``kind`` as JSON-compatible Python data (what its reply's JSON holds)."""
    return _adapter(kind).dump_python(value, mode="json")


# -- server side ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Provided:
    """Marks a handler parameter that the running service provides instead of the request:
    ``db: Annotated[Database, Provided("database")]`` (see ``DatabaseDep``). The kernel's own marker:
    requests are answered by ``RequestServer`` on nats-py, not by FastStream, so FastStream's
    ``Context`` (whose class is not public API) has no part in it."""

    name: str


class Operations:
    """The request-reply subjects one service answers. Use as a decorator:

    ``@operations("organisation.create", access=Access.CHANGE)`` on ``async def create(request:
    CreateOrganisation, principal: Principal, db: DatabaseDep) -> OrganisationView``: every operation
    names its ``Access`` rule (``netzwerkstatt.principal``); the request model (the first parameter,
    if it is not a provided object) is validated from the message body, a parameter annotated
    ``Principal`` receives the admitted principal, parameters annotated with
    ``Provided("name")`` receive the running service's objects, the return value becomes
    ``{"ok": true, "data": ...}`` and a raised ``ServiceError`` the error reply.
    Registration only records the handler; each running service serves it (``RequestServer``).

    ``field_rules`` names the service's own checks of single fields (an e-mail address, a phone
    number) that its handler applies to every request: they run on the request as sent when the
    contract refuses it, and their problems come back in the same answer as the contract's, so a
    caller learns every problem of a request at once. A field the contract names already is left
    to the contract's message.
    """

    def __init__(self, service: str) -> None:
        self.service = service
        self._handlers: dict[str, tuple[Callable[..., Awaitable[Any]], str | None]] = {}
        self.access: dict[str, Access] = {}
        self.field_rules: dict[str, FieldRules] = {}

    @property
    def subjects(self) -> list[str]:
        return list(self._handlers)

    def __call__(
        self,
        name: str,
        *,
        access: Access,
        description: str | None = None,
        field_rules: FieldRules | None = None,
    ) -> Callable[[H], H]:
        subject = subjects.operation(self.service, name)
        if subject in self._handlers:
            raise ValueError(f"operation {subject} is registered twice")
        if not isinstance(access, Access):
            raise TypeError(f"operation {subject} needs an Access rule, not {access!r}")

        def register(handler: H) -> H:
            self._handlers[subject] = (handler, description or inspect.getdoc(handler))
            self.access[subject] = access
            if field_rules is not None:
                self.field_rules[subject] = field_rules
            return handler

        return register

    def endpoints(self) -> list[Endpoint]:
        return [
            Endpoint.of(subject, handler, self.access[subject], self.field_rules.get(subject))
            for subject, (handler, _) in self._handlers.items()
        ]

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
    """A stand-in with the handler's request parameter only, for FastStream to describe; the
    principal (it travels in headers) and the provided objects are not part of the payload."""
    hints = typing.get_type_hints(handler, include_extras=True)
    signature = inspect.signature(handler)
    request = [
        p
        for name, p in signature.parameters.items()
        if _context_key(hints[name]) is None and hints[name] is not Principal
    ]

    @functools.wraps(handler)
    async def answer(*args: Any, **kwargs: Any) -> dict[str, Any]:
        raise RuntimeError("documentation only")

    answer.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=request, return_annotation=dict[str, Any]
    )
    answer.__annotations__ = {p.name: hints[p.name] for p in request} | {"return": dict[str, Any]}
    return answer


@dataclass(frozen=True)
class Endpoint:
    """One operation as served: its subject, its handler, how to read the request, what to inject."""

    subject: str
    handler: Callable[..., Awaitable[Any]]
    request_parameter: str | None
    request: TypeAdapter[Any] | None
    dependencies: dict[str, str]  # parameter name -> context key
    access: Access = Access.READ
    principal_parameter: str | None = None
    field_rules: FieldRules | None = None

    @classmethod
    def of(
        cls,
        subject: str,
        handler: Callable[..., Awaitable[Any]],
        access: Access = Access.READ,
        field_rules: FieldRules | None = None,
    ) -> Endpoint:
        hints = typing.get_type_hints(handler, include_extras=True)
        request_parameter: str | None = None
        request: TypeAdapter[Any] | None = None
        dependencies: dict[str, str] = {}
        principal_parameter: str | None = None
        for name in inspect.signature(handler).parameters:
            hint = hints[name]
            key = _context_key(hint)
            if hint is Principal:
                principal_parameter = name
            elif key is not None:
                dependencies[name] = key
            elif request_parameter is None:
                request_parameter, request = name, TypeAdapter(hint)
            else:
                raise TypeError(f"{subject}: only one request parameter, {name!r} is a second one")
        return cls(
            subject,
            handler,
            request_parameter,
            request,
            dependencies,
            access,
            principal_parameter,
            field_rules,
        )

    def parse(self, body: bytes) -> dict[str, Any]:
        """The handler's request argument from the message body, or ``InvalidInput`` naming fields."""
        if self.request is None or self.request_parameter is None:
            return {}
        try:
            return {self.request_parameter: self.request.validate_json(body or b"null")}
        except ValidationError as error:
            refused = _request_errors(error)
            raise InvalidInput("invalid request", refused + self._rule_problems(body, refused)) from error

    def _rule_problems(self, body: bytes, refused: Sequence[FieldError]) -> list[FieldError]:
        """The service's field rules on a request its contract refused, for the fields the contract
        did not name (nor any part or whole of them): one answer names every problem. A field the
        contract refused as a whole is not handed to the rules (a list far over its limit would
        cost them seconds)."""
        if self.field_rules is None or any(item.field == "body" for item in refused):
            return []
        try:
            sent = json.loads(body)
        except ValueError:
            return []
        if not isinstance(sent, dict):
            return []
        named = [item.field.split(".") for item in refused]
        # A field the contract refused as a whole is not read again (a list far over its limit).
        whole = {path[0] for path in named if len(path) == 1}
        unnamed = {key: value for key, value in sent.items() if key not in whole}
        return [
            problem
            for problem in self.field_rules(unnamed)
            if not any(_overlap(problem.field.split("."), path) for path in named)
        ]


def _overlap(one: list[str], other: list[str]) -> bool:
    """One dotted path is the other or a part of it (``emails`` and ``emails.0``)."""
    shorter = min(len(one), len(other))
    return one[:shorter] == other[:shorter]


def _context_key(hint: Any) -> str | None:
    if typing.get_origin(hint) is Annotated:
        for meta in hint.__metadata__:
            if isinstance(meta, Provided):
                return meta.name
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
        self.dropped = 0  # requests whose deadline passed before they were handled
        self.refused = 0  # messages that were no request (no reply subject in an inbox)
        self._metrics = {
            endpoint.subject: metrics.operation(service, endpoint.subject) for endpoint in endpoints
        }
        self._subscriptions: list[Any] = []
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Subscribe every operation; returns once the server has the subscriptions, so a service
        that reports ready then is answered from any connection."""
        for endpoint in self.endpoints:
            self._subscriptions.append(
                await self.client.subscribe(endpoint.subject, queue=self.queue, cb=self._receiver(endpoint))
            )
        await self._subscriptions_arrived()

    async def _subscriptions_arrived(self) -> None:
        """The subscriptions wait in the connection's send buffer, and nats-py's ``flush()`` writes its
        PING ahead of that buffer, so its PONG proves nothing. A request sent after them through the
        same buffer is answered only once the server has handled them, as it handles a connection's
        commands in order: JetStream's account info, which every service may ask for."""
        try:
            await self.client.request(JETSTREAM_ACCOUNT_INFO, b"", timeout=SUBSCRIPTIONS_ARRIVE_SECONDS)
        except nats.errors.Error as error:
            log.warning(
                "the NATS server has not confirmed the subscriptions yet", reason=type(error).__name__
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
            if not subjects.is_request_reply(message.reply):
                # Not a request: JetStream pushing a stream's messages here (a consumer with this
                # subject as its deliver subject, which a service's login may create on its own
                # stream, with whatever headers it published), or a publish nobody waits for.
                self.refused += 1
                log.warning(
                    "message on an operation subject refused: it is no request", subject=endpoint.subject
                )
                return
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
                if _past_deadline(headers):
                    self.dropped += 1
                    log.warning("request dropped: its caller's deadline has passed")
                    return
                # Another system's command carries headers that system wrote: no principal of ours.
                imported = subjects.is_from_another_account(message.reply)
                principal = admit(endpoint.access, None if imported else Principal.from_headers(headers))
                arguments = endpoint.parse(message.data)
                if endpoint.principal_parameter is not None:
                    arguments[endpoint.principal_parameter] = principal
                arguments.update({name: self.context[key] for name, key in endpoint.dependencies.items()})
                reply = ok(await endpoint.handler(**arguments))
            except ServiceError as error:
                error_code = str(error.code)
                reply = failed(error.reply())
            except Exception as error:
                if is_concurrent_write(error):
                    # Two requests wrote the same record at once; the other one won. Asked again, the
                    # operation's own checks answer (``duplicate_id``, say).
                    log.warning("request lost a race with another write", error=type(error).__name__)
                    conflict = Conflict(
                        "another request changed the same records at the same moment; try again"
                    )
                    error_code = str(conflict.code)
                    reply = failed(conflict.reply())
                elif shortage := resource_shortage(error):
                    # The database answers but cannot take the work for want of disk, memory or
                    # connections: an outage for the operator to end, not a bug of the request.
                    log.warning("request not handled: the database is short of resources", shortage=shortage)
                    unavailable = Unavailable(
                        "the service's database cannot take this just now (out of disk space, memory "
                        "or connections)"
                    )
                    error_code = str(unavailable.code)
                    reply = failed(unavailable.reply())
                elif not is_connection_failure(error):
                    log.exception("request failed unexpectedly", error=repr(error))
                    error_code = ErrorCode.INTERNAL
                    reply = failed(
                        ErrorReply(code=ErrorCode.INTERNAL, message="internal error; see the service log")
                    )
                else:
                    # An outage (the database restarting, say), not a bug: the caller may retry.
                    log.warning("request not handled: a connection is down", error=type(error).__name__)
                    unavailable = Unavailable("the service's database or NATS is not reachable just now")
                    error_code = str(unavailable.code)
                    reply = failed(unavailable.reply())
            if len(reply) > self.client.max_payload:
                # NATS would refuse it and the caller wait for its deadline: an error, said at once.
                log.error("reply larger than NATS allows; answered with an error", size=len(reply))
                error_code = ErrorCode.INTERNAL
                too_large = "the answer is too large to send; ask for less at once"
                reply = failed(ErrorReply(code=ErrorCode.INTERNAL, message=too_large))
            self._metrics[endpoint.subject].observe(started, error_code)
            if message.reply:
                with contextlib.suppress(Exception):
                    # Not ``message.respond``: it would send the request's headers (the principal,
                    # the deadline) back with the reply, for the caller to parse and ignore.
                    await self.client.publish(message.reply, reply)


# -- client side ------------------------------------------------------------------------------------

R = TypeVar("R")
Q = TypeVar("Q")


@dataclass(frozen=True)
class Operation(Generic[Q, R]):
    """One request-reply operation as its contract states it: the subject, the request model (None:
    it takes none), the reply type and the access rule. The constants in ``netzwerkstatt.operations``
    are generated from the services' registries, so a caller names an operation that exists and gets
    the reply type its service declares."""

    subject: str
    request: type[Q] | None
    reply: type[R]
    access: Access

    @property
    def service(self) -> str:
        return self.subject.split(".", 1)[0]


class RpcClient:
    """Calls operations of other services and returns typed data or raises the typed error. The
    requests carry ``principal`` (a service's own, or the gateway's signed-in staff member through
    ``acting_as``) in their headers."""

    def __init__(
        self,
        broker: NatsBroker,
        *,
        timeout: float = 5.0,
        principal: Principal | None = None,
        caller: str = "client",
    ) -> None:
        self.broker = broker
        self.timeout = timeout
        self.principal = principal
        self.caller = caller  # the calling service, as the metrics name it

    def acting_as(self, principal: Principal) -> RpcClient:
        """The same connection, calling on behalf of ``principal``."""
        return RpcClient(self.broker, timeout=self.timeout, principal=principal, caller=self.caller)

    async def send(
        self,
        operation: Operation[Q, R],
        request: Q | dict[str, Any] | None = None,
        *,
        timeout: float | None = None,
    ) -> R:
        """Call ``operation`` with its request model (or the same fields as a mapping, which the
        service validates); returns its reply, checked against the contract, or raises the typed error."""
        body = typing.cast("BaseModel | dict[str, Any] | None", request)
        return await self.call(operation.subject, body, operation.reply, timeout=timeout)

    async def call(
        self,
        subject: str,
        request: BaseModel | dict[str, Any] | None,
        response: type[R] | Any,
        *,
        timeout: float | None = None,
    ) -> R:
        body = (
            request.model_dump_json().encode()
            if isinstance(request, BaseModel)
            else json.dumps(request or {}, separators=(",", ":")).encode()
        )
        correlation_id = current_correlation_id()
        wait = timeout or self.timeout
        headers = self.principal.headers() if self.principal is not None else {}
        headers[DEADLINE_HEADER] = f"{time.time() + wait:.3f}"
        if correlation_id:
            headers[CORRELATION_HEADER] = correlation_id
        observed = metrics.call(self.caller, subject)
        started = time.perf_counter()
        connection = self.broker.connection
        if not connection.is_connected:
            # Reconnecting (NATS restarting, or gone): the request would wait in the client's buffer
            # for the whole time limit. Say at once what the caller would learn only then.
            observed.observe(started, ErrorCode.UNAVAILABLE)
            raise Unavailable(f"{subject.split('.')[0]} is not reachable: the connection to NATS is down")
        try:
            # The broker's own nats-py connection: one request, no framework layers around it.
            message = await connection.request(
                subject,
                body,
                timeout=wait,
                headers=headers,
            )
        except (TimeoutError, nats.errors.TimeoutError) as exc:
            observed.observe(started, ErrorCode.UNAVAILABLE)
            raise NoAnswer(f"no answer from {subject.split('.')[0]} within the time limit") from exc
        except (nats.errors.ConnectionClosedError, nats.errors.ConnectionReconnectingError) as exc:
            observed.observe(started, ErrorCode.UNAVAILABLE)
            raise NoAnswer(
                f"{subject.split('.')[0]} did not answer: the connection to NATS was lost"
            ) from exc
        except (
            nats.errors.NoRespondersError,
            nats.errors.OutboundBufferLimitError,
            IncorrectState,
        ) as exc:
            observed.observe(started, ErrorCode.UNAVAILABLE)
            raise Unavailable(f"{subject.split('.')[0]} is not reachable") from exc
        except nats.errors.MaxPayloadError as exc:
            # Refused before it was sent: the caller's input, not an outage.
            observed.observe(started, ErrorCode.VALIDATION)
            limit = self.broker.connection.max_payload
            too_large = FieldError(
                field="body",
                message=f"must be at most {limit} bytes as JSON",
                code="request_too_large",
                params={"max_megabytes": limit // (1024 * 1024)},
            )
            raise InvalidInput("the request is too large to send", [too_large]) from exc
        try:
            result: R = parse_reply(message.data, response)
        except ServiceError as error:
            observed.observe(started, error.code)
            raise
        observed.observe(started)
        return result


def _past_deadline(headers: dict[str, str]) -> bool:
    """Has the caller's deadline passed? One that is no moment in time is refused at ``deadline``."""
    given = headers.get(DEADLINE_HEADER)
    if given is None:
        return False
    try:
        deadline = float(given) if given.isascii() else math.nan  # float() reads "١٢٣" too
    except ValueError:
        deadline = math.nan
    if not math.isfinite(deadline):
        raise InvalidInput.for_field(
            DEADLINE_HEADER,
            f"{given[:40]!r} is no deadline: give the moment the caller stops waiting, in Unix seconds",
            "invalid_deadline",
        )
    return time.time() > deadline


_OK_PREFIX = b'{"ok":true,'


def parse_reply(raw: bytes, response: type[R] | Any) -> R:
    """The typed data of a reply, or its typed error raised. Replies of our servers are validated
    straight from the bytes in one pass; any other spelling of the same shape is read as JSON first."""
    if raw.startswith(_OK_PREFIX):
        reply: OkReply[R] = _ok_adapter(response).validate_json(raw)
        return reply.data
    payload = json.loads(raw)
    if payload.get("ok") is True:
        data: R = _adapter(response).validate_python(payload.get("data"))
        return data
    raise error_from_reply(ErrorReply.model_validate(payload["error"]))


def _ok_adapter(response: Any) -> TypeAdapter[Any]:
    try:
        return _cached_ok_adapter(response)
    except TypeError:  # a type that cannot be a cache key
        return TypeAdapter(_ok_reply_of(response))


@functools.lru_cache(maxsize=512)
def _cached_ok_adapter(response: Any) -> TypeAdapter[Any]:
    return TypeAdapter(_ok_reply_of(response))


def _ok_reply_of(response: Any) -> Any:
    """``OkReply[response]`` for a response type known only at run time."""
    return OkReply.__class_getitem__(response)
