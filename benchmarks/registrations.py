"""Benchmark of registrations through the events service next to the same transaction done with
plain asyncpg, measured in the same run.

- Through the service: a client sends ``events.registration.register`` (NATS request-reply) to the
  events service running as its own process (as deployed, one replica); the service validates the
  request, locks the event row (SELECT ... FOR UPDATE), reads the person with their memberships and
  invitation, counts the event's confirmed places per organisation and its waitlist together with
  the person's earlier registration, decides with the domain rules, writes the row and the event
  into the outbox, commits and replies with the registration view. Its outbox relay publishes to
  JetStream meanwhile.
- Plain asyncpg, counting: one connection from a pool runs the same statements in one transaction
  (lock the event, read the person with memberships and invitation, count places and waitlist with
  the person's registration, insert the registration and an outbox row), without NATS, without
  SQLAlchemy and without models: the floor for what the service does.
- Plain asyncpg, reading every registration: the transaction as the service used to run it (lock
  the event, read all of its registrations, the person and memberships, insert the registration
  and an outbox row, read all registrations again for the waitlist position); kept as the
  reference the earlier figures were measured against (not in the quick run).

Registrations are spread over several events (each serialised by its row lock), more than capacity
so that the waitlist is used too. Starts its own embedded NATS and PostgreSQL in a temporary folder.
Guarantee check (a failure ends the script non-zero): every event ends exactly full, in each of the
three runs. Run:
``uv run python benchmarks/registrations.py [--quick] [--registrations 3000] [--events 20]
[--concurrency 32]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import nats
import sqlalchemy as sa
from _profile import sampled
from _summary import Row, check, latency_figures, record

from events_service.main import definition
from events_service.settings import EventsSettings
from events_service.store import metadata, projection
from events_service.store.tables import events as events_table
from events_service.store.tables import registrations
from netzwerkstatt import subjects
from netzwerkstatt.bus import connect
from netzwerkstatt.contracts.registry import MembershipFacts, OrganisationCreated, PersonFacts
from netzwerkstatt.db import Database
from netzwerkstatt.logs import configure_logging
from netzwerkstatt.migrations import upgrade
from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.stack.credentials import database_url
from netzwerkstatt.stack.supervisor import Servers, temporary_servers
from netzwerkstatt.testing import ADMIN_HEADERS


async def measure(
    call: Callable[[int], Awaitable[None]], count: int, concurrency: int, warm_up: int
) -> tuple[float, float, float]:
    """Throughput with ``concurrency`` callers in flight, and per-call latency p50/p99 (ms)."""
    samples: list[float] = []
    next_index = warm_up

    async def worker() -> None:
        nonlocal next_index
        while next_index < warm_up + count:
            index = next_index
            next_index += 1
            started = time.perf_counter()
            await call(index)
            samples.append(time.perf_counter() - started)

    for index in range(warm_up):
        await call(index)
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    p50, p99 = latency_figures(samples)
    return count / elapsed, p50, p99


def events_settings(servers: Servers, passwords: dict[str, str]) -> EventsSettings:
    return EventsSettings(
        nats_url=servers.nats.url,
        nats_password=passwords["events"],
        database_url=database_url(
            "events", passwords["events"], servers.postgres.host, servers.postgres.port
        ),
        database_pool_size=20,
        log_level="WARNING",
    )


async def prepare(
    database: Database, people: int, events: int, capacity: int
) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """People in the projection (one organisation) and published events, written directly."""
    organisation_id = uuid.uuid4()
    person_ids = [uuid.uuid4() for _ in range(people)]
    event_ids = [uuid.uuid4() for _ in range(events)]
    first_day = (date.today() + timedelta(days=60)).isoformat()
    now = datetime.now(UTC)
    async with database.unit_of_work() as uow:
        await projection.upsert_organisation(
            uow.session,
            OrganisationCreated(
                organisation_id=organisation_id,
                name="Jobcenter",
                type="jobcenter",
                region_keys=["14713"],
                version=1,
            ),
        )
        for person_id in person_ids:
            facts = PersonFacts(
                person_id=person_id,
                given_name="Bench",
                family_name=person_id.hex[:8],
                form_of_address="neutral",
                memberships=[MembershipFacts(organisation_id=organisation_id)],
                version=1,
            )
            await projection.upsert_person(uow.session, facts)
        for event_id in event_ids:
            await uow.session.execute(
                events_table.insert().values(
                    id=event_id,
                    format="regional_workshop",
                    title="Benchmark",
                    description="",
                    days=[{"date": first_day, "start": "10:00:00", "end": "16:00:00"}],
                    target_groups=[],
                    capacity=capacity,
                    organiser_name="Benchmark",
                    status="published",
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
    return person_ids, event_ids


async def bench_service(
    database: Database, servers: Servers, passwords: dict[str, str], arguments: argparse.Namespace
) -> tuple[float, float, float]:
    people, event_ids = await prepare(
        database, arguments.registrations + arguments.warm_up, arguments.events, arguments.capacity
    )
    client = await connect(servers.nats.url, "gateway", passwords["gateway"])
    subject = subjects.operation("events", "registration.register")

    async def call(index: int) -> None:
        body = {"event_id": str(event_ids[index % len(event_ids)]), "person_id": str(people[index])}
        reply = json.loads(
            (await client.request(subject, json.dumps(body).encode(), timeout=30, headers=ADMIN_HEADERS)).data
        )
        if not reply["ok"]:
            raise RuntimeError(reply["error"])

    try:
        figures = await measure(call, arguments.registrations, arguments.concurrency, arguments.warm_up)
    finally:
        await client.close()
    await check_places(database, event_ids, arguments.capacity)
    return figures


async def check_places(database: Database, event_ids: list[uuid.UUID], capacity: int) -> None:
    """A fast wrong answer is no answer: every event is full and nobody got a place beyond it."""
    counted = (
        sa.select(registrations.c.event_id, sa.func.count())
        .where(registrations.c.event_id.in_(event_ids), registrations.c.status == "confirmed")
        .group_by(registrations.c.event_id)
    )
    async with database.read() as session:
        confirmed = {row[0]: row[1] for row in await session.execute(counted)}
    check(
        all(confirmed.get(event_id) == capacity for event_id in event_ids),
        f"confirmed places per event should be {capacity}: {confirmed}",
    )


_LOCK_EVENT = "SELECT id, status, capacity, seats_per_organisation FROM events WHERE id = $1 FOR UPDATE"
_APPLICANT = """
SELECT p.id, m.organisation_id, m.decision_maker, o.name,
    (SELECT organisation_id FROM invitations WHERE event_id = $2 AND person_id = $1) AS invited_for
FROM people p
LEFT JOIN memberships m ON m.person_id = p.id
LEFT JOIN organisations o ON o.id = m.organisation_id
WHERE p.id = $1
ORDER BY m.decision_maker DESC, m.organisation_id
"""
_STANDING = """
SELECT
    (SELECT count(*) FROM registrations WHERE event_id = $1 AND status = 'confirmed') AS confirmed,
    (SELECT count(*) FROM registrations WHERE event_id = $1 AND status = 'waitlisted') AS waiting,
    r.id, r.status
FROM (SELECT 1) AS one
LEFT JOIN registrations r ON r.event_id = $1 AND r.person_id = $2
"""
_REGISTRATIONS = "SELECT * FROM registrations WHERE event_id = $1 ORDER BY arrival, id"
_PERSON = "SELECT id FROM people WHERE id = $1"
_MEMBERSHIPS = "SELECT * FROM memberships WHERE person_id = $1 ORDER BY decision_maker DESC, organisation_id"
_INSERT = """
INSERT INTO registrations (id, event_id, person_id, organisation_id, status, arrival, registered_at,
    updated_at, is_newcomer, is_decision_maker, version)
VALUES ($1, $2, $3, $4, $5, nextval('registration_arrival'), now(), now(), false, $6, 1)
RETURNING *
"""
_OUTBOX = """
INSERT INTO outbox (event_id, subject, aggregate, envelope, created_at, attempts)
VALUES ($1, $2, $3, $4::jsonb, now(), 0)
"""


Transaction = Callable[[asyncpg.Connection, uuid.UUID, uuid.UUID], Awaitable[None]]


async def counting(connection: asyncpg.Connection, event_id: uuid.UUID, person_id: uuid.UUID) -> None:
    """The service's statements: counts instead of rows."""
    event = await connection.fetchrow(_LOCK_EVENT, event_id)
    memberships = await connection.fetch(_APPLICANT, person_id, event_id)
    if not memberships:
        raise RuntimeError("unknown person")
    standing = await connection.fetchrow(_STANDING, event_id, person_id)
    if standing["id"] is not None:
        raise RuntimeError("registered twice")
    confirmed = standing["confirmed"] < event["capacity"]
    position = None if confirmed else standing["waiting"] + 1
    await _write(connection, event_id, person_id, memberships[0], confirmed, position)


async def reading_every_registration(
    connection: asyncpg.Connection, event_id: uuid.UUID, person_id: uuid.UUID
) -> None:
    """The former transaction: every registration of the event, twice."""
    event = await connection.fetchrow(_LOCK_EVENT, event_id)
    rows = await connection.fetch(_REGISTRATIONS, event_id)
    if await connection.fetchrow(_PERSON, person_id) is None:
        raise RuntimeError("unknown person")
    membership = (await connection.fetch(_MEMBERSHIPS, person_id))[0]
    confirmed = sum(1 for row in rows if row["status"] == "confirmed") < event["capacity"]
    await _write(connection, event_id, person_id, membership, confirmed, None)
    await connection.fetch(_REGISTRATIONS, event_id)  # read again for the waitlist position


async def _write(
    connection: asyncpg.Connection,
    event_id: uuid.UUID,
    person_id: uuid.UUID,
    membership: asyncpg.Record,
    confirmed: bool,
    position: int | None,
) -> None:
    status = "confirmed" if confirmed else "waitlisted"
    registration_id = uuid.uuid4()
    await connection.fetchrow(
        _INSERT,
        registration_id,
        event_id,
        person_id,
        membership["organisation_id"],
        status,
        membership["decision_maker"],
    )
    envelope = {
        "id": str(uuid.uuid4()),
        "data": {"registration_id": str(registration_id), "status": status, "waitlist_position": position},
    }
    await connection.execute(
        _OUTBOX,
        uuid.UUID(envelope["id"]),  # type: ignore[arg-type]
        f"events.evt.registration.{status}",
        str(registration_id),
        json.dumps(envelope),
    )


async def bench_asyncpg(
    database: Database,
    servers: Servers,
    passwords: dict[str, str],
    arguments: argparse.Namespace,
    transaction: Transaction,
) -> tuple[float, float, float]:
    people, event_ids = await prepare(
        database, arguments.registrations + arguments.warm_up, arguments.events, arguments.capacity
    )
    dsn = database_url(
        "events", passwords["events"], servers.postgres.host, servers.postgres.port, "postgresql"
    )
    pool = await asyncpg.create_pool(dsn, min_size=20, max_size=20, server_settings={"search_path": "events"})

    async def call(index: int) -> None:
        async with pool.acquire() as connection, connection.transaction():
            await transaction(connection, event_ids[index % len(event_ids)], people[index])

    try:
        figures = await measure(call, arguments.registrations, arguments.concurrency, arguments.warm_up)
    finally:
        await pool.close()
    await check_places(database, event_ids, arguments.capacity)
    return figures


def process_cpu_seconds(pid: int) -> float:
    """User and system CPU time of a running process so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_service(servers: Servers, passwords: dict[str, str]) -> subprocess.Popen[bytes]:
    """The events service's own command (``serve``) in a process of its own."""
    settings = events_settings(servers, passwords)
    environment = {
        **os.environ,
        "EVENTS_NATS_URL": settings.nats_url,
        "EVENTS_NATS_PASSWORD": passwords["events"],
        "EVENTS_DATABASE_URL": settings.database_url.get_secret_value(),
        "EVENTS_DATABASE_POOL_SIZE": str(settings.database_pool_size),
        "EVENTS_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-c", "from events_service.main import main; main()", "serve"]
    return subprocess.Popen(command, env=environment)


async def wait_until_ready(servers: Servers, passwords: dict[str, str]) -> None:
    client = await connect(servers.nats.url, "gateway", passwords["gateway"])
    try:
        for _ in range(900):  # a loaded machine may need minutes
            try:
                reply = await client.request(subjects.health("events"), b"{}", timeout=1)
                if json.loads(reply.data).get("data", {}).get("status") == "ready":
                    return
            except Exception:
                pass
            await asyncio.sleep(0.2)
        raise RuntimeError("the events service did not become ready")
    finally:
        await client.close()


async def run(arguments: argparse.Namespace, servers: Servers, passwords: dict[str, str]) -> None:
    # The service consumes the registry's stream, which the registry declares; declare it here instead.
    admin = await nats.connect(servers.nats.url, user="admin", password=passwords["admin"])
    await declare_stream(admin.jetstream(), "registry")
    await admin.close()
    service = start_service(servers, passwords)
    database = Database(events_settings(servers, passwords), metadata)
    try:
        await wait_until_ready(servers, passwords)
        service_cpu = process_cpu_seconds(service.pid)
        with sampled("registrations-service", service.pid):
            through_service = await bench_service(database, servers, passwords, arguments)
        service_cpu = process_cpu_seconds(service.pid) - service_cpu
        plain_cpu = time.process_time()
        plain = await bench_asyncpg(database, servers, passwords, arguments, counting)
        plain_cpu = time.process_time() - plain_cpu
        # The former transaction is a reference for the earlier figures only: the quick run leaves it.
        former = (
            None
            if arguments.quick
            else await bench_asyncpg(database, servers, passwords, arguments, reading_every_registration)
        )
    finally:
        service.terminate()
        service.wait(timeout=30)
        await database.dispose()
    print(
        f"{arguments.registrations} registrations over {arguments.events} events "
        f"(capacity {arguments.capacity} each), {arguments.concurrency} in flight"
    )
    print(f"{'':44} {'registrations/s':>16} {'p50 ms':>8} {'p99 ms':>8}")
    runs = [
        ("through the events service", through_service),
        ("plain asyncpg, counting (same statements)", plain),
    ]
    references = [("counting", plain)]
    if former is not None:
        runs.append(("plain asyncpg, reading every registration", former))
        references.append(("reading every registration", former))
    for label, (rate, p50, p99) in runs:
        print(f"{label:44} {rate:16.0f} {p50:8.2f} {p99:8.2f}")
    ratio = through_service[0] / plain[0]
    registrations = arguments.registrations + arguments.warm_up
    print(
        f"CPU per registration: events service {service_cpu / registrations * 1000:.2f} ms, "
        f"plain asyncpg client {plain_cpu / registrations * 1000:.2f} ms (both with their setup)"
    )

    def figures(rate: float, p50: float, p99: float) -> str:
        return f"{rate:,.0f}/s, p50 {p50:.0f} ms, p99 {p99:.0f} ms"

    record(
        Row(
            path=f"registrations ({arguments.concurrency} in flight)",
            project=figures(*through_service),
            raw=f"plain asyncpg, same statements: {figures(*plain)}",
            ratio=f"{ratio:.2f}",
            goal=">= 0.7, p99 < 100 ms",
            met=ratio >= 0.7 and through_service[2] < 100,
        )
    )
    for label, (rate, p50, _) in references:
        print(
            f"service / plain asyncpg, {label}: {through_service[0] / rate:.2f} of the throughput, "
            f"{through_service[1] / p50:.1f}x the p50 latency"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="600 registrations over 12 events of 40 places, without the former transaction's run",
    )
    parser.add_argument("--capacity", type=int, help="places per event (default 100)")
    parser.add_argument("--registrations", type=int)
    parser.add_argument("--events", type=int)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--warm-up", type=int, default=100)
    arguments = parser.parse_args()
    arguments.registrations = arguments.registrations or (600 if arguments.quick else 3000)
    arguments.events = arguments.events or (12 if arguments.quick else 20)
    arguments.capacity = arguments.capacity or (40 if arguments.quick else 100)
    if arguments.capacity * arguments.events >= arguments.registrations + arguments.warm_up:
        parser.error("more registrations than places are needed, so that the waitlist is used")
    configure_logging("benchmark", level="WARNING")
    with temporary_servers() as (servers, passwords):
        upgrade(events_settings(servers, passwords), definition().migrations)
        asyncio.run(run(arguments, servers, passwords))
    sys.exit(0)


if __name__ == "__main__":
    main()
