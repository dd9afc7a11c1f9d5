"""Passwords and the environment each process of the stack gets."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from urllib.parse import quote

from netzwerkstatt import topology
from netzwerkstatt.settings import dev_password
from netzwerkstatt.stack.nats_config import password_variable


def principals() -> tuple[str, ...]:
    """Everyone with credentials: the services, the gateway, the other systems' accounts (NATS
    only) and the operator (admin).

    The admin is a NATS user that may do everything; on PostgreSQL its password belongs to the
    superuser ``postgres``."""
    integrations = tuple(account.account for account in topology.INTEGRATIONS)
    return (*topology.SERVICES, topology.GATEWAY, *integrations, topology.ADMIN)


def dev_passwords() -> dict[str, str]:
    """Fixed passwords of the local embedded stack (``make up``) only: it listens on 127.0.0.1 and
    holds demo data. Never use them for a deployment; deploy/ takes secrets from its environment."""
    return {name: dev_password(name) for name in principals()}


def random_passwords() -> dict[str, str]:
    """Fresh passwords, e.g. for a test session (letters and digits only: safe in URLs)."""
    return {name: f"pw{secrets.token_hex(16)}" for name in principals()}


def nats_config_string(value: str) -> str:
    """nats-server parses an environment variable's value as a config value ("5G..." would be a
    size), so the value it receives must be a quoted string."""
    if any(character in value for character in '"\\') or not value.isprintable():
        raise ValueError("password: must not contain quotes, backslashes or control characters")
    return f'"{value}"'


def nats_server_environment(passwords: Mapping[str, str]) -> dict[str, str]:
    """The ``<USER>_NATS_PASSWORD`` variables nats.conf refers to, quoted for nats-server."""
    return {password_variable(user): nats_config_string(passwords[user]) for user in topology.nats_users()}


def database_url(
    service: str, password: str, host: str, port: int, driver: str = "postgresql+asyncpg"
) -> str:
    return f"{driver}://{service}:{quote(password, safe='')}@{host}:{port}/{topology.DATABASE_NAME}"


def service_environment(
    service: str, nats_url: str, pg_host: str, pg_port: int, passwords: Mapping[str, str]
) -> dict[str, str]:
    """Environment variables a service process reads its settings from."""
    prefix = service.upper()
    return {
        f"{prefix}_NATS_URL": nats_url,
        f"{prefix}_NATS_USER": service,
        f"{prefix}_NATS_PASSWORD": passwords[service],
        f"{prefix}_DATABASE_URL": database_url(service, passwords[service], pg_host, pg_port),
        f"{prefix}_LOG_FORMAT": "console",
    }
