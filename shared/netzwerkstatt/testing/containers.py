"""The same servers in containers, for machines where a Docker engine answers (``DOCKER_HOST`` or
Docker's default socket; podman's Docker API works too, see deploy/README.md).

The images are those of the compose file by default; machines that reach no registry name their
local builds in ``NETZWERKSTATT_NATS_IMAGE`` and ``NETZWERKSTATT_POSTGRES_IMAGE`` (make images
builds them: scripts/containers/images.env)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from netzwerkstatt import topology
from netzwerkstatt.stack import processes
from netzwerkstatt.stack.credentials import nats_server_environment
from netzwerkstatt.stack.postgres import PRIVATE_LOG_SETTINGS

NATS_IMAGE = "nats:2.15.1-alpine"
POSTGRES_IMAGE = "postgres:18.6-alpine"
CONFIG_IN_CONTAINER = "/etc/nats/nats.conf"


def nats_image() -> str:
    return os.environ.get("NETZWERKSTATT_NATS_IMAGE") or NATS_IMAGE


def postgres_image() -> str:
    return os.environ.get("NETZWERKSTATT_POSTGRES_IMAGE") or POSTGRES_IMAGE


def docker_engine_answers() -> bool:
    try:
        import docker

        docker.from_env().ping()
    except Exception:  # any failure (no socket, no package, no permission) means: no engine
        return False
    return True


class NatsContainer:
    """nats-server with JetStream and the repository's nats.conf, bound to a fixed host port so
    a stopped and restarted container keeps its URL (and, being the same container, its store)."""

    def __init__(self, config_path: Path, host_port: int, passwords: Mapping[str, str]) -> None:
        from testcontainers.core.container import DockerContainer

        self.host_port = host_port
        self._container: Any = (
            DockerContainer(nats_image())
            .with_volume_mapping(str(config_path), CONFIG_IN_CONTAINER, "ro")
            .with_command(f"-c {CONFIG_IN_CONTAINER} -js -sd /data")
            .with_bind_ports(4222, host_port)
        )
        for name, value in nats_server_environment(passwords).items():
            self._container.with_env(name, value)
        self._started = False

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.host_port}"

    def start(self) -> None:
        if not self._started:
            self._container.start()
            self._started = True
        else:
            self._container.get_wrapped_container().start()
        processes.wait_until(lambda: processes.port_accepts_connections(self.host_port), 30, "NATS container")

    def stop(self) -> None:
        self._container.get_wrapped_container().stop(timeout=10)

    def remove(self) -> None:
        self._container.stop()


# The server's options, the container's command (the image's entrypoint takes them as ``postgres``'s).
POSTGRES_OPTIONS = " ".join(f"-c {setting}" for setting in PRIVATE_LOG_SETTINGS)


class PostgresContainer:
    def __init__(self, passwords: Mapping[str, str]) -> None:
        from testcontainers.community.postgres import PostgresContainer as Container

        self._container: Any = Container(
            postgres_image(),
            username="postgres",
            password=passwords[topology.ADMIN],
            dbname="postgres",
            driver=None,
        )
        self._container.with_command(POSTGRES_OPTIONS)

    def start(self) -> None:
        self._container.start()

    @property
    def host(self) -> str:
        return str(self._container.get_container_host_ip())

    @property
    def port(self) -> int:
        return int(self._container.get_exposed_port(5432))

    @property
    def superuser_dsn(self) -> str:
        return str(self._container.get_connection_url())

    def remove(self) -> None:
        self._container.stop()
