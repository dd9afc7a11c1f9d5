"""The one way to connect to NATS: a FastStream broker with the service's own credentials."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from types import TracebackType
from typing import Any

import nats
from faststream.nats import NatsBroker
from faststream.security import SASLPlaintext
from nats.aio.client import Client as NatsClient

from netzwerkstatt import subjects
from netzwerkstatt.logs import get_logger
from netzwerkstatt.settings import ServiceSettings

log = get_logger(__name__)


class ServiceBroker(NatsBroker):
    """FastStream's broker, stopping also while NATS is away: its stop drains the connection, and a
    drain refuses a connection that is reconnecting, so a service stopped during an outage failed to
    stop. Such a connection can deliver nothing more: it is closed instead."""

    async def stop(
        self,
        exc_type: type[BaseException] | None = None,
        exc_val: BaseException | None = None,
        exc_tb: TracebackType | None = None,
    ) -> None:
        connection = self._connection
        if connection is not None and not connection.is_connected and not connection.is_closed:
            # Ends the reconnecting. Bytes written while away are flushed first, into a socket that
            # may be gone: they are lost either way (an unpublished outbox row is published after the
            # restart), and the connection is marked closed before that flush.
            with contextlib.suppress(OSError):
                await connection.close()
        if connection is not None and connection.is_closed:
            self._connection = None  # nothing to drain
        await super().stop(exc_type, exc_val, exc_tb)


def nats_broker(settings: ServiceSettings, *, middlewares: Sequence[Any] = ()) -> NatsBroker:
    """The user's replies arrive in its own inbox namespace (``_INBOX.<user>``): the only one its
    NATS permissions let it subscribe to."""
    name = settings.service_name
    security = (
        SASLPlaintext(username=settings.nats_user, password=settings.nats_password.get_secret_value())
        if settings.nats_user
        else None
    )
    return ServiceBroker(
        settings.nats_url,
        security=security,
        name=f"netzwerkstatt-{name}",
        inbox_prefix=subjects.inbox_prefix(settings.nats_user or name),
        middlewares=middlewares,
        logger=logging.getLogger(f"faststream.{name}"),
        # A service outlives NATS restarts: reconnect for ever, quickly.
        max_reconnect_attempts=-1,
        reconnect_time_wait=1,
        # FastStream says "Connection broken" at WARNING, its "established" only at INFO, which
        # its logger's level hides: the end of an outage is said here.
        reconnected_cb=_reconnected,
    )


async def _reconnected() -> None:
    log.info("NATS connection restored")


async def connect(url: str, user: str, password: str, **options: Any) -> NatsClient:
    """A plain nats-py connection as ``user``, with the user's own inbox prefix (tools, probes,
    tests and benchmarks; services use ``nats_broker``)."""
    return await nats.connect(
        url, user=user, password=password, inbox_prefix=subjects.inbox_prefix(user), **options
    )
