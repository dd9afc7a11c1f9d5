"""Wiring of the registry service."""

from __future__ import annotations

from pathlib import Path

from netzwerkstatt import service
from registry_service.api import operations
from registry_service.consumers import consumers
from registry_service.settings import RegistrySettings
from registry_service.store import metadata


def definition(settings: RegistrySettings | None = None) -> service.ServiceDefinition:
    return service.ServiceDefinition(
        settings=settings or RegistrySettings(),
        metadata=metadata,
        operations=operations,
        consumers=consumers,
        migrations=Path(__file__).parent / "migrations",
        description="Actors of the networks: organisations, people, networks, regions, responsibilities.",
    )


def main() -> None:
    service.main(definition)
