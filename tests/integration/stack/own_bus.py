"""A nats-server of a test module's own, configured as the stack's (the topology's users, accounts and
permissions), for tests whose messages and probes must not touch the session's streams."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from netzwerkstatt.stack import processes
from netzwerkstatt.stack.credentials import nats_server_environment, random_passwords
from netzwerkstatt.stack.nats import EmbeddedNats
from netzwerkstatt.stack.nats_config import default_config_path


@dataclass(frozen=True)
class Server:
    url: str
    passwords: dict[str, str]


@contextmanager
def nats_server_of_its_own(name: str) -> Iterator[Server]:
    folder = Path(tempfile.mkdtemp(prefix=f"netzwerkstatt-{name}-"))
    passwords = random_passwords()
    server = EmbeddedNats(
        store_dir=folder / "js",
        port=processes.free_port(),
        config_path=default_config_path(),
        env=nats_server_environment(passwords),
        log_path=folder / "nats.log",
    )
    server.start()
    try:
        yield Server(server.url, passwords)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
