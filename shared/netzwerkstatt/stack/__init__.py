"""The embedded stack: real NATS and PostgreSQL servers from Python wheels, their bootstrap, and the
supervisor behind `make up`. Used for local development and by the test fixtures."""

from netzwerkstatt.stack.credentials import (
    database_url,
    dev_passwords,
    nats_server_environment,
    random_passwords,
    service_environment,
)
from netzwerkstatt.stack.nats import EmbeddedNats
from netzwerkstatt.stack.nats_config import render_nats_config
from netzwerkstatt.stack.postgres import EmbeddedPostgres, bootstrap_database
from netzwerkstatt.stack.processes import free_port

__all__ = [
    "EmbeddedNats",
    "EmbeddedPostgres",
    "bootstrap_database",
    "database_url",
    "dev_passwords",
    "free_port",
    "nats_server_environment",
    "random_passwords",
    "render_nats_config",
    "service_environment",
]
