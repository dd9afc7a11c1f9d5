"""The fault matrix: nothing lost, nothing doubled, whatever breaks.

Each cell is a burst of registrations for one event (capacity 100) through the gateway's JSON API, by
50 concurrent clients that retry as a real client would (on a broken connection, a time-out, a 5xx
or a 429, honouring Retry-After), with one fault injected when a third of the burst is in. After the
fault is over, every cell checks:

- confirmed = capacity exactly; the waitlist is contiguous (1..n) and in arrival order;
- nobody is registered twice; every expected e-mail (a confirmation or a waitlist notice per
  registration) is in the mail sink exactly once by Message-ID (for kill -9 of notifications at
  most one extra copy per delivery worker, with the same Message-ID);
- no dead letter anywhere, no late or stopped loop, every service ready again;
- the backlog drained within 2x the outage plus 30 s, counted from the later of the fault's end and
  the burst's end.

The figures of every cell are printed and written to ``test-artifacts/fault-matrix.md``.

On the same cluster, a kill -9 of feedback while notifications has its survey links' requests but
has not answered them: every attendee gets one e-mail, and its link opens the survey.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import shutil
import signal
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path

import asyncpg
import httpx
import pytest

from netzwerkstatt.days import NETWORK_TIME
from notifications_service.mailsink import StoredMail
from tests.faults.cluster import ACK_WAIT_SECONDS, DELIVERY_WORKERS, SERVICES, Cluster, new_cluster

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
# One line per HTTP request of the burst would drown the figures.
logging.getLogger("httpx").setLevel(logging.WARNING)

REGISTRATIONS = 500
CAPACITY = 100
CLIENTS = 50
FAULT_AFTER = REGISTRATIONS // 3
RESTART_PAUSE_SECONDS = 1.0  # what a supervisor waits before starting a killed process again
ARTIFACT = Path("test-artifacts") / "fault-matrix.md"


@dataclass
class Row:
    cell: str
    outage: float = 0.0
    ready_after: float = 0.0
    drained_after: float = 0.0
    lost: int = 0
    doubled: int = 0
    dead_letters: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    longest_wait: float = 0.0

    def markdown(self) -> str:
        seen = ", ".join(f"{status}×{count}" for status, count in sorted(self.statuses.items()))
        return (
            f"| {self.cell} | {self.outage:.1f} s | {self.ready_after:.1f} s | {self.drained_after:.1f} s "
            f"| {self.lost} | {self.doubled} | {self.dead_letters} "
            f"| {seen}; longest {self.longest_wait:.1f} s |"
        )


ROWS: list[Row] = []


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    # Not under pytest's own temporary folder: another pytest run resets its mode to 0700, and
    # PostgreSQL (running as an unprivileged user when the tests run as root) loses its data.
    folder = Path(tempfile.mkdtemp(prefix="netzwerkstatt-faults-"))
    running = new_cluster(folder)
    try:
        running.start()
        yield running
    finally:
        running.stop()
        _write_table()
        shutil.rmtree(folder, ignore_errors=True)


def _write_table() -> None:
    if not ROWS:
        return
    lines = [
        "# Fault matrix",
        "",
        f"{REGISTRATIONS} registrations per cell through the gateway, {CLIENTS} concurrent retrying "
        f"clients, capacity {CAPACITY}, one fault after {FAULT_AFTER} registrations.",
        "",
        "| cell | outage | time until ready | backlog drain time | lost | doubled | dead letters "
        "| what clients saw |",
        "|---|---|---|---|---|---|---|---|",
        *(row.markdown() for row in ROWS),
        "",
    ]
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text("\n".join(lines))
    print("\n" + "\n".join(lines))


@dataclass
class Population:
    people: list[str]


@pytest.fixture(scope="module")
async def population(cluster: Cluster) -> Population:
    await cluster.wait_until_ready(180)
    async with _client(cluster) as http:
        organisation = await _post_retrying(
            http,
            "/api/organisations",
            {"name": "Jobcenter Leipzig", "type": "jobcenter", "region_keys": ["14713"]},
        )
        assert organisation.status_code == 201, organisation.text
        organisation_id = organisation.json()["id"]
        semaphore = asyncio.Semaphore(20)

        async def create(number: int) -> str:
            async with semaphore:
                body = {
                    "given_name": "Kim",
                    "family_name": f"Beispiel-{number:04d}",
                    "emails": [f"kim.beispiel.{number:04d}.{uuid.uuid4().hex[:6]}@example.org"],
                    "memberships": [{"organisation_id": organisation_id}],
                    "consents": ["network_event_contact"],
                }
                response = await _post_retrying(http, "/api/people", body)
                assert response.status_code == 201, response.text
                return str(response.json()["id"])

        people = await asyncio.gather(*(create(number) for number in range(REGISTRATIONS)))

    async def projected() -> bool:
        events = await cluster.sql("SELECT count(*) FROM events.people")
        contacts = await cluster.sql("SELECT count(*) FROM notifications.contacts")
        return int(events[0][0]) >= REGISTRATIONS and int(contacts[0][0]) >= REGISTRATIONS

    await _eventually(projected, 120)
    return Population(people=list(people))


# -- the clients ----------------------------------------------------------------------------------


@dataclass
class Burst:
    completed: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    longest_wait: float = 0.0
    refused: list[str] = field(default_factory=list)
    progress: asyncio.Event = field(default_factory=asyncio.Event)


async def _register(http: httpx.AsyncClient, event_id: str, person_id: str, burst: Burst) -> None:
    started = time.monotonic()
    key = uuid.uuid4().hex
    pause = 0.2
    while True:
        try:
            response = await http.post(
                f"/api/events/{event_id}/registrations",
                json={"person_id": person_id},
                headers={"Idempotency-Key": key},
            )
        except httpx.TimeoutException:
            burst.statuses["time-out"] += 1
        except httpx.TransportError:
            burst.statuses["no connection"] += 1
        else:
            burst.statuses[str(response.status_code)] += 1
            if response.status_code in (200, 201):
                break
            retry_after = response.headers.get("Retry-After")
            if response.status_code < 500 and retry_after is None:
                burst.refused.append(f"{response.status_code} {response.text[:300]}")
                break
            if retry_after and retry_after.isdigit():
                pause = min(float(retry_after), 5.0)
        await asyncio.sleep(pause * random.uniform(0.8, 1.2))
        pause = min(pause * 2, 2.0)
    burst.longest_wait = max(burst.longest_wait, time.monotonic() - started)
    burst.completed += 1
    burst.progress.set()


async def _run_burst(cluster: Cluster, event_id: str, people: list[str], burst: Burst) -> None:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for person_id in people:
        queue.put_nowait(person_id)
    async with _client(cluster) as http:

        async def client() -> None:
            while not queue.empty():
                await _register(http, event_id, queue.get_nowait(), burst)

        await asyncio.gather(*(client() for _ in range(CLIENTS)))


# -- faults ---------------------------------------------------------------------------------------

Fault = Callable[[Cluster], Awaitable[float]]  # returns the outage's length in seconds


def kill_service(name: str) -> Fault:
    async def fault(cluster: Cluster) -> float:
        program = cluster.programs[name]
        started = time.monotonic()
        program.kill(signal.SIGKILL)
        await asyncio.sleep(RESTART_PAUSE_SECONDS)
        program.start()
        return time.monotonic() - started

    return fault


async def kill_relay(cluster: Cluster) -> float:
    """kill -9 of the process running the events' outbox relay while it has events to publish."""

    # One connection for the whole watch: a new one per look takes longer than the relay needs to
    # publish a batch, so the moment with rows to publish could be missed.
    connection = await asyncpg.connect(cluster.database_dsn)
    try:

        async def pending() -> bool:
            count = await connection.fetchval("SELECT count(*) FROM events.outbox WHERE published_at IS NULL")
            return int(count) > 0

        await _eventually(pending, 30, interval=0.002)
    finally:
        await connection.close()
    return await kill_service("events")(cluster)


async def kill_nats(cluster: Cluster) -> float:
    started = time.monotonic()
    process = cluster.nats.process
    assert process is not None
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    cluster.nats.stop()
    cluster.nats.start()  # the same port and JetStream store
    return time.monotonic() - started


def stop_postgres(seconds: float) -> Fault:
    async def fault(cluster: Cluster) -> float:
        started = time.monotonic()
        cluster.postgres.stop_immediately()
        await asyncio.sleep(seconds)
        cluster.postgres.start()
        return time.monotonic() - started

    return fault


async def smtp_unreachable(cluster: Cluster) -> float:
    started = time.monotonic()
    cluster.sink.stop()
    await asyncio.sleep(60)
    cluster.sink.start()
    return time.monotonic() - started


async def pause_notifications(cluster: Cluster) -> float:
    """SIGSTOP past the consumers' AckWait: JetStream redelivers what it had handed out."""
    program = cluster.programs["notifications"]
    started = time.monotonic()
    program.kill(signal.SIGSTOP)
    await asyncio.sleep(ACK_WAIT_SECONDS + 5)
    program.kill(signal.SIGCONT)
    return time.monotonic() - started


CELLS: list[tuple[str, Fault]] = [
    *((f"kill -9 {name}", kill_service(name)) for name in (*SERVICES, "gateway")),
    ("kill -9 relay's process (events, publishing)", kill_relay),
    ("kill -9 nats-server, same store", kill_nats),
    ("PostgreSQL immediate stop, 15 s", stop_postgres(15)),
    ("PostgreSQL immediate stop, 90 s", stop_postgres(90)),
    ("SMTP unreachable, 60 s", smtp_unreachable),
    ("SIGSTOP notifications past AckWait", pause_notifications),
]


@pytest.mark.parametrize(("cell", "fault"), CELLS, ids=[cell for cell, _ in CELLS])
async def test_fault_cell(cell: str, fault: Fault, cluster: Cluster, population: Population) -> None:
    row = Row(cell=cell)
    cell_started = time.monotonic()
    await cluster.wait_until_ready(120)
    title = f"Regionalworkshop Leipzig {uuid.uuid4().hex[:8]}"
    event_id = await _published_event(cluster, title)

    burst = Burst()
    burst_task = asyncio.create_task(_run_burst(cluster, event_id, population.people, burst))
    while burst.completed < FAULT_AFTER and not burst_task.done():
        burst.progress.clear()
        await burst.progress.wait()
    row.outage = await fault(cluster)

    row.ready_after = await cluster.wait_until_ready(2 * row.outage + 120)
    await burst_task
    backlog_from = time.monotonic()
    limit = 2 * row.outage + 30
    assert burst.refused == [], burst.refused[:5]

    async def mails_in() -> bool:
        # Every recipient's mail; one sent twice (allowed after a kill -9) does not stand in for another.
        return len({address for mail in _mails_for(cluster, title) for address in mail.to}) >= REGISTRATIONS

    await _eventually(mails_in, limit + 60)
    row.drained_after = time.monotonic() - backlog_from
    row.statuses = burst.statuses
    row.longest_wait = burst.longest_wait

    # Registrations: exactly full, FIFO waitlist, nobody twice.
    async with _client(cluster) as http:
        listing = (await http.get(f"/api/events/{event_id}/registrations?limit={REGISTRATIONS}")).json()
    items = listing["items"]
    assert (listing["confirmed"], listing["waitlisted"]) == (CAPACITY, REGISTRATIONS - CAPACITY)
    assert [item["status"] for item in items] == ["confirmed"] * CAPACITY + ["waitlisted"] * (
        REGISTRATIONS - CAPACITY
    )
    assert [item["waitlist_position"] for item in items[CAPACITY:]] == list(
        range(1, REGISTRATIONS - CAPACITY + 1)
    )
    people = [item["person_id"] for item in items]
    assert len(set(people)) == len(people) == REGISTRATIONS
    arrivals = await cluster.sql(
        "SELECT arrival FROM events.registrations WHERE event_id = $1 ORDER BY arrival", uuid.UUID(event_id)
    )
    assert len(arrivals) == REGISTRATIONS

    # E-mails: every expected one, once by Message-ID.
    await asyncio.sleep(1.0)  # anything doubled would arrive now
    mails = _mails_for(cluster, title)
    message_ids = Counter(cluster.sink.message(mail.id)["Message-ID"] for mail in mails)
    recipients = Counter(address for mail in mails for address in mail.to)
    row.lost = REGISTRATIONS - len(message_ids)
    row.doubled = sum(count - 1 for count in message_ids.values())
    # Dead letters, late loops, readiness.
    for schema in SERVICES:
        rows = await cluster.sql(f"SELECT count(*) FROM {schema}.dead_letters")
        row.dead_letters += int(rows[0][0])
    health = await cluster.health()
    ROWS.append(row)

    assert row.lost == 0
    assert len(recipients) == REGISTRATIONS
    # A worker whose database goes away between the mail server's acceptance and the delivery mark
    # resends that one mail, as after its own kill -9: at most one per worker.
    allowed = DELIVERY_WORKERS if cell == "kill -9 notifications" else 0
    assert row.doubled <= allowed, message_ids.most_common(3)
    assert row.dead_letters == 0
    assert all(reply.get("status") == "ready" for reply in health.values()), health
    assert all(not reply.get("late_loops") for reply in health.values()), health
    assert row.drained_after <= limit, f"drained after {row.drained_after:.1f} s, limit {limit:.1f} s"
    assert time.monotonic() - cell_started < 360


# -- helpers --------------------------------------------------------------------------------------


async def _published_event(cluster: Cluster, title: str) -> str:
    on = date.today() + timedelta(days=40)
    body = {
        "title": title,
        "format": "regional_workshop",
        "days": [{"date": on.isoformat(), "start": "10:00", "end": "16:00"}],
        "capacity": CAPACITY,
        "organiser": {"name": "IQ Netzwerk Sachsen", "email": "iq-sachsen@example.org"},
    }
    async with _client(cluster) as http:
        return await _create_and_publish(http, body)


async def _create_and_publish(http: httpx.AsyncClient, body: Mapping[str, object]) -> str:
    """The event ``body`` describes, created and published; its id."""
    created = await _post_retrying(http, "/api/events", body)
    assert created.status_code == 201, created.text
    event_id = str(created.json()["id"])
    published = await _post_retrying(http, f"/api/events/{event_id}/publish", None)
    assert published.status_code == 200, published.text
    return event_id


async def _post_retrying(http: httpx.AsyncClient, path: str, body: object) -> httpx.Response:
    """As a client would: the same Idempotency-Key again after a time-out, a 5xx or a Retry-After."""
    key = uuid.uuid4().hex
    for _ in range(60):
        try:
            response = await http.post(path, json=body, headers={"Idempotency-Key": key})
        except httpx.TransportError:
            await asyncio.sleep(1)
            continue
        if response.status_code < 500 and "Retry-After" not in response.headers:
            return response
        await asyncio.sleep(1)
    raise AssertionError(f"{path} never answered")


def _mails_for(cluster: Cluster, title: str) -> list[StoredMail]:
    return [mail for mail in cluster.sink.messages() if title in mail.subject]


def _client(cluster: Cluster) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=cluster.base_url,
        headers={"Authorization": f"Bearer {cluster.token}"},
        timeout=httpx.Timeout(30.0),
        limits=httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS),
    )


async def _eventually(check: Callable[[], Awaitable[bool]], timeout: float, interval: float = 0.25) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(interval)
    raise AssertionError(f"not within {timeout:.0f} s")


# -- survey links ---------------------------------------------------------------------------------

SURVEY_ATTENDEES = 12


async def test_kill_9_of_feedback_before_notifications_answers_sends_each_survey_link_once(
    cluster: Cluster, population: Population
) -> None:
    """Feedback asks notifications for the links of a completed event's attendees and is killed
    before any answer comes (notifications is stopped meanwhile, then resumes and takes them all).
    Started again, feedback asks under the same keys: each attendee gets one e-mail, and its link
    opens the survey."""
    await cluster.wait_until_ready(120)
    title = f"Ideenwerkstatt Leipzig {uuid.uuid4().hex[:8]}"
    attendees = population.people[:SURVEY_ATTENDEES]
    event_id = await _held_today(cluster, title, attendees)
    notifications, feedback = cluster.programs["notifications"], cluster.programs["feedback"]

    notifications.kill(signal.SIGSTOP)
    try:
        async with _client(cluster) as http:
            completed = await _post_retrying(http, f"/api/events/{event_id}/complete", None)
            assert completed.status_code == 200, completed.text

        async def asked() -> bool:
            rows = await cluster.sql(
                "SELECT count(*) FROM feedback.pending_handouts p JOIN feedback.surveys s "
                "ON s.id = p.survey_id WHERE s.event_id = $1 AND p.send_key IS NOT NULL",
                uuid.UUID(event_id),
            )
            return int(rows[0][0]) == SURVEY_ATTENDEES

        await _eventually(asked, 60, interval=0.05)
        await asyncio.sleep(1.0)  # the requests are on their way to notifications
        feedback.kill(signal.SIGKILL)
    finally:
        notifications.kill(signal.SIGCONT)
    await asyncio.sleep(RESTART_PAUSE_SECONDS)
    feedback.start()
    await cluster.wait_until_ready(120)

    def survey_mails() -> list[StoredMail]:
        return [
            mail
            for mail in _mails_for(cluster, title)
            if mail.subject.startswith(("Ihre Rückmeldung", "Your feedback"))
        ]

    async def everyone_asked() -> bool:
        rows = await cluster.sql(
            "SELECT count(*) FROM feedback.pending_handouts p JOIN feedback.surveys s "
            "ON s.id = p.survey_id WHERE s.event_id = $1",
            uuid.UUID(event_id),
        )
        return int(rows[0][0]) == 0 and len(survey_mails()) >= SURVEY_ATTENDEES

    await _eventually(everyone_asked, 120)
    await asyncio.sleep(2.0)  # anything doubled would arrive now
    mails = survey_mails()
    recipients = Counter(address for mail in mails for address in mail.to)
    assert len(recipients) == SURVEY_ATTENDEES
    assert recipients.most_common(1)[0][1] == 1, recipients.most_common(3)
    async with httpx.AsyncClient(base_url=cluster.base_url, timeout=httpx.Timeout(30.0)) as visitor:
        for mail in mails:
            text = cluster.sink.message(mail.id).get_body(("plain",))
            assert text is not None
            link = re.search(r"/p/feedback/[A-Za-z0-9._~-]+", text.get_content())
            assert link is not None, "the e-mail carries its survey link"
            page = await visitor.get(link.group(0))
            assert page.status_code == 200, f"a link sent does not open the survey: {page.status_code}"


async def _held_today(cluster: Cluster, title: str, attendees: list[str]) -> str:
    """An event of today's date in Berlin, published, with ``attendees`` registered, started and
    checked in: ready to be completed."""
    now = datetime.now(NETWORK_TIME)
    if now.time() >= dt_time(23, 45):  # publishing needs the event ahead, starting needs its day
        tomorrow = datetime.combine(now.date() + timedelta(days=1), dt_time(0, 0, 5), NETWORK_TIME)
        await asyncio.sleep((tomorrow - now).total_seconds())
    today = datetime.now(NETWORK_TIME).date()
    body = {
        "title": title,
        "format": "ideas_workshop",
        "days": [{"date": today.isoformat(), "start": "23:50", "end": "23:59"}],
        "organiser": {"name": "IQ Netzwerk Sachsen", "email": "iq-sachsen@example.org"},
    }
    async with _client(cluster) as http:
        event_id = await _create_and_publish(http, body)
        registrations = []
        for person_id in attendees:
            registered = await _post_retrying(
                http, f"/api/events/{event_id}/registrations", {"person_id": person_id}
            )
            assert registered.status_code in (200, 201), registered.text
            registrations.append(registered.json()["id"])
        started = await _post_retrying(http, f"/api/events/{event_id}/start", None)
        assert started.status_code == 200, started.text
        for registration_id in registrations:
            checked_in = await _post_retrying(
                http,
                f"/api/events/{event_id}/attendance",
                {"registration_id": registration_id, "day": today.isoformat()},
            )
            assert checked_in.status_code == 200, checked_in.text
    return event_id
