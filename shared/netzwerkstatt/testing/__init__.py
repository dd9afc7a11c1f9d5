"""Test support: real NATS and PostgreSQL servers for a pytest session (see ``fixtures``)."""

from netzwerkstatt.principal import Principal, Role
from netzwerkstatt.testing.servers import Credentials, NatsServer, PostgresServer

# Tests that call a service over NATS directly act as the gateway would for a signed-in admin.
ADMIN = Principal.staff(Role.ADMIN)
ADMIN_HEADERS = ADMIN.headers()

__all__ = ["ADMIN", "ADMIN_HEADERS", "Credentials", "NatsServer", "PostgresServer"]
