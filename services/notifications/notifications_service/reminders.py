"""Reminders: a durable schedule per event (table ``reminder_jobs``) and the scheduler that runs it.

- One job per event, offset and start time (unique), planned while the event is published; jobs
  whose moment has passed at planning time are not planned (a late registrant gets the next one).
- When the event moves, planned jobs for the old start are dropped and new ones planned; when it is
  cancelled, its planned jobs are dropped. Jobs already done stay done.
- A due job is claimed with ``FOR UPDATE SKIP LOCKED`` and marked done in the same transaction that
  queues its messages, so each job runs once, with any number of replicas and across restarts.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.db import Database, utcnow
from netzwerkstatt.logs import get_logger
from netzwerkstatt.loops import BackgroundLoop, Loops
from notifications_service import projections, queue
from notifications_service.messages.kinds import MessageKind
from notifications_service.outgoing import MessageFacts, registration_link
from notifications_service.store import reminder_jobs
from notifications_service.store.records import ReminderJob

log = get_logger(__name__)

# 7 days and 1 day before the start, unless staff chose other offsets for the event.
DEFAULT_OFFSETS_SECONDS: tuple[int, ...] = (7 * 24 * 3600, 24 * 3600)

PLANNED = "planned"
DONE = "done"
DROPPED = "dropped"
MISSED = "missed"
PUBLISHED = "published"
CONFIRMED = "confirmed"


async def plan(
    session: AsyncSession, event_id: uuid.UUID, starts_at: datetime, offsets_seconds: Sequence[int]
) -> None:
    """Make the planned jobs of an event match its start and offsets."""
    await session.execute(
        reminder_jobs.update()
        .where(
            reminder_jobs.c.event_id == event_id,
            reminder_jobs.c.status == PLANNED,
            sa.or_(
                reminder_jobs.c.event_starts_at != starts_at,
                reminder_jobs.c.offset_seconds.not_in(list(offsets_seconds)),
            ),
        )
        .values(status=DROPPED)
    )
    now = utcnow()
    for offset in sorted(set(offsets_seconds), reverse=True):
        due_at = starts_at - timedelta(seconds=offset)
        if due_at <= now:
            continue
        statement = insert(reminder_jobs).values(
            id=uuid.uuid4(),
            event_id=event_id,
            offset_seconds=offset,
            event_starts_at=starts_at,
            due_at=due_at,
            status=PLANNED,
        )
        # Moved back to a start it had before: the dropped job is planned again (never a done one).
        await session.execute(
            statement.on_conflict_do_update(
                constraint="reminder_jobs_once",
                set_={"status": PLANNED},
                where=reminder_jobs.c.status == DROPPED,
            )
        )


async def drop(session: AsyncSession, event_id: uuid.UUID) -> None:
    await session.execute(
        reminder_jobs.update()
        .where(reminder_jobs.c.event_id == event_id, reminder_jobs.c.status == PLANNED)
        .values(status=DROPPED)
    )


async def replan(session: AsyncSession, event_id: uuid.UUID) -> None:
    """Plan or drop the event's reminders from what the projection holds now."""
    event = await projections.event_schedule(session, event_id)
    if event is None:
        return
    if event.status != PUBLISHED:
        await drop(session, event_id)
        return
    offsets = event.reminder_offsets_seconds
    await plan(session, event_id, event.starts_at, DEFAULT_OFFSETS_SECONDS if offsets is None else offsets)


def _job(row: sa.Row[Any]) -> ReminderJob:
    return ReminderJob(
        id=row.id,
        event_id=row.event_id,
        offset_seconds=row.offset_seconds,
        event_starts_at=row.event_starts_at,
        due_at=row.due_at,
        status=row.status,
        done_at=row.done_at,
        recipients=row.recipients,
    )


async def jobs_of(session: AsyncSession, event_id: uuid.UUID) -> list[ReminderJob]:
    query = (
        sa.select(reminder_jobs)
        .where(reminder_jobs.c.event_id == event_id)
        .order_by(reminder_jobs.c.due_at, reminder_jobs.c.offset_seconds)
    )
    return [_job(row) for row in await session.execute(query)]


async def run_due_jobs(session: AsyncSession, limit: int = 10) -> int:
    """Queue the reminders of due jobs; returns how many jobs were handled."""
    due = (
        sa.select(reminder_jobs)
        .where(reminder_jobs.c.status == PLANNED, reminder_jobs.c.due_at <= sa.func.now())
        .order_by(reminder_jobs.c.due_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    jobs = [_job(row) for row in await session.execute(due)]
    for job in jobs:
        status, recipients = await _run_job(session, job)
        await session.execute(
            reminder_jobs.update()
            .where(reminder_jobs.c.id == job.id)
            .values(status=status, done_at=utcnow(), recipients=recipients)
        )
    return len(jobs)


async def _run_job(session: AsyncSession, job: ReminderJob) -> tuple[str, int]:
    event = await projections.event_schedule(session, job.event_id)
    if event is None or event.status != PUBLISHED or event.starts_at != job.event_starts_at:
        return DROPPED, 0
    if event.starts_at <= utcnow():
        return MISSED, 0
    facts = await projections.event_facts(session, job.event_id)
    assert facts is not None  # its schedule was just read in this transaction
    confirmed = await projections.registrations_of(session, job.event_id, {CONFIRMED})
    for registration in confirmed:
        await queue.enqueue(
            session,
            kind=MessageKind.REMINDER,
            person_id=registration.person_id,
            subject_id=f"reminder-job:{job.id}",
            version=0,
            facts=MessageFacts(event=facts, link=registration_link(registration.registration_id)),
        )
    log.info("reminders queued", event_id=str(job.event_id), recipients=len(confirmed))
    return DONE, len(confirmed)


class ReminderScheduler:
    def __init__(self, database: Database, poll_seconds: float) -> None:
        self.database = database
        self.poll_seconds = poll_seconds
        self.loop = BackgroundLoop("notifications-reminders", self._step, pause=poll_seconds)

    def start(self, loops: Loops) -> None:
        loops.run(self.loop)

    async def stop(self) -> None:
        await self.loop.stop()

    async def run_once(self) -> int:
        async with self.database.unit_of_work() as uow:
            return await run_due_jobs(uow.session)

    async def _step(self) -> float | None:
        handled = await self.run_once()
        return 0.0 if handled else None
