"""Wiring of the notifications service."""

from __future__ import annotations

from pathlib import Path

from netzwerkstatt import service

from notifications_service.api import operations
from notifications_service.consumers import consumers
from notifications_service.settings import NotificationsSettings
from notifications_service.store import metadata


def definition(settings: NotificationsSettings | None = None) -> service.ServiceDefinition:
    return service.ServiceDefinition(
        settings=settings or NotificationsSettings(),
        metadata=metadata,
        operations=operations,
        consumers=consumers,
        migrations=Path(__file__).parent / "migrations",
        description="Contacts, templates, e-mail with calendar files, reminders, delivery log.",
    )


def main() -> None:
    service.main(definition)
