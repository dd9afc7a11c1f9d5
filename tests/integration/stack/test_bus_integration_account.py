"""Another system's NATS user reads its public events and can reach nothing else of the system, on a
real nats-server running the generated configuration.

NATS checks a publish permission on the subject only, never on the reply subject, and the JetStream
API answers to whatever reply subject a request names. An integration may send the API requests of
its own consumers; the answers (a consumer's info, a pulled message, an acknowledgement's
confirmation) must never land on a subject of the system, least of all on a stream: a junk message
there would stay for 90 days, reach every service's consumers as a dead letter and every integrator
as a public event.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import AckPolicy, ConsumerConfig, StreamConfig
from nats.js.errors import BadRequestError, NotFoundError, ServiceUnavailableError

from netzwerkstatt import subjects, topology
from netzwerkstatt.integration_consumers import IntegrationConsumerGate
from netzwerkstatt.testing.servers import NatsServer
from tests.integration.stack.own_bus import nats_server_of_its_own

PARTNER = "partner"
CREATED = "registry.evt.organisation.created"
STREAM = subjects.stream("registry")
DURABLE = topology.integration_durable(PARTNER, CREATED)
NOT_PUBLIC = topology.integration_durable(PARTNER, "registry.evt.person.created")
VIOLATION = re.compile(r'permissions violation for publish to "([^"]+)"')
# Subjects an answer must never reach: a public event of another stream, the erasure every service
# consumes, and the very subject of the message pulled (stored again in its own stream).
SYSTEM_SUBJECTS = ("feedback.evt.survey.opened", "registry.evt.person.erased", CREATED)


@pytest.fixture(scope="module")
def bus() -> Iterator[NatsServer]:
    """A nats-server of its own: the streams here hold only this module's messages."""
    with nats_server_of_its_own() as server:
        yield server


@dataclass
class System:
    """The admin's view of the system's account: every stream, and every message on an event
    subject as it is published."""

    admin: Client
    seen: list[Msg]

    async def stored(self) -> dict[str, int]:
        js = self.admin.jetstream()
        return {
            subjects.stream(service): (await js.stream_info(subjects.stream(service))).state.messages
            for service in topology.SERVICES
        }

    async def publish_event(self, subject: str) -> None:
        await self.admin.jetstream().publish(subject, json.dumps({"type": subject}).encode())


@pytest.fixture
async def system(bus: NatsServer) -> AsyncIterator[System]:
    admin = await bus.connect(topology.ADMIN)
    js = admin.jetstream()
    for service in topology.SERVICES:
        stream = subjects.stream(service)
        await js.add_stream(StreamConfig(name=stream, subjects=[subjects.events_of(service)]))
        await js.purge_stream(stream)
    seen: list[Msg] = []

    async def collect(message: Msg) -> None:
        seen.append(message)

    await admin.subscribe("*.evt.>", cb=collect)
    await admin.flush()
    try:
        yield System(admin, seen)
    finally:
        for name in (CREATED, "registry.evt.organisation.updated"):
            with contextlib.suppress(NotFoundError):  # not every test creates both
                await js.delete_consumer(STREAM, topology.integration_durable(PARTNER, name))
        await admin.close()


@pytest.fixture
async def owner(bus: NatsServer) -> AsyncIterator[IntegrationConsumerGate]:
    """The registry's side of its stream: it answers the integrations' consumer creations."""
    registry = await bus.connect("registry")
    gate = IntegrationConsumerGate(registry, "registry")
    await gate.start()
    yield gate
    await gate.stop()
    await registry.close()


@dataclass
class Partner:
    client: Client
    refused: list[str]


@pytest.fixture
async def partner(bus: NatsServer) -> AsyncIterator[Partner]:
    refused: list[str] = []

    async def remember(error: Exception) -> None:
        match = VIOLATION.search(str(error))
        if match is not None:
            refused.append(match.group(1))

    client = await bus.connect(PARTNER, error_cb=remember)
    yield Partner(client, refused)
    await client.close()


def pull_consumer(subject: str) -> ConsumerConfig:
    durable = topology.integration_durable(PARTNER, subject)
    return ConsumerConfig(
        name=durable, durable_name=durable, filter_subject=subject, ack_policy=AckPolicy.EXPLICIT
    )


async def settle(client: Client) -> None:
    """The server has handled everything sent before, and its answers had time to travel."""
    await client.flush()
    await asyncio.sleep(0.3)


@pytest.mark.usefixtures("owner")
async def test_answers_to_an_integrations_requests_never_reach_a_subject_of_the_system(
    system: System, partner: Partner
) -> None:
    await system.publish_event(CREATED)
    js = partner.client.jetstream(timeout=2)
    await js.add_consumer(STREAM, pull_consumer(CREATED))
    # One message delivered and not yet acknowledged: its acknowledgement subject is real.
    subscription = await js.pull_subscribe_bind(durable=DURABLE, stream=STREAM)
    [delivered] = await subscription.fetch(1, timeout=2)
    system.seen.clear()
    before = await system.stored()

    create = json.dumps({"stream_name": STREAM, "config": pull_consumer(CREATED).as_dict()}).encode()
    requests = [
        (f"$JS.API.CONSUMER.INFO.{STREAM}.{DURABLE}", b""),
        (f"$JS.API.CONSUMER.CREATE.{STREAM}.{DURABLE}.{CREATED}", create),
        (f"$JS.API.CONSUMER.MSG.NEXT.{STREAM}.{DURABLE}", b'{"batch": 1, "expires": 1000000000}'),
        (str(delivered.reply), b"+ACK"),
        (str(delivered.reply), b"+NXT"),
    ]
    for reply in SYSTEM_SUBJECTS:
        for subject, payload in requests:
            await partner.client.publish(subject, payload, reply=reply)
    await settle(partner.client)

    assert partner.refused == []  # every request was its own and was handled
    assert [message.subject for message in system.seen] == []
    assert await system.stored() == before


@pytest.mark.usefixtures("owner")
async def test_an_integration_reads_acknowledges_resumes_and_deletes_its_own_consumer(
    bus: NatsServer, system: System, partner: Partner
) -> None:
    await system.publish_event(CREATED)
    js = partner.client.jetstream(timeout=2)

    created = await js.add_consumer(STREAM, pull_consumer(CREATED))
    assert created.name == DURABLE
    subscription = await js.pull_subscribe_bind(durable=DURABLE, stream=STREAM)
    [first] = await subscription.fetch(5, timeout=2)
    assert first.subject == CREATED
    await first.ack_sync()

    # Reconnected, as after a restart: only what came since.
    await partner.client.close()
    await system.publish_event(CREATED)
    again = await bus.connect(PARTNER)
    try:
        js = again.jetstream(timeout=2)
        info = await js.consumer_info(STREAM, DURABLE)
        assert (info.num_pending, info.num_ack_pending) == (1, 0)
        subscription = await js.pull_subscribe_bind(durable=DURABLE, stream=STREAM)
        [second] = await subscription.fetch(5, timeout=2)
        assert second.metadata.sequence.stream == first.metadata.sequence.stream + 1
        await second.ack()
        assert await js.delete_consumer(STREAM, DURABLE)
    finally:
        await again.close()


@pytest.mark.usefixtures("owner")
@pytest.mark.parametrize(
    ("settings", "refused_at"),
    [
        # Pushed onto an operation a service answers, or into another stream (stored there again).
        ({"deliver_subject": "registry.health"}, "config.deliver_subject"),
        ({"deliver_subject": "feedback.evt.survey.opened"}, "config.deliver_subject"),
        # JetStream reads JSON keys regardless of case.
        ({"Deliver_Subject": "registry.evt.person.erased"}, "config.Deliver_Subject: not allowed"),
        ({"deliver_group": "registry"}, "config.deliver_group"),
        ({"flow_control": True, "idle_heartbeat": 5_000_000_000}, "config.flow_control"),
        # Its own name, but every registry event.
        ({"filter_subjects": ["registry.evt.>"]}, "config.filter_subjects"),
        ({"durable_name": "events-person-projection"}, "config.durable_name"),
    ],
)
async def test_an_integration_creates_only_a_pull_consumer_with_its_own_name_and_filter(
    system: System, partner: Partner, settings: dict[str, object], refused_at: str
) -> None:
    await system.publish_event(CREATED)
    system.seen.clear()
    before = await system.stored()
    request = {"stream_name": STREAM, "config": {**pull_consumer(CREATED).as_dict(), **settings}}

    answer = await partner.client.request(
        f"$JS.API.CONSUMER.CREATE.{STREAM}.{DURABLE}.{CREATED}", json.dumps(request).encode(), timeout=2
    )
    await settle(partner.client)

    error = json.loads(answer.data)["error"]
    assert error["code"] == 400
    assert error["description"].startswith(refused_at)
    with pytest.raises(NotFoundError):
        await system.admin.jetstream().consumer_info(STREAM, DURABLE)
    assert [message.subject for message in system.seen] == []
    assert await system.stored() == before


@pytest.mark.usefixtures("owner")
async def test_a_refused_creation_reaches_the_client_library_as_its_api_error(partner: Partner) -> None:
    js = partner.client.jetstream(timeout=2)
    push = ConsumerConfig(
        name=DURABLE, durable_name=DURABLE, filter_subject=CREATED, deliver_subject="registry.health"
    )

    with pytest.raises(BadRequestError, match="deliver_subject: not allowed; integrations read with pull"):
        await js.add_consumer(STREAM, push)


async def test_while_the_streams_owner_is_not_running_a_creation_is_answered_unavailable(
    system: System, partner: Partner
) -> None:
    js = partner.client.jetstream(timeout=2)

    with pytest.raises(ServiceUnavailableError):
        await js.add_consumer(STREAM, pull_consumer(CREATED))

    with pytest.raises(NotFoundError):
        await system.admin.jetstream().consumer_info(STREAM, DURABLE)


@pytest.mark.parametrize(
    ("what", "subject"),
    [
        ("a service's consumer", f"$JS.API.CONSUMER.INFO.{STREAM}.events-person-projection"),
        ("a subject that is not public", f"$JS.API.CONSUMER.INFO.{STREAM}.{NOT_PUBLIC}"),
        ("its consumer with another filter", f"$JS.API.CONSUMER.CREATE.{STREAM}.{DURABLE}.registry.evt.>"),
        ("stream info", f"$JS.API.STREAM.INFO.{STREAM}"),
        ("account info", "$JS.API.INFO"),
    ],
)
async def test_an_integration_is_refused_everything_else_of_jetstream(
    partner: Partner, what: str, subject: str
) -> None:
    with pytest.raises(NatsTimeout):
        await partner.client.request(subject, b"", timeout=0.5)
    assert partner.refused == [subject.lower()], what


async def test_an_integration_cannot_publish_an_event(system: System, partner: Partner) -> None:
    before = await system.stored()

    await partner.client.publish(CREATED, b"{}")
    await settle(partner.client)

    assert partner.refused == [CREATED]
    assert system.seen == []
    assert await system.stored() == before
