"""The one service runtime: every service is a ``ServiceDefinition`` (what it owns, answers and
consumes) run by ``ServiceRuntime`` (broker, database, outbox relay, inbox, health, dead letters).

Command line of every service: ``netzwerkstatt-<service> serve | migrate | asyncapi | health``. The demo
data is loaded into a running stack through the services' operations (``netzwerkstatt.stack.seeding``).
"""

from __future__ import annotations

import asyncio
import importlib
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import sqlalchemy as sa
from faststream import FastStream
from faststream.specification import AsyncAPI
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError
from pydantic import BaseModel, ConfigDict, Field

from netzwerkstatt import metrics, subjects, topology
from netzwerkstatt.bus import is_refused_sign_in, nats_broker, sign_in_refused
from netzwerkstatt.contracts import Page, PageRequest
from netzwerkstatt.contracts.registry import PersonErased
from netzwerkstatt.db import Database
from netzwerkstatt.envelope import DomainEvent, Envelope
from netzwerkstatt.erasure import bus_erasure_consumers
from netzwerkstatt.inbox import Consumers, DeadLetter, EventConsumers, Inbox
from netzwerkstatt.integration_consumers import IntegrationConsumerGate
from netzwerkstatt.logs import get_logger
from netzwerkstatt.loops import BackgroundLoop, Loops
from netzwerkstatt.outbox import CLOUDEVENTS_JSON, OutboxRelay, create_own_stream, published_headers
from netzwerkstatt.principal import Access
from netzwerkstatt.rpc import Operations, Provided, RequestServer
from netzwerkstatt.settings import ServiceSettings

log = get_logger(__name__)

# The database's answer to the health check's ``SELECT 1`` is awaited this long: within the second
# that ``netzwerkstatt-<service> health`` and the stack's supervisor wait for the reply.
HEALTH_DATABASE_SECONDS = 0.8

Hook = Callable[["ServiceRuntime"], Awaitable[None]]


@dataclass
class ServiceDefinition:
    settings: ServiceSettings
    metadata: sa.MetaData
    operations: Operations
    consumers: Consumers
    migrations: Path
    description: str = ""
    # Background work of the service (e.g. a reminder scheduler), started after the broker.
    on_started: Sequence[Hook] = field(default_factory=tuple)
    on_stopping: Sequence[Hook] = field(default_factory=tuple)
    # Service-specific numbers read by the metrics sampler (e.g. the mail queue).
    metric_samples: Sequence[Callable[[ServiceRuntime], metrics.Sample]] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        return self.settings.service_name


class Health(BaseModel):
    model_config = ConfigDict(frozen=True)

    service: str
    status: str
    database: bool
    nats: bool
    # Background loops that ended or missed their deadline (the service is not ready while any is).
    late_loops: list[str] = Field(default_factory=list)
    # What the database was short of when it refused work within the last minute ("disk full", say):
    # not ready meanwhile, although it still answers the probe's read.
    database_shortage: str | None = None


class DeadLetterQuery(PageRequest):
    include_replayed: bool = False


class DeadLetterReplay(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: uuid.UUID


RuntimeDep = Annotated["ServiceRuntime", Provided("runtime")]
InboxDep = Annotated[Inbox, Provided("inbox")]


def kernel_operations(service: str) -> Operations:
    """Subjects every service answers: health and its dead letters."""
    operations = Operations(service)

    @operations(
        "health",
        access=Access.OPEN,
        description="Ready when the service's database and NATS are reachable, the database has not "
        "refused work for want of disk, memory or connections in the last minute, and every background "
        "loop keeps its deadline; names the loops that do not and what the database was short of.",
    )
    async def health(runtime: RuntimeDep) -> Health:
        return await runtime.health()

    @operations(
        "deadletter.list",
        access=Access.ADMIN,
        description="Messages that failed on every delivery; admins only, as they may hold personal data.",
    )
    async def list_dead_letters(request: DeadLetterQuery, inbox: InboxDep) -> Page[DeadLetter]:
        letters, total = await inbox.dead_letters(
            include_replayed=request.include_replayed, offset=request.offset, limit=request.limit
        )
        return Page[DeadLetter](items=letters, total=total, offset=request.offset, limit=request.limit)

    @operations(
        "deadletter.replay",
        access=Access.ADMIN,
        description="Run a dead-lettered message through its handler again.",
    )
    async def replay_dead_letter(request: DeadLetterReplay, inbox: InboxDep) -> DeadLetter:
        return await inbox.replay(request.id)

    return operations


class ServiceRuntime:
    def __init__(self, definition: ServiceDefinition) -> None:
        self.definition = definition
        self.settings = definition.settings
        self.name = definition.name
        self.broker = nats_broker(self.settings)
        self.app = FastStream(
            self.broker,
            specification=self._specification(),
            on_startup=[self._before_broker],
            after_startup=[self._after_broker],
            on_shutdown=[self._before_shutdown],
            after_shutdown=[self._after_shutdown],
        )
        self._database: Database | None = None
        self._js: JetStreamContext | None = None
        # The service's consumers plus the kernel's: every service removes an erased person from
        # its own stream, outbox and dead letters (``netzwerkstatt.erasure``).
        self.consumers = Consumers(self.name)
        self.consumers.handlers.update(definition.consumers.handlers)
        own_erasure = [h.consumer for h in definition.consumers.handlers.values() if h.event is PersonErased]
        self.consumers.handlers.update(
            bus_erasure_consumers(self.name, lambda: self.database, self._jetstream, own_erasure).handlers
        )
        self._relay: OutboxRelay | None = None
        self._consumers: EventConsumers | None = None
        self._server: RequestServer | None = None
        self._integration_consumers: IntegrationConsumerGate | None = None
        self._sampler: BackgroundLoop | None = None
        self._exposition: metrics.Exposition | None = None
        # Every background loop of this service (relay, consumers, the service's own work).
        self.loops = Loops()
        metrics.watch_loops(self.name, self.loops)

    async def health(self) -> Health:
        # A database that hangs (frozen, or its host gone without a word) would hold the reply past
        # the probe's wait, which would then report no replica at all instead of this one's answer.
        try:
            database_ok = await asyncio.wait_for(self.database.is_reachable(), HEALTH_DATABASE_SECONDS)
        except TimeoutError:
            database_ok = False
        nats_ok = self.broker.connection is not None and self.broker.connection.is_connected
        late = self.loops.late()
        shortage = self.database.recent_shortage()
        ready = database_ok and nats_ok and not late and shortage is None
        return Health(
            service=self.name,
            status="ready" if ready else "not_ready",
            database=database_ok,
            nats=nats_ok,
            late_loops=late,
            database_shortage=shortage,
        )

    @property
    def database(self) -> Database:
        if self._database is None:
            raise RuntimeError("the service has not started")
        return self._database

    def _jetstream(self) -> JetStreamContext:
        if self._js is None:
            raise RuntimeError("the service has not started")
        return self._js

    @property
    def relay(self) -> OutboxRelay:
        if self._relay is None:
            raise RuntimeError("the service has not started")
        return self._relay

    async def _before_broker(self) -> None:
        # /metrics is served from the start, also while the service waits for NATS (its loops and
        # process numbers; the readiness and backlog samples follow once it is connected).
        self._exposition = metrics.expose(self.settings)
        try:
            await self._start_before_broker()
        except BaseException:
            self._close_exposition()  # FastStream runs no shutdown hook after a failed start
            raise

    def _close_exposition(self) -> None:
        if self._exposition:
            self._exposition.close()
            self._exposition = None

    async def _start_before_broker(self) -> None:
        self._database = Database(self.settings, self.definition.metadata)
        inbox = Inbox(self.settings, self._database, self.consumers)
        # What handlers may ask for with ``Provided("<key>")`` (e.g. ``DatabaseDep``).
        context: dict[str, Any] = {
            "runtime": self,
            "database": self._database,
            "inbox": inbox,
            "settings": self.settings,
        }
        try:
            await self.broker.connect()
        except Exception as error:
            if is_refused_sign_in(error):
                raise sign_in_refused(self.settings) from None
            raise
        js = self.broker.connection.jetstream()
        self._js = js
        differing = await create_own_stream(js, self.name, self.settings.stream_replicas)
        if differing:
            log.error(
                "the stream's settings differ from this version's; apply them with the NATS admin "
                "login: python -m netzwerkstatt.stack streams",
                stream=subjects.stream(self.name),
                settings=differing,
            )
        await self._wait_for_upstream_streams(js)
        self._relay = OutboxRelay(self.settings, self._database, js)
        self._consumers = EventConsumers(self.settings, js, inbox)
        self._sampler = self._metrics_sampler(js)
        endpoints = kernel_operations(self.name).endpoints() + self.definition.operations.endpoints()
        self._server = RequestServer(
            self.broker.connection,
            self.name,
            endpoints,
            context,
            concurrency=self.settings.request_concurrency,
        )
        self._integration_consumers = IntegrationConsumerGate(self.broker.connection, self.name)

    async def _wait_for_upstream_streams(self, js: Any) -> None:
        """Consumers are created on the producers' streams, which their owners declare."""
        producers = {h.event.event_service for h in self.consumers.handlers.values()}
        for producer in sorted(producers - {self.name}):
            stream = subjects.stream(producer)
            for attempt in range(600):
                try:
                    await js.stream_info(stream)
                    break
                except NotFoundError:
                    if attempt % 20 == 0:
                        log.info("waiting for the producer's stream", stream=stream)
                    await asyncio.sleep(0.5)
            else:
                raise RuntimeError(f"stream {stream} of {producer} did not appear")

    async def _after_broker(self) -> None:
        self.relay.start(self.loops)
        if self._consumers:
            self._consumers.start(self.loops)
        if self._server:
            await self._server.start()
        if self._integration_consumers:
            await self._integration_consumers.start()
        for hook in self.definition.on_started:
            await hook(self)
        if self._sampler:
            self.loops.run(self._sampler)
        log.info("service started", subjects=self.definition.operations.subjects)

    def _metrics_sampler(self, js: Any) -> BackgroundLoop:
        database = self.database
        handlers = self.definition.consumers.handlers.values()
        samples = [
            metrics.readiness_sample(self.name, self.is_ready),
            metrics.outbox_sample(self.name, database),
            metrics.dead_letter_sample(self.name, database, [h.consumer for h in handlers]),
            metrics.consumer_sample(
                self.name, js, [(subjects.stream(h.event.event_service), h.consumer) for h in handlers]
            ),
            *(make(self) for make in self.definition.metric_samples),
        ]
        return metrics.sampler(self.name, samples, self.settings.metrics_sample_seconds)

    async def is_ready(self) -> bool:
        """What ``<service>.health`` answers: database and NATS reachable, no recent refusal of the
        database for want of resources, no loop late."""
        return (await self.health()).status == "ready"

    async def _before_shutdown(self) -> None:
        # Everything that uses the connection stops before the broker drains and closes it; an
        # event that was being published stays in the outbox and goes out at the next start.
        if self._sampler:
            await self._sampler.stop()
        if self._server:
            await self._server.stop()
        if self._integration_consumers:
            await self._integration_consumers.stop()
        if self._consumers:
            await self._consumers.stop()
        for hook in self.definition.on_stopping:
            await hook(self)
        if self._relay:
            await self._relay.stop()
        await self.loops.stop()  # any loop its owner did not stop

    async def _after_shutdown(self) -> None:
        self._close_exposition()
        if self._database:
            await self._database.dispose()
        log.info("service stopped")

    async def start(self) -> None:
        """Start in the current event loop (tests and the supervisor run services this way)."""
        await self.app.start()

    async def stop(self) -> None:
        await self.app.stop()

    def _specification(self) -> AsyncAPI:
        return AsyncAPI(
            title=f"Netzwerkstatt {self.name}", version="1.0.0", description=self.definition.description
        )

    def asyncapi(self) -> dict[str, Any]:
        """The AsyncAPI document: the subjects answered, the events published (on the service's
        stream) and the events consumed. Built on a broker of its own that is never connected."""
        broker = nats_broker(self.settings)
        broker.include_router(kernel_operations(self.name).documentation())
        broker.include_router(self.definition.operations.documentation())
        broker.include_router(self.consumers.documentation())
        for event in published_events(self.name):
            broker.publisher(
                event.subject(),
                stream=subjects.stream(self.name),
                title=f"{event.subject()}:Publisher",
                description=(event.__doc__ or "").strip() or None,
                schema=Envelope[event],  # type: ignore[valid-type]
            )
        document = FastStream(broker, specification=self._specification())
        specification: dict[str, Any] = document.schema.to_specification().to_jsonable()
        # The relay publishes outside FastStream's view: its content type and headers, said here.
        for event in published_events(self.name):
            message = specification["components"]["messages"][f"{event.subject()}:Publisher:Message"]
            message.update(contentType=CLOUDEVENTS_JSON, headers=published_headers())
        return specification


def published_events(service: str) -> list[type[DomainEvent]]:
    """Every event type the service owns, from its contract module (``netzwerkstatt.contracts.<service>``)."""
    importlib.import_module(f"netzwerkstatt.contracts.{service}")
    found: dict[str, type[DomainEvent]] = {}
    pending: list[type[DomainEvent]] = [DomainEvent]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if getattr(subclass, "event_service", None) == service:
                found[subclass.subject()] = subclass
    return [found[subject] for subject in sorted(found)]


__all__ = ["ServiceDefinition", "ServiceRuntime", "topology"]
