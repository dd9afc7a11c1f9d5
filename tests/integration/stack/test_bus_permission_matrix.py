"""The permission matrix of the bus: every NATS user against every class of subject, on a real
nats-server running the generated configuration.

The expected answer of each cell is derived from the relations written in ``topology.py`` (who
serves which operation, who calls whom, who consumes whose events, which events are public, which
accounts other systems have), not from the rendered permission lists, so a rendering mistake shows
up here as a cell that differs. Classes: own requests, others' requests, own events, others' events,
own and others' reply inboxes, and the JetStream API of own and others' streams.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from nats.errors import Error as NatsError

from netzwerkstatt import subjects, topology
from netzwerkstatt.service import published_events
from netzwerkstatt.testing.servers import NatsServer
from tests.integration.stack.own_bus import nats_server_of_its_own

ADMIN = topology.ADMIN
INTEGRATIONS = {account.account: account for account in topology.INTEGRATIONS}
USERS = (*topology.SERVICES, topology.GATEWAY, *INTEGRATIONS, ADMIN)
SENTINEL = "zz.sentinel"
VIOLATION = re.compile(r'permissions violation for (publish|subscription) to "([^"]+)"')


@dataclass(frozen=True)
class Cell:
    user: str
    action: str  # "publish" or "subscribe"
    subject: str
    kind: str  # the subject class, for the failure report
    allowed: bool


@pytest.fixture(scope="module")
def matrix_server() -> Iterator[NatsServer]:
    """A nats-server of its own: probing the JetStream API of every stream must not touch the
    session's streams (no stream exists here, so an allowed call finds nothing to change)."""
    with nats_server_of_its_own() as server:
        yield server


# -- what topology.py says each user may do ---------------------------------------------------------


def may_call(user: str, service: str, operation: str) -> bool:
    subject = subjects.operation(service, operation)
    if user == ADMIN:
        return True
    if user == topology.GATEWAY:
        return subject not in {s for calls in topology.CALLS.values() for s in calls}
    if user in topology.SERVICES:
        return (service == user and operation == "health") or subject in topology.CALLS[user]
    return subject in INTEGRATIONS[user].commands


def request_cells(user: str) -> list[Cell]:
    cells = []
    for service in topology.SERVICES:
        kind = "own requests" if service == user else "others' requests"
        for operation in (*topology.KERNEL_OPERATIONS, *topology.OPERATIONS[service]):
            subject = subjects.operation(service, operation)
            cells.append(Cell(user, "publish", subject, kind, may_call(user, service, operation)))
            serves = user in (service, ADMIN)
            cells.append(Cell(user, "subscribe", subject, kind, serves))
        # Integrations' consumer creations: the owner answers them; they come only through the
        # integrations' account, whose users send $JS.API.CONSUMER.CREATE (see jetstream_cells).
        for consumer in topology.integration_consumers_on(service):
            cells.append(Cell(user, "subscribe", consumer.gate_subject, kind, user in (service, ADMIN)))
            cells.append(Cell(user, "publish", consumer.gate_subject, kind, user == ADMIN))
        # A made-up subject in the service's namespace: nobody but the admin reaches it.
        stray = subjects.operation(service, "organisation.smuggle")
        cells.append(Cell(user, "publish", stray, kind, user == ADMIN))
    return cells


def event_cells(user: str) -> list[Cell]:
    cells = []
    for service in topology.SERVICES:
        kind = "own events" if service == user else "others' events"
        for event in published_events(service):
            subject = event.subject()
            cells.append(Cell(user, "publish", subject, kind, user in (service, ADMIN)))
            # Events are read through durable consumers only, never by a core subscription.
            cells.append(Cell(user, "subscribe", subject, kind, user == ADMIN))
        cells.append(Cell(user, "subscribe", subjects.events_of(service), kind, user == ADMIN))
    return cells


def inbox_cells(user: str) -> list[Cell]:
    cells = [Cell(user, "subscribe", f"{subjects.INBOX_ROOT}.>", "others' inboxes", user == ADMIN)]
    for other in USERS:
        kind = "own inbox" if other == user else "others' inboxes"
        cells.append(Cell(user, "subscribe", subjects.inbox_of(other), kind, other == user or user == ADMIN))
        # Nobody forges a reply: answering is allowed only to a request actually received.
        cells.append(Cell(user, "publish", f"{subjects.inbox_prefix(other)}.forged", kind, user == ADMIN))
    return cells


def jetstream_cells(user: str) -> list[Cell]:
    cells = [Cell(user, "publish", "$JS.API.INFO", "JetStream account", user in (*topology.SERVICES, ADMIN))]
    cells.append(Cell(user, "publish", "$JS.API.STREAM.NAMES", "JetStream account", user == ADMIN))
    for producer in topology.SERVICES:
        stream = subjects.stream(producer)
        owner = user == producer
        kind = "JetStream API of own stream" if owner else "JetStream API of others' streams"
        consumes = user in topology.SERVICES and producer in topology.consumed_streams(user)

        def cell(api: str, allowed: bool, kind: str = kind) -> Cell:
            return Cell(user, "publish", api, kind, allowed or user == ADMIN)

        cells += [
            cell(f"$JS.API.STREAM.INFO.{stream}", owner or consumes),
            cell(f"$JS.API.STREAM.CREATE.{stream}", owner),
            # Settings are the operator's: an update could source other streams into one's own.
            cell(f"$JS.API.STREAM.UPDATE.{stream}", False),
            cell(f"$JS.API.STREAM.DELETE.{stream}", False),
            cell(f"$JS.API.STREAM.PURGE.{stream}", False),
            cell(f"$JS.API.STREAM.MSG.GET.{stream}", False),
            # Only the owner deletes single messages: an erased person's (netzwerkstatt.erasure).
            cell(f"$JS.API.STREAM.MSG.DELETE.{stream}", owner),
            cell(f"$JS.API.DIRECT.GET.{stream}", False),
            cell(f"$JS.API.CONSUMER.LIST.{stream}", False),
        ]
        # A service's own consumer on a stream it consumes (by its name), or any on its own stream
        # (the erasure scan).
        any_event = published_events(producer)[0].subject()
        own = topology.consumer_durables(user, producer) if user in topology.SERVICES else ()
        durable = own[0] if own else f"{user}-probe"
        reads = bool(own)
        cells += [
            cell(f"$JS.API.CONSUMER.CREATE.{stream}.{durable}.{any_event}", reads or owner),
            cell(f"$JS.API.CONSUMER.INFO.{stream}.{durable}", reads or owner),
            cell(f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}", reads or owner),
            cell(f"$JS.ACK.{stream}.{durable}.1.1.1.1.0", reads),
            cell(f"$JS.API.CONSUMER.DELETE.{stream}.{durable}", owner),
        ]
        # Another service's consumer on the same stream: only the stream's owner reaches it.
        for other in topology.SERVICES:
            for theirs in topology.consumer_durables(other, producer) if other != user else ():
                cells += [
                    cell(f"$JS.API.CONSUMER.CREATE.{stream}.{theirs}.{any_event}", owner),
                    cell(f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{theirs}", owner),
                    cell(f"$JS.ACK.{stream}.{theirs}.1.1.1.1.0", False),
                ]
        if user in INTEGRATIONS:
            cells += integration_consumer_cells(user, producer, kind)
    return cells


def integration_consumer_cells(account: str, producer: str, kind: str) -> list[Cell]:
    """Its own durable on each public subject it reads; never a service's durable, never a
    private subject, never someone else's name."""
    stream = subjects.stream(producer)
    reads = INTEGRATIONS[account].read_subjects()
    cells = []
    for event in published_events(producer):
        subject = event.subject()
        durable = topology.integration_durable(account, subject)
        public = subject in reads
        api = f"$JS.API.CONSUMER.%s.{stream}.{durable}"
        cells += [
            Cell(account, "publish", api % "CREATE" + f".{subject}", kind, public),
            Cell(account, "publish", api % "MSG.NEXT", kind, public),
            Cell(account, "publish", api % "DELETE", kind, public),
            # A wider filter under its own name, and the legacy call that names no filter.
            Cell(account, "publish", api % "CREATE" + f".{producer}.evt.>", kind, False),
            Cell(account, "publish", api % "DURABLE.CREATE", kind, False),
        ]
    for consumer in topology.CONSUMES:
        if producer in topology.CONSUMES[consumer]:
            api = f"$JS.API.CONSUMER.%s.{stream}.{consumer}-person-projection"
            cells += [
                Cell(account, "publish", api % "MSG.NEXT", kind, False),
                Cell(account, "publish", api % "INFO", kind, False),
            ]
    return cells


def cells_of(user: str) -> list[Cell]:
    return request_cells(user) + event_cells(user) + inbox_cells(user) + jetstream_cells(user)


# -- what the real server does ----------------------------------------------------------------------


async def refused_by_server(server: NatsServer, user: str, cells: list[Cell]) -> set[tuple[str, str]]:
    """Publish and subscribe every cell's subject as ``user``; the (action, subject) pairs the
    server refused (it answers each violation with -ERR before the PONG of the flush)."""
    refused: set[tuple[str, str]] = set()
    unexpected: list[Exception] = []
    # Refused for everyone but the admin, sent last: once its refusal is in, all earlier ones are.
    sentinel = f"{SENTINEL}.{uuid.uuid4().hex}"
    done = asyncio.Event()

    async def remember(error: Exception) -> None:
        match = VIOLATION.search(str(error).lower())
        if match is None:
            unexpected.append(error)
        else:
            refused.add(("publish" if match.group(1) == "publish" else "subscribe", match.group(2)))
            if match.group(2) == sentinel:
                done.set()

    client = await server.connect(user, error_cb=remember, allow_reconnect=False)
    try:
        for cell in cells:
            if cell.action == "publish":
                await client.publish(cell.subject, b"")
            else:
                await client.subscribe(cell.subject)
        await client.publish(sentinel, b"")
        await client.flush(timeout=10)
        if user != ADMIN:
            await asyncio.wait_for(done.wait(), timeout=10)
    finally:
        await client.close()
    assert unexpected == []
    return refused


@pytest.mark.parametrize("user", USERS)
async def test_each_user_may_do_exactly_what_the_topology_allows(
    matrix_server: NatsServer, user: str
) -> None:
    cells = cells_of(user)
    refused = await refused_by_server(matrix_server, user, cells)

    wrong = [
        f"{cell.kind}: {cell.action} {cell.subject} should be {'allowed' if cell.allowed else 'refused'}"
        for cell in cells
        if ((cell.action, cell.subject.lower()) in refused) == cell.allowed
    ]
    assert wrong == [], "\n".join(wrong)
    assert {cell.kind for cell in cells} >= {"others' requests", "others' events", "others' inboxes"}


def test_the_matrix_covers_every_user_and_every_subject_class() -> None:
    kinds = {user: {cell.kind for cell in cells_of(user)} for user in USERS}
    for service in topology.SERVICES:
        assert {
            "own requests",
            "others' requests",
            "own events",
            "others' events",
            "own inbox",
            "others' inboxes",
            "JetStream API of own stream",
            "JetStream API of others' streams",
        } <= kinds[service], service
    assert set(USERS) == set(topology.nats_users())


async def test_the_gateway_reads_a_reply_in_its_own_inbox_and_nobody_else_can(
    matrix_server: NatsServer,
) -> None:
    registry = await matrix_server.connect("registry")

    async def answer(message: object) -> None:
        await message.respond(b'{"ok": true}')  # type: ignore[attr-defined]

    await registry.subscribe(subjects.health("registry"), queue="registry", cb=answer)
    await registry.flush()
    gateway = await matrix_server.connect("gateway")
    errors: list[Exception] = []

    async def remember(error: Exception) -> None:
        errors.append(error)

    events = await matrix_server.connect("events", error_cb=remember)
    try:
        await events.subscribe(subjects.inbox_of("gateway"))
        await events.flush()
        reply = await gateway.request(subjects.health("registry"), b"{}", timeout=2)
    finally:
        for client in (gateway, events, registry):
            await client.close()
    assert reply.data == b'{"ok": true}'
    assert reply.subject.startswith(subjects.inbox_prefix("gateway") + ".")
    assert any("permissions violation for subscription" in str(error).lower() for error in errors)


async def test_a_client_without_its_inbox_prefix_gets_no_reply(matrix_server: NatsServer) -> None:
    """The default ``_INBOX`` namespace is closed: an old client fails loudly instead of reading."""
    import nats

    errors: list[Exception] = []

    async def remember(error: Exception) -> None:
        errors.append(error)

    client = await nats.connect(
        matrix_server.url,
        user="gateway",
        password=matrix_server.credentials("gateway").password,
        error_cb=remember,
    )
    try:
        with pytest.raises((NatsError, TimeoutError)):
            await client.request(subjects.health("registry"), b"{}", timeout=0.5)
    finally:
        await client.close()
    assert any("permissions violation for subscription" in str(error).lower() for error in errors)
