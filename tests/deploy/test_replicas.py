"""Two replicas of every service at once, started as processes from their console scripts on the
session's NATS and PostgreSQL, as compose.cluster.yaml runs them: every command is handled once,
every event consumed once, every reminder sent once."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

import asyncpg
import nats
import pytest

from netzwerkstatt import subjects, topology
from netzwerkstatt.contracts.registry import PersonCreated
from netzwerkstatt.stack import processes
from netzwerkstatt.stack.credentials import service_environment
from netzwerkstatt.stack.programs import PROGRAMS, ServiceProgram
from netzwerkstatt.testing import ADMIN_HEADERS, NatsServer, PostgresServer
from netzwerkstatt.testing.services import eventually
from notifications_service.mailsink import MailSink
from tests.integration.notifications.notification_flows import (
    BERLIN,
    mails_to,
    person,
    publish,
)

REPLICAS = 2
COMMANDS = 40
STARTED = "service started"


@dataclass
class Replica:
    program: ServiceProgram
    log_path: Path
    process: subprocess.Popen[bytes]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@pytest.fixture(scope="module")
def mail_sink(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MailSink]:
    """The SMTP server the notifications replicas deliver to (a real one on loopback)."""
    sink = MailSink(store_dir=tmp_path_factory.mktemp("mail"), host="127.0.0.1", port=processes.free_port())
    sink.start()
    yield sink
    sink.stop()


def environment_of(
    program: ServiceProgram,
    nats_server: NatsServer,
    postgres_server: PostgresServer,
    passwords: dict[str, str],
    smtp_port: int | None = None,
) -> dict[str, str]:
    prefix = program.name.upper()
    environment = service_environment(
        program.name, nats_server.url, postgres_server.host, postgres_server.port, passwords
    )
    environment |= {f"{prefix}_LOG_FORMAT": "json", f"{prefix}_ENVIRONMENT": "test"}
    if program.name == "notifications":
        environment["NOTIFICATIONS_SMTP_PORT"] = str(smtp_port or processes.free_port())
    return {**os.environ, **environment}


@pytest.fixture(scope="module")
def replicas(
    nats_server: NatsServer,
    postgres_server: PostgresServer,
    stack_passwords: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
    mail_sink: MailSink,
) -> Iterator[list[Replica]]:
    """Started once for this module (starting eight processes takes a while); the last test stops
    the registry's replicas."""
    tmp_path = tmp_path_factory.mktemp("replicas")
    services = [program for program in PROGRAMS if program.name in topology.SERVICES]
    started: list[Replica] = []
    environments = {
        program.name: environment_of(program, nats_server, postgres_server, stack_passwords, mail_sink.port)
        for program in services
    }
    # Migrations of different services touch different schemas: run them side by side.
    migrations = [
        subprocess.Popen(program.command("migrate"), env=environments[program.name], stderr=subprocess.PIPE)
        for program in services
    ]
    for migration in migrations:
        _, errors = migration.communicate(timeout=120)
        assert migration.returncode == 0, errors.decode(errors="replace")
    try:
        for program in services:
            environment = environments[program.name]
            for number in range(1, REPLICAS + 1):
                log_path = tmp_path / f"{program.name}-{number}.log"
                process = processes.spawn(program.command("serve"), env=environment, log_path=log_path)
                started.append(Replica(program, log_path, process))
        for replica in started:
            processes.wait_until(partial(_started, replica), 90, replica.log_path.stem)
        yield started
    finally:
        # Ask all to stop at once, then wait for each: shutdowns overlap instead of queueing.
        for replica in started:
            if replica.process.poll() is None:
                os.kill(replica.process.pid, signal.SIGTERM)
        for replica in reversed(started):
            processes.stop(replica.process, signal.SIGTERM)


def _started(replica: Replica) -> bool:
    if replica.process.poll() is not None:
        raise AssertionError(f"{replica.log_path.stem} exited: {replica.log()[-2000:]}")
    return STARTED in replica.log()


@pytest.fixture
async def database(postgres_server: PostgresServer) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(postgres_server.superuser_database_dsn)
    yield connection
    await connection.close()


async def _create_organisations(nats_server: NatsServer, names: list[str]) -> list[dict[str, object]]:
    admin = nats_server.admin
    client = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    try:
        subject = subjects.operation("registry", "organisation.create")

        async def create(name: str) -> dict[str, object]:
            body = json.dumps({"name": name, "type": "jobcenter", "region_keys": ["14713"]}).encode()
            reply = await client.request(subject, body, timeout=10, headers=ADMIN_HEADERS)
            answer: dict[str, object] = json.loads(reply.data)
            return answer

        return list(await asyncio.gather(*(create(name) for name in names)))
    finally:
        await client.close()


@pytest.mark.slow
async def test_two_replicas_of_every_service_handle_each_command_once_and_consume_each_event_once(
    replicas: list[Replica], nats_server: NatsServer, database: asyncpg.Connection
) -> None:
    prefix = f"Replica Jobcenter {uuid.uuid4().hex[:8]}"
    names = [f"{prefix} {number:03d}" for number in range(COMMANDS)]

    answers = await _create_organisations(nats_server, names)

    assert [answer["ok"] for answer in answers] == [True] * COMMANDS
    rows = await database.fetch(
        "SELECT id, name FROM registry.organisations WHERE name LIKE $1", f"{prefix}%"
    )
    assert sorted(row["name"] for row in rows) == names, "one row per command, none twice"
    ids = [row["id"] for row in rows]
    events = await database.fetch(
        "SELECT event_id FROM registry.outbox WHERE aggregate = ANY($1::text[])", [str(i) for i in ids]
    )
    assert len(events) == COMMANDS, "one event per command"

    async def projected() -> int | None:
        count = await database.fetchval("SELECT count(*) FROM events.organisations WHERE id = ANY($1)", ids)
        return int(count) if count == COMMANDS else None

    assert await eventually(projected) == COMMANDS
    consumed = await database.fetch(
        "SELECT event_id, consumer FROM events.inbox WHERE event_id = ANY($1)",
        [row["event_id"] for row in events],
    )
    assert len(consumed) == COMMANDS, "each event processed by one replica of the consumer, once"

    for replica in replicas:
        assert replica.process.poll() is None, f"{replica.log_path.stem} died: {replica.log()[-2000:]}"


@pytest.mark.slow
async def test_a_due_reminder_is_sent_once_while_two_replicas_of_notifications_run(
    replicas: list[Replica], nats_server: NatsServer, mail_sink: MailSink
) -> None:
    admin = nats_server.admin
    client = await nats.connect(nats_server.url, user=admin.user, password=admin.password)

    async def ask_events(operation: str, body: dict[str, object]) -> dict[str, object]:
        reply = await client.request(
            subjects.operation("events", operation),
            json.dumps(body).encode(),
            timeout=10,
            headers=ADMIN_HEADERS,
        )
        answer = json.loads(reply.data)
        assert answer["ok"], answer
        data: dict[str, object] = answer["data"]
        return data

    try:
        someone = person()
        await publish(client.jetstream(), PersonCreated(person=someone), subject=someone.person_id)
        # The 1-day reminder (a default offset) falls due a few seconds from now. The event and the
        # registration are the events service's own, so that it issues the links of both e-mails.
        starts = (datetime.now(BERLIN) + timedelta(days=1, seconds=8)).replace(microsecond=0)
        ends = min(starts + timedelta(hours=2), starts.replace(hour=23, minute=59, second=59))
        day = {
            "date": starts.date().isoformat(),
            "start": starts.time().isoformat(),
            "end": ends.time().isoformat(),
        }
        created = await ask_events(
            "event.create",
            {
                "title": "Netzwerktreffen Leipzig",
                "format": "network_meeting",
                "days": [day],
                "organiser": {"name": "IQ Netzwerk Sachsen", "email": "iq-sachsen@example.org"},
            },
        )
        await ask_events("event.publish", {"event_id": created["id"]})

        async def registered() -> bool:
            try:
                await ask_events(
                    "registration.register", {"event_id": created["id"], "person_id": str(someone.person_id)}
                )
            except AssertionError:
                return False  # the person has not reached the events service's projection yet
            return True

        await eventually(registered, timeout=30, interval=0.5)
    finally:
        await client.close()

    async def reminded() -> bool:
        return len(mails_to(mail_sink, someone.email or "")) >= 2

    try:
        await eventually(reminded, timeout=90)
    except AssertionError:
        logs = [replica.log()[-3000:] for replica in replicas if replica.program.name == "notifications"]
        raise AssertionError(
            f"mails: {len(mails_to(mail_sink, someone.email or ''))}; logs: {logs}"
        ) from None
    await asyncio.sleep(6)  # both replicas' schedulers poll again meanwhile
    subjects_received = [str(mail["Subject"]) for mail in mails_to(mail_sink, someone.email or "")]
    assert len(subjects_received) == 2, subjects_received
    assert subjects_received[1].startswith("Erinnerung"), "confirmation first, then the one reminder"


@pytest.mark.slow
def test_the_container_health_probe_passes_while_a_replica_answers_and_fails_without_one(
    replicas: list[Replica],
    nats_server: NatsServer,
    postgres_server: PostgresServer,
    stack_passwords: dict[str, str],
) -> None:
    registry = next(replica.program for replica in replicas if replica.program.name == "registry")
    environment = environment_of(registry, nats_server, postgres_server, stack_passwords)
    healthy = subprocess.run(registry.command("health"), env=environment, capture_output=True, timeout=60)

    for replica in replicas:
        if replica.program.name == "registry":
            processes.stop(replica.process, signal.SIGTERM)
    unanswered = subprocess.run(registry.command("health"), env=environment, capture_output=True, timeout=60)

    assert healthy.returncode == 0, healthy.stderr
    assert unanswered.returncode == 1
