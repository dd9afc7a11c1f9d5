"""deploy/compose.yaml and compose.cluster.yaml, run for real in containers (make test, make deploy-check).

On one node: every container becomes healthy and every migration job succeeds; only the gateway
publishes a port; the walking skeleton and a registration work through that port; the data
survives restarts of the PostgreSQL and NATS containers; two replicas of a service handle each
command once; every service container serves its metrics inside the network; and tearing down
leaves no container, volume or network. On the cluster override: three NATS nodes, every service
twice, and events keep flowing, each applied once, while one NATS node is killed.

The images are the local builds (scripts/containers/build-images.sh) named through the compose
variables operators leave unset. Wall times of each step land in test-artifacts/deploy-check.json."""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from netzwerkstatt import subjects
from netzwerkstatt.stack import processes
from tests.deploy.containers.compose_driver import ROOT, Compose, engine_missing, local_images, podman
from tests.deploy.containers.http_walk import create_organisation, register_someone

# Bringing a whole deployment up (three NATS nodes for the cluster) takes minutes on two cores.
pytestmark = [pytest.mark.slow, pytest.mark.containers, pytest.mark.timeout(900)]

TIMINGS = ROOT / "test-artifacts" / "deploy-check.json"


@pytest.fixture(scope="module", autouse=True)
def engine() -> None:
    reason = engine_missing()
    if reason is not None:
        pytest.skip(reason)


class Steps:
    """Wall time of each named step, written to test-artifacts/deploy-check.json."""

    def __init__(self, topology: str) -> None:
        self.topology = topology
        self.seconds: dict[str, float] = {}
        self.notes: dict[str, object] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self.seconds[name] = round(time.monotonic() - started, 1)

    def save(self) -> None:
        TIMINGS.parent.mkdir(exist_ok=True)
        recorded = json.loads(TIMINGS.read_text()) if TIMINGS.exists() else {}
        recorded[self.topology] = {
            "seconds": {**self.seconds, "total": round(sum(self.seconds.values()), 1)},
            **self.notes,
        }
        TIMINGS.write_text(json.dumps(recorded, indent=2) + "\n")


def settings(gateway_port: int) -> dict[str, str]:
    """The .env of the check: local images, a free loopback port, the service's own mail sink."""
    images = local_images()
    return {
        "NATS_IMAGE": images["NATS_IMAGE"],
        "POSTGRES_IMAGE": images["POSTGRES_IMAGE"],
        "PYTHON_IMAGE": images["PYTHON_IMAGE"],
        "NETZWERKSTATT_VERSION": "latest",
        "GATEWAY_PUBLISH": f"127.0.0.1:{gateway_port}",
        "GATEWAY_PUBLIC_URL": f"http://127.0.0.1:{gateway_port}",
        # No Mailpit image here: notifications keeps the mails in its own sink (tmpfs).
        "NOTIFICATIONS_SMTP_HOST": "127.0.0.1",
        "NOTIFICATIONS_SMTP_PORT": "1025",
        "NOTIFICATIONS_MAIL_SINK_DIR": "/tmp/mail",
    }


@contextmanager
def project(tmp_path: Path, files: tuple[str, ...], steps: Steps) -> Iterator[tuple[Compose, int]]:
    port = processes.free_port()
    name = f"nwcheck{secrets.token_hex(3)}"
    compose = Compose.prepare(tmp_path, name, files, settings(port))
    try:
        yield compose, port
    finally:
        with steps.step("down"):
            compose.down()
        leftovers = compose.leftovers()
        steps.save()
        assert leftovers == {"containers": [], "volumes": [], "networks": []}, leftovers


def admin_client(compose: Compose, port: int) -> httpx.Client:
    gateway = compose.containers("gateway", running_only=True)[0]
    token = compose.exec(
        gateway, "netzwerkstatt-service", "issue-token", "--name", "deploy-check", "--role", "admin"
    )
    return httpx.Client(
        base_url=f"http://127.0.0.1:{port}",
        headers={"Authorization": f"Bearer {token.strip().splitlines()[-1]}"},
        timeout=30,
    )


def projected(compose: Compose, organisation_ids: list[str]) -> int:
    """How many of the organisations the events service's projection holds (each at most once)."""
    if not organisation_ids:
        return 0
    listed = ",".join(f"'{identifier}'" for identifier in organisation_ids)
    return int(compose.psql(f"SELECT count(*) FROM events.organisations WHERE id IN ({listed})"))


def wait_until(check: object, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    assert callable(check)
    while not check():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.5)


def counter(metrics: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in metrics.splitlines():
        match = re.match(rf"{name}\{{(.*)\}} (\S+)$", line)
        if match and ",".join(sorted(match.group(1).split(","))) == wanted:
            return float(match.group(2))
    return 0.0


def test_one_node_runs_for_real_and_leaves_nothing_behind(tmp_path: Path) -> None:
    steps = Steps("compose.yaml")
    with project(tmp_path, ("compose.yaml",), steps) as (compose, port):
        with steps.step("up: healthy and migrated"):
            compose.up()
        jobs = [name for name in compose.containers() if "-migrate" in name]
        assert len(jobs) == 5

        with steps.step("published ports"):
            published = {name: ports for name, ports in compose.published_ports().items() if ports}
        assert list(published) == compose.containers("gateway", running_only=True), published
        [binding] = next(iter(published.values()))
        assert (binding["host_ip"], binding["host_port"], binding["container"]) == (
            "127.0.0.1",
            str(port),
            "8000/tcp",
        )

        with steps.step("walking skeleton and a registration"), admin_client(compose, port) as client:
            first = create_organisation(client, "Jobcenter Leipzig (Probe)")
            wait_until(lambda: projected(compose, [first["id"]]) == 1)
            registration = register_someone(client)

        with steps.step("restart postgres and nats"):
            for service in ("postgres", "nats"):
                for container in compose.containers(service):
                    podman("restart", "--time", "10", container)
            compose.up(["postgres", "nats"], timeout=180)
            for service in ("registry", "events", "gateway"):
                compose.up([service], timeout=180)
        with steps.step("data survived, writes work again"), admin_client(compose, port) as client:
            listed = client.get("/api/organisations", params={"name": "Jobcenter Leipzig (Probe)"})
            assert [item["id"] for item in listed.json()["items"]] == [first["id"]]
            kept = client.get(f"/api/events/{registration['event_id']}/registrations")
            assert [item["id"] for item in kept.json()["items"]] == [registration["id"]]
            after = create_organisation(client, "Jobcenter Leipzig (nach dem Neustart)")
            wait_until(lambda: projected(compose, [after["id"]]) == 1)

        with steps.step("two registry replicas, each command once"):
            compose.run("up", "-d", "--no-deps", "--scale", "registry=2", "registry")
            replicas = compose.containers("registry", running_only=True)
            assert len(replicas) == 2, replicas
            compose.up(["registry"], timeout=180)
            operation = "registry.organisation.create"

            def answered() -> dict[str, float]:
                return {
                    replica: counter(
                        compose.metrics(replica),
                        "netzwerkstatt_request_seconds_count",
                        service="registry",
                        operation=operation,
                    )
                    for replica in replicas
                }

            before = answered()
            with admin_client(compose, port) as client:
                created = [create_organisation(client, f"Jobcenter Probe {n}")["id"] for n in range(24)]
            handled = {replica: count - before[replica] for replica, count in answered().items()}
            assert sum(handled.values()) == 24, handled
            assert all(count > 0 for count in handled.values()), f"both replicas answer: {handled}"
            steps.notes["organisation.create answered per registry replica"] = sorted(handled.values())
            wait_until(lambda: projected(compose, created) == 24)
            names = compose.psql(
                "SELECT count(*) FROM registry.organisations WHERE name LIKE 'Jobcenter Probe %'"
            )
            assert names == "24"

        with steps.step("metrics of every service container"):
            for service in ("registry", "events", "feedback", "notifications", "gateway"):
                for container in compose.containers(service, running_only=True):
                    text = compose.metrics(container)
                    assert counter(text, "netzwerkstatt_ready", service=service) == 1.0, container
            events = compose.metrics(compose.containers("events", running_only=True)[0])
            assert (
                counter(
                    events,
                    "netzwerkstatt_consumer_events_total",
                    service="events",
                    consumer="events-organisation-created",
                )
                > 0
            )


def test_the_cluster_keeps_events_flowing_while_a_nats_node_is_killed(tmp_path: Path) -> None:
    steps = Steps("compose.yaml + compose.cluster.yaml")
    files = ("compose.yaml", "compose.cluster.yaml")
    with project(tmp_path, files, steps) as (compose, port):
        with steps.step("up: healthy and migrated"):
            # One gateway: its published port is a single one here (a range needs a balancer).
            compose.up(scale={"gateway": 1})
        nodes = [compose.containers(node, running_only=True) for node in ("nats", "nats-2", "nats-3")]
        assert [len(node) for node in nodes] == [1, 1, 1], nodes
        for service in ("registry", "events", "feedback", "notifications"):
            assert len(compose.containers(service, running_only=True)) == 2, service

        with steps.step("streams kept three times"):
            report = json.loads(
                compose.exec(
                    nodes[0][0], "wget", "-qO-", "http://127.0.0.1:8222/jsz?streams=true&config=true"
                )
            )
            streams = {
                stream["name"]: stream["config"]["num_replicas"]
                for account in report["account_details"]
                for stream in account.get("stream_detail", [])
            }
        owners = ("registry", "events", "feedback", "notifications")
        assert {subjects.stream(owner): streams.get(subjects.stream(owner)) for owner in owners} == {
            subjects.stream(owner): 3 for owner in owners
        }, streams

        created: list[str] = []
        failed: list[int] = []
        with steps.step("events flow while nats-2 is killed"), admin_client(compose, port) as client:
            for number in range(60):
                if number == 20:
                    podman("kill", nodes[1][0])
                response = client.post(
                    "/api/organisations",
                    json={
                        "name": f"Jobcenter Cluster {number}",
                        "type": "jobcenter",
                        "region_keys": ["14730"],
                    },
                )
                if response.status_code == 201:
                    created.append(response.json()["id"])
                else:
                    failed.append(response.status_code)
            stored = int(
                compose.psql(
                    "SELECT count(*) FROM registry.organisations WHERE name LIKE 'Jobcenter Cluster %'"
                )
            )
            # Every organisation the registry stored reaches the events projection, each once.
            wait_until(
                lambda: (
                    int(
                        compose.psql(
                            "SELECT count(*) FROM events.organisations WHERE name LIKE 'Jobcenter Cluster %'"
                        )
                    )
                    == stored
                ),
                seconds=180,
            )
        assert len(created) >= 55, f"answered: {len(created)}, failed: {failed}"
        assert projected(compose, created) == len(created)
        steps.notes["while a node was lost"] = {"answered": len(created), "refused": failed}
