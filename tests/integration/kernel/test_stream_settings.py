"""A service's stream is created by the service at its first start; its settings change only with
the NATS admin login. A service's login that could update its stream could add another service's
stream as a source of its own and read that service's events (personal data among them) there."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import nats.errors
import pytest
from nats.aio.client import Client as NatsClient
from nats.js.api import StreamSource

from netzwerkstatt import subjects, topology
from netzwerkstatt.outbox import STREAM_MAX_AGE, create_own_stream, declare_stream, stream_config
from netzwerkstatt.stack.processes import free_port
from netzwerkstatt.stack.streams import apply_stream_settings
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import running, settings_for
from tests.integration.stack.own_bus import nats_server_of_its_own

REGISTRY_STREAM = subjects.stream("registry")
NOTIFICATIONS_STREAM = subjects.stream("notifications")


@pytest.fixture(scope="module")
def own_nats() -> Iterator[NatsServer]:
    with nats_server_of_its_own() as server:
        yield server


@pytest.fixture
async def admin(own_nats: NatsServer) -> AsyncIterator[NatsClient]:
    client = await own_nats.connect(topology.ADMIN)
    yield client
    await client.close()


async def test_a_services_login_cannot_make_another_services_stream_a_source_of_its_own(
    own_nats: NatsServer, admin: NatsClient
) -> None:
    for service in ("registry", "notifications"):
        await declare_stream(admin.jetstream(), service)
    notifications = await own_nats.connect("notifications")
    reading_the_registry = dataclasses.replace(
        stream_config("notifications"), sources=[StreamSource(name=REGISTRY_STREAM)]
    )

    with pytest.raises(nats.errors.Error):
        await notifications.jetstream(timeout=1).update_stream(reading_the_registry)
    await notifications.close()

    assert not (await admin.jetstream().stream_info(NOTIFICATIONS_STREAM)).config.sources


async def test_a_service_creates_its_missing_stream_and_names_settings_it_may_not_change(
    own_nats: NatsServer, admin: NatsClient
) -> None:
    js = admin.jetstream()
    await declare_stream(js, "registry")  # whichever test of this server ran before, it exists now
    await js.delete_stream(REGISTRY_STREAM)
    registry = await own_nats.connect("registry")

    assert await create_own_stream(registry.jetstream(), "registry") == []
    created = (await js.stream_info(REGISTRY_STREAM)).config
    assert (created.subjects, created.max_age) == (
        [subjects.events_of("registry")],
        STREAM_MAX_AGE.total_seconds(),
    )

    a_day = dataclasses.replace(stream_config("registry"), max_age=86_400.0)
    await js.update_stream(a_day)
    assert await create_own_stream(registry.jetstream(), "registry") == ["max_age"]
    assert (await js.stream_info(REGISTRY_STREAM)).config.max_age == 86_400.0
    await registry.close()

    await apply_stream_settings(own_nats.url, topology.ADMIN, own_nats.admin.password)
    assert (await js.stream_info(REGISTRY_STREAM)).config.max_age == STREAM_MAX_AGE.total_seconds()


async def test_a_service_started_on_a_stream_with_other_settings_says_so_and_runs(
    own_nats: NatsServer,
    admin: NatsClient,
    postgres_server: PostgresServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from registry_service.main import definition
    from registry_service.settings import RegistrySettings

    await declare_stream(admin.jetstream(), "registry")
    await admin.jetstream().update_stream(dataclasses.replace(stream_config("registry"), max_age=86_400.0))

    async with running(definition(settings_for(RegistrySettings, own_nats, postgres_server))):
        pass

    records = [record for record in caplog.records if record.name == "netzwerkstatt.service"]
    lines: list[dict[str, Any]] = [record.msg for record in records if isinstance(record.msg, dict)]
    assert len(lines) == len(records)
    [said] = [line for line in lines if line["event"].startswith("the stream's settings differ")]
    assert (said["level"], said["stream"], said["settings"]) == ("error", REGISTRY_STREAM, ["max_age"])
    assert "python -m netzwerkstatt.stack streams" in said["event"]
    assert any(line["event"] == "service started" for line in lines)


async def test_the_streams_command_applies_the_settings_with_the_admin_login_only(
    own_nats: NatsServer, admin: NatsClient, tmp_path: Path
) -> None:
    js = admin.jetstream()
    await declare_stream(js, "events")
    await js.update_stream(dataclasses.replace(stream_config("events"), max_age=86_400.0))

    def streams(user: str, url: str = own_nats.url) -> subprocess.CompletedProcess[str]:
        password_file = tmp_path / user
        password_file.write_text(own_nats.credentials(user).password + "\n")
        command = ["streams", "--url", url, "--user", user, "--password-file", str(password_file)]
        return subprocess.run(
            [sys.executable, "-m", "netzwerkstatt.stack", *command],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    refused = streams("events")
    assert refused.returncode == 1
    assert refused.stderr == "streams not changed: the login 'events' may not change the streams\n"
    assert (await js.stream_info(subjects.stream("events"))).config.max_age == 86_400.0

    nobody_there = f"nats://127.0.0.1:{free_port()}"
    unreachable = streams(topology.ADMIN, nobody_there)
    assert (unreachable.returncode, unreachable.stderr) == (
        1,
        f"streams not changed: NATS is not reachable at {nobody_there}\n",
    )

    applied = streams(topology.ADMIN)
    assert applied.returncode == 0, applied.stderr[-2000:]
    assert subjects.stream("events") in applied.stdout
    assert (await js.stream_info(subjects.stream("events"))).config.max_age == STREAM_MAX_AGE.total_seconds()
