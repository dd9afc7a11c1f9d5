"""The test fixtures' container path (netzwerkstatt.testing.containers), run against podman's
Docker API with the locally built NATS and PostgreSQL images: the servers start in containers, the
database is bootstrapped with a role and schema per service, a fact travels from the registry to
the events service's projection, and a NATS outage (container stopped and started again on the
same port, with the same JetStream store) loses nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from gateway_service.settings import GatewaySettings
from netzwerkstatt.bus import nats_broker
from netzwerkstatt.contracts.registry import CreateOrganisation
from netzwerkstatt.errors import Unavailable
from netzwerkstatt.principal import Principal, Role
from netzwerkstatt.rpc import RpcClient
from netzwerkstatt.stack import processes
from netzwerkstatt.stack.credentials import random_passwords
from netzwerkstatt.stack.nats_config import default_config_path
from netzwerkstatt.stack.postgres import bootstrap_database
from netzwerkstatt.testing.containers import NatsContainer, PostgresContainer, docker_engine_answers
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import eventually, running, settings_for
from tests.deploy.containers.compose_driver import PODMAN_SOCKET, engine_missing, engine_socket, local_images

pytestmark = [pytest.mark.slow, pytest.mark.containers]


@pytest.fixture(scope="module")
def container_servers() -> Iterator[tuple[NatsServer, PostgresServer]]:
    reason = engine_missing(services=False)
    if reason is not None:
        pytest.skip(reason)
    with engine_socket():
        images = local_images()
        patch = pytest.MonkeyPatch()
        patch.setenv("DOCKER_HOST", f"unix://{PODMAN_SOCKET}")
        patch.setenv("NETZWERKSTATT_NATS_IMAGE", images["NATS_IMAGE"])
        patch.setenv("NETZWERKSTATT_POSTGRES_IMAGE", images["POSTGRES_IMAGE"])
        from testcontainers.core.config import testcontainers_config

        # The reaper container (testcontainers/ryuk) is an image from a registry: the fixtures remove
        # their containers themselves.
        patch.setattr(testcontainers_config, "ryuk_disabled", True)
        # This machine looks like a container to testcontainers, which would then reach the servers
        # through a gateway address read from fields podman's API does not fill: the engine runs on
        # this host, so its published ports are on this host (TESTCONTAINERS_CONNECTION_MODE=docker_host).
        from testcontainers.core.config import ConnectionMode

        patch.setattr(testcontainers_config, "connection_mode_override", ConnectionMode.docker_host)
        try:
            assert docker_engine_answers(), "podman's Docker API answers as a Docker engine"
            passwords = random_passwords()
            nats = NatsContainer(default_config_path(), processes.free_port(), passwords)
            postgres = PostgresContainer(passwords)
            nats.start()
            try:
                postgres.start()
                try:
                    bootstrap_database(postgres.superuser_dsn, passwords)
                    yield (
                        NatsServer(nats.url, passwords, nats),
                        PostgresServer(postgres.host, postgres.port, postgres.superuser_dsn, passwords),
                    )
                finally:
                    postgres.remove()
            finally:
                nats.remove()
        finally:
            patch.undo()


async def test_a_fact_travels_between_services_on_container_servers_and_survives_a_nats_outage(
    container_servers: tuple[NatsServer, PostgresServer],
) -> None:
    from events_service.main import definition as events_definition
    from events_service.settings import EventsSettings
    from registry_service.main import definition as registry_definition
    from registry_service.settings import RegistrySettings

    nats, postgres = container_servers
    registry_settings = settings_for(RegistrySettings, nats, postgres)
    events_settings = settings_for(EventsSettings, nats, postgres)
    async with (
        running(registry_definition(registry_settings)),
        running(events_definition(events_settings)) as events,
    ):
        broker = nats_broker(settings_for(GatewaySettings, nats, postgres))  # as the gateway calls
        await broker.connect()
        client = RpcClient(broker, timeout=10, principal=Principal.staff(Role.ADMIN))
        projection = events.database.table("organisations")

        async def create(name: str) -> uuid.UUID:
            request = CreateOrganisation(name=name, type="jobcenter", region_keys=["14730"])
            created: dict[str, str] = await client.call("registry.organisation.create", request, dict)
            return uuid.UUID(created["id"])

        async def projected(identifier: uuid.UUID) -> bool:
            async with events.database.read() as session:
                found = await session.scalar(sa.select(sa.func.count()).where(projection.c.id == identifier))
            return found == 1

        first = await create("Jobcenter Nordsachsen (Container)")
        await eventually(lambda: projected(first), timeout=30)

        nats.stop()
        nats.start()
        after: list[uuid.UUID] = []

        async def created_once_reconnected() -> bool:
            try:
                after.append(await create("Jobcenter Leipzig (nach dem NATS-Ausfall)"))
            except Unavailable:
                return False  # the services are still reconnecting
            return True

        await eventually(created_once_reconnected, timeout=60, interval=0.5)
        await eventually(lambda: projected(after[0]), timeout=60)
        assert await projected(first)
        await broker.stop()
