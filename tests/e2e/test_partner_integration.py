"""Another system reads the public events with the example consumer (docs/examples), as it would
run it: its own account, its own durable consumers, every message checked against the AsyncAPI
documents; it resumes after a restart, replays from a point in time and is refused elsewhere."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from netzwerkstatt import subjects, topology
from netzwerkstatt.principal import Principal, Role
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.stack.nats_config import repository_root
from netzwerkstatt.testing.servers import NatsServer

EXAMPLE = repository_root() / "docs" / "examples" / "partner_consumer.py"
ASYNCAPI = repository_root() / "docs" / "asyncapi"
CREATED = "registry.evt.organisation.created"


@pytest.fixture
def password_file(nats_server: NatsServer, tmp_path: Path) -> Path:
    """The account's password as an operator hands it over: a secret file."""
    path = tmp_path / "partner_nats_password"
    path.write_text(nats_server.credentials("partner").password + "\n")
    return path


async def run_example(
    nats_server: NatsServer, password_file: Path, *extra: str
) -> tuple[int, list[Any], str]:
    command = [sys.executable, str(EXAMPLE), "--url", nats_server.url, "--user", "partner"]
    command += ["--password-file", str(password_file), "--asyncapi", str(ASYNCAPI), "--idle-exit", "1.5"]
    process = await asyncio.create_subprocess_exec(
        *command, *extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    lines = [json.loads(line) for line in stdout.decode().splitlines() if line.strip()]
    assert process.returncode is not None
    return process.returncode, lines, stderr.decode()


async def create_organisation(nats_server: NatsServer, name: str) -> str:
    gateway = await nats_server.connect("gateway")
    try:
        body = {"name": name, "type": "jobcenter", "region_keys": ["14713"]}
        reply = await gateway.request(
            subjects.operation("registry", "organisation.create"),
            json.dumps(body).encode(),
            timeout=5,
            headers=Principal.staff(Role.ADMIN, token_name="partner-test").headers(),
        )
    finally:
        await gateway.close()
    answer = json.loads(reply.data)
    assert answer["ok"], answer
    return str(answer["data"]["id"])


def created_ids(lines: list[Any]) -> list[str]:
    return [line["data"]["organisation_id"] for line in lines if line["subject"] == CREATED]


def ours(lines: list[Any], *organisation_ids: str) -> list[str]:
    """The facts of this test's organisations among those read, in the order read: the stream is the
    worker's, and an organisation another test made may be published meanwhile."""
    return [found for found in created_ids(lines) if found in organisation_ids]


async def wait_until_published(registry: ServiceRuntime, count: int) -> None:
    for _ in range(200):
        if registry.relay.published >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the registry's outbox did not publish")


@pytest.mark.slow
async def test_the_example_consumer_reads_validates_resumes_and_replays(
    registry: ServiceRuntime, nats_server: NatsServer, password_file: Path
) -> None:
    started = datetime.now(UTC)
    first = await create_organisation(nats_server, f"Jobcenter Leipzig {uuid.uuid4().hex[:6]}")
    await wait_until_published(registry, 1)

    code, lines, stderr = await run_example(nats_server, password_file, "--subject", CREATED)
    assert code == 0, stderr
    assert first in created_ids(lines)
    assert all(line["valid"] for line in lines), lines
    assert {line["subject"] for line in lines} == {CREATED}

    # Restarted: its durable consumer remembers what it acknowledged, so only the new fact comes.
    published = registry.relay.published
    second = await create_organisation(nats_server, f"Jobcenter Halle {uuid.uuid4().hex[:6]}")
    await wait_until_published(registry, published + 1)
    code, lines, stderr = await run_example(nats_server, password_file, "--subject", CREATED)
    assert code == 0, stderr
    assert ours(lines, first, second) == [second]

    # Replayed from a point in time: both facts again, in the order they happened.
    code, lines, stderr = await run_example(
        nats_server, password_file, "--subject", CREATED, "--replay-from", started.isoformat()
    )
    assert code == 0, stderr
    assert ours(lines, first, second) == [first, second]


async def test_the_example_consumer_is_refused_on_a_subject_that_is_not_public(
    registry: ServiceRuntime, nats_server: NatsServer, password_file: Path
) -> None:
    private = "registry.evt.person.created"
    assert private not in topology.all_public_event_subjects()

    code, lines, stderr = await run_example(nats_server, password_file, "--subject", private)

    assert code == 2, stderr
    assert lines == []
    assert "permissions violation" in stderr.lower()


def test_the_example_reads_exactly_the_public_subjects_of_the_topology() -> None:
    namespace: dict[str, Any] = {}
    exec(compile(EXAMPLE.read_text(), str(EXAMPLE), "exec"), namespace)
    assert tuple(namespace["PUBLIC_SUBJECTS"]) == topology.all_public_event_subjects()
    for subject in topology.all_public_event_subjects():
        assert namespace["durable_of"]("partner", subject) == topology.integration_durable("partner", subject)
