"""The process supervisor behind `make up` and `python -m netzwerkstatt.stack servers`.

Start order: NATS, PostgreSQL, bootstrap, migrations, the gateway's demo staff accounts, services,
the demo data through the services' operations. Stop order: services, then NATS and PostgreSQL.

- A service or server that exits is started again, after a pause that doubles with each exit in a
  row (1 s up to 30 s; back to 1 s once it ran for a minute), and the supervisor says so. Only
  Ctrl-C or SIGTERM stops the stack, and then everything, leaving no process behind.
- One stack per data folder: a second ``make up`` (or ``servers``) on the same folder, or one whose
  ports another program holds, is refused at once with what is in the way, before anything starts.
  So is a data folder that cannot be written (read-only, a file in its place, no space left).
- Readiness is awaited as long as the services make progress (one more became ready): the
  supervisor shows what it waits for, and gives up only after ``ready_timeout`` seconds without
  progress (``--ready-timeout``, default 600).
"""

from __future__ import annotations

import asyncio
import errno
import fcntl
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
from typing import IO

from netzwerkstatt import topology
from netzwerkstatt.demo import DemoDataError
from netzwerkstatt.errors import ServiceError
from netzwerkstatt.stack import health, processes
from netzwerkstatt.stack.credentials import nats_server_environment, random_passwords, service_environment
from netzwerkstatt.stack.nats import EmbeddedNats
from netzwerkstatt.stack.nats_config import default_config_path
from netzwerkstatt.stack.postgres import EmbeddedPostgres, bootstrap_database
from netzwerkstatt.stack.processes import say
from netzwerkstatt.stack.programs import PROGRAMS, ServiceProgram
from netzwerkstatt.stack.seeding import seed_stack
from netzwerkstatt.stack.streams import apply_stream_settings

READY_TIMEOUT_SECONDS = 600.0
READY_REPORT_SECONDS = 10.0
RESTART_MIN_SECONDS = 1.0
RESTART_MAX_SECONDS = 30.0
STABLE_AFTER_SECONDS = 60.0


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

    ready_timeout: float = READY_TIMEOUT_SECONDS

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"


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


class StackInUse(RuntimeError):
    """The data folder's stack runs already, a port it needs is taken, or two of its servers would
    share one."""


class DataFolderUnusable(StackInUse):
    """The data folder cannot be created or written (read-only, a file where a folder should be, no
    space left): nothing would start there."""


def claim_stack(options: StackOptions, *, services: bool) -> IO[str]:
    """Hold the data folder for this process (an exclusive lock on ``stack.lock``, released when the
    process ends, ``kill -9`` included) after checking that the ports the stack binds are free.
    Close the returned file to let go. Raises ``StackInUse`` saying what is in the way, and
    ``DataFolderUnusable`` when the data folder cannot be written."""
    check_writable(options.data_dir)
    lock = (options.data_dir / "stack.lock").open("a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().strip() or "unknown"
        lock.close()
        raise StackInUse(
            f"Netzwerkstatt runs already from {options.data_dir} (process {holder}); "
            "stop it first (Ctrl-C where it runs)"
        ) from None
    needed = _stack_ports(options, services)
    twice = _ports_named_twice(needed)
    if twice:
        lock.close()
        raise StackInUse(f"each server needs a port of its own: {twice}")
    taken = [(port, what, flag) for port, what, flag in needed if not processes.port_free(port)]
    if taken:
        lock.close()
        ports = ", ".join(f"port {port} ({what})" for port, what, _ in taken)
        suggested: dict[str, int] = {}  # one suggestion per option (the metrics take five ports)
        for port, _, flag in taken:
            if flag not in suggested:
                suggested[flag] = _free_run_after(port, sum(1 for *_, of in needed if of == flag))
        flags = " ".join(f"{flag} {port}" for flag, port in suggested.items())
        raise StackInUse(f'in use by another program: {ports}; choose free ones, e.g. ARGS="{flags}"')
    lock.seek(0)
    lock.truncate()
    lock.write(f"{os.getpid()}\n")
    lock.flush()
    return lock


def check_writable(data_dir: Path) -> None:
    """Create the data folder if need be and write a probe file there, flushed to disk, as the
    servers will write their data: a read-only folder (root included, on a read-only file system), a
    file in the folder's place or a full disk is refused here in one line naming the folder, rather
    than by a traceback or a server's exit code later."""
    probe = data_dir / f".write-probe-{os.getpid()}"
    created = False
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with probe.open("wb") as file:
            created = True
            file.write(b"netzwerkstatt\n")
            file.flush()
            os.fsync(file.fileno())
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DataFolderUnusable(f"no space left on the device of the data folder {data_dir}") from None
        in_the_way = next((path for path in (data_dir, *data_dir.parents) if path.is_file()), None)
        if in_the_way is not None:
            reason = f"{in_the_way} is a file, not a folder"
        else:
            reason = error.strerror or type(error).__name__
        raise DataFolderUnusable(f"the data folder {data_dir} is not writable: {reason}") from None
    finally:
        if created:
            probe.unlink(missing_ok=True)


def _stack_ports(options: StackOptions, services: bool) -> list[tuple[int, str, str]]:
    """Each port the stack binds, what binds it, and the option that chooses it."""
    ports = [
        (options.nats_port, "NATS", "--nats-port"),
        (options.postgres_port, "PostgreSQL", "--postgres-port"),
    ]
    if services:
        ports += [
            (options.http_port, "the staff UI", "--port"),
            (options.smtp_port, "the local mail sink", "--smtp-port"),
        ]
        ports += [
            (options.metrics_port_of(program), f"metrics of {program.name}", "--metrics-port")
            for program in PROGRAMS
            if options.metrics_port
        ]
    return ports


def _ports_named_twice(needed: list[tuple[int, str, str]]) -> str:
    """The stack's own ports that two of its servers would bind, in words ("" when none): the one
    that comes second would fail to start while the first answered in its place."""
    first_use: dict[int, tuple[str, str]] = {}
    clashes: list[str] = []
    for port, what, flag in needed:
        if port in first_use:
            other_what, other_flag = first_use[port]
            clashes.append(f"port {port} for {other_what} ({other_flag}) and for {what} ({flag})")
        else:
            first_use[port] = (what, flag)
    return "; ".join(clashes)


def _free_run_after(port: int, count: int) -> int:
    """The first port above ``port`` that starts ``count`` free ones in a row."""
    candidate = port + 1
    while candidate + count <= 65_536 and not all(
        processes.port_free(p) for p in range(candidate, candidate + count)
    ):
        candidate += 1
    return candidate


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

    def apply_stream_settings(self) -> None:
        """Every service's stream with this version's settings (the services may only create theirs)."""
        password = self.options.passwords[topology.ADMIN]
        asyncio.run(apply_stream_settings(self.nats.url, topology.ADMIN, password))

    def stop(self) -> None:
        self.nats.stop()
        self.postgres.stop()

    def check_alive(self) -> None:
        for name, server in (("nats-server", self.nats), ("postgres", self.postgres)):
            process = server.process
            if process is not None and process.poll() is not None:
                raise ChildDied(f"{name} exited with code {process.returncode}")

    def keep_alive(self, restarts: Restarts) -> None:
        """Start a server that exited again (same port, same data), with backoff."""
        servers: tuple[tuple[str, EmbeddedNats | EmbeddedPostgres], ...] = (
            ("nats-server", self.nats),
            ("postgres", self.postgres),
        )
        for name, server in servers:
            process = server.process
            if (
                process is not None
                and process.poll() is not None
                and restarts.exited(name, process.returncode)
            ):
                server.stop()  # forget the ended process and its group
            if server.process is None and restarts.due(name):
                try:
                    server.start()
                except (RuntimeError, TimeoutError) as failure:
                    say(f"{name} did not start again: {failure}")
                    restarts.exited(name, None)
                    continue
                restarts.started(name)

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


class Restarts:
    """When each child may be started again: a pause that doubles with every exit in a row."""

    def __init__(self) -> None:
        self._pause: dict[str, float] = {}
        self._due: dict[str, float] = {}
        self._started: dict[str, float] = {}
        self.count: dict[str, int] = {}

    def started(self, name: str) -> None:
        self._started[name] = time.monotonic()
        self._due.pop(name, None)

    def exited(self, name: str, code: int | None) -> bool:
        """Note an exit; returns False if it was already noted."""
        if name in self._due:
            return False
        ran = time.monotonic() - self._started.get(name, time.monotonic())
        pause = self._pause.get(name, RESTART_MIN_SECONDS / 2) * 2
        if ran >= STABLE_AFTER_SECONDS:
            pause = RESTART_MIN_SECONDS
        pause = min(max(pause, RESTART_MIN_SECONDS), RESTART_MAX_SECONDS)
        self._pause[name] = pause
        self._due[name] = time.monotonic() + pause
        self.count[name] = self.count.get(name, 0) + 1
        how = f"exited with code {code}" if code is not None else "could not be started"
        say(f"{name} {how}; starting it again in {pause:.0f} s (restart {self.count[name]})")
        return True

    def due(self, name: str) -> bool:
        return name in self._due and time.monotonic() >= self._due[name]


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


@contextmanager
def temporary_stack(demo: bool = True, *, registry_data: bool = False) -> Iterator[StackOptions]:
    """The whole system as `make up` runs it (servers, migrations, demo data, every service and the
    gateway) in a fresh temporary folder on free ports, stopped and removed afterwards: for the
    browser tests that walk every page and the page benchmark. The demo staff accounts' password is
    ``demo_password(options.data_dir)``.

    The demo staff accounts are always there; the demo data, loaded through the operations as `make
    up` does (the registry's organisations, people, networks, responsibilities and
    Schnittstellenpapier, then the series, the completed events, the upcoming ones with their
    registrations, the closed surveys and the group work plans), only with ``registry_data`` (the
    page benchmark measures the pages with it)."""
    with tempfile.TemporaryDirectory(prefix="netzwerkstatt-stack-") as folder:
        Path(folder).chmod(0o755)  # PostgreSQL may run as "nobody" and must reach its data
        options = StackOptions(
            data_dir=Path(folder),
            nats_port=processes.free_port(),
            postgres_port=processes.free_port(),
            passwords=random_passwords(),
            http_port=processes.free_port(),
            smtp_port=processes.free_port(),
            demo=demo,
            fast=True,
        )
        servers = Servers(options)
        services = Services(servers)
        try:
            servers.start()
            servers.apply_stream_settings()
            services.prepare(demo)
            services.start()
            services.wait_until_ready(options.ready_timeout)
            if demo and registry_data:
                services.seed_through_operations()
            yield options
        finally:
            services.stop()
            servers.stop()


def run_servers(options: StackOptions) -> int:
    """Only NATS and PostgreSQL, until SIGINT/SIGTERM."""
    try:
        claim = claim_stack(options, services=False)
    except StackInUse as refusal:
        say(f"Not started: {refusal}.")
        return 1
    servers = Servers(options)
    with claim, stop_on_signals():
        try:
            servers.start()
            say(f"NATS:       {servers.nats.url} (user {topology.ADMIN})")
            say(f"PostgreSQL: {servers.postgres.host}:{servers.postgres.port} (superuser postgres)")
            say("Servers are running. Ctrl-C stops them.")
            restarts = Restarts()
            while True:
                servers.keep_alive(restarts)
                time.sleep(0.2)
        except StopRequested:
            say("Stopping.")
            return 0
        except (ChildDied, RuntimeError, TimeoutError) as failure:
            say(f"{failure}; stopping.")
            return 1
        finally:
            servers.stop()


# Written in the data folder once the demo data file has been loaded in full.
DEMO_LOADED = "demo-loaded"


class Services:
    def __init__(self, servers: Servers) -> None:
        self.servers = servers
        self.running: dict[ServiceProgram, subprocess.Popen[bytes]] = {}
        self.restarts = Restarts()

    def prepare(self, demo: bool) -> None:
        """Each service migrates its own schema (and the gateway creates the demo staff accounts): the
        services side by side (each step is a process start and its imports, which a slow machine
        pays once)."""
        steps_of = {
            program: [
                *(["migrate"] if program.migrates else []),
                *(["seed-demo"] if demo and program.seeds_demo else []),
            ]
            for program in PROGRAMS
        }
        steps_of = {program: steps for program, steps in steps_of.items() if steps}
        say("migrating: " + ", ".join(program.name for program in steps_of))
        running: dict[ServiceProgram, tuple[str, subprocess.Popen[bytes]]] = {}

        def begin(program: ServiceProgram) -> None:
            subcommand = steps_of[program].pop(0)
            if subcommand != "migrate":
                say(f"{program.script} {subcommand}")
            environment = self.servers.environment_of(program)
            running[program] = (subcommand, processes.spawn(program.command(subcommand), env=environment))

        try:
            for program in steps_of:
                begin(program)
            while running:
                for program, (subcommand, step) in list(running.items()):
                    if step.poll() is None:
                        continue
                    del running[program]
                    if step.returncode != 0:
                        raise ChildDied(f"{program.script} {subcommand} failed with code {step.returncode}")
                    if steps_of[program]:
                        begin(program)
                time.sleep(0.05)
        finally:
            for _, step in running.values():
                if step.poll() is None:
                    processes.stop(step, signal.SIGTERM)

    def start(self) -> None:
        for program in PROGRAMS:
            self._start(program)

    def _start(self, program: ServiceProgram) -> None:
        self.running[program] = processes.spawn(
            program.command("serve"), env=self.servers.environment_of(program)
        )
        self.restarts.started(program.script)

    def keep_alive(self) -> None:
        """Start every child that exited again, with backoff (servers first: services need them)."""
        self.servers.keep_alive(self.restarts)
        for program, process in list(self.running.items()):
            if process.poll() is not None and self.restarts.exited(program.script, process.returncode):
                processes.stop(process, signal.SIGTERM)  # its group, if anything is left
            if process.poll() is not None and self.restarts.due(program.script):
                self._start(program)

    def wait_until_ready(self, limit: float) -> None:
        """Wait while services become ready; give up after ``limit`` seconds without progress."""
        pending = list(PROGRAMS)
        started = last_progress = last_report = time.monotonic()
        while pending:
            self.keep_alive()
            now = time.monotonic()
            names = ", ".join(program.name for program in pending)
            if now - last_progress > limit:
                raise ChildDied(f"no progress for {limit:.0f} s; not ready: {names}")
            if now - last_report >= READY_REPORT_SECONDS:
                say(f"waiting for {names} to become ready ({now - started:.0f} s)")
                last_report = now
            still = [program for program in pending if not self._ready(program)]
            if len(still) < len(pending):
                last_progress = time.monotonic()
                for program in pending:
                    if program not in still:
                        say(f"{program.name} is ready")
            pending = still
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

    def seed_through_operations(self) -> None:
        """Load the demo data file into the running services through their operations, once per data
        folder: a later start keeps what staff changed since (an archived organisation, an ended
        membership), which loading the file again could not always be reconciled with. A first load
        that did not finish is run again (it is idempotent) until it has."""
        marker = self.servers.options.data_dir / DEMO_LOADED
        if marker.exists():
            say("Demo data: loaded at the first start; what was changed since is kept.")
            return
        passwords = self.servers.options.passwords
        try:
            report = asyncio.run(seed_stack(self.servers.nats.url, topology.ADMIN, passwords[topology.ADMIN]))
        except (DemoDataError, ServiceError) as error:
            raise RuntimeError(f"demo data not loaded: {error}") from error
        marker.write_text(f"{time.strftime('%Y-%m-%dT%H:%M:%S%z')}\n")
        created = ", ".join(f"{count} {kind}" for kind, count in report.created.items()) or "nothing new"
        say(f"Demo data loaded through the services' operations: {created}")

    def stop(self) -> None:
        for program, process in reversed(self.running.items()):
            already_ended = process.poll() is not None  # reported when it was noticed
            code = processes.stop(process, signal.SIGTERM)
            if not already_ended and code not in (0, -signal.SIGTERM):
                say(f"{program.script} serve ended with code {code}")
        self.running.clear()


def run_stack(options: StackOptions) -> int:
    """The whole stack until SIGINT/SIGTERM (exit 0); exit 1 only when the first start fails (a
    migration, the demo data, or no progress towards ready for ``ready_timeout`` seconds)."""
    try:
        claim = claim_stack(options, services=True)
    except StackInUse as refusal:
        say(f"Not started: {refusal}.")
        return 1
    servers = Servers(options)
    services = Services(servers)
    with claim, stop_on_signals():
        try:
            servers.start()
            servers.apply_stream_settings()
            services.prepare(options.demo)
            services.start()
            services.wait_until_ready(options.ready_timeout)
            if options.demo:
                services.seed_through_operations()
            say(f"Netzwerkstatt is running at {options.public_url}/")
            if options.demo:
                say(
                    f"Sign in as admin@example.org, koordination@example.org or lesen@example.org "
                    f"with the password {demo_password(options.data_dir)}"
                )
            if options.metrics_port:
                last = options.metrics_port + len(PROGRAMS) - 1
                names = ", ".join(program.name for program in PROGRAMS)
                say(f"Metrics: http://127.0.0.1:{options.metrics_port}..{last}/metrics ({names})")
            say(
                f"E-mails go to the local mail sink (SMTP 127.0.0.1:{options.smtp_port}); "
                f"read them in the staff UI. Ctrl-C stops everything."
            )
            while True:
                services.keep_alive()
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
