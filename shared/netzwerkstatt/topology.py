"""Who is who on the message bus: the services, whose events each consumes, and the NATS permissions
that follow from it. The embedded stack and deploy/ render their NATS configuration from this module
(deploy/nats/nats.conf is generated from it and checked for drift by a test)."""

from __future__ import annotations

from dataclasses import dataclass, field

from netzwerkstatt import subjects

SERVICES: tuple[str, ...] = ("registry", "events", "feedback", "notifications")
GATEWAY = "gateway"
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

# Request-reply between services, kept rare on purpose and named subject by subject: feedback hands
# the one-time survey links to notifications by request, never as a stored event (see the feedback
# service's anonymity scheme). These subjects accept service principals only (``Access.SERVICE``);
# every other operation is published by the gateway alone, so no other NATS user can send a staff
# or participant principal (``netzwerkstatt.principal``).
CALLS: dict[str, tuple[str, ...]] = {
    "registry": (),
    "events": (),
    "feedback": (subjects.operation("notifications", "feedback_request.send"),),
    "notifications": (),
}


@dataclass(frozen=True)
class NatsPermissions:
    publish_allow: tuple[str, ...]
    subscribe_allow: tuple[str, ...]
    publish_deny: tuple[str, ...] = field(default_factory=tuple)
    allow_responses: bool = True


def _consumer_api(stream: str) -> tuple[str, ...]:
    """JetStream API subjects a service needs to create, read and pull its own durable consumers."""
    return (
        f"$JS.API.CONSUMER.CREATE.{stream}.>",
        f"$JS.API.CONSUMER.DURABLE.CREATE.{stream}.>",
        f"$JS.API.CONSUMER.INFO.{stream}.>",
        f"$JS.API.CONSUMER.MSG.NEXT.{stream}.>",
        f"$JS.API.STREAM.INFO.{stream}",
        f"$JS.ACK.{stream}.>",
    )


def service_permissions(service: str) -> NatsPermissions:
    own_stream = subjects.stream(service)
    publish: list[str] = [
        subjects.events_of(service),
        f"$JS.API.STREAM.CREATE.{own_stream}",
        f"$JS.API.STREAM.UPDATE.{own_stream}",
        f"$JS.API.STREAM.INFO.{own_stream}",
        "$JS.API.INFO",
        # The container healthcheck asks the service, with its own login, whether it is ready.
        subjects.health(service),
    ]
    publish.extend(CALLS[service])
    for producer in CONSUMES[service]:
        publish.extend(_consumer_api(subjects.stream(producer)))
    return NatsPermissions(
        publish_allow=tuple(publish),
        subscribe_allow=(f"{service}.>", "_INBOX.>"),
        publish_deny=(),
    )


def gateway_permissions() -> NatsPermissions:
    """The gateway sends requests to every service and never publishes events."""
    return NatsPermissions(
        publish_allow=tuple(f"{service}.>" for service in SERVICES),
        subscribe_allow=("_INBOX.>",),
        publish_deny=tuple(subjects.events_of(service) for service in SERVICES),
        allow_responses=False,
    )


def admin_permissions() -> NatsPermissions:
    return NatsPermissions(publish_allow=(">",), subscribe_allow=(">",), allow_responses=True)


def nats_users() -> dict[str, NatsPermissions]:
    users = {service: service_permissions(service) for service in SERVICES}
    users[GATEWAY] = gateway_permissions()
    users[ADMIN] = admin_permissions()
    return users
