"""The process supervisor behind `make up` and `python -m netzwerkstatt.stack servers`.

Start order: NATS, PostgreSQL, bootstrap, migrations, demo data, services. Stop order: services,
then NATS and PostgreSQL. A child that dies stops the whole stack with a non-zero exit."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from netzwerkstatt import topology
from netzwerkstatt.stack import health, processes
from netzwerkstatt.stack.credentials import nats_server_environment, random_passwords, service_environment
from netzwerkstatt.stack.nats import EmbeddedNats
from netzwerkstatt.stack.nats_config import default_config_path
from netzwerkstatt.stack.postgres import EmbeddedPostgres, bootstrap_database
from netzwerkstatt.stack.programs import PROGRAMS, ServiceProgram

STARTUP_TIMEOUT_SECONDS = 60.0


class StopRequested(Exception):
    """SIGINT or SIGTERM arrived."""


class ChildDied(Exception):
    pass


@dataclass(frozen=True)
class StackOptions:
    data_dir: Path
    nats_port: int
    postgres_port: int
    passwords: Mapping[str, str]
    http_port: int = 8000
    smtp_port: int = 2525
    demo: bool = True
    fast: bool = False
    # First of five consecutive ports for the processes' Prometheus metrics (0: none), in PROGRAMS order.
    metrics_port: int = 0

    def metrics_port_of(self, program: ServiceProgram) -> int:
        return self.metrics_port + PROGRAMS.index(program) if self.metrics_port else 0

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"


def say(message: str) -> None:
    print(f"[netzwerkstatt] {message}", flush=True)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    def request_stop(signum: int, frame: FrameType | None) -> None:
        # Ignore repeats: the stop that follows must run to its end.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise StopRequested

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class Servers:
    """NATS and PostgreSQL of a stack, with their data under ``data_dir``."""

    def __init__(self, options: StackOptions) -> None:
        logs = options.data_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.options = options
        self.nats = EmbeddedNats(
            store_dir=options.data_dir / "nats",
            port=options.nats_port,
            config_path=default_config_path(),
            env=nats_server_environment(options.passwords),
            log_path=logs / "nats.log",
        )
        self.postgres = EmbeddedPostgres(
            data_dir=options.data_dir / "postgres",
            port=options.postgres_port,
            superuser_password=options.passwords[topology.ADMIN],
            fast=options.fast,
            log_path=logs / "postgres.log",
        )

    def start(self) -> None:
        self.nats.start()
        self.postgres.start()
        bootstrap_database(self.postgres.superuser_dsn, self.options.passwords)

    def stop(self) -> None:
        self.nats.stop()
        self.postgres.stop()

    def check_alive(self) -> None:
        for name, server in (("nats-server", self.nats), ("postgres", self.postgres)):
            process = server.process
            if process is not None and process.poll() is not None:
                raise ChildDied(f"{name} exited with code {process.returncode}")

    def environment_of(self, program: ServiceProgram) -> dict[str, str]:
        options = self.options
        environment = service_environment(
            program.name, self.nats.url, self.postgres.host, self.postgres.port, options.passwords
        )
        prefix = program.name.upper()
        # Links in e-mails lead to the gateway's public pages of this stack.
        environment[f"{prefix}_PUBLIC_URL"] = options.public_url
        if options.metrics_port:
            environment[f"{prefix}_METRICS_PORT"] = str(options.metrics_port_of(program))
        if program.name == topology.GATEWAY:
            environment["GATEWAY_HTTP_PORT"] = str(options.http_port)
            environment["GATEWAY_DEMO_PASSWORD"] = demo_password(options.data_dir)
        if program.name == "notifications":
            # The service keeps a local mail sink (an SMTP server on loopback) in development.
            environment["NOTIFICATIONS_MAIL_SINK_DIR"] = str(options.data_dir / "mail")
            environment["NOTIFICATIONS_SMTP_HOST"] = "127.0.0.1"
            environment["NOTIFICATIONS_SMTP_PORT"] = str(options.smtp_port)
        return {**os.environ, **environment}


def demo_password(data_dir: Path) -> str:
    """The demo staff accounts' password of this data folder: made once, kept with the data."""
    path = data_dir / "demo-password"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()


@contextmanager
def temporary_servers() -> Iterator[tuple[Servers, dict[str, str]]]:
    """NATS and PostgreSQL in a fresh temporary folder with fresh passwords, removed afterwards
    (for benchmarks; fsync off, never for data that must survive)."""
    passwords = random_passwords()
    with tempfile.TemporaryDirectory(prefix="netzwerkstatt-bench-") as folder:
        Path(folder).chmod(0o755)  # PostgreSQL may run as "nobody" and must reach its data
        servers = Servers(
            StackOptions(
                data_dir=Path(folder),
                nats_port=processes.free_port(),
                postgres_port=processes.free_port(),
                passwords=passwords,
                fast=True,
            )
        )
        servers.start()
        try:
            yield servers, passwords
        finally:
            servers.stop()


def run_servers(options: StackOptions) -> int:
    """Only NATS and PostgreSQL, until SIGINT/SIGTERM."""
    servers = Servers(options)
    with stop_on_signals():
        try:
            servers.start()
            say(f"NATS:       {servers.nats.url} (user {topology.ADMIN})")
            say(f"PostgreSQL: {servers.postgres.host}:{servers.postgres.port} (superuser postgres)")
            say("Servers are running. Ctrl-C stops them.")
            while True:
                servers.check_alive()
                time.sleep(0.2)
        except StopRequested:
            say("Stopping.")
            return 0
        except (ChildDied, RuntimeError, TimeoutError) as failure:
            say(f"{failure}; stopping.")
            return 1
        finally:
            servers.stop()


def _run_step(program: ServiceProgram, subcommand: str, environment: Mapping[str, str]) -> None:
    say(f"{program.script} {subcommand}")
    result = subprocess.run(program.command(subcommand), env=dict(environment), check=False)
    if result.returncode != 0:
        raise ChildDied(f"{program.script} {subcommand} failed with code {result.returncode}")


class Services:
    def __init__(self, servers: Servers) -> None:
        self.servers = servers
        self.running: dict[ServiceProgram, subprocess.Popen[bytes]] = {}

    def prepare(self, demo: bool) -> None:
        for program in PROGRAMS:
            if program.migrates:
                _run_step(program, "migrate", self.servers.environment_of(program))
        for program in PROGRAMS:
            if demo and program.seeds_demo:
                _run_step(program, "seed-demo", self.servers.environment_of(program))

    def start(self) -> None:
        for program in PROGRAMS:
            self.running[program] = processes.spawn(
                program.command("serve"), env=self.servers.environment_of(program)
            )

    def check_alive(self) -> None:
        self.servers.check_alive()
        for program, process in self.running.items():
            if process.poll() is not None:
                raise ChildDied(f"{program.script} serve exited with code {process.returncode}")

    def wait_until_ready(self) -> None:
        pending = list(PROGRAMS)
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while pending:
            self.check_alive()
            if time.monotonic() > deadline:
                names = ", ".join(program.name for program in pending)
                raise ChildDied(f"not ready after {STARTUP_TIMEOUT_SECONDS:.0f} s: {names}")
            pending = [program for program in pending if not self._ready(program)]
            if pending:
                time.sleep(0.3)

    def _ready(self, program: ServiceProgram) -> bool:
        if program.health == "http":
            return health.http_ready(f"http://127.0.0.1:{self.servers.options.http_port}/health")
        passwords = self.servers.options.passwords
        probe = health.nats_service_ready(
            self.servers.nats.url, topology.ADMIN, passwords[topology.ADMIN], program.name
        )
        return asyncio.run(probe)

    def stop(self) -> None:
        for program, process in reversed(self.running.items()):
            already_ended = process.poll() is not None  # reported when it was noticed
            code = processes.stop(process, signal.SIGTERM)
            if not already_ended and code not in (0, -signal.SIGTERM):
                say(f"{program.script} serve ended with code {code}")
        self.running.clear()


def run_stack(options: StackOptions) -> int:
    """The whole stack until SIGINT/SIGTERM (exit 0) or until a child dies (exit 1)."""
    servers = Servers(options)
    services = Services(servers)
    with stop_on_signals():
        try:
            servers.start()
            services.prepare(options.demo)
            services.start()
            services.wait_until_ready()
            say(f"Netzwerkstatt is running at {options.public_url}/")
            if options.demo:
                say(
                    f"Sign in as admin@example.org, koordination@example.org or lesen@example.org "
                    f"with the password {demo_password(options.data_dir)}"
                )
            if options.metrics_port:
                last = options.metrics_port + len(PROGRAMS) - 1
                say(
                    f"Metrics: http://127.0.0.1:{options.metrics_port}..{last}/metrics ({', '.join(p.name for p in PROGRAMS)})"
                )
            say(
                f"E-mails go to the local mail sink (SMTP 127.0.0.1:{options.smtp_port}); "
                f"read them in the staff UI. Ctrl-C stops everything."
            )
            while True:
                services.check_alive()
                time.sleep(0.3)
        except StopRequested:
            say("Stopping.")
            return 0
        except (ChildDied, RuntimeError, TimeoutError, FileNotFoundError) as failure:
            say(f"{failure}; stopping.")
            return 1
        finally:
            services.stop()
            servers.stop()
            sys.stdout.flush()
