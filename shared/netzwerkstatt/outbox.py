"""The one outbox relay: publishes a service's committed events to its JetStream stream.

- Order: rows are read by their outbox position and published in waves of at most one row per
  aggregate, all acknowledgements of a wave awaited before the next; an aggregate's rows are stored
  in the order they were committed, also when a publish fails (see ``publish_pending``).
- One active relay per service: replicas compete for a PostgreSQL advisory lock; the holder publishes,
  the others stand by and take over when its connection goes away.
- No loss: a row is marked published only after JetStream acknowledged it. While NATS is unreachable
  the relay retries from the first unpublished row with exponential backoff. ``Nats-Msg-Id`` is the
  event id, so a row published again after a crash is dropped by JetStream's duplicate window (and
  by consumers' inboxes).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import zlib
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import NotFoundError
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

from netzwerkstatt import metrics, subjects
from netzwerkstatt.db import OUTBOX, Database, utcnow
from netzwerkstatt.logs import CORRELATION_HEADER, get_logger
from netzwerkstatt.loops import REPEAT_LOG_SECONDS, BackgroundLoop, Loops
from netzwerkstatt.settings import ServiceSettings

log = get_logger(__name__)

CLOUDEVENTS_JSON = "application/cloudevents+json"
DUPLICATE_WINDOW = timedelta(minutes=10)
STREAM_MAX_AGE = timedelta(days=90)
PUBLISHED_RETENTION = timedelta(days=7)
MIN_BACKOFF_SECONDS = 0.1
MAX_BACKOFF_SECONDS = 5.0
MAX_IN_FLIGHT = 64
PUBLISH_TIMEOUT = 2.0
# How long a relay letting go of its connection tries to mark the batch it published last.
RELEASE_MARK_SECONDS = 2.0


def published_headers() -> dict[str, Any]:
    """The NATS headers of every event the relay publishes (``OutboxRelay._publish``), as the JSON
    schema the AsyncAPI documents show for each published message."""
    return {
        "type": "object",
        "properties": {
            "Nats-Msg-Id": {
                "type": "string",
                "format": "uuid",
                "description": "The envelope's id (JetStream's deduplication key); the same on redelivery",
            },
            "content-type": {"const": CLOUDEVENTS_JSON, "type": "string"},
            CORRELATION_HEADER: {
                "type": "string",
                "description": "The envelope's correlationid; left out when it has none",
            },
            "Nats-Expected-Stream": {
                "type": "string",
                "description": "The stream the event was published to (set by the publishing client)",
            },
        },
        "required": ["Nats-Msg-Id", "content-type"],
    }


def stream_config(service: str, replicas: int = 1) -> StreamConfig:
    """The stream a service owns: created by the service at its first start, its settings changed
    only with the admin login (``declare_stream``)."""
    return StreamConfig(
        name=subjects.stream(service),
        subjects=[subjects.events_of(service)],
        storage=StorageType.FILE,
        num_replicas=replicas,
        duplicate_window=DUPLICATE_WINDOW.total_seconds(),
        max_age=STREAM_MAX_AGE.total_seconds(),
        description=f"Domain events of the {service} service",
    )


async def declare_stream(js: JetStreamContext, service: str, replicas: int = 1) -> None:
    """Create the service's stream or bring its settings to this version's: with the admin login
    (the stack before it starts the services, ``python -m netzwerkstatt.stack streams``, tests)."""
    config = stream_config(service, replicas)
    try:
        await js.stream_info(config.name or "")
    except NotFoundError:
        await js.add_stream(config)
    else:
        await js.update_stream(config)


async def create_own_stream(js: JetStreamContext, service: str, replicas: int = 1) -> list[str]:
    """At a service's start: its stream, created when there is none yet. A service's login may not
    change the settings of a stream that exists (with that right it could add other services'
    streams as sources of its own and read their events), so settings that differ from this
    version's are returned, by name, for the log; the operator applies them with the admin login."""
    config = stream_config(service, replicas)
    try:
        info = await js.stream_info(config.name or "")
    except NotFoundError:
        await js.add_stream(config)
        return []
    return differing_stream_settings(info.config, config)


def differing_stream_settings(current: StreamConfig, wanted: StreamConfig) -> list[str]:
    """The settings this version manages that ``current`` has otherwise, and any source or mirror
    (the services' streams have none)."""
    differing = [
        name
        for name, now, then in (
            ("subjects", sorted(current.subjects or []), sorted(wanted.subjects or [])),
            ("storage", current.storage, wanted.storage),
            ("num_replicas", current.num_replicas, wanted.num_replicas),
            ("max_age", current.max_age, wanted.max_age),
            ("duplicate_window", current.duplicate_window, wanted.duplicate_window),
        )
        if now != then
    ]
    if current.sources:
        differing.append("sources")
    if current.mirror:
        differing.append("mirror")
    return differing


class OutboxRelay:
    def __init__(self, settings: ServiceSettings, database: Database, js: JetStreamContext) -> None:
        self.service = settings.service_name
        self.database = database
        self.js = js
        self.poll_seconds = settings.relay_poll_seconds
        self.batch_size = settings.relay_batch_size
        self.stream = subjects.stream(self.service)
        self._outbox = database.table(OUTBOX)
        self._pending = _pending_statement(self._outbox)
        self._mark_published = _mark_published_statement(self._outbox)
        # The next batch, read with the previous batch's mark (see ``publish_pending``), and the
        # positions of a batch published but not yet marked, whose mark goes with the statement that
        # runs while the next batch is published; both only while this relay holds the lock on the
        # connection that read them.
        self._read_ahead: list[Any] = []
        self._unmarked: list[int] = []
        self._lock_key = zlib.crc32(f"netzwerkstatt-outbox-{self.service}".encode())
        self.published = 0
        self.failed_rounds = 0  # rounds in which a publish failed (the batch is read again later)
        self._published_metric = metrics.outbox_published(self.service)
        self._backoff = MIN_BACKOFF_SECONDS
        # A run of failed rounds (NATS away): since when, when it was last logged, and with what error.
        self._failing_since: float | None = None
        self._failure_logged_at = 0.0
        self._failure_kind = ""
        self._connection: AsyncConnection | None = None
        self._last_purge = utcnow() - PUBLISHED_RETENTION
        self.loop = BackgroundLoop(
            f"{self.service}-outbox-relay",
            self._step,
            pause=self.poll_seconds,
            deadline=max(60.0, 10 * PUBLISH_TIMEOUT),
            max_backoff=MAX_BACKOFF_SECONDS,
            cleanup=self._release,
        )
        database.on_commit_with_events(self.wake)

    def wake(self) -> None:
        self.loop.wake()

    @property
    def active(self) -> bool:
        """This replica's relay holds the service's lock (the other replicas' relays stand by)."""
        return self._connection is not None

    def start(self, loops: Loops | None = None) -> None:
        if loops is None:
            self.loop.start()
        else:
            loops.run(self.loop)

    async def stop(self) -> None:
        await self.loop.stop()

    async def _step(self) -> float:
        """One round: become (or stay) the active relay, then publish what is pending."""
        if self._connection is None:
            connection = await self.database.engine.connect()
            try:
                connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
                # The service's advisory lock, held for as long as this connection lives.
                got = await connection.scalar(sa.select(sa.func.pg_try_advisory_lock(self._lock_key)))
            except BaseException:
                await connection.close()
                raise
            if not got:
                await connection.close()
                return self.poll_seconds * 4  # another replica is the active relay: stand by
            self._connection = connection
            log.info("outbox relay active")
        try:
            published = await self.publish_pending(self._connection)
            if published == 0 and utcnow() - self._last_purge > timedelta(hours=1):
                await self._purge_published(self._connection)
                self._last_purge = utcnow()
        except BaseException:
            # The connection (and with it the lock) may be gone: start over with a fresh one.
            await self._release()
            raise
        return self.poll_seconds if published == 0 else 0.0

    async def _release(self) -> None:
        self._read_ahead = []  # read under a lock that may now be another replica's
        unmarked, self._unmarked = self._unmarked, []
        connection, self._connection = self._connection, None
        if connection is not None:
            if unmarked:
                # A batch published and not yet marked (the relay stopped between two batches): marked
                # now if the connection still serves; else the next active relay publishes it again
                # and the duplicate window drops it, as after a crash.
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(
                        self._mark_and_read(connection, unmarked, unmarked), RELEASE_MARK_SECONDS
                    )
                    self._counted(unmarked)
            with contextlib.suppress(Exception):
                await connection.close()

    async def publish_pending(self, connection: AsyncConnection) -> int:
        """Publish one batch of unpublished rows; returns how many were published.

        Rows go out in waves: each wave holds at most one row per aggregate (the earliest not yet
        published), all in flight together; the next wave starts when every acknowledgement of this
        one is in. So an aggregate's rows are stored strictly in outbox order, even when a publish
        fails: its later rows wait for the next round, behind the failed one.

        A batch's rows are marked published by the statement that also reads the rows pending after
        them. Under steady load that statement runs while the next batch is being published (the
        connection is idle meanwhile): a batch costs no round trip to PostgreSQL of its own. The
        batch after it is published only once every row of this one is acknowledged; a row is marked
        only after its acknowledgement, so a crash before the mark publishes it again (dropped by
        the duplicate window)."""
        held = connection is self._connection
        rows, self._read_ahead = self._read_ahead, []
        previous, self._unmarked = self._unmarked, []
        if not rows:
            rows = (await connection.execute(self._pending, {"limit": self.batch_size})).all()
        if not rows:
            return 0
        positions = [row.position for row in rows]
        beside: asyncio.Future[Any] | None = None
        if held and (previous or len(rows) == self.batch_size):
            # The previous batch's mark and the next batch's rows, while this batch is published.
            beside = asyncio.ensure_future(self._mark_and_read(connection, previous, previous + positions))
        done: list[int] = []
        following: list[Any] = []
        pending = list(rows)
        whole = False  # every row acknowledged, and nothing raised
        try:
            while pending:
                wave, pending = _next_wave(pending)
                results = await asyncio.gather(*(self._publish(row) for row in wave), return_exceptions=True)
                failures = [
                    (row, result)
                    for row, result in zip(wave, results, strict=True)
                    if isinstance(result, BaseException)
                ]
                done.extend(
                    row.position
                    for row, result in zip(wave, results, strict=True)
                    if not isinstance(result, BaseException)
                )
                if failures:
                    following, beside = await self._settle(beside), None
                    self._counted(previous)
                    await self._record_failures(connection, failures)
                    break
            whole = len(done) == len(rows)
        finally:
            if beside is not None:
                following = await self._settle(beside)
                self._counted(previous)
            if done:
                if whole and following and held:
                    # Marked by the statement that runs while the batch read ahead is published.
                    self._read_ahead, self._unmarked = following, done
                else:
                    following = await self._mark_and_read(connection, done, done)
                    if whole and held:
                        self._read_ahead = following
                    self._counted(done)
        if len(done) < len(rows):
            # NATS is away or refusing: wait before the next round, longer each time.
            await asyncio.sleep(self._backoff)
            self._backoff = min(self._backoff * 2, MAX_BACKOFF_SECONDS)
        else:
            self._backoff = MIN_BACKOFF_SECONDS
            if self._failing_since is not None:
                log.info(
                    "publishing events again",
                    failed_for_seconds=round(time.monotonic() - self._failing_since, 1),
                )
                self._failing_since = None
        return len(done)

    async def _mark_and_read(
        self, connection: AsyncConnection, marked: list[int], excluded: list[int]
    ) -> list[Any]:
        """Mark rows published and read the first pending rows other than ``excluded``."""
        parameters = {"marked": marked, "excluded": excluded, "now": utcnow(), "limit": self.batch_size}
        return list((await connection.execute(self._mark_published, parameters)).all())

    @staticmethod
    async def _settle(beside: asyncio.Future[Any] | None) -> list[Any]:
        """The statement run beside the publishing, finished (its error raised) before the connection
        is used again."""
        return [] if beside is None else list(await beside)

    def _counted(self, positions: list[int]) -> None:
        self.published += len(positions)
        self._published_metric.inc(len(positions))

    async def _publish(self, row: Any) -> None:
        headers = {"Nats-Msg-Id": str(row.event_id), "content-type": CLOUDEVENTS_JSON}
        if row.correlation_id:
            headers[CORRELATION_HEADER] = row.correlation_id
        await self.js.publish(
            row.subject, row.body.encode(), stream=self.stream, headers=headers, timeout=PUBLISH_TIMEOUT
        )

    async def _record_failures(
        self, connection: AsyncConnection, failures: list[tuple[Any, BaseException]]
    ) -> None:
        self.failed_rounds += 1
        row, error = failures[0]
        # Said when a run of failures begins, when its error changes, and once a minute: the rounds
        # go on every few seconds for as long as NATS is away.
        now, kind = time.monotonic(), type(error).__name__
        begins = self._failing_since is None
        if self._failing_since is None:
            self._failing_since = now
        if begins or kind != self._failure_kind or now - self._failure_logged_at >= REPEAT_LOG_SECONDS:
            log.warning(
                "publishing events failed; will retry",
                failed=len(failures),
                event_id=str(row.event_id),
                error=repr(error),
                failing_for_seconds=round(now - self._failing_since, 1),
            )
            self._failure_logged_at, self._failure_kind = now, kind
        await connection.execute(
            self._outbox.update()
            .where(self._outbox.c.position.in_([row.position for row, _ in failures]))
            .values(attempts=self._outbox.c.attempts + 1, last_error=repr(error)[:2000])
        )

    async def _purge_published(self, connection: AsyncConnection) -> None:
        await connection.execute(
            self._outbox.delete().where(self._outbox.c.published_at < utcnow() - PUBLISHED_RETENTION)
        )


def _next_wave(rows: list[Any]) -> tuple[list[Any], list[Any]]:
    """The earliest row of each aggregate (up to ``MAX_IN_FLIGHT``), and the rows left after them."""
    wave: list[Any] = []
    rest: list[Any] = []
    aggregates: set[str] = set()
    for row in rows:
        if row.aggregate in aggregates or len(wave) >= MAX_IN_FLIGHT:
            rest.append(row)
        else:
            aggregates.add(row.aggregate)
            wave.append(row)
    return wave, rest


def _pending_statement(outbox: sa.Table) -> sa.Select[Any]:
    """The first unpublished rows in outbox order, each envelope as the JSON text PostgreSQL holds
    (published as it is, never read into Python objects and serialised again) with its correlation
    id. Built once with bind parameters, like the update below: their text, and so the statement
    PostgreSQL prepared, stays the same whatever the batch holds."""
    return (
        sa.select(
            outbox.c.position,
            outbox.c.event_id,
            outbox.c.subject,
            outbox.c.aggregate,
            sa.cast(outbox.c.envelope, sa.Text).label("body"),
            outbox.c.envelope["correlationid"].astext.label("correlation_id"),
        )
        .where(outbox.c.published_at.is_(None))
        .order_by(outbox.c.position)
        .limit(sa.bindparam("limit", type_=sa.Integer))
    )


def _mark_published_statement(outbox: sa.Table) -> Any:
    """Mark rows published and, in the same statement, read the rows pending after them, leaving out
    the ``excluded`` positions (the marked rows, and a batch still being published). The read sees
    the table as it was before the update, so it must leave the marked rows out itself."""
    marked = (
        outbox.update()
        .where(outbox.c.position == sa.func.any(sa.bindparam("marked", type_=ARRAY(sa.BigInteger))))
        .values(published_at=sa.bindparam("now", type_=outbox.c.published_at.type))
        .returning(outbox.c.position)
        .cte("marked")
    )
    excluded = sa.bindparam("excluded", type_=ARRAY(sa.BigInteger))
    return _pending_statement(outbox).where(outbox.c.position != sa.func.all(excluded)).add_cte(marked)
