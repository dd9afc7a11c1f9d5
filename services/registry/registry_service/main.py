"""Wiring of the registry service. The service's code is imported when a definition is made, so
that the commands needing none of it (``migrate``, ``health``) start without it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from netzwerkstatt import command
from registry_service.settings import RegistrySettings

if TYPE_CHECKING:
    from netzwerkstatt.service import ServiceDefinition

MIGRATIONS = Path(__file__).parent / "migrations"


def definition(settings: RegistrySettings | None = None) -> ServiceDefinition:
    from netzwerkstatt.service import ServiceDefinition
    from registry_service.api import operations
    from registry_service.consumers import consumers
    from registry_service.store import metadata

    return ServiceDefinition(
        settings=settings or RegistrySettings(),
        metadata=metadata,
        operations=operations,
        consumers=consumers,
        migrations=MIGRATIONS,
        description="Actors of the networks: organisations, people, networks, regions, responsibilities.",
    )


def main() -> None:
    command.main(RegistrySettings, MIGRATIONS, definition)
