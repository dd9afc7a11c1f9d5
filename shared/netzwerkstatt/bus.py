"""The one way to connect to NATS: a FastStream broker with the service's own credentials."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import nats
from faststream.nats import NatsBroker
from faststream.security import SASLPlaintext
from nats.aio.client import Client as NatsClient

from netzwerkstatt import subjects
from netzwerkstatt.settings import ServiceSettings


def nats_broker(settings: ServiceSettings, *, middlewares: Sequence[Any] = ()) -> NatsBroker:
    """The user's replies arrive in its own inbox namespace (``_INBOX.<user>``): the only one its
    NATS permissions let it subscribe to."""
    name = settings.service_name
    security = (
        SASLPlaintext(username=settings.nats_user, password=settings.nats_password.get_secret_value())
        if settings.nats_user
        else None
    )
    return NatsBroker(
        settings.nats_url,
        security=security,
        name=f"netzwerkstatt-{name}",
        inbox_prefix=subjects.inbox_prefix(settings.nats_user or name),
        middlewares=middlewares,
        logger=logging.getLogger(f"faststream.{name}"),
        # A service outlives NATS restarts: reconnect for ever, quickly.
        max_reconnect_attempts=-1,
        reconnect_time_wait=1,
    )


async def connect(url: str, user: str, password: str, **options: Any) -> NatsClient:
    """A plain nats-py connection as ``user``, with the user's own inbox prefix (tools, probes,
    tests and benchmarks; services use ``nats_broker``)."""
    return await nats.connect(
        url, user=user, password=password, inbox_prefix=subjects.inbox_prefix(user), **options
    )
