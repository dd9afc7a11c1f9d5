"""The alert rules of the monitoring profile (deploy/monitoring/alerts.yml) fire when something goes
wrong quietly and stay silent otherwise: Prometheus's own rule tester runs the cases of
alerts.test.yml (an outbox older than a minute, a stuck consumer, a dead letter, a mail queue
growing for 10 minutes, a replica not ready, a stalled background loop, a service with no replica
scraped at all, a gateway answering server errors, the NATS exporter down)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

MONITORING = Path(__file__).resolve().parents[2] / "deploy" / "monitoring"


@pytest.fixture(scope="module")
def promtool() -> str:
    found = shutil.which("promtool")
    if found is None:
        raise RuntimeError("promtool is missing: run `make promtool` (installs Debian's prometheus)")
    return found


def test_the_alert_rules_pass_their_unit_tests(promtool: str) -> None:
    result = subprocess.run(
        [promtool, "test", "rules", "alerts.test.yml"], cwd=MONITORING, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_every_alert_rule_has_a_test_that_sees_it_fire(promtool: str) -> None:
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text())
    alerts = {rule["alert"] for group in rules["groups"] for rule in group["rules"]}
    cases = yaml.safe_load((MONITORING / "alerts.test.yml").read_text())["tests"]
    firing = {
        check["alertname"]
        for case in cases
        for check in case.get("alert_rule_test", [])
        if check.get("exp_alerts")
    }
    assert alerts == firing
    assert {
        "OutboxNotPublishing",
        "ConsumerStuck",
        "DeadLetters",
        "MailQueueGrowing",
        "ServiceNotReady",
        "ServiceDown",
        "GatewayErrors",
        "NatsExporterDown",
    } <= alerts


def test_every_alert_rule_has_a_test_that_sees_it_stay_quiet() -> None:
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text())
    alerts = {rule["alert"] for group in rules["groups"] for rule in group["rules"]}
    cases = yaml.safe_load((MONITORING / "alerts.test.yml").read_text())["tests"]
    quiet = {
        check["alertname"]
        for case in cases
        for check in case.get("alert_rule_test", [])
        if check.get("exp_alerts") == []
    }
    assert alerts == quiet


def test_a_service_with_no_replica_left_is_watched_for_every_service_prometheus_scrapes() -> None:
    # With DNS discovery a stopped service leaves no target behind (`up == 0` never fires): ServiceDown
    # names each service on its own, the same ones prometheus.yml looks up.
    rules = yaml.safe_load((MONITORING / "alerts.yml").read_text())
    (down,) = [rule for group in rules["groups"] for rule in group["rules"] if rule["alert"] == "ServiceDown"]
    absent = re.findall(r'absent\(netzwerkstatt_ready\{service="([a-z]+)"\}\)', down["expr"])
    prometheus = yaml.safe_load((MONITORING / "prometheus.yml").read_text())
    (job,) = [job for job in prometheus["scrape_configs"] if job["job_name"] == "netzwerkstatt"]
    scraped = [name for config in job["dns_sd_configs"] for name in config["names"]]
    assert sorted(absent) == sorted(scraped)
    assert set(absent) == {"registry", "events", "feedback", "notifications", "gateway"}


def test_the_nats_exporter_alert_watches_the_job_prometheus_scrapes() -> None:
    prometheus = yaml.safe_load((MONITORING / "prometheus.yml").read_text())
    assert "nats" in {job["job_name"] for job in prometheus["scrape_configs"]}
    assert 'up{job="nats"} == 0' in (MONITORING / "alerts.yml").read_text()


def test_the_scrape_configuration_is_valid_with_its_rules(promtool: str, tmp_path: Path) -> None:
    # As mounted in the container: the rules next to the configuration.
    config = (MONITORING / "prometheus.yml").read_text().replace("/etc/prometheus/alerts.yml", "alerts.yml")
    (tmp_path / "prometheus.yml").write_text(config)
    shutil.copy(MONITORING / "alerts.yml", tmp_path / "alerts.yml")
    result = subprocess.run(
        [promtool, "check", "config", "prometheus.yml"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_rule_is_caught_by_the_rule_tests(promtool: str, tmp_path: Path) -> None:
    # The tests can fail: with the dead-letter threshold raised, its case no longer passes.
    rules = (MONITORING / "alerts.yml").read_text()
    broken = rules.replace("(netzwerkstatt_dead_letters) > 0", "(netzwerkstatt_dead_letters) > 5")
    assert broken != rules
    (tmp_path / "alerts.yml").write_text(broken)
    shutil.copy(MONITORING / "alerts.test.yml", tmp_path / "alerts.test.yml")
    result = subprocess.run(
        [promtool, "test", "rules", "alerts.test.yml"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DeadLetters" in result.stdout + result.stderr


def exported_names() -> set[str]:
    """Every series name the kernel's metrics produce (counters end in _total, histograms add
    _bucket, _count and _sum)."""
    from prometheus_client.metrics import MetricWrapperBase

    from netzwerkstatt import metrics

    names: set[str] = set(metrics.LOOP_METRICS) | {f"{name}_total" for name in metrics.LOOP_METRICS}
    for value in vars(metrics).values():
        if isinstance(value, MetricWrapperBase):
            base = value._name
            names |= {base, f"{base}_total", f"{base}_bucket", f"{base}_count", f"{base}_sum"}
    return names


@pytest.mark.parametrize(
    "path", ["alerts.yml", "grafana/dashboards/netzwerkstatt.json"], ids=["alerts", "dashboard"]
)
def test_the_rules_and_the_dashboard_use_only_metrics_the_services_export(path: str) -> None:
    used = set(re.findall(r"netzwerkstatt_[a-z_]+", (MONITORING / path).read_text()))
    assert used, path
    assert used - exported_names() == set()
