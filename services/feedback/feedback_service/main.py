"""Wiring of the feedback service."""

from __future__ import annotations

from pathlib import Path

from netzwerkstatt import service

from feedback_service.api import operations
from feedback_service.consumers import consumers
from feedback_service.settings import FeedbackSettings
from feedback_service.store import metadata


def definition(settings: FeedbackSettings | None = None) -> service.ServiceDefinition:
    return service.ServiceDefinition(
        settings=settings or FeedbackSettings(),
        metadata=metadata,
        operations=operations,
        consumers=consumers,
        migrations=Path(__file__).parent / "migrations",
        description="Anonymous surveys after events and their results across a series.",
    )


def main() -> None:
    service.main(definition)
