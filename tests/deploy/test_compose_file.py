"""deploy/compose.yaml and compose.cluster.yaml: valid by the Compose Specification's schema, and
saying what the operator guide promises (start order, healthchecks, secrets, one published port)."""

from __future__ import annotations

import copy
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from deploy_files import (
    CLUSTER_FILE,
    COMPOSE_FILE,
    DEPLOY,
    SCHEMA_FILE,
    cluster,
    compose,
    example_environment,
    interpolate,
    load,
    service,
)

from netzwerkstatt import topology
from netzwerkstatt.stack.nats_config import password_variable

SERVICES = topology.SERVICES
ROOT_DOCKERFILE = DEPLOY.parent / "Dockerfile"
APPLICATIONS = (*topology.SERVICES, topology.GATEWAY)
INFRASTRUCTURE = ("nats", "postgres")


def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text())
    # The schema names draft 2019-09 with a trailing "#", which jsonschema does not look up.
    jsonschema.Draft201909Validator.check_schema(schema)
    return jsonschema.Draft201909Validator(schema)


def schema_errors(document: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator().iter_errors(document)
    ]


@pytest.mark.parametrize("path", [COMPOSE_FILE, CLUSTER_FILE], ids=lambda path: path.name)
def test_the_compose_files_are_valid_by_the_compose_specification(path: Path) -> None:
    assert schema_errors(load(path)) == []


def test_the_schema_check_rejects_a_misspelt_start_condition() -> None:
    broken = copy.deepcopy(compose())
    broken["services"]["registry"]["depends_on"]["registry-migrate"]["condition"] = "service_finished"

    assert any("service_finished" in error for error in schema_errors(broken))


def test_interpolation_needs_no_variable_beyond_the_example_env_file() -> None:
    # Would raise naming the variable; the values land where compose puts them.
    assert service("gateway")["ports"] == ["127.0.0.1:8000:8000"]
    with pytest.raises(KeyError, match="NOT_DEFINED"):
        interpolate("${NOT_DEFINED}", example_environment())


def test_every_service_runs_after_its_migration_job_succeeded() -> None:
    for name in APPLICATIONS:
        job = service(f"{name}-migrate")
        assert job["command"] == ["migrate"]
        assert job["restart"] == "no"
        assert job["image"] == service(name)["image"]
        assert job["depends_on"]["postgres"] == {"condition": "service_healthy"}
        condition = service(name)["depends_on"][f"{name}-migrate"]["condition"]
        assert condition == "service_completed_successfully"


def test_a_service_starts_after_the_services_whose_events_it_consumes() -> None:
    # Calls between services are retried at run time; depending on them too would make a cycle
    # (feedback calls notifications, which consumes feedback's events).
    for name in SERVICES:
        upstream = set(topology.CONSUMES[name])
        depends_on = service(name)["depends_on"]
        assert depends_on["nats"] == {"condition": "service_healthy"}
        assert {other for other in SERVICES if other in depends_on} == upstream, name
        assert all(depends_on[other] == {"condition": "service_healthy"} for other in upstream)


def test_every_long_running_container_has_a_healthcheck_and_restarts_on_failure() -> None:
    for name, definition in compose()["services"].items():
        if name.endswith("-migrate"):
            continue
        assert definition["healthcheck"]["test"][0] == "CMD", name
        assert definition["restart"] == "unless-stopped", name


def test_the_services_probe_health_with_their_own_console_script() -> None:
    for name in SERVICES:
        assert service(name)["healthcheck"]["test"] == ["CMD", "netzwerkstatt-service", "health"]
    assert "/health" in " ".join(service("gateway")["healthcheck"]["test"])


def test_only_the_gateway_publishes_a_port_outside_the_optional_profiles() -> None:
    publishing = {
        name
        for name, definition in compose()["services"].items()
        if definition.get("ports") and not {"dev", "monitoring"} & set(definition.get("profiles", []))
    }
    assert publishing == {"gateway"}
    assert all("expose" not in definition for definition in compose()["services"].values())


def test_the_monitoring_profile_is_optional_and_listens_on_loopback_only() -> None:
    for name in ("prometheus", "nats-exporter", "grafana"):
        definition = service(name)
        assert definition["profiles"] == ["monitoring"], name
        assert all(port.startswith("127.0.0.1:") for port in definition.get("ports", [])), name
    mounted = " ".join(service("prometheus")["volumes"])
    assert "./monitoring/prometheus.yml:" in mounted
    assert "./monitoring/alerts.yml:/etc/prometheus/alerts.yml" in mounted
    # Each service's metrics listener: inside the network, on the port Prometheus scrapes.
    for name in APPLICATIONS:
        environment = service(name)["environment"]
        assert environment[f"{name.upper()}_METRICS_PORT"] == "9464"
        assert environment[f"{name.upper()}_METRICS_HOST"] == "0.0.0.0"


def test_mailpit_runs_only_in_the_dev_profile_and_only_on_loopback() -> None:
    mailpit = service("mailpit")
    assert mailpit["profiles"] == ["dev"]
    assert all(port.startswith("127.0.0.1:") for port in mailpit["ports"])
    assert "mailpit" not in json.dumps({name: service(name).get("depends_on") for name in APPLICATIONS})


def test_nats_runs_the_generated_configuration_with_jetstream_on_a_volume() -> None:
    nats = service("nats")
    assert "./nats/nats.conf:/etc/nats/nats.conf:ro" in nats["volumes"]
    assert "nats-data:/data" in nats["volumes"]
    command = nats["command"]
    assert "-js" in command
    assert command[command.index("-sd") + 1] == "/data"
    assert command[command.index("-m") + 1] == "8222"
    assert "ports" not in nats, "the monitoring port stays inside the compose network"


def test_nats_gets_a_password_file_for_every_user_of_its_configuration() -> None:
    config = (DEPLOY / "nats" / "nats.conf").read_text()
    variables = set(re.findall(r"\$([A-Z_]+_NATS_PASSWORD)", config))
    assert {variable.lower() for variable in variables} == set(service("nats")["secrets"])
    assert {password_variable(user) for user in topology.nats_users()} == variables


def test_postgres_initialises_schemas_and_roles_from_deploy_files_with_passwords_from_secrets() -> None:
    postgres = service("postgres")
    assert "postgres-data:/var/lib/postgresql" in postgres["volumes"]
    assert "./postgres/init.sh:/docker-entrypoint-initdb.d/10-netzwerkstatt.sh:ro" in postgres["volumes"]
    assert "./postgres/init.sql:/etc/netzwerkstatt/init.sql:ro" in postgres["volumes"]
    assert postgres["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/postgres_password"
    roles = {f"{name}_database_password" for name in APPLICATIONS}
    assert set(postgres["secrets"]) == roles | {"postgres_password"}


def test_each_service_gets_exactly_its_own_secrets() -> None:
    for name in APPLICATIONS:
        own = {f"{name}_nats_password", f"{name}_database_password"}
        if name == "notifications":
            own.add("notifications_smtp_password")
        assert set(service(name)["secrets"]) == own, name
        assert service(f"{name}-migrate")["secrets"] == [f"{name}_database_password"]


def test_nothing_secret_is_written_in_the_compose_files() -> None:
    for document in (compose(), cluster()):
        for name, definition in document["services"].items():
            environment = definition.get("environment", {})
            assert isinstance(environment, dict), name
            for key, value in environment.items():
                assert not key.endswith(("_PASSWORD", "_SECRET", "_TOKEN")), f"{name}: {key}"
                if key.endswith("_DATABASE_URL"):
                    assert re.fullmatch(r"postgresql\+asyncpg://[a-z]+@postgres:5432/netzwerkstatt", value)
    for secret in compose()["secrets"].values():
        assert set(secret) == {"file"}
        assert secret["file"].startswith("./secrets/")


def test_the_services_run_in_production_with_json_logs_and_hardened_containers() -> None:
    for name in APPLICATIONS:
        definition = service(name)
        prefix = name.upper()
        assert definition["environment"][f"{prefix}_ENVIRONMENT"] == "production"
        assert definition["environment"][f"{prefix}_LOG_FORMAT"] == "json"
        assert definition["read_only"] is True
        assert definition["cap_drop"] == ["ALL"]
        # The base image is a variable whose default is the Dockerfile's own (the official image).
        dockerfile_default = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", (ROOT_DOCKERFILE).read_text(), re.M)
        assert dockerfile_default is not None
        assert definition["build"]["args"] == {"SERVICE": name, "PYTHON_IMAGE": dockerfile_default.group(1)}
        assert definition["build"]["dockerfile"] == "Dockerfile"
        assert (DEPLOY / definition["build"]["context"] / "Dockerfile").is_file()


def _version_of(binary_output: str) -> str:
    match = re.search(r"(\d+\.\d+(?:\.\d+)?)", binary_output)
    assert match is not None, binary_output
    return match.group(1)


def test_the_nats_and_postgres_images_match_the_servers_the_tests_run() -> None:
    from netzwerkstatt.stack.binaries import nats_server_binary, postgres_binary

    nats_version = _version_of(
        subprocess.run([nats_server_binary(), "--version"], capture_output=True, text=True).stdout
    )
    postgres_version = _version_of(
        subprocess.run([postgres_binary("postgres"), "--version"], capture_output=True, text=True).stdout
    )
    assert service("nats")["image"] == f"nats:{nats_version}-alpine"
    assert service("postgres")["image"].split(":")[1].split(".")[0] == postgres_version.split(".")[0]


def test_every_image_is_pinned_to_a_release() -> None:
    for name in ("nats", "postgres", "mailpit"):
        tag = service(name)["image"].split(":")[1]
        assert re.match(r"v?\d+\.\d+", tag), f"{name}: {tag}"


def test_make_secrets_writes_every_secret_the_compose_file_names(tmp_path: Path) -> None:
    for name in ("compose.yaml", "make-secrets.sh"):
        (tmp_path / name).write_text((DEPLOY / name).read_text())
    subprocess.run(["sh", str(tmp_path / "make-secrets.sh")], check=True, capture_output=True)
    first = {path.name: path.read_text() for path in (tmp_path / "secrets").iterdir()}
    subprocess.run(["sh", str(tmp_path / "make-secrets.sh")], check=True, capture_output=True)
    again = {path.name: path.read_text() for path in (tmp_path / "secrets").iterdir()}

    assert set(first) == set(compose()["secrets"])
    assert again == first, "a second run keeps existing passwords"
    assert first["notifications_smtp_password"] == ""
    passwords = [value for name, value in first.items() if name != "notifications_smtp_password"]
    assert all(re.fullmatch(r"[A-Za-z0-9]{32}", value) for value in passwords)
    assert len(set(passwords)) == len(passwords)
    assert (tmp_path / "secrets").stat().st_mode & 0o077 == 0


def test_rotating_a_secret_writes_a_new_password_into_the_same_file(tmp_path: Path) -> None:
    """Compose mounts the file into running containers: only the same file (inode) shows them the new
    password, so the database's init script and the recreated service agree on it."""
    for name in ("compose.yaml", "make-secrets.sh"):
        (tmp_path / name).write_text((DEPLOY / name).read_text())
    script = str(tmp_path / "make-secrets.sh")
    subprocess.run(["sh", script], check=True, capture_output=True)
    secret = tmp_path / "secrets" / "events_database_password"
    before = (secret.stat().st_ino, secret.read_text())

    rotated = subprocess.run(
        ["sh", script, "--rotate", "events_database_password"], check=True, capture_output=True, text=True
    )
    unknown = subprocess.run(["sh", script, "--rotate", "nobody_password"], capture_output=True, text=True)

    assert rotated.stdout == "rotated secrets/events_database_password\n"
    assert secret.stat().st_ino == before[0]
    assert re.fullmatch(r"[A-Za-z0-9]{32}", secret.read_text())
    assert secret.read_text() != before[1]
    assert (unknown.returncode, unknown.stderr) == (1, "no secrets/nobody_password to rotate\n")


def test_the_secrets_folder_keeps_passwords_out_of_git() -> None:
    ignored = (DEPLOY / "secrets" / ".gitignore").read_text().split()
    assert "*" in ignored
    assert "!.gitignore" in ignored
