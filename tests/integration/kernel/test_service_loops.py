"""Every background loop of every service is a supervised loop: an exception in its body does not
end it, and a loop that stops or misses its deadline makes its service report not ready, by name; a
service stops at once, even in the moment after its start."""

from __future__ import annotations

import asyncio
import json

import nats
import pytest

from netzwerkstatt.loops import BackgroundLoop, LoopBody
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import eventually, migrate, settings_for

EXPECTED_LOOPS = {
    "registry": {"registry-outbox-relay"},
    "events": {"events-outbox-relay", "agreement-due-check"},
    "feedback": {"feedback-outbox-relay", "feedback-jobs", "feedback-announcements"},
    "notifications": {
        "notifications-outbox-relay",
        "notifications-reminders",
        *(f"notifications-delivery-{n}" for n in range(4)),
    },
}


class FailOnce:
    """Wraps a loop's body: the first call raises, every later one runs the real body."""

    def __init__(self, body: LoopBody) -> None:
        self.body = body
        self.raised = False
        self.calls_after = 0

    async def __call__(self) -> float | None:
        if not self.raised:
            self.raised = True
            raise RuntimeError("injected failure in the loop body")
        self.calls_after += 1
        return await self.body()


async def _health(nats_server: NatsServer, service: str) -> dict[str, object]:
    admin = nats_server.admin
    client = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    try:
        reply = await client.request(f"{service}.health", b"", timeout=10)
    finally:
        await client.close()
    data: dict[str, object] = json.loads(reply.data)["data"]
    return data


@pytest.mark.slow
async def test_an_exception_in_each_loop_body_does_not_end_the_loop(
    registry: ServiceRuntime,
    events: ServiceRuntime,
    feedback: ServiceRuntime,
    notifications: ServiceRuntime,
    nats_server: NatsServer,
) -> None:
    runtimes = [registry, events, feedback, notifications]
    injected: dict[str, tuple[BackgroundLoop, FailOnce]] = {}
    for runtime in runtimes:
        names = {loop.name for loop in runtime.loops}
        assert EXPECTED_LOOPS[runtime.name] <= names
        for loop in runtime.loops:
            wrapper = FailOnce(loop.body)
            loop.body = wrapper
            injected[loop.name] = (loop, wrapper)
            loop.wake()

    async def every_loop_went_on() -> bool:
        for loop, _ in injected.values():
            loop.wake()
        return all(wrapper.calls_after > 0 for _, wrapper in injected.values())

    await eventually(every_loop_went_on, timeout=30)
    for name, (loop, wrapper) in injected.items():
        assert wrapper.raised, name
        assert loop.failures >= 1, name
        assert not loop.late, name
    for runtime in runtimes:
        health = await _health(nats_server, runtime.name)
        assert health["status"] == "ready", health


async def test_a_service_with_a_stopped_loop_is_not_ready_and_names_the_loop(
    notifications: ServiceRuntime, nats_server: NatsServer
) -> None:
    worker = next(loop for loop in notifications.loops if loop.name == "notifications-delivery-1")
    # The loop's task ends without a stop (as a loop that died would).
    for task in [t for t in asyncio.all_tasks() if t.get_name() == worker.name]:
        task.cancel()

    async def reported() -> dict[str, object] | None:
        health = await _health(nats_server, "notifications")
        return health if health["status"] == "not_ready" else None

    health = await eventually(reported, timeout=10)
    assert health["late_loops"] == ["notifications-delivery-1"]
    assert health["database"] is True
    assert health["nats"] is True


async def test_a_database_that_hangs_is_reported_not_ready_within_the_probes_second(
    registry: ServiceRuntime, nats_server: NatsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A frozen PostgreSQL takes connections and never answers: the health reply still comes in
    time for the probe (``netzwerkstatt-<service> health`` waits 1 s), saying the database is not
    reachable, rather than no reply at all ("no replica answered")."""

    async def hangs() -> bool:
        await asyncio.sleep(3600)
        return True

    monkeypatch.setattr(registry.database, "is_reachable", hangs)
    started = asyncio.get_running_loop().time()
    admin = nats_server.admin
    client = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    try:
        reply = await client.request("registry.health", b"", timeout=1)
    finally:
        await client.close()
    health = json.loads(reply.data)["data"]
    assert health["status"] == "not_ready"
    assert health["database"] is False
    assert asyncio.get_running_loop().time() - started < 1


async def test_a_service_stopped_right_after_its_start_stops_at_once(
    registry: ServiceRuntime, nats_server: NatsServer, postgres_server: PostgresServer
) -> None:
    # Its consumers are subscribing and fetching at that moment: a cancellation lost in nats-py's
    # wait had every other stop wait out the fetch's 5-s long poll.
    from events_service.main import definition
    from events_service.settings import EventsSettings

    service = definition(settings_for(EventsSettings, nats_server, postgres_server))
    await migrate(service)
    clock = asyncio.get_running_loop()
    for _ in range(8):
        runtime = ServiceRuntime(service)
        await runtime.start()
        stopping = clock.time()
        await runtime.stop()
        assert clock.time() - stopping < 2.5
