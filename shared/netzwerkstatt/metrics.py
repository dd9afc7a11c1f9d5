"""Prometheus metrics of every service and the gateway: what can go wrong quietly, made visible.

One registry (prometheus_client's default), one exposition (``expose``: a plain HTTP listener on
``<SERVICE>_METRICS_HOST:<SERVICE>_METRICS_PORT``, never the gateway's public port) and one
``sampler`` loop that reads the numbers a counter cannot see (the outbox backlog, consumer positions,
dead letters, the mail queue, readiness) every ``<SERVICE>_METRICS_SAMPLE_SECONDS``; the
background loops' liveness is read from the loops themselves at scrape time.

The hot paths only observe: each hook is a label child resolved once (``operation``, ``call``,
``consumer``, ...) and then one counter increment or histogram observation per request or event.
Every series carries the ``service`` label, so replicas of several services in one process (tests)
and in one Prometheus stay apart. Metric names, what they mean and
the alert rules built on them: deploy/README.md ("Metrics and alerts").
"""

from __future__ import annotations

import asyncio
import functools
import threading
import time
import weakref
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from threading import Thread
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIServer

import sqlalchemy as sa
from prometheus_client import REGISTRY, Counter, Gauge, Histogram, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from netzwerkstatt.logs import get_logger
from netzwerkstatt.loops import REPEAT_LOG_SECONDS, BackgroundLoop, Loops

if TYPE_CHECKING:
    from netzwerkstatt.db import Database
    from netzwerkstatt.settings import ServiceSettings

log = get_logger(__name__)

# Request-reply answers take milliseconds; the slow end shows a database under pressure.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUEST_SECONDS = Histogram(
    "netzwerkstatt_request_seconds",
    "Time to answer a request-reply operation (served by this replica).",
    ["service", "operation"],
    buckets=LATENCY_BUCKETS,
)
REQUEST_ERRORS = Counter(
    "netzwerkstatt_request_errors",
    "Requests answered with an error reply, by error code.",
    ["service", "operation", "code"],
)
CALL_SECONDS = Histogram(
    "netzwerkstatt_call_seconds",
    "Time until another service's answer arrived (the caller's view, timeouts included).",
    ["service", "operation"],
    buckets=LATENCY_BUCKETS,
)
CALL_ERRORS = Counter(
    "netzwerkstatt_call_errors",
    "Calls to other services that ended in an error or no answer, by error code.",
    ["service", "operation", "code"],
)
HTTP_SECONDS = Histogram(
    "netzwerkstatt_http_request_seconds",
    "Gateway HTTP requests by route template (never the concrete path: it may carry a token).",
    ["service", "route", "method", "status"],
    buckets=LATENCY_BUCKETS,
)
OUTBOX_BACKLOG = Gauge("netzwerkstatt_outbox_backlog", "Outbox rows not yet published.", ["service"])
OUTBOX_OLDEST_AGE = Gauge(
    "netzwerkstatt_outbox_oldest_age_seconds",
    "Age of the oldest unpublished outbox row (0 when there is none).",
    ["service"],
)
OUTBOX_PUBLISHED = Counter(
    "netzwerkstatt_outbox_published", "Outbox rows published by this replica.", ["service"]
)
CONSUMER_PENDING = Gauge(
    "netzwerkstatt_consumer_pending",
    "Events in the stream not yet delivered to the durable consumer (NATS num_pending).",
    ["service", "consumer"],
)
CONSUMER_ACK_PENDING = Gauge(
    "netzwerkstatt_consumer_ack_pending",
    "Events delivered but not yet acknowledged (NATS num_ack_pending).",
    ["service", "consumer"],
)
CONSUMER_REDELIVERED = Gauge(
    "netzwerkstatt_consumer_redelivered",
    "Events currently being redelivered (NATS num_redelivered).",
    ["service", "consumer"],
)
CONSUMER_ACK_FLOOR = Gauge(
    "netzwerkstatt_consumer_ack_floor",
    "Stream sequence up to which the consumer acknowledged everything (its progress).",
    ["service", "consumer"],
)
CONSUMER_EVENTS = Counter(
    "netzwerkstatt_consumer_events",
    "Events acknowledged by this replica after handling (duplicates and dead letters included).",
    ["service", "consumer"],
)
CONSUMER_RETRIES = Counter(
    "netzwerkstatt_consumer_retries",
    "Handler failures that sent an event back for redelivery.",
    ["service", "consumer"],
)
DEAD_LETTERED = Counter(
    "netzwerkstatt_dead_lettered", "Events parked as dead letters by this replica.", ["service", "consumer"]
)
DEAD_LETTERS = Gauge(
    "netzwerkstatt_dead_letters",
    "Dead letters waiting for staff (not replayed), per consumer.",
    ["service", "consumer"],
)
MAIL_QUEUE = Gauge("netzwerkstatt_mail_queue", "E-mails waiting to be sent.", ["service"])
MAIL_QUEUE_OLDEST_AGE = Gauge(
    "netzwerkstatt_mail_queue_oldest_age_seconds",
    "Age of the oldest e-mail waiting to be sent (0 when none waits).",
    ["service"],
)
MAILS_SENT = Counter("netzwerkstatt_mails_sent", "E-mails the mail server accepted.", ["service"])
SMTP_FAILURES = Counter(
    "netzwerkstatt_smtp_failures",
    "Failed attempts to hand an e-mail to the mail server, temporary or permanent.",
    ["service", "kind"],
)
SIGN_INS = Counter(
    "netzwerkstatt_sign_ins",
    "Staff sign-ins by outcome: signed_in, refused (e-mail or password wrong), throttled (too many "
    "failures of the account or from the address).",
    ["service", "outcome"],
)
READY = Gauge("netzwerkstatt_ready", "1 when the replica's health check says ready, else 0.", ["service"])


# -- hooks for the hot paths ------------------------------------------------------------------------


@dataclass(frozen=True)
class OperationMetrics:
    """One operation's latency and error series, resolved once per endpoint."""

    service: str
    operation: str
    seconds: Any
    errors: Counter

    def observe(self, started: float, error_code: str | None = None) -> None:
        self.seconds.observe(time.perf_counter() - started)
        if error_code is not None:
            self.errors.labels(self.service, self.operation, error_code).inc()


def operation(service: str, subject: str) -> OperationMetrics:
    """Server side of request-reply: ``metrics.operation(service, subject).observe(started, code)``."""
    return OperationMetrics(service, subject, REQUEST_SECONDS.labels(service, subject), REQUEST_ERRORS)


@functools.cache
def call(service: str, subject: str) -> OperationMetrics:
    """Caller side of request-reply (what the caller waited, including for no answer at all)."""
    return OperationMetrics(service, subject, CALL_SECONDS.labels(service, subject), CALL_ERRORS)


@dataclass(frozen=True)
class ConsumerMetrics:
    """What a consumer loop counts as it goes (its position is sampled from NATS)."""

    handled: Any
    retried: Any
    dead_lettered: Any


def consumer(service: str, name: str) -> ConsumerMetrics:
    return ConsumerMetrics(
        CONSUMER_EVENTS.labels(service, name),
        CONSUMER_RETRIES.labels(service, name),
        DEAD_LETTERED.labels(service, name),
    )


def outbox_published(service: str) -> Any:
    """The relay's counter: ``.inc(n)`` after n rows were acknowledged by JetStream."""
    return OUTBOX_PUBLISHED.labels(service)


# -- exposition -------------------------------------------------------------------------------------


class Exposition:
    """The metrics listener of one process (prometheus_client's own HTTP server, in a thread)."""

    def __init__(self, server: WSGIServer, thread: Thread) -> None:
        self.server = server
        self.thread = thread

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def expose(settings: ServiceSettings) -> Exposition | None:
    """Serve /metrics on the settings' metrics port (0: no listener, as in most tests)."""
    if settings.metrics_port == 0:
        return None
    server, thread = start_http_server(settings.metrics_port, addr=settings.metrics_host)
    log.info("metrics listening", host=settings.metrics_host, port=settings.metrics_port)
    return Exposition(server, thread)


# -- sampling ---------------------------------------------------------------------------------------

Sample = Callable[[], Awaitable[None]]


def sampler(service: str, samples: Sequence[Sample], interval: float) -> BackgroundLoop:
    """The one loop per replica that reads the numbers no hot path sees, every ``interval``
    seconds. A sample that fails (the database is away) is tried again at the next round; the others
    still run (the readiness sample then reports 0). A run of failures is logged as the background
    loops log theirs: once when it begins, again when the error changes or a minute passed, and
    once when the sample works again (an hour's outage is a few lines, not one every round)."""
    # Per sample (by position): since when it fails, when it was last logged, and with what error.
    failing: dict[int, tuple[float, float, str]] = {}

    async def sample_all() -> None:
        for number, sample in enumerate(samples):
            try:
                await sample()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                kind, now = type(error).__name__, time.monotonic()
                since, logged, last_kind = failing.get(number, (now, 0.0, ""))
                if kind != last_kind or now - logged >= REPEAT_LOG_SECONDS:
                    log.info(
                        "a metrics sample failed; next round retries",
                        error=kind,
                        failing_for_seconds=round(now - since, 1),
                    )
                    logged = now
                failing[number] = (since, logged, kind)
            else:
                if number in failing:
                    since, _, _ = failing.pop(number)
                    log.info(
                        "a metrics sample recovered", failed_for_seconds=round(time.monotonic() - since, 1)
                    )

    return BackgroundLoop(f"{service}-metrics", sample_all, pause=interval, deadline=max(60.0, 4 * interval))


# -- background loops -------------------------------------------------------------------------------

# Read from the loops themselves when Prometheus scrapes: nothing on the loops' own paths.
LOOP_METRICS = (
    "netzwerkstatt_loop_late",
    "netzwerkstatt_loop_last_beat_timestamp_seconds",
    "netzwerkstatt_loop_iterations",
    "netzwerkstatt_loop_failures",
)


class _LoopCollector(Collector):
    """Liveness of every running service's background loops (``watch_loops``)."""

    def __init__(self) -> None:
        self._watched: list[tuple[str, weakref.ref[Loops]]] = []
        self._lock = threading.Lock()

    def watch(self, service: str, loops: Loops) -> None:
        with self._lock:
            self._watched.append((service, weakref.ref(loops)))

    def collect(self) -> Iterable[Metric]:
        late = GaugeMetricFamily(
            LOOP_METRICS[0],
            "1 when a loop ended without being stopped or missed its deadline.",
            labels=["service", "loop"],
        )
        beat = GaugeMetricFamily(
            LOOP_METRICS[1],
            "When a background loop last completed a round (Unix time).",
            labels=["service", "loop"],
        )
        iterations = CounterMetricFamily(LOOP_METRICS[2], "Rounds completed.", labels=["service", "loop"])
        failures = CounterMetricFamily(
            LOOP_METRICS[3], "Rounds that failed (and backed off).", labels=["service", "loop"]
        )
        wall_minus_monotonic = time.time() - time.monotonic()
        with self._lock:
            self._watched = [(service, ref) for service, ref in self._watched if ref() is not None]
            watched = [(service, ref()) for service, ref in self._watched]
        for service, loops in watched:
            for loop in loops or ():
                labels = [service, loop.name]
                late.add_metric(labels, 1.0 if loop.late else 0.0)
                if loop.last_completed is not None:
                    beat.add_metric(labels, loop.last_completed + wall_minus_monotonic)
                iterations.add_metric(labels, loop.iterations)
                failures.add_metric(labels, loop.failures)
        return [late, beat, iterations, failures]


_LOOPS = _LoopCollector()
REGISTRY.register(_LOOPS)


def watch_loops(service: str, loops: Loops) -> None:
    """Export the liveness of a service's loops (``netzwerkstatt_loop_*``)."""
    _LOOPS.watch(service, loops)


def outbox_sample(service: str, database: Database) -> Sample:
    """The outbox backlog and the age of its oldest unpublished row (one indexed query)."""
    backlog = OUTBOX_BACKLOG.labels(service)
    oldest = OUTBOX_OLDEST_AGE.labels(service)
    outbox = database.table("outbox")
    query = sa.select(
        sa.func.count(),
        sa.func.coalesce(sa.func.extract("epoch", sa.func.now() - sa.func.min(outbox.c.created_at)), 0),
    ).where(outbox.c.published_at.is_(None))

    async def sample() -> None:
        async with database.read() as session:
            count, age = (await session.execute(query)).one()
        backlog.set(count)
        oldest.set(max(float(age), 0.0))

    return sample


def dead_letter_sample(service: str, database: Database, consumers: Sequence[str]) -> Sample:
    """Dead letters not yet replayed, per consumer (0 for a consumer that has none)."""
    table = database.table("dead_letters")
    query = (
        sa.select(table.c.consumer, sa.func.count())
        .where(table.c.replayed_at.is_(None))
        .group_by(table.c.consumer)
    )

    async def sample() -> None:
        async with database.read() as session:
            rows = (await session.execute(query)).all()
        counts: dict[str, int] = {}
        for name, count in rows:
            counts[name] = count
        for name in {*consumers, *counts}:
            DEAD_LETTERS.labels(service, name).set(counts.get(name, 0))

    return sample


def consumer_sample(service: str, js: Any, consumers: Sequence[tuple[str, str]]) -> Sample:
    """Each durable consumer's position as NATS sees it: ``consumers`` are (stream, durable)."""

    async def sample() -> None:
        for stream, durable in consumers:
            try:
                info = await js.consumer_info(stream, durable)
            except Exception as error:  # not created yet, or NATS away: the next round tries again
                log.debug("consumer info unavailable", consumer=durable, error=repr(error))
                continue
            CONSUMER_PENDING.labels(service, durable).set(info.num_pending or 0)
            CONSUMER_ACK_PENDING.labels(service, durable).set(info.num_ack_pending or 0)
            CONSUMER_REDELIVERED.labels(service, durable).set(info.num_redelivered or 0)
            floor = info.ack_floor.stream_seq if info.ack_floor is not None else 0
            CONSUMER_ACK_FLOOR.labels(service, durable).set(floor or 0)

    return sample


def readiness_sample(service: str, ready: Callable[[], Awaitable[bool]]) -> Sample:
    gauge = READY.labels(service)

    async def sample() -> None:
        gauge.set(0)
        gauge.set(1 if await ready() else 0)

    return sample


def mail_queue_sample(service: str, database: Database, query: sa.Select[int, Any]) -> Sample:
    """The mail queue: ``query`` returns (waiting messages, age in seconds of the oldest)."""
    length = MAIL_QUEUE.labels(service)
    oldest = MAIL_QUEUE_OLDEST_AGE.labels(service)

    async def sample() -> None:
        async with database.read() as session:
            count, age = (await session.execute(query)).one()
        length.set(count)
        oldest.set(max(float(age or 0), 0.0))

    return sample
