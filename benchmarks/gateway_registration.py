"""Benchmark of a registration's latency through the gateway's JSON API, next to the same
registration sent to the events service over NATS directly, measured in the same run.

- Through the gateway: ``POST /api/events/{id}/registrations`` with an API token (admin), one
  request at a time (latency, not throughput): the gateway authenticates the token, sends
  ``events.registration.register`` with the principal in its headers and renders the reply. The
  events service checks the scope under the event's row lock in the write's transaction.
- Over NATS directly: the same operation from a client of the gateway's NATS user, as the floor of
  what the gateway adds.

The gateway runs in this process (FastAPI over httpx's ASGI transport, no HTTP socket), the events
service as its own process. Starts its own embedded NATS and PostgreSQL in a temporary folder.
Run: ``uv run python benchmarks/gateway_registration.py [--quick] [--registrations 400]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from typing import Any

import httpx
import nats

from events_service.main import definition
from gateway_service.app import create_app
from gateway_service.database import GatewayDatabase
from gateway_service.security.accounts import issue_api_token
from gateway_service.security.roles import Role
from gateway_service.settings import GatewaySettings
from gateway_service.testing import migrate
from netzwerkstatt import subjects
from netzwerkstatt.db import Database
from netzwerkstatt.logs import configure_logging
from netzwerkstatt.migrations import upgrade
from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.stack.credentials import database_url
from netzwerkstatt.stack.supervisor import Servers, temporary_servers

sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
from registrations import events_settings, prepare, start_service, wait_until_ready


def gateway_settings(servers: Servers, passwords: dict[str, str]) -> GatewaySettings:
    return GatewaySettings(
        nats_url=servers.nats.url,
        nats_password=passwords["gateway"],
        database_url=database_url(
            "gateway", passwords["gateway"], servers.postgres.host, servers.postgres.port
        ),
        log_level="WARNING",
    )


def figures(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    return (
        statistics.median(ordered) * 1000,
        ordered[int(len(ordered) * 0.9)] * 1000,
        ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
    )


async def run(arguments: argparse.Namespace, servers: Servers, passwords: dict[str, str]) -> None:
    admin = await nats.connect(servers.nats.url, user="admin", password=passwords["admin"])
    await declare_stream(admin.jetstream(), "registry")
    await admin.close()
    service = start_service(servers, passwords)
    database = Database(events_settings(servers, passwords), metadata())
    settings = gateway_settings(servers, passwords)
    await migrate(settings)
    app = create_app(settings)
    count = arguments.registrations + arguments.warm_up
    try:
        await wait_until_ready(servers, passwords)
        people, event_ids = await prepare(database, 2 * count, 2, 100)
        gateway_database = GatewayDatabase(settings)
        _, token = await issue_api_token(gateway_database, f"bench-{uuid.uuid4().hex[:6]}", Role.ADMIN)
        await gateway_database.dispose()
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            headers = {"Authorization": f"Bearer {token}"}
            async with httpx.AsyncClient(
                transport=transport, base_url="http://gateway", headers=headers
            ) as http:

                async def through_gateway(index: int) -> None:
                    response = await http.post(
                        f"/api/events/{event_ids[0]}/registrations", json={"person_id": str(people[index])}
                    )
                    if response.status_code >= 300:
                        raise RuntimeError(response.text)

                gateway = await measure(through_gateway, arguments)
            client = await nats.connect(
                servers.nats.url, user="gateway", password=passwords["gateway"], inbox_prefix="_INBOX.gateway"
            )
            direct_headers = principal_headers()

            async def over_nats(index: int) -> None:
                body = {"event_id": str(event_ids[1]), "person_id": str(people[count + index])}
                message = await client.request(
                    subjects.operation("events", "registration.register"),
                    json.dumps(body).encode(),
                    timeout=30,
                    headers=direct_headers,
                )
                if not json.loads(message.data)["ok"]:
                    raise RuntimeError(message.data)

            direct = await measure(over_nats, arguments)
            await client.close()
    finally:
        service.terminate()
        service.wait(timeout=30)
        await database.dispose()
    print(f"{arguments.registrations} registrations, one at a time (after {arguments.warm_up} to warm up)")
    print(f"{'':40} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8}")
    for label, (p50, p90, p99) in (
        ("through the gateway (admin token)", gateway),
        ("over NATS directly", direct),
    ):
        print(f"{label:40} {p50:8.2f} {p90:8.2f} {p99:8.2f}")
    print(f"gateway adds {gateway[0] - direct[0]:.2f} ms at the median")


def metadata() -> Any:
    return definition().metadata


def principal_headers() -> dict[str, str] | None:
    """An admin principal where the services expect one (older builds took requests without)."""
    try:
        from netzwerkstatt.principal import Principal, Role
    except ImportError:
        return None
    return Principal.staff(Role.ADMIN).headers()


async def measure(call: Any, arguments: argparse.Namespace) -> tuple[float, float, float]:
    for index in range(arguments.warm_up):
        await call(index)
    samples: list[float] = []
    for index in range(arguments.warm_up, arguments.warm_up + arguments.registrations):
        started = time.perf_counter()
        await call(index)
        samples.append(time.perf_counter() - started)
    return figures(samples)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--registrations", type=int, help="default 400 (quick 150)")
    parser.add_argument("--warm-up", type=int, help="default 50 (quick 30)")
    parser.add_argument("--quick", action="store_true", help="150 registrations each way")
    arguments = parser.parse_args()
    arguments.registrations = arguments.registrations or (150 if arguments.quick else 400)
    arguments.warm_up = arguments.warm_up or (30 if arguments.quick else 50)
    configure_logging("benchmark", level="WARNING")
    with temporary_servers() as (servers, passwords):
        upgrade(events_settings(servers, passwords), definition().migrations)
        asyncio.run(run(arguments, servers, passwords))


if __name__ == "__main__":
    main()
