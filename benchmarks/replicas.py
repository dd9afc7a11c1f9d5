"""Registrations per second with one and with two replicas of the events service on the same
PostgreSQL database: what scaling the service out buys on this machine, and what it does not.

Each replica is the service's own command (``serve``) in a process of its own, as compose runs it,
with its metrics listener on a port of its own: the benchmark waits until each replica reports
ready there and, afterwards, reads from each how many of the requests it answered (the queue group
shares them). The workload is that of ``registrations.py`` (same preparation, same request, same
check that every event ended exactly full), run once per replica count on fresh events and people.

Run: ``uv run python benchmarks/replicas.py [--quick] [--registrations 2000] [--events 20]``
(``--concurrency 32`` by default).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
import urllib.request

import nats
from prometheus_client.parser import text_string_to_metric_families
from registrations import bench_service, events_settings  # the same workload, next to this file

from events_service.main import definition
from events_service.store import metadata
from netzwerkstatt.db import Database
from netzwerkstatt.logs import configure_logging
from netzwerkstatt.migrations import upgrade
from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.stack import processes
from netzwerkstatt.stack.supervisor import Servers, temporary_servers

OPERATION = "events.registration.register"


def start_replica(servers: Servers, passwords: dict[str, str], metrics_port: int) -> subprocess.Popen[bytes]:
    settings = events_settings(servers, passwords)
    environment = {
        **os.environ,
        "EVENTS_NATS_URL": settings.nats_url,
        "EVENTS_NATS_PASSWORD": passwords["events"],
        "EVENTS_DATABASE_URL": settings.database_url.get_secret_value(),
        "EVENTS_DATABASE_POOL_SIZE": str(settings.database_pool_size),
        "EVENTS_LOG_LEVEL": "WARNING",
        "EVENTS_METRICS_PORT": str(metrics_port),
        "EVENTS_METRICS_SAMPLE_SECONDS": "0.5",
    }
    command = [sys.executable, "-c", "from events_service.main import main; main()", "serve"]
    return subprocess.Popen(command, env=environment)


def scrape(port: int) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    found: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "netzwerkstatt_ready":
                found["ready"] = sample.value
            if (
                sample.name == "netzwerkstatt_request_seconds_count"
                and sample.labels.get("operation") == OPERATION
            ):
                found["answered"] = sample.value
    return found


async def wait_until_each_is_ready(ports: list[int]) -> None:
    deadline = time.monotonic() + 120
    waiting = set(ports)
    while waiting:
        for port in list(waiting):
            try:
                if scrape(port).get("ready") == 1.0:
                    waiting.discard(port)
            except OSError:
                pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"replicas on metrics ports {sorted(waiting)} did not become ready")
        await asyncio.sleep(0.2)


async def with_replicas(
    count: int, servers: Servers, passwords: dict[str, str], arguments: argparse.Namespace
) -> tuple[tuple[float, float, float], list[float]]:
    ports = [processes.free_port() for _ in range(count)]
    replicas = [start_replica(servers, passwords, port) for port in ports]
    database = Database(events_settings(servers, passwords), metadata)
    try:
        await wait_until_each_is_ready(ports)
        figures = await bench_service(database, servers, passwords, arguments)
        answered = [scrape(port).get("answered", 0.0) for port in ports]
    finally:
        for replica in replicas:
            replica.terminate()
        for replica in replicas:
            replica.wait(timeout=60)
        await database.dispose()
    return figures, answered


async def run(arguments: argparse.Namespace, servers: Servers, passwords: dict[str, str]) -> None:
    admin = await nats.connect(servers.nats.url, user="admin", password=passwords["admin"])
    await declare_stream(admin.jetstream(), "registry")
    await admin.close()
    results = {count: await with_replicas(count, servers, passwords, arguments) for count in (1, 2)}
    print(
        f"{arguments.registrations} registrations over {arguments.events} events, "
        f"{arguments.concurrency} in flight, one PostgreSQL, {os.cpu_count()} cores"
    )
    print(f"{'events replicas':16} {'registrations/s':>16} {'p50 ms':>8} {'p99 ms':>8}  answered per replica")
    for count, ((rate, p50, p99), answered) in results.items():
        shares = " / ".join(f"{value:.0f}" for value in answered)
        print(f"{count:<16} {rate:16.0f} {p50:8.2f} {p99:8.2f}  {shares}")
    print(f"2 replicas / 1 replica: {results[2][0][0] / results[1][0][0]:.2f} of the throughput")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--registrations", type=int, help="default 2,000 (quick 240)")
    parser.add_argument("--events", type=int, help="default 20 (quick 5)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--warm-up", type=int, default=100)
    parser.add_argument("--capacity", type=int, help="places per event (default 80, quick 40)")
    parser.add_argument("--quick", action="store_true", help="240 registrations over 5 events of 40 places")
    arguments = parser.parse_args()
    arguments.registrations = arguments.registrations or (240 if arguments.quick else 2000)
    arguments.events = arguments.events or (5 if arguments.quick else 20)
    arguments.capacity = arguments.capacity or (40 if arguments.quick else 80)
    if arguments.capacity * arguments.events >= arguments.registrations + arguments.warm_up:
        parser.error("more registrations than places are needed, so that the waitlist is used")
    configure_logging("benchmark", level="WARNING")
    with temporary_servers() as (servers, passwords):
        upgrade(events_settings(servers, passwords), definition().migrations)
        asyncio.run(run(arguments, servers, passwords))
    sys.exit(0)


if __name__ == "__main__":
    main()
