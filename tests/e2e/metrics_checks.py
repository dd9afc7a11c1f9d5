"""Checks of the run command's stack (called from test_run_command.py, which starts it once).

Operators see the numbers: every process of the running stack (four services and the gateway, each
its own process) serves Prometheus metrics on a port of its own, apart from the public HTTP port,
and the numbers move when work is done: requests answered and failed per operation, HTTP latency per
route, events published from the outbox and consumed by another service, consumer positions and
background loops going round."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from netzwerkstatt.settings import dev_password
from netzwerkstatt.stack.credentials import database_url
from netzwerkstatt.stack.programs import PROGRAMS

SAMPLE_SECONDS = 5.0  # the default of <SERVICE>_METRICS_SAMPLE_SECONDS


@dataclass
class Stack:
    base_url: str
    metrics_ports: dict[str, int]
    postgres_port: int

    @classmethod
    def of(cls, http_port: int, metrics_port: int, postgres_port: int) -> Stack:
        ports = {program.name: metrics_port + index for index, program in enumerate(PROGRAMS)}
        return cls(f"http://127.0.0.1:{http_port}", ports, postgres_port)

    def scrape(self, process: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
        """Every sample of one process's /metrics, keyed by name and labels."""
        url = f"http://127.0.0.1:{self.metrics_ports[process]}/metrics"
        with urllib.request.urlopen(url, timeout=5) as response:
            text = response.read().decode()
        samples: dict[tuple[str, frozenset[tuple[str, str]]], float] = {}
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
        return samples


Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def api_token(stack: Stack) -> str:
    """An admin API token, issued with the gateway's own command against the stack's database."""
    environment = {
        **os.environ,
        "GATEWAY_DATABASE_URL": database_url(
            "gateway", dev_password("gateway"), "127.0.0.1", stack.postgres_port
        ),
    }
    command = [str(Path(sys.executable).parent / "netzwerkstatt-gateway"), "issue-token", "--name", "metrics"]
    issued = subprocess.run(
        [*command, "--role", "admin"], env=environment, capture_output=True, text=True, check=True, timeout=60
    )
    return issued.stdout.strip().splitlines()[-1]


def eventually(check: object, timeout: float = 4 * SAMPLE_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while True:
        assert callable(check)
        if check():
            return
        if time.monotonic() > deadline:
            raise AssertionError("the numbers did not move in time")
        time.sleep(0.1)


def assert_each_process_serves_metrics_that_move_when_work_is_done(stack: Stack) -> None:
    # Not on the public port: there /metrics is just another page that asks for a sign-in.
    public = httpx.get(f"{stack.base_url}/metrics", follow_redirects=True)
    assert "netzwerkstatt_ready" not in public.text

    # Readiness is sampled every few seconds with checks of a second or two: on a machine busy with
    # other work one sample may miss, so each process is given a few samples to say it is ready.
    deadline = time.monotonic() + 30
    while True:
        before = {process: stack.scrape(process) for process in stack.metrics_ports}
        unready = [
            p for p, samples in before.items() if value(samples, "netzwerkstatt_ready", service=p) != 1.0
        ]
        if not unready:
            break
        assert time.monotonic() < deadline, f"not ready: {unready}"
        time.sleep(0.5)

    headers = {"Authorization": f"Bearer {api_token(stack)}"}
    name = f"Jobcenter Nordsachsen {uuid.uuid4().hex[:6]}"
    with httpx.Client(base_url=stack.base_url, headers=headers, timeout=10) as client:
        created = client.post(
            "/api/organisations",
            json={"name": name, "type": "jobcenter", "region_keys": ["14730"]},
        )
        assert created.status_code == 201, created.text
        refused = client.post(
            "/api/organisations",
            json={"name": name, "type": "castle", "region_keys": ["14730"]},
        )
        assert refused.status_code == 422, refused.text

    operation = "registry.organisation.create"
    consumer = "events-organisation-created"

    def lagging() -> list[str]:
        """The figures that have not moved yet (empty once all have)."""
        registry, events, gateway = stack.scrape("registry"), stack.scrape("events"), stack.scrape("gateway")

        def grew(samples: Samples, earlier: Samples, name: str, **labels: str) -> bool:
            return value(samples, name, **labels) > value(earlier, name, **labels)

        checks = {
            "registry requests": grew(
                registry,
                before["registry"],
                "netzwerkstatt_request_seconds_count",
                service="registry",
                operation=operation,
            ),
            "registry outbox published": grew(
                registry, before["registry"], "netzwerkstatt_outbox_published_total", service="registry"
            ),
            "events consumer events": grew(
                events,
                before["events"],
                "netzwerkstatt_consumer_events_total",
                service="events",
                consumer=consumer,
            ),
            "events consumer ack floor": grew(
                events,
                before["events"],
                "netzwerkstatt_consumer_ack_floor",
                service="events",
                consumer=consumer,
            ),
            "gateway HTTP 201": value(
                gateway,
                "netzwerkstatt_http_request_seconds_count",
                service="gateway",
                route="/api/organisations",
                method="POST",
                status="201",
            )
            == 1.0,
            "gateway calls": value(
                gateway, "netzwerkstatt_call_seconds_count", service="gateway", operation=operation
            )
            >= 1.0,
        }
        return [name for name, moved in checks.items() if not moved]

    def moved() -> bool:
        return not lagging()

    try:
        eventually(moved)
    except AssertionError as error:
        http = {
            key: count
            for key, count in stack.scrape("gateway").items()
            if key[0] == "netzwerkstatt_http_request_seconds_count"
        }
        raise AssertionError(f"{error}: {', '.join(lagging())}; gateway HTTP counts: {http}") from None
    registry = stack.scrape("registry")
    assert value(registry, "netzwerkstatt_outbox_backlog", service="registry") == 0.0
    assert value(registry, "netzwerkstatt_outbox_oldest_age_seconds", service="registry") == 0.0
    gateway = stack.scrape("gateway")
    assert (
        value(
            gateway,
            "netzwerkstatt_http_request_seconds_count",
            service="gateway",
            route="/api/organisations",
            method="POST",
            status="422",
        )
        == 1.0
    ), "the refused request is counted under its route and status"
    assert not [key for key in gateway if name in str(key)], "no input data in labels"

    # Loops go round: every process's sampler, and the relay and consumers of the services.
    now = time.time()
    for process in stack.metrics_ports:
        samples = stack.scrape(process)
        beats = {
            dict(labels)["loop"]: sample
            for (name, labels), sample in samples.items()
            if name == "netzwerkstatt_loop_last_beat_timestamp_seconds"
        }
        assert now - beats[f"{process}-metrics"] < 3 * SAMPLE_SECONDS, (process, beats)
        if process != "gateway":
            assert f"{process}-outbox-relay" in beats, (process, beats)
        late = [
            dict(labels)["loop"]
            for (name, labels), v in samples.items()
            if name == "netzwerkstatt_loop_late" and v
        ]
        assert late == [], (process, late)
    notifications = stack.scrape("notifications")
    assert ("netzwerkstatt_mail_queue", frozenset({("service", "notifications")})) in notifications
    dead_letters = [v for (name, _), v in notifications.items() if name == "netzwerkstatt_dead_letters"]
    assert dead_letters, "one gauge per consumer"
    assert set(dead_letters) == {0.0}, "no dead letter"
