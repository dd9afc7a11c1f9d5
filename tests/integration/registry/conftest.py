"""Fixtures of the registry's integration tests: the running registry and a client that calls its
subjects as the gateway or another system would."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import nats
import pytest

# Test modules are imported by path; make the helper module next to them importable by name.
sys.path.insert(0, str(Path(__file__).parent))

from registry_helpers import RegistryApi

from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer


@pytest.fixture
async def api(registry: ServiceRuntime, nats_server: NatsServer) -> AsyncIterator[RegistryApi]:
    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    yield RegistryApi(registry, connection)
    await connection.close()
