"""Benchmark of the shared kernel against the raw limits of NATS, measured in the same run.

- Request-reply through the kernel (FastStream subscriber in a queue group, typed request model,
  typed reply, correlation middleware; client ``RpcClient``) next to plain nats-py request-reply.
- Outbox events/s through the relay (rows read from PostgreSQL in order, published to JetStream with
  Nats-Msg-Id in waves of up to 64 in flight, acknowledgements awaited, then marked published) next
  to plain nats-py JetStream publishing of the same messages with the same window.
- Inbox events/s: a durable consumer applying the events through the inbox (a transaction per
  fetched batch, then the acks) next to a plain nats-py pull consumer that only acknowledges.

Starts its own embedded NATS and PostgreSQL in a temporary folder. Run:
``uv run python benchmarks/kernel.py [--requests 5000] [--events 5000] [--concurrency 32]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import nats
import sqlalchemy as sa

from netzwerkstatt import subjects
from netzwerkstatt.bus import nats_broker
from netzwerkstatt.contracts import Request, View
from netzwerkstatt.contracts.registry import OrganisationCreated
from netzwerkstatt.db import Database, UnitOfWork, kernel_tables
from netzwerkstatt.envelope import Envelope
from netzwerkstatt.inbox import Consumers
from netzwerkstatt.logs import configure_logging
from netzwerkstatt.outbox import MAX_IN_FLIGHT, OutboxRelay
from netzwerkstatt.principal import Access, Principal
from netzwerkstatt.rpc import Operations, RpcClient
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


def registry_settings(servers: Servers, passwords: dict[str, str], **values: object) -> RegistryBenchSettings:
    return RegistryBenchSettings(
        nats_url=servers.nats.url,
        nats_password=passwords["registry"],
        database_url=database_url(
            "registry", passwords["registry"], servers.postgres.host, servers.postgres.port
        ),
        log_level="WARNING",
        **values,
    )


def latency_figures(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return p50 * 1000, p99 * 1000


async def measure(
    call: Callable[[int], Awaitable[None]], count: int, concurrency: int
) -> tuple[float, float, float]:
    """Throughput with ``concurrency`` callers in flight, and per-call latency p50/p99 (ms)."""
    samples: list[float] = []
    next_index = 0

    async def worker() -> None:
        nonlocal next_index
        while next_index < count:
            index = next_index
            next_index += 1
            started = time.perf_counter()
            await call(index)
            samples.append(time.perf_counter() - started)

    for index in range(min(200, count)):  # warm-up
        await call(index)
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    p50, p99 = latency_figures(samples)
    return count / elapsed, p50, p99


async def bench_request_reply(
    servers: Servers, passwords: dict[str, str], count: int, concurrency: int
) -> list[str]:
    settings = registry_settings(servers, passwords)
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
    gateway_settings = GatewayBenchSettings(nats_url=servers.nats.url, nats_password=passwords["gateway"])
    broker = nats_broker(gateway_settings)
    await broker.connect()
    client = RpcClient(broker, principal=Principal.of_service("gateway"))
    subject = subjects.operation("registry", "bench.echo")

    async def kernel_call(index: int) -> None:
        reply = await client.call(subject, Echo(text="Regionalworkshop Leipzig", number=index), Echoed)
        assert reply.number == index

    kernel = await measure(kernel_call, count, concurrency)
    await broker.stop()
    await runtime.stop()

    server = await nats.connect(servers.nats.url, user="registry", password=passwords["registry"])
    raw_subject = subjects.operation("registry", "bench.raw")

    async def respond(message: nats.aio.msg.Msg) -> None:
        body = json.loads(message.data)
        await message.respond(json.dumps({"ok": True, "data": body}).encode())

    await server.subscribe(raw_subject, queue="registry", cb=respond)
    requester = await nats.connect(servers.nats.url, user="gateway", password=passwords["gateway"])

    async def raw_call(index: int) -> None:
        body = json.dumps({"text": "Regionalworkshop Leipzig", "number": index}).encode()
        reply = await requester.request(raw_subject, body, timeout=5)
        assert json.loads(reply.data)["data"]["number"] == index

    raw = await measure(raw_call, count, concurrency)
    await requester.close()
    await server.close()
    return [
        row("request-reply, kernel", kernel),
        row("request-reply, plain nats-py", raw),
        f"  ratio kernel/plain: throughput {kernel[0] / raw[0]:.2f}, p50 latency {kernel[1] / raw[1]:.2f}x, "
        f"p99 latency {kernel[2] / raw[2]:.2f}x",
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
        for i in range(count)
    ]
    for start in range(0, count, 500):
        async with database.unit_of_work() as uow:
            for payload in payloads[start : start + 500]:
                await uow.record(payload, subject=payload.organisation_id)

    client = await nats.connect(servers.nats.url, user="registry", password=passwords["registry"])
    js = client.jetstream()
    relay = OutboxRelay(settings, database, js)
    started = time.perf_counter()
    relay.start()
    while relay.published < count:  # noqa: ASYNC110 (polling a counter is the measurement)
        await asyncio.sleep(0.005)
    relay_rate = count / (time.perf_counter() - started)
    await relay.stop()

    envelopes = [Envelope.wrap(p, subject=str(p.organisation_id)) for p in payloads]
    bodies = [(str(e.id), e.model_dump_json().encode()) for e in envelopes]

    async def publish(event_id: str, body: bytes) -> None:
        await js.publish(
            OrganisationCreated.subject(),
            body,
            stream=subjects.stream("registry"),
            headers={"Nats-Msg-Id": event_id},
        )

    # The same window as the relay's: up to 64 publishes in flight, their acknowledgements awaited.
    started = time.perf_counter()
    for start in range(0, count, MAX_IN_FLIGHT):
        await asyncio.gather(*(publish(*item) for item in bodies[start : start + MAX_IN_FLIGHT]))
    raw_rate = count / (time.perf_counter() - started)
    await client.close()
    await database.dispose()
    return [
        f"  {'outbox relay to JetStream':34} {relay_rate:10.0f} events/s",
        f"  {'plain nats-py JetStream, 64 in flight':34} {raw_rate:10.0f} events/s",
        f"  ratio relay/plain: {relay_rate / raw_rate:.2f}",
    ]


async def bench_inbox(servers: Servers, passwords: dict[str, str], count: int) -> list[str]:
    """Consume the registry's stream (``count`` events): through the inbox (a transaction per
    event recording its id, then the ack) next to a plain nats-py pull consumer that only acks."""
    settings = NotificationsBenchSettings(
        nats_url=servers.nats.url,
        nats_password=passwords["notifications"],
        database_url=database_url(
            "notifications", passwords["notifications"], servers.postgres.host, servers.postgres.port
        ),
        log_level="WARNING",
    )
    database = Database(settings, kernel_metadata())
    async with database.engine.begin() as connection:
        await connection.run_sync(database.metadata.create_all)
    consumers = Consumers("notifications")

    @consumers.on(OrganisationCreated, name="bench")
    async def apply(uow: UnitOfWork, event: Envelope[OrganisationCreated]) -> None:
        """Nothing but the inbox's own work."""

    definition = ServiceDefinition(
        settings=settings, metadata=kernel_metadata(), operations=Operations("notifications"),
        consumers=consumers, migrations=Path(),
    )  # fmt: skip
    runtime = ServiceRuntime(definition)
    inbox = database.table("inbox")
    started = time.perf_counter()
    await runtime.start()
    while True:
        async with database.read() as session:
            done = await session.scalar(sa.select(sa.func.count()).select_from(inbox))
        if (done or 0) >= count:
            break
        await asyncio.sleep(0.01)
    inbox_rate = count / (time.perf_counter() - started)
    await runtime.stop()
    await database.dispose()

    client = await nats.connect(servers.nats.url, user="notifications", password=passwords["notifications"])
    js = client.jetstream()
    subscription = await js.pull_subscribe(
        OrganisationCreated.subject(), durable="notifications-bench-raw", stream=subjects.stream("registry")
    )
    started = time.perf_counter()
    acked = 0
    while acked < count:
        for message in await subscription.fetch(16, timeout=5):
            await message.ack()
            acked += 1
    raw_rate = count / (time.perf_counter() - started)
    await client.close()
    return [
        f"  {'inbox consumer (transaction + ack)':34} {inbox_rate:10.0f} events/s",
        f"  {'plain nats-py pull consumer (ack)':34} {raw_rate:10.0f} events/s",
        f"  ratio inbox/plain: {inbox_rate / raw_rate:.2f}",
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
    print(f"inbox: {2 * arguments.events} events (those of the outbox run)")
    for line in await bench_inbox(servers, passwords, 2 * arguments.events):
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=32)
    arguments = parser.parse_args()
    configure_logging("benchmark", level="WARNING")
    with temporary_servers() as (servers, passwords):
        asyncio.run(run(arguments, servers, passwords))
    sys.exit(0)


if __name__ == "__main__":
    main()
