"""Wiring of the feedback service."""

from __future__ import annotations

from pathlib import Path

from feedback_service.api import operations
from feedback_service.consumers import consumers_for
from feedback_service.jobs import FeedbackJobs, seed_templates
from feedback_service.settings import FeedbackSettings
from feedback_service.store.tables import metadata
from netzwerkstatt import service


def definition(settings: FeedbackSettings | None = None) -> service.ServiceDefinition:
    settings = settings or FeedbackSettings()
    jobs: dict[str, FeedbackJobs] = {}

    async def start_jobs(runtime: service.ServiceRuntime) -> None:
        await seed_templates(runtime.database)
        jobs["current"] = FeedbackJobs(runtime, settings)
        if settings.jobs_enabled:
            jobs["current"].start()

    async def stop_jobs(runtime: service.ServiceRuntime) -> None:
        if "current" in jobs:
            await jobs.pop("current").stop()

    return service.ServiceDefinition(
        settings=settings,
        metadata=metadata,
        operations=operations,
        consumers=consumers_for(settings),
        migrations=Path(__file__).parent / "migrations",
        description="Anonymous surveys after events and their results across a series.",
        on_started=(start_jobs,),
        on_stopping=(stop_jobs,),
    )


def main() -> None:
    service.main(definition)
