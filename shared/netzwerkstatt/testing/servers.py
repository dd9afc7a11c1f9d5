"""What a test sees of the session's servers, whether they run embedded or in containers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from nats.aio.client import Client as NatsClient

from netzwerkstatt import topology
from netzwerkstatt.bus import connect
from netzwerkstatt.stack.credentials import database_url
from netzwerkstatt.stack.postgres import with_database


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str


class Startable(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...


class NatsServer:
    """The session's nats-server. ``stop()`` and ``start()`` simulate an outage: the server comes
    back on the same URL with the same JetStream store."""

    def __init__(self, url: str, passwords: Mapping[str, str], backend: Startable) -> None:
        self.url = url
        self._passwords = dict(passwords)
        self._backend = backend

    @property
    def admin(self) -> Credentials:
        """May publish and subscribe on every subject."""
        return self.credentials(topology.ADMIN)

    def credentials(self, user: str) -> Credentials:
        """A service's, the gateway's or the admin's NATS login."""
        if user not in topology.nats_users():
            raise KeyError(f"user: no NATS user {user!r} in the topology")
        return Credentials(user, self._passwords[user])

    async def connect(self, user: str, **options: Any) -> NatsClient:
        """A nats-py connection with a user's credentials and its own inbox prefix."""
        credentials = self.credentials(user)
        return await connect(self.url, credentials.user, credentials.password, **options)

    def stop(self) -> None:
        self._backend.stop()

    def start(self) -> None:
        self._backend.start()

    def restart(self) -> None:
        self.stop()
        self.start()


class Crashable(Startable, Protocol):
    def stop_immediately(self) -> None: ...


class PostgresServer:
    """The session's PostgreSQL, bootstrapped once: database, roles and schemas exist.
    ``stop_immediately()`` and ``start()`` simulate an outage (embedded server only)."""

    database_name = topology.DATABASE_NAME

    def __init__(
        self,
        host: str,
        port: int,
        superuser_dsn: str,
        passwords: Mapping[str, str],
        backend: Crashable | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.superuser_dsn = superuser_dsn
        self._passwords = dict(passwords)
        self._backend = backend

    @property
    def log_path(self) -> Path | None:
        """The embedded server's log file (a container's log is its output: ``None``)."""
        path = getattr(self._backend, "log_path", None)
        return path if isinstance(path, Path) else None

    def stop_immediately(self) -> None:
        if self._backend is None:
            raise RuntimeError("this PostgreSQL cannot be stopped by the tests (a container)")
        self._backend.stop_immediately()

    def start(self) -> None:
        if self._backend is None:
            raise RuntimeError("this PostgreSQL cannot be started by the tests (a container)")
        self._backend.start()

    @property
    def superuser_database_dsn(self) -> str:
        """Superuser connection to the netzwerkstatt database (plain ``postgresql://``)."""
        return with_database(self.superuser_dsn, self.database_name)

    def credentials(self, service: str) -> Credentials:
        if service not in (*topology.SERVICES, topology.GATEWAY):
            raise KeyError(f"service: no database role {service!r}")
        return Credentials(service, self._passwords[service])

    def dsn(self, service: str, driver: str = "postgresql+asyncpg") -> str:
        """The service role's URL; ``driver="postgresql"`` gives one asyncpg.connect accepts."""
        return database_url(service, self.credentials(service).password, self.host, self.port, driver)
