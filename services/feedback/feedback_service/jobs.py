"""Background work of every replica: close due surveys, hand out links, remove expired free texts
(every ``jobs_interval_seconds`` and whenever a transaction recorded events), and announce new
responses at the boundaries of the announcement period. Row locks with SKIP LOCKED make each piece
of work happen once, however many replicas run."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, date, datetime

from feedback_service import lifecycle, store
from feedback_service.handout import hand_out_links
from feedback_service.settings import FeedbackSettings
from feedback_service.surveys.answers import AnswerSet
from feedback_service.surveys.retention import (
    ClosedSurvey,
    RetentionPolicy,
    surveys_with_expired_free_texts,
    without_free_texts,
)
from netzwerkstatt.db import Database, utcnow
from netzwerkstatt.logs import get_logger
from netzwerkstatt.rpc import RpcClient
from netzwerkstatt.service import ServiceRuntime

log = get_logger(__name__)


async def remove_expired_free_texts(database: Database, settings: FeedbackSettings, today: date) -> list[str]:
    """Blank the free texts of closed surveys past retention; ratings, choices and counts stay."""
    policy = RetentionPolicy(free_text_days=settings.free_text_retention_days)
    removed: list[str] = []
    async with database.unit_of_work() as uow:
        candidates = await store.closed_surveys_keeping_free_texts(uow.session)
        expired = surveys_with_expired_free_texts(
            [ClosedSurvey(survey_id=row["id"], closed_on=row["closed_on"]) for row in candidates],
            today=today,
            policy=policy,
        )
        for survey_id in expired:
            for key, answers in await store.keyed_answers(uow.session, survey_id):
                kept = without_free_texts(AnswerSet.model_validate(answers))
                await store.update_answers(uow.session, survey_id, key, kept.model_dump(mode="json"))
            await store.update_survey(uow.session, survey_id, free_texts_removed=True)
            removed.append(str(survey_id))
    if removed:
        log.info("free texts past retention removed", surveys=removed)
    return removed


async def close_due_surveys(database: Database, now: datetime) -> int:
    async with database.unit_of_work() as uow:
        return len(await lifecycle.close_due_surveys(uow, now))


async def announce_responses(database: Database, settings: FeedbackSettings, now: datetime) -> int:
    async with database.unit_of_work() as uow:
        return await lifecycle.announce_responses(uow, settings, now)


class FeedbackJobs:
    def __init__(self, runtime: ServiceRuntime, settings: FeedbackSettings) -> None:
        self.runtime = runtime
        self.settings = settings
        self.client = RpcClient(
            runtime.broker, timeout=settings.handout_call_timeout_seconds, caller=runtime.name
        )
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self.runtime.database.on_commit_with_events(self.wake)
        self._tasks = [
            asyncio.create_task(self._maintain(), name="feedback-jobs"),
            asyncio.create_task(self._announce(), name="feedback-announcements"),
        ]

    async def stop(self) -> None:
        # The flag ends the loops even if a cancellation is lost in asyncio.wait_for.
        self._stopping = True
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=10)
        self._tasks = []

    async def run_once(self, now: datetime | None = None) -> None:
        moment = now or utcnow()
        database = self.runtime.database
        await close_due_surveys(database, moment)
        await hand_out_links(database, self.client, self.settings, moment)
        await remove_expired_free_texts(database, self.settings, moment.date())

    async def _maintain(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self.run_once()
            except Exception as error:
                # Only the type: a database error's text would include statement parameters.
                log.error("feedback jobs failed; trying again", error=type(error).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.settings.jobs_interval_seconds)

    async def _announce(self) -> None:
        period = self.settings.response_announcement_seconds
        while not self._stopping:
            now = datetime.now(UTC).timestamp()
            await asyncio.sleep(period - now % period + 0.5)
            try:
                await announce_responses(self.runtime.database, self.settings, utcnow())
            except Exception as error:
                log.error("response announcement failed", error=type(error).__name__)


async def seed_templates(database: Database) -> None:
    async with database.unit_of_work() as uow:
        await store.seed_default_templates(uow.session)
