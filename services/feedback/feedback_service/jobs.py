"""Background work of every replica: close due surveys, hand out links, remove expired free texts
(every ``jobs_interval_seconds`` and whenever a transaction recorded events), and announce new
responses at the boundaries of the announcement period. Row locks with SKIP LOCKED make each piece
of work happen once, however many replicas run."""

from __future__ import annotations

from datetime import UTC, date, datetime

from feedback_service import lifecycle, store
from feedback_service.domain.retention import (
    RetentionPolicy,
    surveys_with_expired_free_texts,
    without_free_texts,
)
from feedback_service.handout import hand_out_links
from feedback_service.settings import FeedbackSettings
from netzwerkstatt.days import day_of
from netzwerkstatt.db import Database, utcnow
from netzwerkstatt.logs import get_logger
from netzwerkstatt.loops import BackgroundLoop
from netzwerkstatt.principal import Principal
from netzwerkstatt.rpc import RpcClient
from netzwerkstatt.service import ServiceRuntime

log = get_logger(__name__)


async def remove_expired_free_texts(database: Database, settings: FeedbackSettings, today: date) -> list[str]:
    """Blank the free texts of closed surveys past retention; ratings, choices and counts stay."""
    policy = RetentionPolicy(free_text_days=settings.free_text_retention_days)
    removed: list[str] = []
    async with database.unit_of_work() as uow:
        candidates = await store.closed_surveys_keeping_free_texts(uow.session)
        expired = surveys_with_expired_free_texts(candidates, today=today, policy=policy)
        for survey_id in expired:
            for response in await store.keyed_answers(uow.session, survey_id):
                kept = without_free_texts(response.answers)
                await store.update_answers(uow.session, survey_id, response.key, kept)
            await store.mark_free_texts_removed(uow.session, survey_id)
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
            runtime.broker,
            timeout=settings.handout_call_timeout_seconds,
            principal=Principal.of_service("feedback"),
            caller="feedback",
        )
        period = settings.response_announcement_seconds
        self.maintenance = BackgroundLoop(
            "feedback-jobs", self._maintain, pause=settings.jobs_interval_seconds
        )
        self.announcements = BackgroundLoop(
            "feedback-announcements",
            self._announce,
            pause=period,
            start_after=_until_next_boundary(period),
        )

    def wake(self) -> None:
        self.maintenance.wake()

    def start(self) -> None:
        self.runtime.database.on_commit_with_events(self.wake)
        self.runtime.loops.run(self.maintenance)
        self.runtime.loops.run(self.announcements)

    async def stop(self) -> None:
        await self.maintenance.stop()
        await self.announcements.stop()

    async def run_once(self, now: datetime | None = None) -> None:
        moment = now or utcnow()
        database = self.runtime.database
        await close_due_surveys(database, moment)
        await hand_out_links(database, self.client, self.settings, moment)
        await remove_expired_free_texts(database, self.settings, day_of(moment))

    async def _maintain(self) -> None:
        await self.run_once()

    async def _announce(self) -> float:
        """Announce at the boundaries of the announcement period (half a second after each)."""
        await announce_responses(self.runtime.database, self.settings, utcnow())
        return _until_next_boundary(self.settings.response_announcement_seconds)


def _until_next_boundary(period: float) -> float:
    now = datetime.now(UTC).timestamp()
    return period - now % period + 0.5


async def seed_templates(database: Database) -> None:
    async with database.unit_of_work() as uow:
        await store.seed_default_templates(uow.session)
