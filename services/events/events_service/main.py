"""Wiring of the events service. The service's code is imported when a definition is made, so
that the commands needing none of it (``migrate``, ``health``) start without it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from events_service.settings import EventsSettings
from netzwerkstatt import command

if TYPE_CHECKING:
    from netzwerkstatt.service import ServiceDefinition

MIGRATIONS = Path(__file__).parent / "migrations"


def definition(settings: EventsSettings | None = None) -> ServiceDefinition:
    from events_service.api import operations
    from events_service.consumers import consumers
    from events_service.due import DueChecker
    from events_service.store import metadata
    from netzwerkstatt.service import ServiceDefinition

    settings = settings or EventsSettings()
    due_checker = DueChecker(settings.agreement_check_seconds)
    return ServiceDefinition(
        settings=settings,
        metadata=metadata,
        operations=operations,
        consumers=consumers,
        migrations=MIGRATIONS,
        description="Series, events, agenda, invitations, registrations, attendance, agreements.",
        on_started=(due_checker.start,),
        on_stopping=(due_checker.stop,),
    )


def main() -> None:
    command.main(EventsSettings, MIGRATIONS, definition)
