"""Benchmark: invitations for one event with 2,000 invitees, sent by the notifications service into
the local mail sink, next to plain aiosmtplib sending the same messages to the same sink.

The service's figure is end to end: the InvitationIssued facts are published to JetStream, consumed
through the inbox, queued, claimed by the delivery workers, rendered (text, HTML, .ics) and sent over
SMTP, each outcome committed with its DeliverySent fact. The plain figure sends as many e-mails,
composed in advance, over SMTP only, over as many connections as the service has delivery workers:
once before the service's phases and once after them, so that a change of load during the run falls
on both sides (the ratio is taken against the mean of the two); the full run also sends them over
one connection. The plain e-mails go to people of their own, so each side's mails are counted apart.
Everything runs on embedded NATS and PostgreSQL in a temporary folder.

The links of the invitations (accept, decline, calendar) are asked of the events service for each
batch the delivery workers claim; a responder on the admin connection plays that service here (it
answers from memory, without the events service's database write).

A third phase measures the whole way with everything running: invitations to a second event, from
the facts' publication to the last e-mail received. Guarantee check (a failure ends the script
non-zero): every invitee received exactly one e-mail per event, and every plain recipient one per
plain run.

Run: ``uv run python benchmarks/invitations.py [--quick] [--invitees 2000]``
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any, Protocol

import aiosmtplib
import nats
import sqlalchemy as sa
from _profile import profiled
from _summary import Row, check, record
from nats.aio.msg import Msg

from netzwerkstatt import subjects, topology
from netzwerkstatt.collector import tune_for_serving
from netzwerkstatt.contracts.events import (
    EventDay,
    EventFacts,
    InvitationIssued,
    IssuedLink,
    IssuedLinks,
    IssueLinks,
    OrganiserAddress,
    PublicOrganiser,
    Venue,
)
from netzwerkstatt.contracts.registry import PersonCreated, PersonFacts
from netzwerkstatt.envelope import DomainEvent, Envelope
from netzwerkstatt.logs import configure_logging
from netzwerkstatt.migrations import upgrade
from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.rpc import ok
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.stack import (
    EmbeddedNats,
    EmbeddedPostgres,
    bootstrap_database,
    database_url,
    free_port,
    nats_server_environment,
    random_passwords,
)
from netzwerkstatt.stack.nats_config import default_config_path
from notifications_service import queue
from notifications_service.mailsink import MailSink, MailStore
from notifications_service.main import definition
from notifications_service.messages.compose import ComposedEmail
from notifications_service.messages.context import Office
from notifications_service.messages.idempotency import idempotency_key
from notifications_service.messages.kinds import MessageKind
from notifications_service.outgoing import ContactFacts, Links, MessageFacts, build_email, invitation_link
from notifications_service.settings import NotificationsSettings

PUBLIC_URL = "https://netzwerkstatt.example.org"
ORGANISER_NAME = "Koordinierungsstelle IQ Netzwerk Sachsen"
ORGANISER_EMAIL = "iq-sachsen@example.org"


class Sink(Protocol):
    port: int
    store: MailStore

    def count(self) -> int: ...


class SinkProcess:
    """``python -m notifications_service.mailsink`` on a free port, storing into ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.store = MailStore(directory)
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "notifications_service.mailsink",
                "--port",
                str(self.port),
                "--dir",
                str(directory),
            ],
            stdout=subprocess.DEVNULL,
        )

    def wait_until_listening(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return
            time.sleep(0.05)
        raise TimeoutError("the mail sink did not start")

    def count(self) -> int:
        return self.store.count()

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)


@contextlib.contextmanager
def mail_sink(directory: Path, *, in_process: bool) -> Iterator[Sink]:
    if in_process:
        with MailSink(store_dir=directory) as sink:
            yield sink
        return
    process = SinkProcess(directory)
    try:
        process.wait_until_listening()
        yield process
    finally:
        process.stop()


# Mails sent to the sink, unmeasured, before the first measured run.
WARM_UP_MAILS = 100


def invitees(count: int, mailbox: str = "teilnahme") -> list[PersonFacts]:
    """Fictional people, alternating language and form of address."""
    forms = ("ms", "mr", "neutral")
    return [
        PersonFacts(
            person_id=uuid.uuid4(),
            given_name=f"Vorname{number}",
            family_name=f"Nachname{number}",
            form_of_address=forms[number % 3],
            email=f"{mailbox}{number}@example.org",
            language="en" if number % 4 == 0 else "de",
            consents_to_event_contact=True,
            version=1,
        )
        for number in range(count)
    ]


def workshop() -> EventFacts:
    day = date.today() + timedelta(days=45)
    return EventFacts(
        event_id=uuid.uuid4(),
        format="regional_workshop",
        title="Regionalworkshop Arbeitsmarktintegration Leipzig",
        days=[EventDay(date=day, start=clock(9, 30), end=clock(15, 0))],
        venue=Venue(name="Volkshochschule Leipzig", address="Löhrstraße 3–7, 04105 Leipzig"),
        organiser=PublicOrganiser(name=ORGANISER_NAME),
        status="published",
        capacity=25,
        version=1,
    )


async def publish(js: nats.js.JetStreamContext, payload: DomainEvent, subject: uuid.UUID) -> None:
    envelope = Envelope.wrap(payload, subject=str(subject))
    await js.publish(
        envelope.nats_subject, envelope.model_dump_json().encode(), headers={"Nats-Msg-Id": str(envelope.id)}
    )


async def wait_for(condition: Callable[[], Awaitable[bool]], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await condition():
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("the benchmark did not finish in time")


async def service_run(
    settings: NotificationsSettings,
    nats_url: str,
    admin_password: str,
    sink: Sink,
    people: list[PersonFacts],
    *,
    references: bool,
    plain_mails: dict[str, int],
) -> tuple[float, float, float, float | None, float]:
    """Three timed phases: consuming the InvitationIssued facts into the queue (mail server
    unreachable, so nothing is sent yet); delivering the whole queue once the mail server is there;
    then, with everything running, the invitations to a second event from the facts' publication to
    the last e-mail received; with ``references``, a third event without the per-mail mark. Checks
    that every invitee got exactly one e-mail per event (``plain_mails``: the plain run's recipients
    and their mails, already in the sink). Also returns the CPU time this process (the service, and
    the benchmark's polls) spent in the delivery phase."""
    client = await nats.connect(nats_url, user=topology.ADMIN, password=admin_password)
    js = client.jetstream()
    await client.subscribe(subjects.operation("events", "link.issue"), cb=_issue_links)
    for producer in ("registry", "events", "feedback"):
        await declare_stream(js, producer)
    unreachable = settings.model_copy(
        update={"smtp_port": free_port(), "delivery_retry_base_seconds": 3600.0}
    )
    runtime = ServiceRuntime(definition(unreachable))
    await runtime.start()
    try:
        contacts = runtime.database.table("contacts")
        messages = runtime.database.table("messages")
        for someone in people:
            await publish(js, PersonCreated(person=someone), someone.person_id)

        async def count(query: sa.Select[Any]) -> int:
            async with runtime.database.read() as session:
                return int(await session.scalar(query) or 0)

        async def projected() -> bool:
            return await count(sa.select(sa.func.count()).select_from(contacts)) == len(people)

        await wait_for(projected, timeout=600)
        event = workshop()
        invitations = [(someone, uuid.uuid4()) for someone in people]
        started = time.perf_counter()

        async def all_queued() -> bool:
            return await count(sa.select(sa.func.count()).select_from(messages)) == len(people)

        with profiled("mail-consumed"):
            await invite(js, event, invitations)
            await wait_for(all_queued, timeout=1200)
        consumed = time.perf_counter() - started
    finally:
        await runtime.stop()
    async with runtime.database.unit_of_work() as uow:
        await uow.session.execute(messages.update().values(next_attempt_at=sa.func.now(), attempts=0))
    await runtime.database.dispose()

    runtime = ServiceRuntime(definition(settings))
    started = time.perf_counter()
    await runtime.start()
    try:

        async def received(expected: int) -> bool:
            return sink.count() >= expected + sum(plain_mails.values())

        cpu_started = time.process_time()
        with profiled("mail-sent"):
            await wait_for(lambda: received(len(people)), timeout=1200)
        delivered = time.perf_counter() - started
        sent_cpu = time.process_time() - cpu_started

        second = workshop()
        started = time.perf_counter()
        with profiled("mail-end-to-end"):
            await invite(js, second, [(someone, uuid.uuid4()) for someone in people])
            await wait_for(lambda: received(2 * len(people)), timeout=1200)
        end_to_end = time.perf_counter() - started

        async def all_settled() -> bool:
            unsent = sa.select(sa.func.count()).select_from(messages).where(messages.c.status != "sent")
            return await count(unsent) == 0

        await wait_for(all_settled, timeout=60)
        check_one_mail_each(sink, people, per_person=2, others=plain_mails)

        unmarked = None
        if references:
            # The cost of the per-mail delivery mark: a third event's invitations with the mark left
            # out (the scheme before it: sent mails recorded only with their batch).
            third = workshop()
            record_accepted = queue.record_accepted
            queue.record_accepted = _no_mark
            try:
                started = time.perf_counter()
                await invite(js, third, [(someone, uuid.uuid4()) for someone in people])
                await wait_for(lambda: received(3 * len(people)), timeout=1200)
                unmarked = time.perf_counter() - started
            finally:
                queue.record_accepted = record_accepted
            await wait_for(all_settled, timeout=60)
    finally:
        await runtime.stop()
        await client.close()
    check_one_mail_each(sink, people, per_person=3 if references else 2, others=plain_mails)
    return consumed, delivered, end_to_end, unmarked, sent_cpu


async def _no_mark(connection: Any, message: queue.SentMessage) -> None:
    """Stands in for ``queue.record_accepted`` in the phase without per-mail marks."""


def _token(invitation_id: uuid.UUID) -> str:
    return f"inv-{invitation_id.hex}"


async def _issue_links(message: Msg) -> None:
    """Plays the events service's ``link.issue``: a token per invitation, the organiser's address."""
    request = IssueLinks.model_validate_json(message.data)
    links = [
        IssuedLink(kind=target.kind, id=target.id, token=_token(target.id)) for target in request.targets
    ]
    organisers = [
        OrganiserAddress(event_id=event_id, name=ORGANISER_NAME, email=ORGANISER_EMAIL)
        for event_id in request.organisers_of
    ]
    await message.respond(ok(IssuedLinks(links=links, organisers=organisers)))


async def invite(
    js: nats.js.JetStreamContext, event: EventFacts, invitations: list[tuple[PersonFacts, uuid.UUID]]
) -> None:
    for someone, invitation_id in invitations:
        issued = InvitationIssued(invitation_id=invitation_id, event=event, person_id=someone.person_id)
        await publish(js, issued, event.event_id)


def check_one_mail_each(
    sink: Sink, people: list[PersonFacts], *, per_person: int, others: dict[str, int]
) -> None:
    """Every invitee received exactly one e-mail per event: none lost, none sent twice (``others``:
    the plain runs' recipients and how many e-mails each should have)."""
    received = Counter(address for mail in sink.store.messages() for address in mail.to)
    expected = {str(someone.email): per_person for someone in people} | others
    wrong = {
        address: received[address]
        for address in set(expected) | set(received)
        if received[address] != expected.get(address, 0)
    }
    check(not wrong, f"e-mails per recipient should be {per_person} (one per event): {wrong}")


def composed(invitations: list[tuple[PersonFacts, uuid.UUID]]) -> list[ComposedEmail]:
    """The same invitations, rendered and composed up front (not timed)."""
    event = workshop()
    office = Office(name="Koordinierungsstelle IQ Netzwerk Sachsen", email="iq-sachsen@example.org")
    emails = []
    for someone, invitation_id in invitations:
        contact = ContactFacts(
            person_id=str(someone.person_id),
            given_name=someone.given_name,
            family_name=someone.family_name,
            form_of_address=someone.form_of_address,
            title=None,
            email=someone.email,
            language=someone.language,
            unsubscribe_token=uuid.uuid4().hex,
        )
        key = idempotency_key(MessageKind.INVITATION, contact.person_id, str(invitation_id), 1)
        emails.append(
            build_email(
                MessageKind.INVITATION,
                MessageFacts(event=event, link=invitation_link(invitation_id)),
                contact,
                default_office=office,
                links=Links(PUBLIC_URL),
                idempotency_key=key,
                token=_token(invitation_id),
                organiser_email=ORGANISER_EMAIL,
            ).email
        )
    return emails


async def plain_run(port: int, emails: list[ComposedEmail], connections: int) -> tuple[float, float]:
    """Seconds on the wall and of this process' CPU."""

    async def send_share(share: list[ComposedEmail]) -> None:
        async with aiosmtplib.SMTP(hostname="127.0.0.1", port=port) as client:
            for email in share:
                await client.sendmail(email.sender, [email.recipient], email.raw)

    started, cpu_started = time.perf_counter(), time.process_time()
    await asyncio.gather(*(send_share(emails[number::connections]) for number in range(connections)))
    return time.perf_counter() - started, time.process_time() - cpu_started


async def run(
    count: int,
    folder: Path,
    *,
    sink_in_process: bool = False,
    workers: int | None = None,
    references: bool = True,
) -> None:
    """The timed phases; ``references``: also the runs that only explain the figures (one plain
    connection, the service without its per-mail mark), which the quick run leaves out."""
    passwords = random_passwords()
    nats_server = EmbeddedNats(
        store_dir=folder / "nats",
        port=free_port(),
        config_path=default_config_path(),
        env=nats_server_environment(passwords),
        log_path=folder / "nats.log",
    )
    postgres = EmbeddedPostgres(
        data_dir=folder / "postgres",
        port=free_port(),
        superuser_password=passwords[topology.ADMIN],
        fast=True,
        log_path=folder / "postgres.log",
    )
    nats_server.start()
    postgres.start()
    try:
        bootstrap_database(postgres.superuser_dsn, passwords)
        with mail_sink(folder / "mail", in_process=sink_in_process) as sink:
            settings = NotificationsSettings(
                environment="test",
                nats_url=nats_server.url,
                nats_password=passwords["notifications"],
                database_url=database_url(
                    "notifications", passwords["notifications"], postgres.host, postgres.port
                ),
                public_url=PUBLIC_URL,
                smtp_port=sink.port,
                delivery_poll_seconds=0.05,
                log_level="WARNING",
            )
            if workers:
                settings = settings.model_copy(
                    update={
                        "delivery_workers": workers,
                        "database_pool_size": max(settings.database_pool_size, workers + 3),
                    }
                )
            await asyncio.to_thread(upgrade, settings, Path(definition(settings).migrations))
            plain_people = invitees(count, mailbox="vergleich")
            emails = composed([(someone, uuid.uuid4()) for someone in plain_people])
            connections = settings.delivery_workers
            # The sink's first mails (its first connections and files) cost more; neither side pays.
            warming = invitees(min(count, WARM_UP_MAILS), mailbox="vorlauf")
            warm_up = composed([(someone, uuid.uuid4()) for someone in warming])
            await plain_run(sink.port, warm_up, connections)
            before, plain_cpu = await plain_run(sink.port, emails, connections)
            plain_mails = {str(someone.email): 1 for someone in plain_people + warming}
            people = invitees(count)
            consumed, delivered, end_to_end, unmarked, sent_cpu = await service_run(
                settings,
                nats_server.url,
                passwords[topology.ADMIN],
                sink,
                people,
                references=references,
                plain_mails=plain_mails,
            )
            after, _ = await plain_run(sink.port, emails, connections)
            one = (await plain_run(sink.port, emails, 1))[0] if references else None
            events = 3 if references else 2  # the service's events, each an e-mail to everyone
            plain_runs = 3 if references else 2  # before, after, and over one connection
            expected = dict.fromkeys(map(str, (someone.email for someone in plain_people)), plain_runs)
            check_one_mail_each(sink, people, per_person=events, others=plain_mails | expected)
            many = (before + after) / 2
    finally:
        nats_server.stop()
        postgres.stop()
    workers = settings.delivery_workers
    rows = [
        ("notifications service: facts consumed into the queue", consumed),
        (f"notifications service: queue rendered and sent ({workers} workers)", delivered),
        ("plain aiosmtplib, composed mails, 1 connection", one),
        (f"plain aiosmtplib, composed mails, {workers} connections, before the service", before),
        (f"plain aiosmtplib, composed mails, {workers} connections, after it", after),
        (f"plain aiosmtplib, composed mails, {workers} connections, mean of the two", many),
        ("notifications service: end to end (facts published to last received)", end_to_end),
        ("  the same without the per-mail delivery mark (batch-end record only)", unmarked),
    ]
    where = "a thread of this process" if sink_in_process else "a process of its own"
    print(f"invitations for one event with {count} invitees, into the local mail sink ({where})")
    for label, seconds in rows:
        if seconds is not None:
            print(f"  {label:<70} {count / seconds:8.1f} messages/s  ({seconds:6.1f} s)")
    print(
        f"  CPU per mail: the service delivering {sent_cpu / count * 1000:.2f} ms, "
        f"plain aiosmtplib {plain_cpu / count * 1000:.2f} ms (the mail sink's own CPU not counted)"
    )
    if unmarked is not None:
        print(f"  cost of the per-mail delivery mark: {(end_to_end / unmarked - 1) * 100:+.1f} % end to end")
    plain = f"plain aiosmtplib, {workers} connections, before and after: {count / many:,.0f}/s"
    record(
        Row(
            path=f"mail: queue rendered and sent, {workers} workers",
            project=f"{count / delivered:,.0f}/s",
            raw=plain,
            ratio=f"{many / delivered:.2f}",
            goal=">= 0.85",
            met=many / delivered >= 0.85,
        )
    )
    record(
        Row(
            path="mail: end to end, facts published -> last mail received",
            project=f"{count / end_to_end:,.0f}/s",
            raw=plain,
            ratio=f"{many / end_to_end:.2f}",
            goal=">= 0.6",
            met=many / end_to_end >= 0.6,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="400 invitees, without the runs that only explain the figures"
    )
    parser.add_argument("--invitees", type=int)
    parser.add_argument("--sink-in-process", action="store_true", help="run the mail sink as a thread")
    parser.add_argument(
        "--workers", type=int, help="delivery workers (and plain connections); default: the setting's"
    )
    arguments = parser.parse_args()
    arguments.invitees = arguments.invitees or (400 if arguments.quick else 2000)
    configure_logging("benchmark", level="WARNING")
    # The service runs in this process: its collector is set as a serving process sets it.
    tune_for_serving()
    folder = Path(tempfile.mkdtemp(prefix="netzwerkstatt-bench-"))
    folder.chmod(0o755)  # PostgreSQL may run as another user when started as root
    try:
        asyncio.run(
            run(
                arguments.invitees,
                folder,
                sink_in_process=arguments.sink_in_process,
                workers=arguments.workers,
                references=not arguments.quick,
            )
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
