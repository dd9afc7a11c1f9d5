"""The one outbox relay: publishes a service's committed events to its JetStream stream.

- Order: rows are published strictly by their outbox position, one at a time, each awaiting its
  JetStream acknowledgement, so no row overtakes another (and none of one aggregate is reordered).
- One active relay per service: replicas compete for a PostgreSQL advisory lock; the holder publishes,
  the others stand by and take over when its connection goes away.
- No loss: a row is marked published only after JetStream acknowledged it. While NATS is unreachable
  the relay retries the same row with exponential backoff. ``Nats-Msg-Id`` is the event id, so a row
  published again after a crash is dropped by JetStream's duplicate window (and by consumers' inboxes).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import zlib
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import NotFoundError
from sqlalchemy.ext.asyncio import AsyncConnection

from netzwerkstatt import subjects
from netzwerkstatt.db import OUTBOX, Database, utcnow
from netzwerkstatt.logs import CORRELATION_HEADER, get_logger
from netzwerkstatt.settings import ServiceSettings

log = get_logger(__name__)

CLOUDEVENTS_JSON = "application/cloudevents+json"
DUPLICATE_WINDOW = timedelta(minutes=10)
STREAM_MAX_AGE = timedelta(days=90)
PUBLISHED_RETENTION = timedelta(days=7)
MAX_BACKOFF_SECONDS = 5.0


def stream_config(service: str, replicas: int = 1) -> StreamConfig:
    """The stream a service owns and declares (nobody else declares it)."""
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
    config = stream_config(service, replicas)
    try:
        await js.stream_info(config.name or "")
    except NotFoundError:
        await js.add_stream(config)
    else:
        await js.update_stream(config)


class OutboxRelay:
    def __init__(self, settings: ServiceSettings, database: Database, js: JetStreamContext) -> None:
        self.service = settings.service_name
        self.database = database
        self.js = js
        self.poll_seconds = settings.relay_poll_seconds
        self.batch_size = settings.relay_batch_size
        self.stream = subjects.stream(self.service)
        self._outbox = database.table(OUTBOX)
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._lock_key = zlib.crc32(f"netzwerkstatt-outbox-{self.service}".encode())
        self.published = 0
        database.on_commit_with_events(self.wake)

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"{self.service}-outbox-relay")

    async def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                async with self.database.engine.connect() as connection:
                    connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
                    if await self._become_leader(connection):
                        log.info("outbox relay active")
                        await self._publish_forever(connection)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("outbox relay interrupted; retrying", error=repr(error))
            await asyncio.sleep(self.poll_seconds)

    async def _become_leader(self, connection: AsyncConnection) -> bool:
        """Hold the service's advisory lock for as long as this connection lives."""
        while not self._stopping.is_set():
            got = await connection.scalar(sa.select(sa.func.pg_try_advisory_lock(self._lock_key)))
            if got:
                return True
            await asyncio.sleep(self.poll_seconds * 4)
        return False

    async def _publish_forever(self, connection: AsyncConnection) -> None:
        last_purge = utcnow() - PUBLISHED_RETENTION
        while not self._stopping.is_set():
            self._wake.clear()
            published = await self.publish_pending(connection)
            if published == 0:
                if utcnow() - last_purge > timedelta(hours=1):
                    await self._purge_published(connection)
                    last_purge = utcnow()
                await self._sleep(self.poll_seconds)

    async def publish_pending(self, connection: AsyncConnection) -> int:
        """Publish one batch of unpublished rows in order; returns how many were published."""
        rows = (
            await connection.execute(
                sa.select(
                    self._outbox.c.position,
                    self._outbox.c.event_id,
                    self._outbox.c.subject,
                    self._outbox.c.envelope,
                )
                .where(self._outbox.c.published_at.is_(None))
                .order_by(self._outbox.c.position)
                .limit(self.batch_size)
            )
        ).all()
        done: list[int] = []
        try:
            for row in rows:
                await self._publish_with_retry(connection, row)
                done.append(row.position)
        finally:
            if done:
                await connection.execute(
                    self._outbox.update()
                    .where(self._outbox.c.position.in_(done))
                    .values(published_at=utcnow())
                )
                self.published += len(done)
        return len(done)

    async def _publish_with_retry(self, connection: AsyncConnection, row: Any) -> None:
        body = _encode(row.envelope)
        headers = {"Nats-Msg-Id": str(row.event_id), "content-type": CLOUDEVENTS_JSON}
        if row.envelope.get("correlationid"):
            headers[CORRELATION_HEADER] = row.envelope["correlationid"]
        backoff = 0.1
        attempts = 0
        while True:
            try:
                await self.js.publish(row.subject, body, stream=self.stream, headers=headers, timeout=2.0)
                return
            except Exception as error:
                attempts += 1
                if self._stopping.is_set():
                    raise
                if attempts == 1 or attempts % 20 == 0:
                    log.warning(
                        "publishing an event failed; will retry",
                        event_id=str(row.event_id),
                        attempts=attempts,
                        error=repr(error),
                    )
                    await connection.execute(
                        self._outbox.update()
                        .where(self._outbox.c.position == row.position)
                        .values(attempts=self._outbox.c.attempts + 1, last_error=repr(error)[:2000])
                    )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)

    async def _purge_published(self, connection: AsyncConnection) -> None:
        await connection.execute(
            self._outbox.delete().where(self._outbox.c.published_at < utcnow() - PUBLISHED_RETENTION)
        )

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)


def _encode(envelope: dict[str, Any]) -> bytes:
    return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode()
