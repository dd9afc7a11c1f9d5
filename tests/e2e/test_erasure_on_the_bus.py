"""A person who asks to be forgotten leaves the bus too. They were invited, registered, checked in
and answered the survey of the completed event; after the erasure no stored stream
message, outbox row, dead letter, mail-sink file or table row of any service holds their name,
e-mail, phone or original id, and no line the services logged ever did; the one exception is the
erasure records (the registry's announcement and the services' id-only tombstones), and the figures
stay."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from email.parser import BytesParser
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from gateway_service.testing import csrf_token_in
from netzwerkstatt import subjects, topology
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import eventually, running, settings_for

ERASED = "registry.evt.person.erased"
# Tables that keep the erased person's id, and only it, so that a late event cannot bring them back.
ERASURE_RECORDS = {(service, "erasure_records") for service in topology.SERVICES}
SCHEMAS = (*topology.SERVICES, topology.GATEWAY)


async def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


async def stored_messages(nats_server: NatsServer) -> list[tuple[str, str]]:
    """Every message still stored in every service's stream, as ``(subject, body)``."""
    admin = await nats_server.connect(topology.ADMIN)
    js = admin.jetstream()
    stored: list[tuple[str, str]] = []
    try:
        for service in topology.SERVICES:
            subscription = await js.pull_subscribe(
                subjects.events_of(service),
                stream=subjects.stream(service),
                config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL, ack_policy=AckPolicy.NONE),
            )
            while True:
                try:
                    batch = await subscription.fetch(500, timeout=1)
                except (TimeoutError, NatsTimeout):
                    break
                stored += [(message.subject, message.data.decode()) for message in batch]
                if batch and batch[-1].metadata.num_pending == 0:
                    break
            await subscription.unsubscribe()
    finally:
        await admin.close()
    return stored


async def stream_hits(nats_server: NatsServer, needles: list[str]) -> list[str]:
    """Every stored message that contains a needle, as ``subject: needle``; the erasure
    announcement is reported only if it holds more than the id (the first needle)."""
    hits: list[str] = []
    for subject, body in await stored_messages(nats_server):
        found = [needle for needle in needles if needle.lower() in body.lower()]
        if subject == ERASED:
            found = [needle for needle in found if needle != needles[0]]
        hits += [f"{subject}: {needle}" for needle in found]
    return hits


TOKEN_LIKE = re.compile(r"(^|_)(token|tokens|secret|password|capability)$", re.IGNORECASE)


def keys_named_like_a_token(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {key for key in value if TOKEN_LIKE.search(key)}
        return found.union(*(keys_named_like_a_token(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(keys_named_like_a_token(item) for item in value))
    return set()


async def table_hits(postgres_server: PostgresServer, needles: list[str]) -> list[str]:
    """Every table of every schema, read row by row as text: ``schema.table: needle``."""
    connection = await asyncpg.connect(postgres_server.superuser_database_dsn)
    hits: list[str] = []
    try:
        tables = await connection.fetch(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE'",
            list(SCHEMAS),
        )
        for schema, table in tables:
            for index, needle in enumerate(needles):
                if index == 0 and (schema, table) in ERASURE_RECORDS:
                    continue
                found = await connection.fetchval(
                    f'SELECT count(*) FROM "{schema}"."{table}" AS t WHERE t::text ILIKE $1',
                    f"%{needle}%",
                )
                if found:
                    hits.append(f"{schema}.{table}: {needle}")
    finally:
        await connection.close()
    return hits


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    return tmp_path / "mail"


@pytest.fixture
async def notifications(
    nats_server: NatsServer, postgres_server: PostgresServer, mail_dir: Path
) -> AsyncIterator[ServiceRuntime]:
    """Notifications with the local mail sink, as ``make up`` runs it: mails land as files."""
    from netzwerkstatt.stack.processes import free_port
    from notifications_service.main import definition
    from notifications_service.settings import NotificationsSettings

    sink = {"mail_sink_dir": mail_dir, "smtp_port": free_port()}
    settings = settings_for(NotificationsSettings, nats_server, postgres_server, **sink)
    async with running(definition(settings)) as runtime:
        yield runtime


def mail_sink_hits(folder: Path, needles: list[str]) -> list[str]:
    """Every file of the mail sink (raw and with its parts decoded) that contains a needle."""
    hits: list[str] = []
    for path in sorted(folder.glob("*")):
        texts = [path.read_bytes().decode(errors="replace")]
        if path.suffix == ".eml":
            message = BytesParser(policy=default_policy).parsebytes(path.read_bytes())
            texts += [str(part.get_content()) for part in message.walk() if not part.is_multipart()]
        content = " ".join(texts).lower()
        hits += [f"{path.name}: {needle}" for needle in needles if needle.lower() in content]
    return hits


# An answer to every required question of the default survey, with a free text.
SURVEY_ANSWER = {
    "overall": "5",
    "usefulness": "4",
    "organisation": "4",
    "topics": "5",
    "networking": "5",
    "keep": "Die Ideenwerkstatt",
}


async def figures(postgres_server: PostgresServer, event_id: str) -> tuple[int, int, int, int]:
    """Invitations, registrations, attendance and survey answers of the event."""
    connection = await asyncpg.connect(postgres_server.superuser_database_dsn)
    try:
        row = await connection.fetchrow(
            "SELECT (SELECT count(*) FROM events.invitations WHERE event_id = $1),"
            " (SELECT count(*) FROM events.registrations WHERE event_id = $1),"
            " (SELECT count(*) FROM events.attendance a JOIN events.registrations r"
            "  ON r.id = a.registration_id WHERE r.event_id = $1 AND a.present),"
            " (SELECT count(*) FROM feedback.responses a JOIN feedback.surveys s"
            "  ON s.id = a.survey_id WHERE s.event_id = $1)",
            uuid.UUID(event_id),
        )
    finally:
        await connection.close()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def survey_link_token(folder: Path, address: str) -> str | None:
    """The token of the survey link in the mail the sink holds for ``address``."""
    for path in sorted(folder.glob("*.eml")):
        message = BytesParser(policy=default_policy).parsebytes(path.read_bytes())
        if address not in str(message["To"]):
            continue
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                found = re.search(r"/p/feedback/([^\s?<>\"]+)", str(part.get_content()))
                if found:
                    return found.group(1)
    return None


def participant_link_tokens(folder: Path, address: str) -> dict[str, set[str]]:
    """The tokens of the invitation and registration links in the mails to ``address``, by kind."""
    found: dict[str, set[str]] = {"invitation": set(), "registration": set()}
    for path in sorted(folder.glob("*.eml")):
        message = BytesParser(policy=default_policy).parsebytes(path.read_bytes())
        if address not in str(message["To"]):
            continue
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                for kind, token in re.findall(
                    r"/p/(invitation|registration)/([^\s?<>\"/]+)", str(part.get_content())
                ):
                    found[kind].add(token)
    return found


@pytest.mark.slow
async def test_after_erasure_no_stream_outbox_or_table_holds_the_person(
    registry: ServiceRuntime,
    events: ServiceRuntime,
    notifications: ServiceRuntime,
    feedback: ServiceRuntime,
    gateway: httpx.AsyncClient,
    nats_server: NatsServer,
    postgres_server: PostgresServer,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    mail_dir: Path,
) -> None:
    from events_service import clock

    tag = uuid.uuid4().hex[:8]
    body: dict[str, Any] = {"name": f"Migrationsberatung Halle {tag}", "type": "migration_counselling"}
    body["region_keys"] = ["15002"]
    organisation = await ok(await gateway.post("/api/organisations", json=body), 201)
    family_name, email = f"Vergessen{tag}", f"jana.{tag}@example.org"
    phone = f"+49 345 {int(tag, 16) % 10**7:07d}"
    person = await ok(
        await gateway.post(
            "/api/people",
            json={
                "given_name": "Jana",
                "family_name": family_name,
                "emails": [email],
                "phone": phone,
                "consents": ["network_event_contact"],
                "memberships": [{"organisation_id": organisation["id"], "decision_maker": True}],
            },
        ),
        201,
    )
    person_id = person["id"]
    organiser_email = f"k.{tag}@example.org"
    on = clock.today() + timedelta(days=2)
    event = await ok(
        await gateway.post(
            "/api/events",
            json={
                "title": f"Ideenwerkstatt Halle {tag}",
                "format": "ideas_workshop",
                "days": [{"date": on.isoformat(), "start": "10:00", "end": "15:00"}],
                "capacity": 20,
                # An address staff may give as a person's: it reaches the e-mails, never a stream.
                "organiser": {"name": "IQ Netzwerk Sachsen-Anhalt", "email": organiser_email},
            },
        ),
        201,
    )
    event_id = event["id"]
    await ok(await gateway.post(f"/api/events/{event_id}/publish"))

    async def known_to_events() -> bool:
        held = await gateway.get(f"/api/people/{person_id}/personal-data")
        return held.status_code == 200 and held.json()["events"]["person"] is not None

    await eventually(known_to_events)
    await ok(await gateway.post(f"/api/events/{event_id}/invitations", json={"person_ids": [person_id]}), 201)
    registration = await ok(
        await gateway.post(f"/api/events/{event_id}/registrations", json={"person_id": person_id}), 201
    )
    monkeypatch.setattr(clock, "now", lambda: datetime.combine(on, time(9), tzinfo=UTC))
    await ok(await gateway.post(f"/api/events/{event_id}/start"))
    check_in = {"registration_id": registration["id"], "day": on.isoformat()}
    await ok(await gateway.post(f"/api/events/{event_id}/attendance", json=check_in))
    await ok(await gateway.post(f"/api/events/{event_id}/complete"))

    async def written_to() -> bool:
        held = await ok(await gateway.get(f"/api/people/{person_id}/personal-data"))
        return len(held["notifications"]["messages"]) >= 2

    await eventually(written_to, timeout=20)
    needles = [person_id, family_name, email, phone]
    assert await stream_hits(nats_server, needles), "the person is on the bus before the erasure"
    mail = mail_dir

    async def mailed() -> list[str]:
        return mail_sink_hits(mail, needles)

    assert await eventually(mailed, timeout=45), "the sink holds mails to the person before the erasure"
    assert mail_sink_hits(mail, [organiser_email]), "the organiser's address is the mails' Reply-To"
    assert await stream_hits(nats_server, [organiser_email]) == []
    # The links of the invitation and the confirmation are in the mails, and nowhere else: no stream
    # message, outbox row or table holds their tokens, and no stored message has a token field.
    links = await eventually(
        lambda: asyncio.to_thread(lambda: all(participant_link_tokens(mail, email).values())), timeout=45
    )
    assert links
    link_tokens = participant_link_tokens(mail, email)
    every_token = sorted(set().union(*link_tokens.values()))
    assert await stream_hits(nats_server, every_token) == []
    assert await table_hits(postgres_server, every_token) == []
    stored = await stored_messages(nats_server)
    assert stored
    assert {
        subject: keys for subject, body in stored if (keys := keys_named_like_a_token(json.loads(body)))
    } == {}
    registration_link = sorted(link_tokens["registration"])[0]
    assert (await gateway.get(f"/p/registration/{registration_link}")).status_code == 200
    # The person answers the survey by the link in their mail (feedback keeps only that it was
    # answered, never by whom).
    token = await eventually(lambda: asyncio.to_thread(survey_link_token, mail, email), timeout=45)
    survey_page = await gateway.get(f"/p/feedback/{token}")
    assert survey_page.status_code == 200, survey_page.text
    answered = await gateway.post(
        f"/p/feedback/{token}", data={**SURVEY_ANSWER, "csrf_token": csrf_token_in(survey_page.text)}
    )
    assert answered.status_code == 200, answered.text
    before = await figures(postgres_server, event_id)
    assert before[3] == 1, "the answer is counted"

    await ok(await gateway.post(f"/api/people/{person_id}/erase"))

    async def leftovers() -> list[str]:
        found = await stream_hits(nats_server, needles) + await table_hits(postgres_server, needles)
        return found + mail_sink_hits(mail, needles)

    async def gone() -> bool:
        return not await leftovers()

    try:
        await eventually(gone, timeout=60, interval=1)
    except AssertionError:
        raise AssertionError("still held after 60 s:\n" + "\n".join(await leftovers())) from None
    assert await figures(postgres_server, event_id) == before
    # The links in the person's old e-mails open nothing any more.
    assert (await gateway.get(f"/p/registration/{registration_link}")).status_code == 404
    # Every line the services wrote, from the start of the test: logs cannot be scrubbed afterwards,
    # so they never name a person.
    written = capfd.readouterr()
    assert "erased person removed from the bus" in written.out + written.err, "the log is read"
    # The test's own HTTP client (logger httpx) logs the URLs it asks for: it is not the stack.
    lines = [line for line in (written.out + written.err).lower().splitlines() if "[httpx]" not in line]
    logged = [line for line in lines if any(needle.lower() in line for needle in needles)]
    assert logged == []
