"""Wiring of the events service."""

from __future__ import annotations

from pathlib import Path

from events_service.api import operations
from events_service.consumers import consumers
from events_service.due import DueChecker
from events_service.settings import EventsSettings
from events_service.store import metadata
from netzwerkstatt import service


def definition(settings: EventsSettings | None = None) -> service.ServiceDefinition:
    settings = settings or EventsSettings()
    due_checker = DueChecker(settings.agreement_check_seconds)
    return service.ServiceDefinition(
        settings=settings,
        metadata=metadata,
        operations=operations,
        consumers=consumers,
        migrations=Path(__file__).parent / "migrations",
        description="Series, events, agenda, invitations, registrations, attendance, agreements.",
        on_started=(due_checker.start,),
        on_stopping=(due_checker.stop,),
    )


def main() -> None:
    service.main(definition)
