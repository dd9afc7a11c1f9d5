"""Test support: real NATS and PostgreSQL servers for a pytest session (see ``fixtures``)."""

from netzwerkstatt.testing.servers import Credentials, NatsServer, PostgresServer

__all__ = ["Credentials", "NatsServer", "PostgresServer"]
