"""Alerts reach someone: the monitoring profile runs an Alertmanager (deploy/monitoring/alertmanager.yml)
that Prometheus hands its firing alerts to, routing `severity: page` and `severity: ticket` to the
receivers the operator fills in; as shipped those receivers call nothing outside the machine."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from deploy_files import DEPLOY, ROOT, compose, service

MONITORING = DEPLOY / "monitoring"
IMAGES_ENV = ROOT / "scripts" / "containers" / "images.env"
BUILD_SCRIPT = ROOT / "scripts" / "containers" / "build-images.sh"
CONTAINERFILE = DEPLOY / "images" / "alertmanager.Containerfile"


def alertmanager_config() -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load((MONITORING / "alertmanager.yml").read_text())
    return config


def image_names() -> dict[str, str]:
    return dict(
        line.split("=", 1)
        for line in IMAGES_ENV.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )


def test_alertmanager_runs_in_the_monitoring_profile_on_loopback_with_the_shipped_config() -> None:
    definition = service("alertmanager")
    assert definition["profiles"] == ["monitoring"]
    assert definition["ports"] == ["127.0.0.1:9093:9093"]
    assert definition["image"].startswith("prom/alertmanager:v")
    assert "./monitoring/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro" in definition["volumes"]
    assert "--config.file=/etc/alertmanager/alertmanager.yml" in definition["command"]
    assert "alertmanager-data" in compose()["volumes"]
    # The operator's copy replaces the shipped file through a variable, not by editing it.
    assert "${ALERTMANAGER_CONFIG:-./monitoring/alertmanager.yml}" in (DEPLOY / "compose.yaml").read_text()


def test_prometheus_sends_its_alerts_to_that_alertmanager() -> None:
    prometheus = yaml.safe_load((MONITORING / "prometheus.yml").read_text())
    targets = [
        target
        for manager in prometheus["alerting"]["alertmanagers"]
        for static in manager["static_configs"]
        for target in static["targets"]
    ]
    assert targets == ["alertmanager:9093"]
    name, port = targets[0].split(":")
    assert service(name)["ports"][0].endswith(f":{port}")


def test_pages_and_tickets_have_their_own_receivers_that_call_nothing_as_shipped() -> None:
    config = alertmanager_config()
    routes = {tuple(route["matchers"]): route["receiver"] for route in config["route"]["routes"]}
    assert routes == {('severity="page"',): "page", ('severity="ticket"',): "ticket"}
    receivers = {receiver["name"]: receiver for receiver in config["receivers"]}
    assert set(receivers) == {"page", "ticket"}
    assert config["route"]["receiver"] in receivers
    # No e-mail, webhook or chat integration: a fresh deployment makes no outside call.
    assert all(set(receiver) == {"name"} for receiver in receivers.values())
    assert "global" not in config


def test_every_severity_the_rules_use_has_a_route() -> None:
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text())
    severities = {rule["labels"]["severity"] for group in rules["groups"] for rule in group["rules"]}
    routed = {
        matcher.split("=", 1)[1].strip('"')
        for route in alertmanager_config()["route"]["routes"]
        for matcher in route["matchers"]
    }
    assert severities == routed == {"page", "ticket"}


def test_the_alertmanager_image_is_built_locally_from_debians_package() -> None:
    assert image_names()["ALERTMANAGER_IMAGE"].startswith("localhost/netzwerkstatt-alertmanager:")
    script = BUILD_SCRIPT.read_text()
    assert '"$ALERTMANAGER_IMAGE"' in script
    assert "alertmanager.Containerfile" in script
    recipe = CONTAINERFILE.read_text()
    assert "prometheus-alertmanager" in recipe
    assert 'ENTRYPOINT ["/usr/bin/prometheus-alertmanager"]' in recipe


def amtool_command(mount: Path) -> list[str] | None:
    """amtool on this machine, else the one in the locally built image, else None."""
    if found := shutil.which("amtool"):
        return [found, "check-config", str(mount / "alertmanager.yml")]
    podman = shutil.which("podman")
    image = image_names()["ALERTMANAGER_IMAGE"]
    if podman and subprocess.run([podman, "image", "exists", image], capture_output=True).returncode == 0:
        return [
            podman, "run", "--rm", "-v", f"{mount}:/config:ro,z", "--entrypoint", "amtool", image,
            "check-config", "/config/alertmanager.yml",
        ]  # fmt: skip
    return None


def test_amtool_accepts_the_shipped_configuration() -> None:
    command = amtool_command(MONITORING)
    if command is None:
        pytest.skip("no amtool and no local Alertmanager image (make images builds it)")
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout + result.stderr
