"""Database access: one async engine per service, connecting with the service's own role and its own
schema as search_path, and a unit of work that commits state changes and their events together."""

from __future__ import annotations

import contextlib
import json
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from netzwerkstatt.envelope import DomainEvent, Envelope
from netzwerkstatt.logs import current_correlation_id
from netzwerkstatt.outage import resource_shortage
from netzwerkstatt.rpc import Provided
from netzwerkstatt.settings import ServiceSettings


def utcnow() -> datetime:
    return datetime.now(UTC)


# -- the kernel's own tables, present in every service's schema ------------------------------------


def kernel_tables(metadata: sa.MetaData) -> None:
    """Add the outbox, inbox and dead-letter tables to a service's metadata (its first migration
    creates them; see ``netzwerkstatt.migrations.create_kernel_tables``)."""
    sa.Table(
        "outbox",
        metadata,
        # Publication order: a sequence, so rows of one aggregate are published in commit order.
        sa.Column("position", sa.BigInteger, sa.Identity(always=True), primary_key=True),
        sa.Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("aggregate", sa.Text, nullable=False),
        sa.Column("envelope", JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, default=utcnow),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("attempts", sa.Integer, nullable=False, default=0),
        sa.Column("last_error", sa.Text),
        sa.Index("outbox_unpublished", "position", postgresql_where=sa.text("published_at IS NULL")),
    )
    sa.Table(
        "inbox",
        metadata,
        sa.Column("event_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("consumer", sa.Text, primary_key=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False, default=utcnow),
    )
    sa.Table(
        "dead_letters",
        metadata,
        sa.Column("id", UUID(as_uuid=True), primary_key=True, default=uuid.uuid4),
        sa.Column("consumer", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("event_id", UUID(as_uuid=True)),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("headers", JSONB, nullable=False, default=dict),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("deliveries", sa.Integer, nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False, default=utcnow),
        sa.Column("replayed_at", sa.DateTime(timezone=True)),
        sa.Column("replay_error", sa.Text),
    )
    # The one erasure record (tombstone) of every service: the bare id of an erased person and when,
    # so that a late or replayed event about them never brings their data back.
    sa.Table(
        "erasure_records",
        metadata,
        sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
    )


OUTBOX = "outbox"
INBOX = "inbox"
DEAD_LETTERS = "dead_letters"
ERASURE_RECORDS = "erasure_records"


# -- engine and unit of work ------------------------------------------------------------------------


class SerializedJson(str):
    """JSON text serialised already (by pydantic, in one pass): written to a JSON column as it is,
    not read back into Python objects first and serialised again."""


def _json_text(value: Any) -> str:
    """The engine's JSON serialiser: text serialised already passes through."""
    if isinstance(value, SerializedJson):
        return value
    return json.dumps(value)


class UnitOfWork:
    """One transaction of one service: its state changes plus the events that announce them."""

    def __init__(self, session: AsyncSession, outbox: sa.Table) -> None:
        self.session = session
        self._outbox = outbox
        self.recorded: list[Envelope[Any]] = []
        self._unwritten: list[dict[str, Any]] = []

    async def record(self, event: DomainEvent, *, subject: str | uuid.UUID) -> Envelope[Any]:
        """Record an event in the outbox; it is published after, and only if, the transaction commits.
        The rows are written together just before the commit (one statement for all, in order)."""
        envelope = Envelope.wrap(event, subject=str(subject), correlation_id=current_correlation_id())
        self._unwritten.append(
            {
                "event_id": envelope.id,
                "subject": event.subject(),
                "aggregate": envelope.subject,
                "envelope": SerializedJson(envelope.model_dump_json()),
                "created_at": utcnow(),
                "attempts": 0,
            }
        )
        self.recorded.append(envelope)
        return envelope

    async def flush(self) -> None:
        """Write the recorded events to the outbox now (the unit of work does it before committing)."""
        if self._unwritten:
            rows, self._unwritten = self._unwritten, []
            await self.session.execute(self._outbox.insert(), rows)


async def hold_chosen_id(session: AsyncSession, kind: str, chosen: uuid.UUID) -> None:
    """Hold a caller-chosen id until this transaction ends. Two creates with the same new id then run
    one after the other: the second reads the first's committed row and is refused as
    ``duplicate_id`` at its field, instead of meeting the primary key at the insert."""
    key = sa.func.hashtextextended(f"chosen-id:{kind}:{chosen}", 0)
    await session.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))


# A pooled connection that served a transaction this recently is taken as alive; one that sat idle
# longer is pinged before it is handed out (a ping costs three round trips: BEGIN, a query, ROLLBACK).
PING_AFTER_IDLE_SECONDS = 2.0

# How long the health probe reports the database's last refusal for want of resources.
SHORTAGE_REMEMBERED_SECONDS = 60.0


def ping_when_idle(engine: AsyncEngine, idle_seconds: float) -> None:
    """Check a pooled connection before use only if it sat idle or its last use failed, instead of
    before every transaction.

    After PostgreSQL went away, such connections are found dead by the ping and replaced; a
    connection in steady use fails on its next statement instead, and SQLAlchemy then discards the
    whole pool (a disconnect invalidates every pooled connection), so the next transactions connect
    afresh."""

    @sa.event.listens_for(engine.sync_engine.pool, "connect")
    def connected(dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()
        record.info.pop("suspect", None)

    @sa.event.listens_for(engine.sync_engine, "handle_error")
    def failed(context: sa.engine.ExceptionContext) -> None:
        connection = context.connection
        if connection is not None and not connection.invalidated:
            with contextlib.suppress(Exception):
                connection.connection.info["suspect"] = True

    @sa.event.listens_for(engine.sync_engine.pool, "checkin")
    def returned(dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @sa.event.listens_for(engine.sync_engine.pool, "checkout")
    def taken(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        info = record.info
        if "suspect" not in info and time.monotonic() - info.get("returned_at", 0.0) < idle_seconds:
            return
        try:
            dbapi_connection.ping()
        except Exception as error:
            raise sa.exc.DisconnectionError(f"pooled connection is gone: {error!r}") from error
        info.pop("suspect", None)


# The execution option that marks a connection of ``Database.read``.
_READS_ONLY = "netzwerkstatt_reads_only"


class WriteInRead(RuntimeError):
    """A statement that changes data was sent through ``Database.read``, whose statements commit by
    themselves: a bug, refused before it reaches the database."""


def _refuse_writes_in_reads(
    connection: sa.Connection, statement: Any, multiparams: Any, params: Any, options: Any
) -> None:
    if not connection.get_execution_options().get(_READS_ONLY):
        return
    if getattr(statement, "is_dml", False) or (
        isinstance(statement, sa.TextClause) and not _READ_TEXT.match(statement.text)
    ):
        raise WriteInRead(f"a {type(statement).__name__} in a read-only session")


# Text statements a read may send: queries only.
_READ_TEXT = re.compile(r"\s*(?:SELECT|WITH|VALUES|TABLE|SHOW|EXPLAIN)\b", re.IGNORECASE)


class Database:
    """The service's engine (own role, own schema) and its transactions."""

    def __init__(self, settings: ServiceSettings, metadata: sa.MetaData) -> None:
        self.schema = settings.database_schema
        self.metadata = metadata
        self.engine: AsyncEngine = create_async_engine(
            settings.database_url.get_secret_value(),
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_pool_size,
            # A failed statement's parameters (names, addresses, tokens) never reach an error text.
            hide_parameters=True,
            json_serializer=_json_text,
            connect_args={"server_settings": {"search_path": self.schema, "application_name": self.schema}},
        )
        ping_when_idle(self.engine, PING_AFTER_IDLE_SECONDS)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._outbox = metadata.tables[OUTBOX]
        self._after_commit: list[Callable[[], None]] = []
        # When the database last refused work for want of disk, memory or connections, and which.
        self._shortage: tuple[float, str] | None = None
        sa.event.listen(self.engine.sync_engine, "handle_error", self._notice_shortage)
        sa.event.listen(self.engine.sync_engine, "before_execute", _refuse_writes_in_reads)

    def _notice_shortage(self, context: sa.engine.ExceptionContext) -> None:
        """Every error of this engine's statements and connections passes here: one that says the
        database is short of resources is remembered for the health probe (``recent_shortage``)."""
        shortage = resource_shortage(context.original_exception)
        if shortage is not None:
            self._shortage = (time.monotonic(), shortage)

    def recent_shortage(self) -> str | None:
        """What the database was short of when it last refused work (``"disk full"``, say), if that
        was within ``SHORTAGE_REMEMBERED_SECONDS``. A probe's ``SELECT 1`` passes meanwhile (reads
        need no disk), so this is the health probe's way to see that writes fail."""
        if self._shortage is None:
            return None
        noticed_at, shortage = self._shortage
        return shortage if time.monotonic() - noticed_at < SHORTAGE_REMEMBERED_SECONDS else None

    def table(self, name: str) -> sa.Table:
        return self.metadata.tables[name]

    def on_commit_with_events(self, callback: Callable[[], None]) -> None:
        """Called after a transaction that recorded events committed (the relay's wake-up call)."""
        self._after_commit.append(callback)

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[UnitOfWork]:
        async with self.sessions() as session, session.begin():
            uow = UnitOfWork(session, self._outbox)
            yield uow
            await uow.flush()
        if uow.recorded:
            for callback in self._after_commit:
                callback()

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[AsyncConnection]:
        """A connection on which every statement commits by itself: one round trip, no ``BEGIN``
        and ``COMMIT`` around it. For a single write that must be durable at once."""
        async with self.engine.connect() as connection:
            yield await connection.execution_options(isolation_level="AUTOCOMMIT")

    def held_autocommit(self) -> HeldAutocommit:
        """An autocommit connection kept between writes, for a loop that writes one statement after
        another (see ``HeldAutocommit``)."""
        return HeldAutocommit(self.engine)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for queries: one round trip per query, without ``BEGIN`` and ``ROLLBACK`` around
        them. A transaction would add nothing: under READ COMMITTED each statement sees its own
        snapshot inside one too. A write through it is refused (``WriteInRead``), never committed."""
        async with self.autocommit() as connection:
            reading = await connection.execution_options(**{_READS_ONLY: True})
            async with self.sessions(bind=reading) as session:
                yield session

    async def is_reachable(self) -> bool:
        try:
            async with self.engine.connect() as connection:
                await connection.execute(sa.text("SELECT 1"))
        except Exception:
            return False
        return True

    async def dispose(self) -> None:
        await self.engine.dispose()


class HeldAutocommit:
    """``Database.autocommit`` for a loop that writes many single statements, each durable at once:
    the connection is taken from the pool at the first write and kept, instead of taken and given
    back for every one (that costs more than the statement itself). It goes back to the pool when
    the loop closes it (when idle, so that the pool checks it before its next use) and after any
    failed or interrupted write."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None

    async def execute(self, statement: sa.Executable, parameters: dict[str, Any]) -> None:
        if self._connection is None:
            connection = await self._engine.connect()
            try:
                self._connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            except BaseException:
                await connection.close()
                raise
        try:
            await self._connection.execute(statement, parameters)
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close()


DatabaseDep = Annotated[Database, Provided("database")]
