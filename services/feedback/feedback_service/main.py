"""Wiring of the feedback service. The service's code is imported when a definition is made, so
that the commands needing none of it (``migrate``, ``health``) start without it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from feedback_service.settings import FeedbackSettings
from netzwerkstatt import command

if TYPE_CHECKING:
    from netzwerkstatt.service import ServiceDefinition

MIGRATIONS = Path(__file__).parent / "migrations"


def definition(settings: FeedbackSettings | None = None) -> ServiceDefinition:
    from feedback_service.api import operations
    from feedback_service.consumers import consumers_for
    from feedback_service.jobs import FeedbackJobs, seed_templates
    from feedback_service.store.tables import metadata
    from netzwerkstatt.service import ServiceDefinition, ServiceRuntime

    settings = settings or FeedbackSettings()
    jobs: dict[str, FeedbackJobs] = {}

    async def start_jobs(runtime: ServiceRuntime) -> None:
        await seed_templates(runtime.database)
        jobs["current"] = FeedbackJobs(runtime, settings)
        if settings.jobs_enabled:
            jobs["current"].start()

    async def stop_jobs(runtime: ServiceRuntime) -> None:
        if "current" in jobs:
            await jobs.pop("current").stop()

    return ServiceDefinition(
        settings=settings,
        metadata=metadata,
        operations=operations,
        consumers=consumers_for(settings),
        migrations=MIGRATIONS,
        description="Anonymous surveys after events and their results across a series.",
        on_started=(start_jobs,),
        on_stopping=(stop_jobs,),
    )


def main() -> None:
    command.main(FeedbackSettings, MIGRATIONS, definition)
