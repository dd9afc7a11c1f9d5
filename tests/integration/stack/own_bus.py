"""A nats-server of a test module's own, configured as the stack's (the topology's users, accounts and
permissions), for tests whose messages and probes must not touch the session's streams."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from netzwerkstatt.stack.credentials import random_passwords
from netzwerkstatt.testing.fixtures import fresh_servers_dir, serving_nats
from netzwerkstatt.testing.servers import NatsServer


@contextmanager
def nats_server_of_its_own() -> Iterator[NatsServer]:
    folder = fresh_servers_dir()
    try:
        with serving_nats(random_passwords(), folder, use_containers=False) as server:
            yield server
    finally:
        shutil.rmtree(folder, ignore_errors=True)
