"""Wiring of the events service."""

from __future__ import annotations

from pathlib import Path

from netzwerkstatt import service

from events_service.api import operations
from events_service.consumers import consumers
from events_service.settings import EventsSettings
from events_service.store import metadata


def definition(settings: EventsSettings | None = None) -> service.ServiceDefinition:
    return service.ServiceDefinition(
        settings=settings or EventsSettings(),
        metadata=metadata,
        operations=operations,
        consumers=consumers,
        migrations=Path(__file__).parent / "migrations",
        description="Series, events, agenda, invitations, registrations, attendance, agreements.",
    )


def main() -> None:
    service.main(definition)
