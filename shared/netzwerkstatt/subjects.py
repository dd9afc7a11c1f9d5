"""Every NATS subject and JetStream name is built here, so the naming rules live in one place.

- Commands and queries (request-reply): ``<service>.<entity>.<operation>``,
  e.g. ``registry.organisation.create``. Served in the queue group ``<service>``.
- Domain events (JetStream): ``<service>.evt.<entity>.<fact>``, e.g.
  ``registry.evt.organisation.created``, kept in the stream ``<SERVICE>_EVENTS``.
- Health: ``<service>.health``; dead letters: ``<service>.deadletter.list|replay``.
- Another system's consumer creation, answered by the stream's owner:
  ``<service>.integration_consumer.create.<durable>``.
- Replies: each NATS user's own inbox namespace ``_INBOX.<user>.>`` (its client's ``inbox_prefix``),
  so nobody can read the replies sent to another user.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"^[a-z][a-z0-9_]*$")
_DURABLE = re.compile(r"^[a-z][a-z0-9-]*$")
_INTEGRATION_DURABLE = re.compile(r"^[a-z][a-z0-9_-]*$")  # ``topology.integration_durable``

EVENT_TOKEN = "evt"
INBOX_ROOT = "_INBOX"


def _check(*tokens: str) -> None:
    for token in tokens:
        for part in token.split("."):
            if not _TOKEN.match(part):
                raise ValueError(f"invalid subject token {part!r} in {token!r}")


def operation(service: str, name: str) -> str:
    """Subject of a command or query, e.g. ``operation("registry", "organisation.create")``."""
    _check(service, name)
    return f"{service}.{name}"


def event(service: str, name: str) -> str:
    """Subject of a domain event, e.g. ``event("registry", "organisation.created")``."""
    _check(service, name)
    return f"{service}.{EVENT_TOKEN}.{name}"


def events_of(service: str) -> str:
    """Wildcard covering every event subject of one service."""
    _check(service)
    return f"{service}.{EVENT_TOKEN}.>"


def stream(service: str) -> str:
    """Name of the JetStream stream that holds one service's events."""
    _check(service)
    return f"{service.upper()}_EVENTS"


def queue_group(service: str) -> str:
    """Queue group in which all replicas of a service share its request-reply subjects."""
    _check(service)
    return service


def health(service: str) -> str:
    return operation(service, "health")


def durable(consumer_service: str, name: str) -> str:
    """Durable consumer name: owned by the consuming service, unique per handler."""
    _check(consumer_service)
    if not _DURABLE.match(name):
        raise ValueError(f"invalid consumer name {name!r}: lower-case letters, digits and '-'")
    return f"{consumer_service}-{name}"


def integration_consumer_create(service: str, durable_name: str) -> str:
    """Where the owner of a stream receives another system's request to create one of its durable
    consumers on it (``netzwerkstatt.integration_consumers``)."""
    _check(service)
    if not _INTEGRATION_DURABLE.match(durable_name):
        raise ValueError(f"invalid consumer name {durable_name!r}: lower-case letters, digits, '-' and '_'")
    return f"{service}.integration_consumer.create.{durable_name}"


def inbox_prefix(user: str) -> str:
    """Prefix of the reply subjects a NATS user's client makes (``nats.connect(inbox_prefix=...)``)."""
    _check(user)
    return f"{INBOX_ROOT}.{user}"


# The reply subjects NATS puts in place of a request's own when it comes from another account
# through an import (an integration's command).
IMPORTED_REPLY_ROOT = "_R_"
# Reply subjects of requests: a user's inbox, or an imported request's.
_REQUEST_REPLIES = (f"{INBOX_ROOT}.", f"{IMPORTED_REPLY_ROOT}.")


def is_request_reply(subject: str | None) -> bool:
    """Does a message with this reply subject come from someone waiting for an answer? A message
    JetStream delivers names ``$JS.ACK...`` or nothing as its reply."""
    return subject is not None and subject.startswith(_REQUEST_REPLIES)


def is_from_another_account(reply: str | None) -> bool:
    """Does a request with this reply subject come from another account (an integration's command)?"""
    return reply is not None and reply.startswith(f"{IMPORTED_REPLY_ROOT}.")


def inbox_of(user: str) -> str:
    """Wildcard covering every reply subject of one NATS user."""
    return f"{inbox_prefix(user)}.>"
