"""Who is who on the message bus, and what each NATS user may do there.

The embedded stack and deploy/ render their NATS configuration from this module (deploy/nats/nats.conf
is generated from it and checked for drift by a test); the permission matrix test checks a real
nats-server against the rules written here:

- Every user reads replies only in its own inbox namespace, ``_INBOX.<user>.>`` (``inbox_prefix``).
- Every call names an exact request subject (``CALLS`` and the gateway's list), never a namespace.
- Only the owner publishes on ``<service>.evt.>``; events are read through durable JetStream
  consumers, never by a core subscription, each service through its own (``CONSUMERS``), by name.
- Other systems (``INTEGRATIONS``) read the documented public events (``PUBLIC_EVENTS``) through
  durable consumers with the names given here, and may use no other JetStream API.
- Other systems' users live in a NATS account of their own (``INTEGRATIONS_ACCOUNT``), which sees of
  the system's account (``SYSTEM_ACCOUNT``) only the JetStream API of their consumers
  (``integration_imports``). NATS checks a publish permission on the subject, never on the reply
  subject, and a JetStream API answer goes to whatever reply subject the request names: in the
  system's account, a read-only user could have the server publish onto any event subject.
- NATS cannot read the body of a consumer's creation either, which decides whether JetStream pushes
  the stream to a subject of the system's account (``deliver_subject``). An integration's creation
  request therefore goes to the stream's owner (``integration_consumers``), which passes on only a
  pull consumer with exactly its name and filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from netzwerkstatt import subjects

SERVICES: tuple[str, ...] = ("registry", "events", "feedback", "notifications")
GATEWAY = "gateway"
# The NATS account of the services, the gateway and the admin (the streams live here), and the one
# of every other system's user.
SYSTEM_ACCOUNT = "NETZWERKSTATT"
INTEGRATIONS_ACCOUNT = "INTEGRATIONS"
# Operators and tests: may publish and subscribe everything; never used by a service.
ADMIN = "admin"
DATABASE_NAME = "netzwerkstatt"

# Whose events each service consumes (its projections and reactions).
CONSUMES: dict[str, tuple[str, ...]] = {
    "registry": (),
    "events": ("registry",),
    "feedback": ("registry", "events"),
    "notifications": ("registry", "events", "feedback"),
}

# Whose ``person.erased`` every service consumes to remove the person from its own stream, outbox
# and dead letters (``netzwerkstatt.erasure``), the registry itself included.
ERASURE_ANNOUNCER = "registry"
# That kernel consumer's name (``<service>-bus-erasure``; ``netzwerkstatt.erasure.CONSUMER_NAME``).
ERASURE_CONSUMER = "bus-erasure"

# The durable consumers (``<service>-<name>``, the names in its consumers.py) each service reads
# another service's stream with, per producer; a test keeps this list in step with the services.
# The NATS permissions name each one: a service's login creates, pulls and acknowledges its own
# consumers only, never another service's on the same stream (whose events it would take away).
CONSUMERS: dict[str, dict[str, tuple[str, ...]]] = {
    "registry": {},
    "events": {
        "registry": (
            "membership-ended",
            "network-updated",
            "organisation-archived",
            "organisation-created",
            "organisation-updated",
            "person-created",
            "person-erased",
            "person-updated",
        ),
    },
    "feedback": {
        "events": ("event-completed", "event-held-entered", "event-published", "event-updated"),
        "registry": ("person-erased",),
    },
    "notifications": {
        "registry": ("person-created", "person-erased", "person-updated"),
        "events": (
            "agreement-due",
            "event-cancelled",
            "event-published",
            "event-updated",
            "invitation-declined",
            "invitation-issued",
            "next-edition-planned",
            "registration-cancelled",
            "registration-confirmed",
            "registration-promoted",
            "registration-waitlisted",
        ),
    },
}

# The subjects every service answers (``netzwerkstatt.service.kernel_operations``).
KERNEL_OPERATIONS: tuple[str, ...] = ("health", "deadletter.list", "deadletter.replay")

# The request-reply operations each service answers, besides the kernel's. A service can register
# only what is listed here (``netzwerkstatt.rpc.Operations``), and a test compares this list with
# the operations the services serve, so the permissions below always name real subjects.
OPERATIONS: dict[str, tuple[str, ...]] = {
    "registry": (
        "import.dry_run",
        "import.run",
        "interface_paper.get",
        "interface_paper.issue",
        "interface_paper.list",
        "interface_paper.preview",
        "network.create",
        "network.get",
        "network.list",
        "network.update",
        "organisation.archive",
        "organisation.create",
        "organisation.get",
        "organisation.list",
        "organisation.update",
        "person.create",
        "person.erase",
        "person.export",
        "person.get",
        "person.list",
        "person.membership.end",
        "person.membership.save",
        "person.update",
        "region.create_custom",
        "region.get",
        "region.search",
        "responsibility.assign",
        "responsibility.list",
        "responsibility.remove",
        "topic.create",
        "topic.list",
    ),
    "events": (
        "agenda.get",
        "agenda.set",
        "agreement.change",
        "agreement.check_due",
        "agreement.create",
        "agreement.list",
        "attendance.list",
        "attendance.record",
        "event.cancel",
        "event.complete",
        "event.create",
        "event.enter_held",
        "event.figures",
        "event.get",
        "event.list",
        "event.plan_next_edition",
        "event.printable",
        "event.publish",
        "event.start",
        "event.update",
        "figures.quarters",
        "groupwork.adjust",
        "groupwork.cast_votes",
        "groupwork.get",
        "groupwork.list",
        "groupwork.moderate",
        "groupwork.plan",
        "groupwork.propose_session",
        "groupwork.rerun",
        "groupwork.set_preferences",
        "groupwork.sync_participants",
        "invitation.by_token",
        "invitation.issue",
        "invitation.list",
        "invitation.preview",
        "invitation.respond",
        "link.issue",
        "person.export",
        "registration.by_token",
        "registration.cancel",
        "registration.get",
        "registration.list",
        "registration.register",
        "registration.substitute",
        "series.create",
        "series.figures",
        "series.get",
        "series.history_import.dry_run",
        "series.history_import.run",
        "series.list",
        "series.record_past_edition",
        "series.update",
    ),
    "feedback": (
        "response.submit",
        "results.export",
        "results.export_series",
        "results.series",
        "person.export",
        "results.survey",
        "survey.close",
        "survey.enter_paper",
        "survey.for_token",
        "survey.get",
        "survey.list",
        "survey.open",
        "template.copy",
        "template.edit",
        "template.get",
        "template.list",
    ),
    "notifications": (
        "delivery.list",
        "feedback_request.send",
        "mailsink.get",
        "mailsink.list",
        "person.export",
        "reminder.configure",
        "reminder.get",
        "subscription.change",
        "subscription.get",
        "template.list",
        "template.preview",
        "template.reset",
        "template.save",
    ),
}

# Request-reply between services, kept rare on purpose, for capabilities that must never be stored
# on a stream: feedback hands the one-time survey links to notifications (see the feedback service's
# anonymity scheme); notifications asks events for the invitation and registration links of the
# e-mail it is about to send.
# Exact subjects only; a service may also ask its own health subject (the container probe).
# These subjects accept service principals only (``Access.SERVICE``); every other operation is
# published by the gateway alone, so no other NATS user can send a staff or participant principal
# (``netzwerkstatt.principal``).
CALLS: dict[str, tuple[str, ...]] = {
    "registry": (),
    "events": (),
    "feedback": (subjects.operation("notifications", "feedback_request.send"),),
    "notifications": (subjects.operation("events", "link.issue"),),
}

# Operations meant for one calling service only; the gateway (staff and public pages) never sends them.
SERVICE_ONLY_OPERATIONS: frozenset[str] = frozenset(subject for calls in CALLS.values() for subject in calls)

# The events other systems may read, per producing service: documented in docs/integrations.md and
# the AsyncAPI documents. None of them carries a person's data or a capability token.
PUBLIC_EVENTS: dict[str, tuple[str, ...]] = {
    "registry": (
        "organisation.created",
        "organisation.updated",
        "organisation.archived",
        "region.updated",
        "network.updated",
        "interface_paper.issued",
    ),
    "events": ("event.published", "event.updated", "event.cancelled", "event.held_entered"),
    "feedback": ("survey.opened", "survey.closed", "survey.paper_entered", "response.submitted"),
    "notifications": (),
}


@dataclass(frozen=True)
class Integration:
    """Another system's NATS account. For each public event subject it reads it has one durable
    consumer of its own, named ``integration_durable(account, subject)`` and filtered to exactly
    that subject; it may send only ``commands``. Its password comes from ``<ACCOUNT>_NATS_PASSWORD``
    (a secret file in deploy/)."""

    account: str
    description: str
    reads: tuple[str, ...] = ()  # public event subjects; empty: every public event
    commands: tuple[str, ...] = ()

    def read_subjects(self) -> tuple[str, ...]:
        public = all_public_event_subjects()
        if not self.reads:
            return public
        unknown = [subject for subject in self.reads if subject not in public]
        if unknown:
            raise ValueError(f"integration {self.account}: not a public event subject: {', '.join(unknown)}")
        return self.reads


# Accounts of other systems. ``partner`` is the documented example (docs/examples/partner_consumer.py);
# an operator adds a system by adding an entry here (see docs/integrations.md).
INTEGRATIONS: tuple[Integration, ...] = (
    Integration(
        account="partner",
        description="Example of another system reading every public event (docs/examples)",
    ),
)


def all_public_event_subjects() -> tuple[str, ...]:
    return tuple(subject for service in SERVICES for subject in public_event_subjects(service))


def integration_durable(account: str, subject: str) -> str:
    """The durable consumer an integration reads one public event subject with, e.g.
    ``partner--events-evt-event-published`` (never a service's consumer name)."""
    return f"{account}--{subject.replace('.', '-')}"


@dataclass(frozen=True)
class IntegrationConsumer:
    """One durable consumer of an integration on a producer's stream. The integration sends
    ``create_subject`` in its own account; that subject is imported from ``gate_subject`` in the
    system's account, which the producer answers (``netzwerkstatt.integration_consumers``)."""

    account: str
    producer: str
    subject: str

    @property
    def stream(self) -> str:
        return subjects.stream(self.producer)

    @property
    def durable(self) -> str:
        return integration_durable(self.account, self.subject)

    @property
    def create_subject(self) -> str:
        return f"$JS.API.CONSUMER.CREATE.{self.stream}.{self.durable}.{self.subject}"

    @property
    def gate_subject(self) -> str:
        return subjects.integration_consumer_create(self.producer, self.durable)


def integration_consumers(account: Integration) -> tuple[IntegrationConsumer, ...]:
    return tuple(
        IntegrationConsumer(account.account, subject.split(".")[0], subject)
        for subject in account.read_subjects()
    )


def integration_consumers_on(producer: str) -> tuple[IntegrationConsumer, ...]:
    """Every integration's consumers on one producer's stream: the creations the producer answers."""
    return tuple(
        consumer
        for account in INTEGRATIONS
        for consumer in integration_consumers(account)
        if consumer.producer == producer
    )


def operation_subjects(service: str) -> tuple[str, ...]:
    """Every request subject one service answers, the kernel's included."""
    return tuple(subjects.operation(service, name) for name in (*KERNEL_OPERATIONS, *OPERATIONS[service]))


def public_event_subjects(service: str) -> tuple[str, ...]:
    return tuple(subjects.event(service, name) for name in PUBLIC_EVENTS[service])


def integration(account: str) -> Integration:
    for candidate in INTEGRATIONS:
        if candidate.account == account:
            return candidate
    raise KeyError(f"account: no integration {account!r} in the topology")


def callable_subjects(user: str) -> tuple[str, ...]:
    """The exact request subjects a user may send (its permission to publish requests)."""
    if user == GATEWAY:
        return tuple(
            subject
            for service in SERVICES
            for subject in operation_subjects(service)
            if subject not in SERVICE_ONLY_OPERATIONS
        )
    if user in SERVICES:
        return (subjects.health(user), *CALLS[user])
    return integration(user).commands


@dataclass(frozen=True)
class NatsPermissions:
    publish_allow: tuple[str, ...]
    subscribe_allow: tuple[str, ...]
    publish_deny: tuple[str, ...] = field(default_factory=tuple)
    allow_responses: bool = True


def consumer_durables(service: str, producer: str) -> tuple[str, ...]:
    """The durable consumers a service reads a producer's stream with: its ``CONSUMERS`` there and,
    on the erasure announcer's stream, the kernel's erasure consumer."""
    names = list(CONSUMERS[service].get(producer, ()))
    if producer == ERASURE_ANNOUNCER:
        names.append(ERASURE_CONSUMER)
    return tuple(subjects.durable(service, name) for name in names)


def _consumer_api(stream: str, durables: tuple[str, ...]) -> tuple[str, ...]:
    """JetStream API subjects a service needs to create, read and pull its durable consumers on a
    producer's stream (``nats-py``'s ``pull_subscribe`` names the filter in the subject), each by
    its name."""
    apis = [f"$JS.API.STREAM.INFO.{stream}"]
    for durable in durables:
        apis += [
            f"$JS.API.CONSUMER.CREATE.{stream}.{durable}.>",
            f"$JS.API.CONSUMER.INFO.{stream}.{durable}",
            f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}",
            f"$JS.ACK.{stream}.{durable}.>",
        ]
    return tuple(apis)


def consumed_streams(service: str) -> tuple[str, ...]:
    """The producers whose streams a service reads: its ``CONSUMES`` and the erasure announcer."""
    return tuple(dict.fromkeys((*CONSUMES[service], ERASURE_ANNOUNCER)))


def service_permissions(service: str) -> NatsPermissions:
    own_stream = subjects.stream(service)
    publish: list[str] = [
        subjects.events_of(service),
        # Its stream is created at its first start; never updated with its login, which could
        # otherwise add other services' streams as sources of its own and read them there.
        f"$JS.API.STREAM.CREATE.{own_stream}",
        f"$JS.API.STREAM.INFO.{own_stream}",
        "$JS.API.INFO",
        *callable_subjects(service),
        # Removing an erased person from its own stream: a short-lived consumer reads it, the
        # messages naming them are deleted one by one (never a purge of the whole stream).
        f"$JS.API.CONSUMER.CREATE.{own_stream}.*.>",
        f"$JS.API.CONSUMER.INFO.{own_stream}.*",
        f"$JS.API.CONSUMER.MSG.NEXT.{own_stream}.*",
        f"$JS.API.CONSUMER.DELETE.{own_stream}.*",
        f"$JS.API.STREAM.MSG.DELETE.{own_stream}",
    ]
    for producer in consumed_streams(service):
        apis = _consumer_api(subjects.stream(producer), consumer_durables(service, producer))
        publish.extend(api for api in apis if api not in publish)
    gates = tuple(consumer.gate_subject for consumer in integration_consumers_on(service))
    return NatsPermissions(
        publish_allow=tuple(publish),
        subscribe_allow=(*operation_subjects(service), *gates, subjects.inbox_of(service)),
        publish_deny=(),
    )


def gateway_permissions() -> NatsPermissions:
    """The gateway sends the staff and public requests to every service and never publishes events."""
    return NatsPermissions(
        publish_allow=callable_subjects(GATEWAY),
        subscribe_allow=(subjects.inbox_of(GATEWAY),),
        allow_responses=False,
    )


@dataclass(frozen=True)
class ServiceImport:
    """A subject the integrations' account imports from the system's account (a command, or the
    JetStream API of a consumer): ``subject`` is what the integration sends, ``source`` the subject
    in the system's account when it is another one; ``stream_response``: the answer is many
    messages (a pull request's batch)."""

    subject: str
    stream_response: bool = False
    source: str | None = None

    @property
    def exported(self) -> str:
        return self.source or self.subject


def integration_imports(account: Integration) -> tuple[ServiceImport, ...]:
    """Its commands, and one durable consumer per public subject read, created through the stream's
    owner with exactly that filter; no stream, account or other JetStream API (nothing to list,
    delete, purge or read directly)."""
    imports = [ServiceImport(command) for command in account.commands]
    for consumer in integration_consumers(account):
        stream, durable = consumer.stream, consumer.durable
        imports += [
            ServiceImport(consumer.create_subject, source=consumer.gate_subject),
            ServiceImport(f"$JS.API.CONSUMER.INFO.{stream}.{durable}"),
            ServiceImport(f"$JS.API.CONSUMER.DELETE.{stream}.{durable}"),
            ServiceImport(f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}", stream_response=True),
            ServiceImport(f"$JS.ACK.{stream}.{durable}.>"),
        ]
    return tuple(imports)


def integration_permissions(account: Integration) -> NatsPermissions:
    """Within the integrations' account each user may send only its own commands and its own
    consumers' API (the account imports every integration's)."""
    return NatsPermissions(
        publish_allow=tuple(api.subject for api in integration_imports(account)),
        subscribe_allow=(subjects.inbox_of(account.account),),
        allow_responses=False,
    )


def admin_permissions() -> NatsPermissions:
    return NatsPermissions(publish_allow=(">",), subscribe_allow=(">",), allow_responses=True)


def nats_users() -> dict[str, NatsPermissions]:
    users = {service: service_permissions(service) for service in SERVICES}
    users[GATEWAY] = gateway_permissions()
    for account in INTEGRATIONS:
        users[account.account] = integration_permissions(account)
    users[ADMIN] = admin_permissions()
    return users


def nats_account_of(user: str) -> str:
    return INTEGRATIONS_ACCOUNT if user in {account.account for account in INTEGRATIONS} else SYSTEM_ACCOUNT


def _check_integrations() -> None:
    taken = {*SERVICES, GATEWAY, ADMIN}
    for account in INTEGRATIONS:
        subjects.inbox_prefix(account.account)  # a valid subject token
        if account.account in taken:
            raise ValueError(f"integration {account.account!r}: the name is taken")
        taken.add(account.account)
        account.read_subjects()
        for command in account.commands:
            service = command.split(".")[0]
            if service not in SERVICES or command.removeprefix(f"{service}.") not in OPERATIONS[service]:
                raise ValueError(f"integration {account.account!r}: {command} is no operation")


_check_integrations()
