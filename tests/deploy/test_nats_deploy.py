"""NATS as deployed: the container entrypoint turns secret files into the passwords nats.conf
expects; the real nats-server accepts the single-node and the cluster command of the compose files,
and a three-node cluster started that way keeps a service's stream three times."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import nats
import pytest
from deploy_files import DEPLOY, cluster, service
from nats.errors import Error as NatsError

from netzwerkstatt import subjects, topology
from netzwerkstatt.bus import connect
from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.stack import processes
from netzwerkstatt.stack.binaries import nats_server_binary
from netzwerkstatt.stack.credentials import random_passwords
from netzwerkstatt.testing import NatsServer

ENTRYPOINT = DEPLOY / "nats" / "entrypoint.sh"
CONFIG = DEPLOY / "nats" / "nats.conf"


@pytest.fixture
def passwords() -> dict[str, str]:
    return random_passwords()


@pytest.fixture
def secrets_dir(tmp_path: Path, passwords: dict[str, str]) -> Path:
    folder = tmp_path / "secrets"
    folder.mkdir()
    for user in topology.nats_users():
        (folder / f"{user}_nats_password").write_text(passwords[user] + "\n")
    return folder


def entrypoint_environment(secrets_dir: Path) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "NATS_CONFIG": str(CONFIG),
        "NATS_SERVER": str(nats_server_binary()),
        "NETZWERKSTATT_SECRETS_DIR": str(secrets_dir),
    }


def run_entrypoint(secrets_dir: Path, arguments: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(ENTRYPOINT), *arguments],
        env=entrypoint_environment(secrets_dir),
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )


def compose_command(definition: dict[str, object], store: Path) -> list[str]:
    command = definition["command"]
    assert isinstance(command, list)
    return [str(store) if part == "/data" else str(part) for part in command]


def test_nats_server_accepts_the_single_node_command_of_the_compose_file(
    secrets_dir: Path, tmp_path: Path
) -> None:
    result = run_entrypoint(secrets_dir, [*compose_command(service("nats"), tmp_path / "js"), "-t"])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("node", ["nats", "nats-2", "nats-3"])
def test_nats_server_accepts_each_cluster_nodes_command(secrets_dir: Path, tmp_path: Path, node: str) -> None:
    command = compose_command(cluster()["services"][node], tmp_path / "js")
    result = run_entrypoint(secrets_dir, [*command, "-t"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_cluster_nodes_have_their_own_names_and_stores_and_route_to_each_other() -> None:
    nodes = {name: cluster()["services"][name] for name in ("nats", "nats-2", "nats-3")}
    names = []
    for definition in nodes.values():
        command = definition["command"]
        names.append(command[command.index("--name") + 1])
        assert command[command.index("--cluster_name") + 1] == "netzwerkstatt"
        routes = command[command.index("--routes") + 1].split(",")
        assert routes == ["nats://nats-1:6222", "nats://nats-2:6222", "nats://nats-3:6222"]
    assert names == ["nats-1", "nats-2", "nats-3"]
    stores = [
        volume for name in ("nats-2", "nats-3") for volume in nodes[name]["volumes"] if ":/data" in volume
    ]
    assert stores == ["nats-2-data:/data", "nats-3-data:/data"]


def test_every_service_runs_twice_on_the_cluster_with_streams_kept_three_times() -> None:
    services = cluster()["services"]
    for name in (*topology.SERVICES, topology.GATEWAY):
        assert services[name]["deploy"]["replicas"] == 2, name
    for name in topology.SERVICES:
        assert services[name]["environment"] == {f"{name.upper()}_STREAM_REPLICAS": "3"}


def test_the_entrypoint_names_a_missing_secret_file(secrets_dir: Path) -> None:
    (secrets_dir / "admin_nats_password").unlink()

    result = run_entrypoint(secrets_dir, ["-t"])

    assert result.returncode != 0
    assert "admin_nats_password" in result.stderr


def test_the_entrypoint_refuses_a_password_with_a_quote(secrets_dir: Path) -> None:
    (secrets_dir / "events_nats_password").write_text('bad"password')

    result = run_entrypoint(secrets_dir, ["-t"])

    assert result.returncode != 0
    assert "events_nats_password" in result.stderr
    assert "quotes" in result.stderr


async def _publish_errors(server: NatsServer, user: str, subject: str) -> list[Exception]:
    errors: list[Exception] = []

    async def remember(error: Exception) -> None:
        errors.append(error)

    client = await server.connect(user, error_cb=remember)
    await client.publish(subject, b"{}")
    await client.flush()
    await asyncio.sleep(0.2)  # a violation comes back asynchronously
    await client.close()
    return errors


async def test_a_service_may_ask_its_own_health_subject_for_the_container_probe(
    nats_server: NatsServer,
) -> None:
    assert await _publish_errors(nats_server, "registry", subjects.health("registry")) == []


async def test_a_service_may_not_ask_another_services_health_subject(nats_server: NatsServer) -> None:
    errors = await _publish_errors(nats_server, "registry", subjects.health("events"))
    assert any("permissions violation" in str(error).lower() for error in errors), errors


class ClusterNode:
    def __init__(self, name: str, client_port: int, route_port: int) -> None:
        self.name, self.client_port, self.route_port = name, client_port, route_port
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.client_port}"


@pytest.fixture
def three_node_cluster(secrets_dir: Path, tmp_path: Path) -> Iterator[list[ClusterNode]]:
    """Three nats-servers on loopback, started by the deploy entrypoint with the cluster flags."""
    nodes = [ClusterNode(f"nats-{n}", processes.free_port(), processes.free_port()) for n in (1, 2, 3)]
    routes = ",".join(f"nats://127.0.0.1:{node.route_port}" for node in nodes)
    for node in nodes:
        arguments = ["-a", "127.0.0.1", "-p", str(node.client_port), "-js", "-sd", str(tmp_path / node.name)]
        arguments += ["--name", node.name, "--cluster_name", "netzwerkstatt"]
        arguments += ["--cluster", f"nats://127.0.0.1:{node.route_port}", "--routes", routes]
        node.process = processes.spawn(
            ["sh", str(ENTRYPOINT), *arguments],
            env=entrypoint_environment(secrets_dir),
            log_path=tmp_path / f"{node.name}.log",
        )
    try:
        for node in nodes:
            port = node.client_port
            processes.wait_until(partial(processes.port_accepts_connections, port), 15, node.name)
        yield nodes
    finally:
        for node in nodes:
            if node.process is not None:
                processes.stop(node.process, signal.SIGTERM)


@pytest.mark.slow
async def test_a_service_keeps_its_stream_on_all_three_nodes_of_the_cluster(
    three_node_cluster: list[ClusterNode], passwords: dict[str, str]
) -> None:
    first, second, _ = three_node_cluster
    registry = await connect(first.url, "registry", passwords["registry"])
    try:
        js = registry.jetstream()
        # The meta leader is elected a moment after the routes are up.
        for _ in range(100):
            try:
                await declare_stream(js, "registry", replicas=3)
                break
            except (NatsError, TimeoutError):
                await asyncio.sleep(0.2)
        ack = await js.publish("registry.evt.organisation.created", b"{}", stream="REGISTRY_EVENTS")
        info = await js.stream_info("REGISTRY_EVENTS")
    finally:
        await registry.close()
    assert ack.seq == 1
    assert info.config.num_replicas == 3
    assert info.cluster is not None
    assert len(info.cluster.replicas or []) == 2  # the leader and two followers

    admin = await nats.connect(second.url, user="admin", password=passwords["admin"])
    try:
        kept = await admin.jetstream().get_msg("REGISTRY_EVENTS", seq=1)
    finally:
        await admin.close()
    assert kept.subject == "registry.evt.organisation.created"
