"""The gateway's /health answers what every API call needs: NATS answering a round trip (a frozen
server keeps the connection open) and the gateway's database, within seconds, never a long wait."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

from gateway_service.app import HEALTH_CHECK_SECONDS, create_app
from gateway_service.settings import GatewaySettings
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import eventually, settings_for
from tests.integration.gateway.conftest import browser_for
from tests.integration.stack.own_bus import nats_server_of_its_own


@pytest.fixture
def own_nats() -> Iterator[NatsServer]:
    with nats_server_of_its_own() as server:
        yield server


def _process_id(server: NatsServer) -> int:
    process = server._backend.process  # type: ignore[attr-defined]
    assert process is not None
    return int(process.pid)


async def test_health_says_not_ready_while_nats_is_frozen_and_ready_again_after(
    own_nats: NatsServer, postgres_server: PostgresServer
) -> None:
    settings = settings_for(GatewaySettings, own_nats, postgres_server)
    app = create_app(settings)
    async with app.router.lifespan_context(app), browser_for(app) as client:
        assert (await client.get("/health")).json() == {"status": "ready"}
        pid = _process_id(own_nats)
        os.kill(pid, signal.SIGSTOP)
        try:
            started = time.perf_counter()
            frozen = await client.get("/health")
            waited = time.perf_counter() - started
        finally:
            os.kill(pid, signal.SIGCONT)
        assert frozen.status_code == 503
        assert frozen.headers["Retry-After"]
        assert waited < HEALTH_CHECK_SECONDS + 1.5

        # The late answer to the ping asked while frozen must not end the connection's reading:
        # ready again at once, and staying ready.
        async def ready() -> bool:
            return (await client.get("/health")).status_code == 200

        await eventually(ready, timeout=10)
        for _ in range(3):
            assert await ready()
        assert await app.state.rpc.broker.connection.flush(timeout=2) is None
