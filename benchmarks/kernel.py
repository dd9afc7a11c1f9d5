"""Benchmark of the shared kernel against the raw limits of NATS, measured in the same run.

- Request-reply through the kernel (FastStream subscriber in a queue group, typed request model,
  typed reply, correlation middleware; client ``RpcClient``) next to plain nats-py request-reply,
  without headers (the raw limit) and with the principal and deadline headers the contract asks for.
- Outbox events/s through the relay (rows read from PostgreSQL in order, published to JetStream with
  Nats-Msg-Id in waves of up to 64 in flight, acknowledgements awaited, then marked published) next
  to plain nats-py JetStream publishing of the same messages with the same window.
- Inbox events/s: a durable consumer applying the events through the inbox (a transaction per
  fetched batch, then the acks) next to a plain nats-py pull consumer that inserts the same
  processed-id rows with asyncpg in one transaction per fetched batch and then acknowledges (the
  floor for the inbox's work), and one that only acknowledges (the floor of NATS alone).

Guarantee checks (a failure ends the script non-zero): every request got its own answer, the stream
holds every outbox row exactly once and no row is left unpublished, and the inbox recorded every event
exactly once. Starts its own embedded NATS and PostgreSQL in a temporary folder. Run:
``uv run python benchmarks/kernel.py [--quick] [--requests 5000] [--events 5000] [--concurrency 32]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncpg
import nats
import sqlalchemy as sa
from _profile import profiled
from _summary import Row, check, latency_figures, record

from netzwerkstatt import subjects
from netzwerkstatt.bus import connect, nats_broker
from netzwerkstatt.collector import tune_for_serving
from netzwerkstatt.contracts import Request, View
from netzwerkstatt.contracts.registry import OrganisationCreated
from netzwerkstatt.db import Database, UnitOfWork, kernel_tables
from netzwerkstatt.envelope import Envelope
from netzwerkstatt.inbox import BATCH_SIZE, Consumers
from netzwerkstatt.logs import configure_logging
from netzwerkstatt.outbox import MAX_IN_FLIGHT, OutboxRelay
from netzwerkstatt.principal import Access, Principal
from netzwerkstatt.rpc import DEADLINE_HEADER, Operations, RpcClient
from netzwerkstatt.service import ServiceDefinition, ServiceRuntime
from netzwerkstatt.settings import ServiceSettings
from netzwerkstatt.stack.credentials import database_url
from netzwerkstatt.stack.supervisor import Servers, temporary_servers


class Echo(Request):
    text: str
    number: int


class Echoed(View):
    text: str
    number: int


class GatewayBenchSettings(ServiceSettings):
    service_name = "gateway"


class NotificationsBenchSettings(ServiceSettings):
    service_name = "notifications"


class RegistryBenchSettings(ServiceSettings):
    """The benchmark runs as the registry (its NATS user and database role), with kernel tables only."""

    service_name = "registry"


def kernel_metadata() -> sa.MetaData:
    metadata = sa.MetaData()
    kernel_tables(metadata)
    return metadata


ROUNDS = 5  # turns of the kernel and plain nats-py, see ``measure``
# Outbox events relayed, and as many published plainly, before the measured turns: the first writes
# to the stream and the relay's first statements cost several times a warm round (200 ms instead of
# 20 ms for 200 events), and would otherwise fall on whichever side goes first.
OUTBOX_WARM_UP = 64
# Events each inbox run takes before its clock starts: its first connections and fetches are set-up,
# not the steady rate (the inbox's engine connects on its first batch).
INBOX_WARM_UP = 2 * BATCH_SIZE


def registry_settings(servers: Servers, passwords: dict[str, str], **values: object) -> RegistryBenchSettings:
    values.setdefault("nats_password", passwords["registry"])
    return RegistryBenchSettings(
        nats_url=servers.nats.url,
        database_url=database_url(
            "registry", passwords["registry"], servers.postgres.host, servers.postgres.port
        ),
        log_level="WARNING",
        **values,
    )


async def measure(
    calls: dict[str, Callable[[int], Awaitable[None]]], count: int, concurrency: int, rounds: int = ROUNDS
) -> dict[str, tuple[float, float, float]]:
    """Throughput with ``concurrency`` callers in flight, and per-call latency p50/p99 (ms), of each
    way of calling. The ways take turns, ``rounds`` times ``count / rounds`` calls each, so that a
    change of load on a shared machine falls on all of them alike."""
    samples: dict[str, list[float]] = {label: [] for label in calls}
    elapsed: dict[str, float] = dict.fromkeys(calls, 0.0)
    share = max(1, count // rounds)

    async def run(label: str, first: int) -> None:
        call = calls[label]
        next_index = first

        async def worker() -> None:
            nonlocal next_index
            while next_index < first + share:
                index = next_index
                next_index += 1
                started = time.perf_counter()
                await call(index)
                samples[label].append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed[label] += time.perf_counter() - started

    for call in calls.values():
        for index in range(min(200, count)):  # warm-up
            await call(index)
    for number in range(rounds):
        for label in calls:
            await run(label, number * share)
    return {
        label: (len(samples[label]) / elapsed[label], *latency_figures(samples[label])) for label in calls
    }


async def bench_request_reply(
    servers: Servers, passwords: dict[str, str], count: int, concurrency: int
) -> list[str]:
    # The echo subjects are the benchmark's own, not operations of the topology: both ends use the
    # admin's NATS login (the registry's database role stays), as the measured path is the same.
    settings = registry_settings(servers, passwords, nats_user="admin", nats_password=passwords["admin"])
    operations = Operations("registry")

    @operations("bench.echo", access=Access.READ)
    async def echo(request: Echo) -> Echoed:
        return Echoed(text=request.text, number=request.number)

    definition = ServiceDefinition(
        settings=settings,
        metadata=kernel_metadata(),
        operations=operations,
        consumers=Consumers("registry"),
        migrations=Path(),
    )
    runtime = ServiceRuntime(definition)
    await runtime.start()
    gateway_settings = GatewayBenchSettings(
        nats_url=servers.nats.url, nats_user="admin", nats_password=passwords["admin"]
    )
    broker = nats_broker(gateway_settings)
    await broker.connect()
    client = RpcClient(broker, principal=Principal.of_service("gateway"))
    subject = subjects.operation("registry", "bench.echo")

    async def kernel_call(index: int) -> None:
        reply = await client.call(subject, Echo(text="Regionalworkshop Leipzig", number=index), Echoed)
        check(reply.number == index, f"request {index} got the answer to {reply.number}")

    server = await connect(servers.nats.url, "admin", passwords["admin"])
    raw_subject = subjects.operation("registry", "bench.raw")

    async def respond(message: nats.aio.msg.Msg) -> None:
        body = json.loads(message.data)
        await message.respond(json.dumps({"ok": True, "data": body}).encode())

    await server.subscribe(raw_subject, queue="registry", cb=respond)
    requester = await connect(servers.nats.url, "admin", passwords["admin"])

    async def raw_call(index: int) -> None:
        body = json.dumps({"text": "Regionalworkshop Leipzig", "number": index}).encode()
        reply = await requester.request(raw_subject, body, timeout=5)
        check(json.loads(reply.data)["data"]["number"] == index, f"plain request {index}: wrong answer")

    # The headers every operation's contract asks for (principal and deadline), sent by plain
    # nats-py: how much of the gap is the headers' own cost in NATS and nats-py.
    contract_headers = client.principal.headers() if client.principal else {}
    contract_headers[DEADLINE_HEADER] = f"{time.time() + 3600:.3f}"

    async def raw_call_with_headers(index: int) -> None:
        body = json.dumps({"text": "Regionalworkshop Leipzig", "number": index}).encode()
        reply = await requester.request(raw_subject, body, timeout=5, headers=contract_headers)
        check(json.loads(reply.data)["data"]["number"] == index, f"plain request {index}: wrong answer")

    calls = {"kernel": kernel_call, "plain": raw_call, "plain with headers": raw_call_with_headers}
    with profiled("request-reply"):
        figures = await measure(calls, count, concurrency)
    kernel, raw, with_headers = figures["kernel"], figures["plain"], figures["plain with headers"]
    await requester.close()
    await server.close()
    await broker.stop()
    await runtime.stop()
    ratio, p99_ratio = kernel[0] / raw[0], kernel[2] / raw[2]
    record(
        Row(
            path=f"request-reply ({concurrency} in flight)",
            project=f"{kernel[0]:,.0f}/s, p99 {kernel[2]:.1f} ms",
            raw=f"plain nats-py {raw[0]:,.0f}/s, p99 {raw[2]:.1f} ms",
            ratio=f"{ratio:.2f}, p99 {p99_ratio:.2f}x",
            goal=">= 0.8, p99 <= 1.3x",
            met=ratio >= 0.8 and p99_ratio <= 1.3,
        )
    )
    return [
        row("request-reply, kernel", kernel),
        row("request-reply, plain nats-py", raw),
        row("request-reply, plain with headers", with_headers),
        f"  ratio kernel/plain: throughput {ratio:.2f}, p50 latency {kernel[1] / raw[1]:.2f}x, "
        f"p99 latency {p99_ratio:.2f}x",
        f"  ratio plain with the contract's headers/plain: throughput {with_headers[0] / raw[0]:.2f}; "
        f"kernel/plain with headers: {kernel[0] / with_headers[0]:.2f}",
    ]


async def bench_outbox(servers: Servers, passwords: dict[str, str], count: int) -> list[str]:
    settings = registry_settings(servers, passwords, relay_batch_size=500)
    database = Database(settings, kernel_metadata())
    payloads = [
        OrganisationCreated(
            organisation_id=uuid.uuid4(),
            name=f"Jobcenter {i}",
            type="jobcenter",
            region_keys=["14713"],
            version=1,
        )
        for i in range(OUTBOX_WARM_UP + count)
    ]
    client = await connect(servers.nats.url, "registry", passwords["registry"])
    js = client.jetstream()
    relay = OutboxRelay(settings, database, js)
    stream = subjects.stream("registry")
    bodies = [
        (str(envelope.id), envelope.model_dump_json().encode())
        for envelope in (Envelope.wrap(p, subject=str(p.organisation_id)) for p in payloads)
    ]

    async def publish(event_id: str, body: bytes) -> None:
        await js.publish(
            OrganisationCreated.subject(), body, stream=stream, headers={"Nats-Msg-Id": event_id}
        )

    # Turns, as in ``measure``: the relay publishes a share of the rows (committed untimed; it is
    # woken by the commit), then plain nats-py publishes as many with the same window of up to 64
    # in flight, their acknowledgements awaited. One unmeasured turn first (``OUTBOX_WARM_UP``).
    seconds = {"relay": 0.0, "plain": 0.0}
    total = OUTBOX_WARM_UP + count
    share = max(1, count // ROUNDS)
    relay.start()

    async def turn(start: int, target: int, measured: bool) -> None:
        async with database.unit_of_work() as uow:
            for payload in payloads[start:target]:
                await uow.record(payload, subject=payload.organisation_id)
        started = time.perf_counter()
        while relay.published < target:  # noqa: ASYNC110 (polling a counter is the measurement)
            await asyncio.sleep(0.002)
        seconds["relay"] += (time.perf_counter() - started) if measured else 0.0
        started = time.perf_counter()
        for first in range(start, target, MAX_IN_FLIGHT):
            window = bodies[first : min(target, first + MAX_IN_FLIGHT)]
            await asyncio.gather(*(publish(*item) for item in window))
        seconds["plain"] += (time.perf_counter() - started) if measured else 0.0

    await turn(0, OUTBOX_WARM_UP, measured=False)
    with profiled("outbox"):
        for start in range(OUTBOX_WARM_UP, total, share):
            await turn(start, min(total, start + share), measured=True)
    await relay.stop()
    relay_rate, raw_rate = count / seconds["relay"], count / seconds["plain"]
    async with database.read() as session:
        left = await session.scalar(
            sa.select(sa.func.count())
            .select_from(database.table("outbox"))
            .where(database.table("outbox").c.published_at.is_(None))
        )
    check(left == 0, f"{left} outbox rows left unpublished")
    stored = (await js.stream_info(stream)).state.messages
    check(stored == 2 * total, f"the stream holds {stored} events, not {total} relayed + {total} plain")
    await client.close()
    await database.dispose()
    record(
        Row(
            path="outbox relay -> JetStream",
            project=f"{relay_rate:,.0f}/s",
            raw=f"plain JetStream publish, {MAX_IN_FLIGHT} in flight: {raw_rate:,.0f}/s",
            ratio=f"{relay_rate / raw_rate:.2f}",
            goal=">= 0.85",
            met=relay_rate / raw_rate >= 0.85,
        )
    )
    return [
        f"  {'outbox relay to JetStream':34} {relay_rate:10.0f} events/s",
        f"  {'plain nats-py JetStream, 64 in flight':34} {raw_rate:10.0f} events/s",
        f"  ratio relay/plain: {relay_rate / raw_rate:.2f}",
    ]


async def bench_inbox(servers: Servers, passwords: dict[str, str], count: int) -> list[str]:
    """Consume the registry's stream (``count`` events) three times, each with its own durable
    consumer: through the inbox; with a plain pull consumer that records the same processed-id rows
    with asyncpg, one transaction per fetched batch, then acks; with one that only acks.

    The three take turns, up to ``ROUNDS`` times a share of whole batches each, so that a change of load
    falls on all alike: the inbox's handler holds its consumer at the first event past its share (the
    batches before it committed and acknowledged) until its next turn."""
    # Consumers of its own on the registry's stream, which the notifications login may not have (it
    # reads that stream through its own named consumers only): the admin's login.
    settings = NotificationsBenchSettings(
        nats_url=servers.nats.url,
        nats_user="admin",
        nats_password=passwords["admin"],
        database_url=database_url(
            "notifications", passwords["notifications"], servers.postgres.host, servers.postgres.port
        ),
        log_level="WARNING",
    )
    database = Database(settings, kernel_metadata())
    async with database.engine.begin() as connection:
        await connection.run_sync(database.metadata.create_all)
    consumers = Consumers("notifications")
    # Whole batches per turn; a batch is left over after the last turn for the inbox to stop at.
    batches = (count - INBOX_WARM_UP - BATCH_SIZE) // BATCH_SIZE
    if batches < 1:
        raise SystemExit(f"inbox: {count} events are too few; --events must be at least {BATCH_SIZE}")
    rounds = min(ROUNDS, batches)
    share = batches // rounds * BATCH_SIZE
    applied, allowed = 0, INBOX_WARM_UP
    go_on, held = asyncio.Event(), asyncio.Event()
    go_on.set()

    @consumers.on(OrganisationCreated, name="bench")
    async def apply(uow: UnitOfWork, event: Envelope[OrganisationCreated]) -> None:
        """Nothing but the inbox's own work, and a stop at the end of each turn."""
        nonlocal applied
        if applied == allowed:
            go_on.clear()
            held.set()
            await go_on.wait()
        applied += 1

    definition = ServiceDefinition(
        settings=settings, metadata=kernel_metadata(), operations=Operations("notifications"),
        consumers=consumers, migrations=Path(),
    )  # fmt: skip
    runtime = ServiceRuntime(definition)
    inbox = database.table("inbox")

    async def recorded(consumer: str) -> int:
        async with database.read() as session:
            query = sa.select(sa.func.count()).select_from(inbox).where(inbox.c.consumer == consumer)
            return int(await session.scalar(query) or 0)

    client = await connect(servers.nats.url, "admin", passwords["admin"])
    js = client.jetstream()
    postgres = servers.postgres
    password = passwords["notifications"]
    dsn = database_url("notifications", password, postgres.host, postgres.port, "postgresql")
    connection = await asyncpg.connect(dsn, server_settings={"search_path": "notifications"})
    raw_consumer = "notifications-bench-raw"
    stream = subjects.stream("registry")
    recording = await js.pull_subscribe(OrganisationCreated.subject(), durable=raw_consumer, stream=stream)
    acking = await js.pull_subscribe(
        OrganisationCreated.subject(), durable="notifications-bench-ack", stream=stream
    )

    async def record_and_ack(events: int) -> None:
        while events > 0:
            messages = await recording.fetch(min(BATCH_SIZE, events), timeout=5)
            ids = [uuid.UUID(json.loads(message.data)["id"]) for message in messages]
            async with connection.transaction():
                await connection.execute(
                    "INSERT INTO inbox (event_id, consumer, processed_at)"
                    " SELECT unnest($1::uuid[]), $2, now() ON CONFLICT DO NOTHING",
                    ids,
                    raw_consumer,
                )
            for message in messages:
                await message.ack()
            events -= len(messages)

    async def ack_only(events: int) -> None:
        while events > 0:
            for message in await acking.fetch(min(BATCH_SIZE, events), timeout=5):
                await message.ack()
                events -= 1

    async def inbox_turn(events: int) -> None:
        nonlocal allowed
        allowed += events
        held.clear()
        go_on.set()
        await asyncio.wait_for(held.wait(), timeout=60)

    elapsed = {"inbox": 0.0, "recording": 0.0, "acking": 0.0}
    turns = {"inbox": inbox_turn, "recording": record_and_ack, "acking": ack_only}
    with profiled("inbox"):
        held.clear()
        await runtime.start()
        # The warm-up: the first connections and fetches are set-up, not the rate.
        await asyncio.wait_for(held.wait(), timeout=60)
        await record_and_ack(INBOX_WARM_UP)
        await ack_only(INBOX_WARM_UP)
        for _ in range(rounds):
            for label, turn in turns.items():
                started = time.perf_counter()
                await turn(share)
                elapsed[label] += time.perf_counter() - started
    measured = rounds * share
    inbox_rate, recording_rate, ack_rate = (measured / elapsed[label] for label in turns)
    # The rest of the stream, unmeasured, so that each consumer has seen every event once.
    allowed = count + 1
    go_on.set()
    rest = count - INBOX_WARM_UP - measured
    await record_and_ack(rest)
    await ack_only(rest)
    while await recorded("notifications-bench") < count:  # noqa: ASYNC110 (the inbox commits on its own)
        await asyncio.sleep(0.01)
    await runtime.stop()
    await connection.close()
    await client.close()
    for consumer in ("notifications-bench", raw_consumer):
        rows = await recorded(consumer)
        check(rows == count, f"{consumer} recorded {rows} processed events for {count} in the stream")
    await database.dispose()
    ratio = inbox_rate / recording_rate
    record(
        Row(
            path="inbox (transaction + ack)",
            project=f"{inbox_rate:,.0f}/s",
            raw=f"plain pull, asyncpg batch insert, ack: {recording_rate:,.0f}/s"
            f" (ack only {ack_rate:,.0f}/s)",
            ratio=f"{ratio:.2f} ({inbox_rate / ack_rate:.2f} of ack only)",
            goal=">= 0.6",
            met=ratio >= 0.6,
        )
    )
    return [
        f"  {'inbox consumer (transaction + ack)':44} {inbox_rate:10.0f} events/s",
        f"  {'plain pull, asyncpg batch insert, ack':44} {recording_rate:10.0f} events/s",
        f"  {'plain pull, ack only':44} {ack_rate:10.0f} events/s",
        f"  ratio inbox/plain with inserts: {ratio:.2f}; inbox/ack only: {inbox_rate / ack_rate:.2f}",
    ]


def row(label: str, figures: tuple[float, float, float]) -> str:
    rate, p50, p99 = figures
    return f"  {label:34} {rate:10.0f} msg/s   p50 {p50:6.3f} ms   p99 {p99:6.3f} ms"


async def run(arguments: argparse.Namespace, servers: Servers, passwords: dict[str, str]) -> None:
    settings = registry_settings(servers, passwords)
    database = Database(settings, kernel_metadata())
    async with database.engine.begin() as connection:
        await connection.run_sync(database.metadata.create_all)
    await database.dispose()
    print(f"request-reply: {arguments.requests} requests, {arguments.concurrency} in flight")
    for line in await bench_request_reply(servers, passwords, arguments.requests, arguments.concurrency):
        print(line)
    print(f"outbox: {arguments.events} events")
    for line in await bench_outbox(servers, passwords, arguments.events):
        print(line)
    events = 2 * (OUTBOX_WARM_UP + arguments.events)
    print(f"inbox: {events} events (those of the outbox run)")
    for line in await bench_inbox(servers, passwords, events):
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer requests and events (1,000 each)")
    parser.add_argument("--requests", type=int)
    parser.add_argument("--events", type=int)
    parser.add_argument("--concurrency", type=int, default=32)
    arguments = parser.parse_args()
    default = 1000 if arguments.quick else 5000
    arguments.requests = arguments.requests or default
    arguments.events = arguments.events or default
    configure_logging("benchmark", level="WARNING")
    # The kernel's server, relay and inbox run in this process: its collector is set as a serving
    # process sets it (the plain runs share it).
    tune_for_serving()
    with temporary_servers() as (servers, passwords):
        asyncio.run(run(arguments, servers, passwords))
    sys.exit(0)


if __name__ == "__main__":
    main()
