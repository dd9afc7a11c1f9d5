"""The system as an operator runs it, for the fault matrix: its own nats-server and PostgreSQL, every
service and the gateway as processes of their own (started from their console scripts, JSON logs in
files), the mail sink on loopback. The tests break one part at a time (kill -9, SIGSTOP, stopping
PostgreSQL or the mail server) and start it again, as a supervisor would."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
import nats

from netzwerkstatt import topology
from netzwerkstatt.stack import processes
from netzwerkstatt.stack.credentials import nats_server_environment, random_passwords, service_environment
from netzwerkstatt.stack.nats import EmbeddedNats
from netzwerkstatt.stack.nats_config import default_config_path
from netzwerkstatt.stack.postgres import EmbeddedPostgres, bootstrap_database, with_database
from netzwerkstatt.stack.programs import PROGRAMS, ServiceProgram
from notifications_service.mailsink import MailSink

# Short enough that a SIGSTOP of notifications outlasts it within the matrix's time.
ACK_WAIT_SECONDS = 10
DELIVERY_WORKERS = 4
SERVICES = ("registry", "events", "feedback", "notifications")


@dataclass
class Program:
    program: ServiceProgram
    environment: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def name(self) -> str:
        return self.program.name

    def start(self) -> None:
        self.process = processes.spawn(
            self.program.command("serve"), env=self.environment, log_path=self.log_path
        )
        self.starts += 1

    def kill(self, sig: signal.Signals = signal.SIGKILL) -> None:
        assert self.process is not None
        os.kill(self.process.pid, sig)
        if sig == signal.SIGKILL:
            self.process.wait(timeout=10)
            processes.stop(self.process, signal.SIGKILL)  # anything left in its group

    def stop(self) -> None:
        if self.process is not None:
            processes.stop(self.process, signal.SIGTERM)
            self.process = None


@dataclass
class Cluster:
    folder: Path
    passwords: dict[str, str]
    nats: EmbeddedNats
    postgres: EmbeddedPostgres
    sink: MailSink
    http_port: int
    programs: dict[str, Program] = field(default_factory=dict)
    token: str = ""

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def database_dsn(self) -> str:
        return with_database(self.postgres.superuser_dsn, topology.DATABASE_NAME)

    def start(self) -> None:
        self.nats.start()
        self.postgres.start()
        bootstrap_database(self.postgres.superuser_dsn, self.passwords)
        self.sink.start()
        for program in PROGRAMS:
            environment = service_environment(
                program.name, self.nats.url, self.postgres.host, self.postgres.port, self.passwords
            )
            prefix = program.name.upper()
            environment |= {
                f"{prefix}_LOG_FORMAT": "json",
                f"{prefix}_ENVIRONMENT": "test",
                f"{prefix}_CONSUMER_ACK_WAIT_SECONDS": str(ACK_WAIT_SECONDS),
            }
            if program.name == "feedback":
                # Survey links handed out within seconds, and a crashed round's retried soon after.
                environment["FEEDBACK_JOBS_INTERVAL_SECONDS"] = "1"
                environment["FEEDBACK_HANDOUT_RETRY_SECONDS"] = "2"
                environment["FEEDBACK_HANDOUT_CALL_TIMEOUT_SECONDS"] = "3"
            if program.name == "notifications":
                environment["NOTIFICATIONS_SMTP_HOST"] = "127.0.0.1"
                environment["NOTIFICATIONS_SMTP_PORT"] = str(self.sink.port)
                environment["NOTIFICATIONS_DELIVERY_WORKERS"] = str(DELIVERY_WORKERS)
            if program.name == topology.GATEWAY:
                environment["GATEWAY_HTTP_PORT"] = str(self.http_port)
                # A busy test machine answers slower than production; clients retry past this.
                environment["GATEWAY_REQUEST_TIMEOUT_SECONDS"] = "15"
            self.programs[program.name] = Program(
                program, {**os.environ, **environment}, self.folder / f"{program.name}.log"
            )
        migrations = [
            subprocess.Popen(p.program.command("migrate"), env=p.environment, stderr=subprocess.PIPE)
            for p in self.programs.values()
            if p.program.migrates
        ]
        for migration in migrations:
            _, errors = migration.communicate(timeout=900)
            assert migration.returncode == 0, errors.decode(errors="replace")
        gateway = self.programs[topology.GATEWAY]
        issued = subprocess.run(
            [*gateway.program.command("issue-token"), "--name", "fault-matrix", "--role", "admin"],
            env=gateway.environment,
            capture_output=True,
            check=True,
        )
        self.token = issued.stdout.decode().strip().splitlines()[-1]
        for running in self.programs.values():
            running.start()

    def stop(self) -> None:
        for program in self.programs.values():
            if program.process is not None and program.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(program.process.pid, signal.SIGCONT)
                    os.kill(program.process.pid, signal.SIGTERM)
        for program in self.programs.values():
            program.stop()
        self.sink.stop()
        self.nats.stop()
        self.postgres.stop()

    # -- readiness --------------------------------------------------------------------------------

    async def health(self) -> dict[str, dict[str, object]]:
        """Each service's health reply (an empty dict where none came) and the gateway's."""
        replies: dict[str, dict[str, object]] = {}
        try:
            client = await nats.connect(
                self.nats.url,
                user=topology.ADMIN,
                password=self.passwords[topology.ADMIN],
                connect_timeout=2,
                allow_reconnect=False,
                max_reconnect_attempts=1,
            )
        except Exception:
            return {name: {} for name in (*SERVICES, topology.GATEWAY)}
        try:
            for service in SERVICES:
                try:
                    reply = await client.request(f"{service}.health", b"{}", timeout=2)
                    replies[service] = json.loads(reply.data).get("data") or {}
                except Exception:
                    replies[service] = {}
        finally:
            await client.close()
        try:
            async with httpx.AsyncClient(timeout=2) as http:
                response = await http.get(f"{self.base_url}/health")
            replies[topology.GATEWAY] = {"status": "ready" if response.status_code == 200 else "not_ready"}
        except httpx.HTTPError:
            replies[topology.GATEWAY] = {}
        return replies

    async def all_ready(self) -> bool:
        replies = await self.health()
        return all(reply.get("status") == "ready" for reply in replies.values())

    async def wait_until_ready(self, timeout: float) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if await self.all_ready():
                return time.monotonic() - started
            await asyncio.sleep(0.25)
        raise AssertionError(f"not ready within {timeout:.0f} s: {await self.health()}")

    async def sql(self, query: str, *arguments: object) -> list[asyncpg.Record]:
        connection = await asyncpg.connect(self.database_dsn)
        try:
            return list(await connection.fetch(query, *arguments))
        finally:
            await connection.close()


def new_cluster(folder: Path) -> Cluster:
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    passwords = random_passwords()
    return Cluster(
        folder=folder,
        passwords=passwords,
        nats=EmbeddedNats(
            store_dir=folder / "nats",
            port=processes.free_port(),
            config_path=default_config_path(),
            env=nats_server_environment(passwords),
            log_path=folder / "nats.log",
        ),
        postgres=EmbeddedPostgres(
            data_dir=folder / "postgres",
            port=processes.free_port(),
            superuser_password=passwords[topology.ADMIN],
            fast=True,  # no fsync; every commit survives a crash of the server process
            log_path=folder / "postgres.log",
        ),
        sink=MailSink(store_dir=folder / "mail", host="127.0.0.1", port=processes.free_port()),
        http_port=processes.free_port(),
    )
