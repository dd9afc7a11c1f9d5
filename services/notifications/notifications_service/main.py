"""Wiring of the notifications service: operations, consumers and its background work
(``background.py``). The service's code is imported when a definition is made, so that the
commands needing none of it (``migrate``, ``health``) start without it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from netzwerkstatt import command
from notifications_service.settings import NotificationsSettings

if TYPE_CHECKING:
    from netzwerkstatt.service import ServiceDefinition

MIGRATIONS = Path(__file__).parent / "migrations"


def definition(settings: NotificationsSettings | None = None) -> ServiceDefinition:
    from netzwerkstatt.service import ServiceDefinition
    from notifications_service.api import operations
    from notifications_service.background import Background, mail_queue_sample
    from notifications_service.consumers import consumers
    from notifications_service.store import metadata

    settings = settings or NotificationsSettings()
    background = Background(settings)
    return ServiceDefinition(
        settings=settings,
        metadata=metadata,
        operations=operations,
        consumers=consumers,
        migrations=MIGRATIONS,
        description="Contacts, templates, e-mail with calendar files, reminders, delivery log.",
        on_started=(background.start,),
        on_stopping=(background.stop,),
        metric_samples=(mail_queue_sample,),
    )


def main() -> None:
    command.main(NotificationsSettings, MIGRATIONS, definition)
