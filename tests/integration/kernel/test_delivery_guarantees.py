"""The kernel's promises about events: nothing lost while NATS is away, one effect per event however
often it arrives, and a message that keeps failing is parked where staff can see and replay it."""

from __future__ import annotations

import asyncio
import io
import json
import random
import time
import uuid
from collections.abc import Callable
from typing import Any

import asyncpg
import nats
import pytest
import sqlalchemy as sa
from nats.aio.client import Client as NatsClient
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from structlog.testing import capture_logs

from netzwerkstatt import subjects
from netzwerkstatt.bus import nats_broker
from netzwerkstatt.contracts.registry import CreateOrganisation, OrganisationCreated
from netzwerkstatt.envelope import Envelope
from netzwerkstatt.errors import Unavailable
from netzwerkstatt.logs import configure_logging
from netzwerkstatt.outbox import MAX_IN_FLIGHT
from netzwerkstatt.rpc import RpcClient
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.settings import ServiceSettings
from netzwerkstatt.testing import ADMIN, ADMIN_HEADERS
from netzwerkstatt.testing.refusals import refused_inserts
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import eventually
from registry_service.api.organisations import create_organisation

OUTAGE_SECONDS = 12.0


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


async def create(registry: ServiceRuntime, name: str) -> uuid.UUID:
    view = await create_organisation(
        CreateOrganisation(name=name, type="jobcenter", region_keys=["15002"]), ADMIN, registry.database
    )
    return view.id


async def outbox_row(registry: ServiceRuntime, organisation_id: uuid.UUID) -> dict[str, object]:
    outbox = registry.database.table("outbox")
    async with registry.database.read() as session:
        row = (
            (await session.execute(sa.select(outbox).where(outbox.c.aggregate == str(organisation_id))))
            .mappings()
            .one()
        )
    return dict(row)


async def relay_active_with_nothing_left(registry: ServiceRuntime) -> None:
    """Wait until this registry's relay is the active one and nothing is left unpublished: a relay of
    an earlier test's registry may still hold the service's lock for a moment, and rows such a test
    left unpublished would make a batch of their own."""
    outbox = registry.database.table("outbox")
    unpublished = sa.select(sa.func.count()).where(outbox.c.published_at.is_(None))

    async def active_with_nothing_left() -> bool:
        async with registry.database.read() as session:
            return registry.relay.active and await session.scalar(unpublished) == 0

    await eventually(active_with_nothing_left, timeout=30)


async def record_backlog(registry: ServiceRuntime, count: int, name: str) -> list[uuid.UUID]:
    """``count`` organisations' events committed together; their organisations' ids."""
    ids = [uuid.uuid4() for _ in range(count)]
    async with registry.database.unit_of_work() as uow:
        for number, organisation_id in enumerate(ids):
            event = OrganisationCreated(
                organisation_id=organisation_id,
                name=unique(f"{name} {number}"),
                type="jobcenter",
                region_keys=["15002"],
                version=1,
            )
            await uow.record(event, subject=organisation_id)
    return ids


async def published(registry: ServiceRuntime, ids: list[uuid.UUID]) -> list[bool]:
    """Whether each organisation's event is marked published, in the order of ``ids``."""
    return [
        (await outbox_row(registry, organisation_id))["published_at"] is not None for organisation_id in ids
    ]


async def backlog_published_while_watched(
    registry: ServiceRuntime,
    count: int,
    name: str,
    cursor_event: str,
    watch: Callable[..., None],
    *,
    timeout: float = 10.0,
) -> None:
    """A backlog of ``count`` events recorded together and waited for until every one is marked
    published, ``watch`` seeing the registry's statements meanwhile (SQLAlchemy's ``cursor_event``)."""
    engine = registry.database.engine.sync_engine
    sa.event.listen(engine, cursor_event, watch)
    try:
        ids = await record_backlog(registry, count, name)

        async def all_published() -> bool:
            return all(await published(registry, ids))

        await eventually(all_published, timeout=timeout)
    finally:
        sa.event.remove(engine, cursor_event, watch)


async def test_a_write_succeeds_while_nats_is_down_and_its_event_takes_effect_once_nats_is_back(
    registry: ServiceRuntime, nats_server: NatsServer, start_probe: Any
) -> None:
    name = unique("Jobcenter Halle (Saale)")
    async with start_probe() as probe:
        nats_server.stop()
        try:
            organisation_id = await create(registry, name)
            row = await outbox_row(registry, organisation_id)
            assert row["published_at"] is None, "nothing can be published while NATS is down"
        finally:
            nats_server.start()
        await eventually(lambda: probe.effects(name), timeout=30)
        assert (await outbox_row(registry, organisation_id))["published_at"] is not None
        assert await probe.effects(name) == 1


async def test_a_call_while_the_nats_connection_is_down_is_answered_unavailable_at_once(
    registry: ServiceRuntime, nats_server: NatsServer
) -> None:
    """The caller knows its connection is gone: it says so at once rather than after the time
    limit (the gateway would hold every API request five seconds before its 503). When NATS is back,
    the log says so."""

    class GatewayCaller(ServiceSettings):
        service_name = "gateway"

    password = nats_server.credentials("gateway").password
    broker = nats_broker(GatewayCaller(nats_url=nats_server.url, nats_password=password))
    await broker.connect()
    client = RpcClient(broker, timeout=5, principal=ADMIN)
    try:
        assert isinstance(await client.call("registry.topic.list", {}, dict), dict)
        with capture_logs() as logs:
            nats_server.stop()
            try:
                await eventually(lambda: _true(not broker.connection.is_connected), timeout=10)
                started = time.monotonic()
                with pytest.raises(Unavailable, match="registry is not reachable"):
                    await client.call("registry.topic.list", {}, dict)
                assert time.monotonic() - started < 0.5
            finally:
                nats_server.start()
            await eventually(lambda: _true(broker.connection.is_connected), timeout=30)
            restored = ("NATS connection restored", "info")
            await eventually(lambda: _true(restored in [(e["event"], e["log_level"]) for e in logs]))
    finally:
        await broker.stop()


async def _true(value: bool) -> bool:
    return value


class Deliveries:
    """Counts the acknowledgements of messages whose body mentions a name; can drop the first one."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str, *, drop_first_ack: bool = False) -> None:
        self.acks = 0
        self.dropped = 0
        original_ack = Msg.ack

        async def ack(message: Msg) -> None:
            if name.encode() in message.data:
                if drop_first_ack and self.dropped == 0:
                    self.dropped += 1
                    return
                self.acks += 1
            await original_ack(message)

        monkeypatch.setattr(Msg, "ack", ack)

    async def acknowledged(self, times: int) -> bool:
        return self.acks >= times


async def test_a_redelivered_event_changes_nothing_the_second_time(
    registry: ServiceRuntime, start_probe: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = unique("Sozialamt Magdeburg")
    # The first acknowledgement is lost (as if the process died right after its commit), so the
    # server delivers the event again once the ack wait is over.
    deliveries = Deliveries(monkeypatch, name, drop_first_ack=True)
    async with start_probe(consumer_ack_wait_seconds=1.0) as probe:
        await create(registry, name)
        await eventually(lambda: deliveries.acknowledged(1), timeout=20)
        assert deliveries.dropped == 1, "the event was delivered twice"
        assert probe.calls[name] == 1, "the inbox kept the handler from running again"
        assert await probe.effects(name) == 1


async def test_an_event_published_again_after_the_dedupe_window_changes_nothing(
    registry: ServiceRuntime, nats_server: NatsServer, start_probe: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = unique("Agentur für Arbeit Dessau")
    deliveries = Deliveries(monkeypatch, name)
    async with start_probe() as probe:
        organisation_id = await create(registry, name)
        await eventually(lambda: probe.effects(name))
        row = await outbox_row(registry, organisation_id)
        # A new Nats-Msg-Id defeats JetStream's duplicate window, as a re-publish after it would.
        client = await admin_connection(nats_server)
        try:
            ack = await client.jetstream().publish(
                str(row["subject"]),
                json.dumps(row["envelope"], ensure_ascii=False).encode(),
                headers={"Nats-Msg-Id": f"republished-{uuid.uuid4()}"},
            )
            assert not ack.duplicate
        finally:
            await client.close()
        await eventually(lambda: deliveries.acknowledged(2))
        assert probe.calls[name] == 1
        assert await probe.effects(name) == 1


async def test_an_event_fetched_twice_in_one_batch_takes_effect_once(
    registry: ServiceRuntime, nats_server: NatsServer, start_probe: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = unique("Volkshochschule Halle")
    deliveries = Deliveries(monkeypatch, name)
    created = OrganisationCreated(
        organisation_id=uuid.uuid4(), name=name, type="jobcenter", region_keys=["15002"], version=1
    )
    body = Envelope.wrap(created, subject=str(created.organisation_id)).model_dump_json().encode()
    client = await admin_connection(nats_server)
    try:
        # Both copies wait in the stream before the consumer starts, so they arrive side by side.
        for copy in range(2):
            await client.jetstream().publish(
                created.subject(), body, headers={"Nats-Msg-Id": f"copy-{copy}-{uuid.uuid4()}"}
            )
    finally:
        await client.close()
    async with start_probe() as probe:
        await eventually(lambda: deliveries.acknowledged(2), timeout=30)
        assert probe.calls[name] == 1
        assert await probe.effects(name) == 1


async def test_a_batch_handler_takes_a_backlog_together_in_stream_order_and_sets_a_failing_event_apart(
    registry: ServiceRuntime, start_probe: Any
) -> None:
    names = [unique("Jobcenter Harz") for _ in range(6)]
    poison = names[3]
    for name in names:
        await create(registry, name)
    outbox = registry.database.table("outbox")

    async def all_published() -> bool:
        async with registry.database.read() as session:
            waiting = await session.scalar(
                sa.select(sa.func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
            )
        return waiting == 0

    await eventually(all_published)  # the backlog waits in the stream before the consumer starts
    async with start_probe(batch=True, consumer_max_deliveries=2) as probe:
        probe.fail = lambda org: org == poison
        healthy = [name for name in names if name != poison]
        for name in healthy:
            await eventually(lambda name=name: probe.effects(name))  # type: ignore[misc]

        async def dead_lettered() -> bool:
            async with probe.database.read() as session:
                found = await session.scalar(
                    sa.text(
                        "SELECT count(*) FROM dead_letters WHERE consumer = :c"
                        " AND position(CAST(:n AS bytea) IN body) > 0"
                    ),
                    {"c": probe.consumer, "n": poison.encode()},
                )
            return bool(found == 1)

        await eventually(dead_lettered, timeout=30)

        ours = [[name for name in batch if name in names] for batch in probe.batches]
        assert any(len(batch) > 1 for batch in ours), "the backlog came together, not one event per call"
        first_seen = dict.fromkeys(name for batch in ours for name in batch)
        assert list(first_seen) == names, "in stream order"
        # The failing batch was rolled back and its events applied one at a time: each once.
        assert [poison] in ours
        for name in healthy:
            assert await probe.effects(name) == 1
        assert await probe.effects(poison) == 0
        async with probe.database.read() as session:
            applied = (
                await session.scalars(
                    sa.text("SELECT organisation_name FROM probe_effects WHERE consumer = :c ORDER BY id"),
                    {"c": probe.consumer},
                )
            ).all()
        assert [name for name in applied if name in names] == healthy


async def admin_connection(nats_server: NatsServer) -> NatsClient:
    return await nats.connect(
        nats_server.url, user=nats_server.admin.user, password=nats_server.admin.password
    )


async def dead_letters(client: NatsClient, consumer: str) -> list[dict[str, Any]]:
    """The dead letters the probe ``consumer`` parked, newest first (one page of a hundred)."""
    reply = await client.request(
        "notifications.deadletter.list", b'{"limit": 100}', timeout=5, headers=ADMIN_HEADERS
    )
    answer = json.loads(reply.data)
    assert answer["ok"] is True, answer
    return [letter for letter in answer["data"]["items"] if letter["consumer"] == consumer]


async def replay(client: NatsClient, letter: dict[str, Any]) -> dict[str, Any]:
    """Staff's replay of a dead letter; the service's answer."""
    reply = await client.request(
        "notifications.deadletter.replay",
        json.dumps({"id": letter["id"]}).encode(),
        timeout=5,
        headers=ADMIN_HEADERS,
    )
    answer: dict[str, Any] = json.loads(reply.data)
    return answer


async def test_a_message_that_always_fails_is_dead_lettered_and_the_others_keep_flowing(
    registry: ServiceRuntime, nats_server: NatsServer, start_probe: Any
) -> None:
    poison = unique("Ausländerbehörde Stendal")
    healthy = unique("Volkshochschule Stendal")
    async with start_probe(consumer_max_deliveries=3) as probe:
        probe.fail = lambda org: org == poison
        await create(registry, poison)
        await create(registry, healthy)

        await eventually(lambda: probe.effects(healthy))
        client = await admin_connection(nats_server)
        try:

            async def dead_letter() -> dict[str, Any] | None:
                letters = await dead_letters(client, probe.consumer)
                return next((d for d in letters if poison in d["body"]), None)

            letter = await eventually(dead_letter, timeout=20)
            assert letter["deliveries"] == 3
            assert "probe refuses" in str(letter["error"])
            # Every delivery ran the handler (once more when it was tried within a batch first).
            assert probe.calls[poison] >= 3
            assert await probe.effects(poison) == 0

            # Staff fix the cause and replay: the event takes effect once, and only once.
            probe.fail = lambda org: False
            assert (await replay(client, letter))["ok"] is True
            assert await probe.effects(poison) == 1
            assert (await replay(client, letter))["error"]["code"] == "rule_violation"
            assert await probe.effects(poison) == 1
        finally:
            await client.close()


async def forget(js: JetStreamContext, sequences: list[int]) -> None:
    """Remove messages a test put into the registry's stream: every probe consumer reads the stream
    from its start, and another test's probe must not find them."""
    for sequence in sequences:
        await js.delete_msg(subjects.stream("registry"), sequence)


async def test_an_envelope_that_is_not_this_fact_from_its_producer_is_dead_lettered_and_never_applied(
    registry: ServiceRuntime, nats_server: NatsServer, start_probe: Any
) -> None:
    """The payload fits, but the envelope says it is another fact, another schema version or from
    another sender: read by these rules it could mean something else, so it is parked, not applied."""
    names = {forgery: unique(f"Jobcenter {forgery}") for forgery in ("type", "schemaversion", "source")}
    healthy = unique("Volkshochschule Wernigerode")
    async with start_probe() as probe:
        client = await admin_connection(nats_server)
        js = client.jetstream()
        published: list[int] = []
        try:
            for forgery, name in names.items():
                fact = OrganisationCreated(
                    organisation_id=uuid.uuid4(),
                    name=name,
                    type="jobcenter",
                    region_keys=["15085"],
                    version=1,
                )
                envelope = json.loads(
                    Envelope.wrap(fact, subject=str(fact.organisation_id)).model_dump_json()
                )
                envelope |= {
                    "type": {"type": "de.netzwerkstatt.registry.person.erased.v1"},
                    "schemaversion": {"schemaversion": 2},
                    "source": {"source": "/elsewhere"},
                }[forgery]
                forged = await js.publish(
                    OrganisationCreated.subject(),
                    json.dumps(envelope).encode(),
                    headers={"Nats-Msg-Id": envelope["id"]},
                )
                published.append(forged.seq)
            await create(registry, healthy)
            await eventually(lambda: probe.effects(healthy))

            async def parked() -> list[dict[str, Any]] | None:
                letters = await dead_letters(client, probe.consumer)
                found = [d for d in letters if any(name in d["body"] for name in names.values())]
                return found if len(found) == len(names) else None

            letters = await eventually(parked, timeout=20)
        finally:
            await forget(js, published)
            await client.close()
        assert all("not a OrganisationCreated envelope" in letter["error"] for letter in letters)
        assert [await probe.effects(name) for name in names.values()] == [0, 0, 0]


async def test_a_dead_letter_of_megabytes_is_listed_by_its_beginning_and_its_size(
    registry: ServiceRuntime, nats_server: NatsServer, start_probe: Any
) -> None:
    """A page of dead letters always fits in one reply, however large a parked message is."""
    garbage = b"\x01" * 1_500_000  # escaped in JSON it would be six times as large
    async with start_probe() as probe:
        client = await admin_connection(nats_server)
        js = client.jetstream()
        published: list[int] = []
        try:
            published.append((await js.publish(OrganisationCreated.subject(), garbage)).seq)

            async def parked() -> dict[str, Any] | None:
                letters = await dead_letters(client, probe.consumer)
                return next((d for d in letters if d["body"].startswith("\x01")), None)

            letter = await eventually(parked, timeout=20)
        finally:
            await forget(js, published)
            await client.close()
        assert letter["body_bytes"] == len(garbage)
        assert letter["body"] == "\x01" * 2000


async def test_a_handler_that_loses_a_race_for_a_key_is_run_again_at_once_without_spending_a_delivery(
    registry: ServiceRuntime, start_probe: Any
) -> None:
    """With one delivery allowed, any failure would dead-letter the event: a race is not a failure."""
    name = unique("Jobcenter Salzlandkreis")
    async with start_probe(consumer_max_deliveries=1) as probe:

        def lost_race_twice(org: str) -> BaseException | None:
            if org != name or probe.calls[org] > 2:
                return None
            unique_key = asyncpg.exceptions.UniqueViolationError("duplicate key value")
            return sa.exc.IntegrityError("INSERT INTO contacts ...", {}, unique_key)

        probe.error = lost_race_twice
        await create(registry, name)

        await eventually(lambda: probe.effects(name))
        assert await probe.effects(name) == 1
        assert probe.calls[name] == 3


@pytest.mark.parametrize(
    "sqlstate",
    [
        pytest.param("53100", id="disk_full"),
        pytest.param("53300", id="too_many_connections"),
        pytest.param("53200", id="out_of_memory_for_less_than_the_wait"),
    ],
)
async def test_events_wait_out_a_database_short_of_resources_without_spending_a_delivery(
    registry: ServiceRuntime, nats_server: NatsServer, start_probe: Any, sqlstate: str
) -> None:
    """The database answers (a probe's SELECT 1 passes) but refuses the handler's write for want of
    disk, connections or memory, here for longer than the retries a failing handler gets: with one
    delivery allowed, any failure would dead-letter the event. The inbox holds it and tries again until
    the database takes it, once (memory: within the minute it is waited for)."""
    name = unique("Jobcenter Mansfeld-Südharz")
    async with start_probe(consumer_max_deliveries=1, consumer_retry_base_seconds=0.05) as probe:
        async with refused_inserts(probe.database, "probe_effects", "organisation_name", name, sqlstate):
            await create(registry, name)

            async def refused_again_and_again() -> bool:
                return bool(probe.calls[name] >= 4)

            await eventually(refused_again_and_again, timeout=10)
            assert await probe.effects(name) == 0

        await eventually(lambda: probe.effects(name), timeout=20)
        assert await probe.effects(name) == 1
        client = await admin_connection(nats_server)
        try:
            assert await dead_letters(client, probe.consumer) == []
        finally:
            await client.close()


async def test_an_event_the_database_keeps_refusing_for_want_of_memory_is_dead_lettered_not_held_for_good(
    registry: ServiceRuntime, nats_server: NatsServer, start_probe: Any
) -> None:
    """Out of memory may be the event's own work asking for more than the server has: past the wait
    it counts as a failed delivery. The events behind it take effect meanwhile, the last delivery
    parks it where staff see it, and a replay once the database has room applies it once."""
    greedy = unique("Jobcenter Harz")
    healthy = unique("Volkshochschule Harz")
    async with start_probe(
        consumer_max_deliveries=2, consumer_retry_base_seconds=0.05, consumer_out_of_memory_wait_seconds=1.0
    ) as probe:
        client = await admin_connection(nats_server)
        try:
            async with refused_inserts(probe.database, "probe_effects", "organisation_name", greedy, "53200"):
                await create(registry, greedy)
                await create(registry, healthy)
                await eventually(lambda: probe.effects(healthy), timeout=10)

                async def parked() -> dict[str, Any] | None:
                    letters = await dead_letters(client, probe.consumer)
                    return next((d for d in letters if greedy in d["body"]), None)

                letter = await eventually(parked, timeout=20)
                assert letter["deliveries"] == 2
                assert "53200" in str(letter["error"])
                assert await probe.effects(greedy) == 0

            assert (await replay(client, letter))["ok"] is True
            assert await probe.effects(greedy) == 1
            assert await probe.effects(healthy) == 1
        finally:
            await client.close()


async def test_the_correlation_id_of_a_request_travels_with_its_event(
    registry: ServiceRuntime, nats_server: NatsServer, start_probe: Any
) -> None:
    name = unique("BAMF Außenstelle Halberstadt")
    async with start_probe() as probe:
        client = await nats.connect(
            nats_server.url, user=nats_server.admin.user, password=nats_server.admin.password
        )
        try:
            body = {"name": name, "type": "bamf", "region_keys": ["15085"]}
            reply = await client.request(
                "registry.organisation.create",
                json.dumps(body).encode(),
                headers={"correlation_id": "trace-4711", **ADMIN_HEADERS},
                timeout=5,
            )
            assert json.loads(reply.data)["ok"] is True
        finally:
            await client.close()
        await eventually(lambda: probe.effects(name))
        assert probe.correlation_ids[name] == "trace-4711"


@pytest.mark.slow
async def test_events_wait_out_a_database_outage_and_take_effect_once_without_dead_letters(
    registry: ServiceRuntime, postgres_server: PostgresServer, nats_server: NatsServer, start_probe: Any
) -> None:
    """Far longer than the retries a failing handler gets (3 deliveries, 0.05 s apart): an outage
    spends no delivery. The same holds for ten minutes: the consumer only waits and keeps telling
    JetStream it is working on the messages."""
    names = [unique("Migrationsberatung Dessau") for _ in range(20)]
    async with start_probe(consumer_max_deliveries=3, consumer_retry_base_seconds=0.05) as probe:
        client = await admin_connection(nats_server)
        try:
            postgres_server.stop_immediately()
            try:
                js = client.jetstream()
                for name in names:
                    created = OrganisationCreated(
                        organisation_id=uuid.uuid4(),
                        name=name,
                        type="jobcenter",
                        region_keys=["15001"],
                        version=1,
                    )
                    envelope = Envelope.wrap(created, subject=str(created.organisation_id))
                    await js.publish(
                        envelope.nats_subject,
                        envelope.model_dump_json().encode(),
                        headers={"Nats-Msg-Id": str(envelope.id)},
                    )
                await asyncio.sleep(OUTAGE_SECONDS)
            finally:
                postgres_server.start()

            async def all_applied() -> bool:
                counts = [await probe.effects(name) for name in names]
                return all(count == 1 for count in counts)

            await eventually(all_applied, timeout=60)
            assert await dead_letters(client, probe.consumer) == []
            assert [await probe.effects(name) for name in names] == [1] * len(names)
        finally:
            await client.close()


async def test_a_backlog_of_several_batches_is_published_whole_each_mark_reading_the_next_batch(
    registry: ServiceRuntime,
) -> None:
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "FROM outbox" in statement and "published_at IS NULL" in statement:
            statements.append("mark and read" if statement.lstrip().startswith("WITH") else "read")

    registry.relay.batch_size = 5
    # This relay publishes the backlog from its first row (an earlier relay would publish the first
    # batches unseen).
    await relay_active_with_nothing_left(registry)
    failed_before = registry.relay.failed_rounds
    await backlog_published_while_watched(registry, 12, "Backlog", "before_cursor_execute", seen)
    # Three batches (5, 5, 2): one read of its own, then each mark reads the batch after it (the
    # relay may have read the empty outbox before or during the commit). A publish that failed on a loaded
    # machine (it timed out) leaves its batch to be read again: then only every batch's mark is certain.
    first_mark = statements.index("mark and read")
    if registry.relay.failed_rounds == failed_before:
        assert statements[first_mark - 1 : first_mark + 3] == ["read"] + ["mark and read"] * 3, statements
    else:
        assert statements.count("mark and read") >= 3


async def test_a_relay_that_cannot_publish_says_so_once_and_once_when_it_publishes_again(
    registry: ServiceRuntime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NATS away for long: the relay retries every few seconds, and its log says so when the run of
    failures begins (and once a minute), not at every round."""
    relay = registry.relay
    await relay_active_with_nothing_left(registry)
    refusing = True
    publish = relay._publish

    async def away(row: Any) -> None:
        if refusing:
            raise TimeoutError
        await publish(row)

    monkeypatch.setattr(relay, "_publish", away)
    output = io.StringIO()
    configure_logging("tests", log_format="json", stream=output)
    try:
        failed_before = relay.failed_rounds
        organisation_id = uuid.uuid4()
        async with registry.database.unit_of_work() as uow:
            event = OrganisationCreated(
                organisation_id=organisation_id,
                name=unique("Jobcenter Dessau"),
                type="jobcenter",
                region_keys=["15001"],
                version=1,
            )
            await uow.record(event, subject=organisation_id)
        await eventually(lambda: _true(relay.failed_rounds >= failed_before + 4), timeout=20)
        refusing = False

        async def published() -> bool:
            return (await outbox_row(registry, organisation_id))["published_at"] is not None

        await eventually(published, timeout=20)
    finally:
        configure_logging("tests")
    lines = output.getvalue().splitlines()
    assert sum("publishing events failed" in line for line in lines) == 1, lines
    assert sum("publishing events again" in line for line in lines) == 1, lines


@pytest.mark.parametrize("batch_size", [None, 10], ids=["one batch", "batches of ten"])
async def test_each_aggregates_events_are_stored_in_commit_order_while_aggregates_share_the_window(
    registry: ServiceRuntime, monkeypatch: pytest.MonkeyPatch, batch_size: int | None
) -> None:
    """Acknowledgements come back in any order and one publish fails: still no aggregate has two
    events in flight, no more than the window are in flight, and each aggregate's events reach the
    stream in the order they were committed; also when the backlog goes out in batches, each read
    and marked while the one before it or after it is published."""
    relay = registry.relay
    if batch_size is not None:
        monkeypatch.setattr(relay, "batch_size", batch_size)
    await relay_active_with_nothing_left(registry)
    aggregates = [str(uuid.uuid4()) for _ in range(12)]
    failing = (aggregates[3], 2)
    stored: dict[str, list[int]] = {aggregate: [] for aggregate in aggregates}
    in_flight: dict[str, int] = dict.fromkeys(aggregates, 0)
    most = {"total": 0, "one_aggregate": 0}
    shuffle = random.Random(16)
    real_publish = relay.js.publish

    async def publish(subject: str, payload: bytes = b"", **options: Any) -> Any:
        data = json.loads(payload)["data"]
        aggregate, version = data["organisation_id"], data["version"]
        if aggregate not in stored:  # another test's leftovers
            return await real_publish(subject, payload, **options)
        in_flight[aggregate] += 1
        most["total"] = max(most["total"], sum(in_flight.values()))
        most["one_aggregate"] = max(most["one_aggregate"], in_flight[aggregate])
        try:
            await asyncio.sleep(shuffle.uniform(0, 0.01))
            if (aggregate, version) == failing and not failed.is_set():
                failed.set()
                raise TimeoutError("no acknowledgement")
            acknowledgement = await real_publish(subject, payload, **options)
            stored[aggregate].append(version)
            return acknowledgement
        finally:
            in_flight[aggregate] -= 1

    failed = asyncio.Event()
    monkeypatch.setattr(relay.js, "publish", publish)
    async with registry.database.unit_of_work() as uow:
        for version in range(1, 9):
            for aggregate in aggregates:
                event = OrganisationCreated(
                    organisation_id=uuid.UUID(aggregate),
                    name=unique("Reihenfolge"),
                    type="jobcenter",
                    region_keys=["15002"],
                    version=version,
                )
                await uow.record(event, subject=aggregate)

    async def all_stored() -> bool:
        return all(len(versions) == 8 for versions in stored.values())

    await eventually(all_stored, timeout=30)
    assert failed.is_set()
    assert stored == {aggregate: list(range(1, 9)) for aggregate in aggregates}
    assert most["one_aggregate"] == 1
    assert 1 < most["total"] <= MAX_IN_FLIGHT


async def test_a_backlogs_batches_are_marked_while_the_next_batch_is_published(
    registry: ServiceRuntime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under steady load the relay's statements (mark a batch, read the next) run while events are in
    flight, not between the batches; every event is still published and marked."""
    relay = registry.relay
    await relay_active_with_nothing_left(registry)
    monkeypatch.setattr(relay, "batch_size", 8)
    in_flight = [0]
    statements = {"while publishing": 0, "between batches": 0}
    real_publish = relay.js.publish

    async def publish(subject: str, payload: bytes = b"", **options: Any) -> Any:
        in_flight[0] += 1
        try:
            await asyncio.sleep(0.01)  # a JetStream slow to acknowledge
            return await real_publish(subject, payload, **options)
        finally:
            in_flight[0] -= 1

    def answered(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().startswith("WITH") and "FROM outbox" in statement:
            statements["while publishing" if in_flight[0] else "between batches"] += 1

    monkeypatch.setattr(relay.js, "publish", publish)
    await backlog_published_while_watched(
        registry, 40, "Stapel", "after_cursor_execute", answered, timeout=30
    )
    # Five batches of eight: the marks of the first four are answered while the next batch is out.
    assert statements["while publishing"] >= 3, statements


async def test_a_relay_stopping_between_two_batches_marks_the_batch_it_published_before_letting_go(
    registry: ServiceRuntime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mark of a batch waits for the statement sent beside the next batch; a relay that lets go of
    its connection before that marks the batch itself, so a stop publishes nothing twice."""
    relay = registry.relay
    await relay_active_with_nothing_left(registry)
    await relay.stop()  # the relay's loop is driven by hand below
    monkeypatch.setattr(relay, "batch_size", 5)
    ids = await record_backlog(registry, 12, "Pause")

    async def one_round() -> bool:
        await relay._step()  # becomes the active relay (once an earlier relay let go), publishes a batch
        return relay.active

    await eventually(one_round, timeout=30)
    assert (
        await published(registry, ids) == [False] * 12
    )  # the first five are out, their mark goes with the next batch

    await relay._release()  # letting go between two batches, as a stop does

    assert await published(registry, ids) == [True] * 5 + [False] * 7
