"""The one way to connect to NATS: a FastStream broker with the service's own credentials."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Any

import nats
from faststream.nats import NatsBroker
from faststream.security import SASLPlaintext
from nats.aio.client import Client as NatsClient
from nats.errors import AuthorizationError
from nats.errors import Error as NatsError

from netzwerkstatt import subjects
from netzwerkstatt.logs import get_logger
from netzwerkstatt.settings import ServiceSettings, StartRefused, setting_source

log = get_logger(__name__)

# While a service waits for NATS at its start, it says so at once and then this often.
WAITING_LOG_SECONDS = 10.0


class NatsSignInRefused(StartRefused):
    """NATS refused the service's user: a wrong password (one rotated without recreating nats, say)
    or an unknown user. Trying again does not help."""


def is_refused_sign_in(error: BaseException) -> bool:
    """NATS's answer to a wrong password or an unknown user (nats-py raises it as a plain ``Error``
    while connecting, as ``AuthorizationError`` later)."""
    if isinstance(error, AuthorizationError):
        return True
    text = str(error).lower()
    return isinstance(error, NatsError) and ("authorization violation" in text or "authentication" in text)


def sign_in_refused(settings: ServiceSettings) -> NatsSignInRefused:
    prefix = str(settings.model_config.get("env_prefix", ""))
    return NatsSignInRefused(
        f"NATS refused the sign-in of user {settings.nats_user} at {settings.nats_url}: check the "
        f"service's NATS password ({setting_source(prefix, 'nats_password')}) and that nats was "
        "recreated with it",
        log_format=settings.log_format,
        log_level=settings.log_level,
        pause_seconds=settings.refused_start_pause_seconds,
    )


class _ConnectWaiting:
    """Says, while the first connection is being tried, that the service waits for NATS: at the first
    failed attempt and every ``WAITING_LOG_SECONDS`` (nats-py tries again for ever, silently)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.active = False
        self.attempts = 0
        self.since = 0.0
        self.logged = 0.0

    def begin(self) -> None:
        self.active, self.attempts, self.since, self.logged = True, 0, time.monotonic(), 0.0

    def end(self, *, connected: bool) -> None:
        if connected and self.attempts:
            log.info("NATS reached", url=self.url, attempt=self.attempts + 1)
        self.active = False

    async def failed(self, error: Exception) -> None:
        if not self.active or is_refused_sign_in(error):
            return
        self.attempts += 1
        now = time.monotonic()
        if self.attempts == 1 or now - self.logged >= WAITING_LOG_SECONDS:
            self.logged = now
            log.warning(
                f"waiting for NATS at {self.url}",
                attempt=self.attempts,
                waiting_seconds=round(now - self.since, 1),
                reason=f"{type(error).__name__}: {error}".strip().rstrip(":"),
            )


class ServiceBroker(NatsBroker):
    """FastStream's broker, stopping also while NATS is away: its stop drains the connection, and a
    drain refuses a connection that is reconnecting, so a service stopped during an outage failed to
    stop. Such a connection can deliver nothing more: it is closed instead.

    Its first connection says while it waits for NATS (``_ConnectWaiting``)."""

    def __init__(self, servers: str, **options: Any) -> None:
        self._waiting = _ConnectWaiting(servers)
        super().__init__(servers, error_cb=self._waiting.failed, **options)

    async def connect(self) -> NatsClient:
        self._waiting.begin()
        try:
            connection = await super().connect()
        except BaseException:
            self._waiting.end(connected=False)
            raise
        self._waiting.end(connected=True)
        return connection

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
        SASLPlaintext(username=settings.nats_user, password=settings.nats_password_value())
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
