"""A survey's life: opened for an event (with a frozen snapshot and a fresh pepper), attendees
invited, closed when due (the pepper, digests and marks are destroyed, responses re-keyed), and the
batched announcement of new responses. Each function runs inside the caller's unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from feedback_service import clock, facts, store
from feedback_service.domain.anonymity import SurveyState, new_pepper, new_row_key
from feedback_service.domain.links import invitee_mark
from feedback_service.domain.model import TemplateSnapshot, take_snapshot
from feedback_service.settings import FeedbackSettings
from feedback_service.store.records import SurveyRecord
from netzwerkstatt.days import day_of
from netzwerkstatt.db import UnitOfWork, utcnow
from netzwerkstatt.errors import NotFound, RuleViolation
from netzwerkstatt.logs import get_logger

log = get_logger(__name__)


async def template_snapshot(
    session: AsyncSession, settings: FeedbackSettings, template_id: uuid.UUID | None
) -> tuple[uuid.UUID, TemplateSnapshot]:
    """The template a new survey takes (the one named, else the default) and its questions as they
    are now, the template locked against editing until the survey is written; ``not_found`` at
    ``template_id`` when there is none."""
    chosen = template_id or settings.default_template_id
    template = await store.template(session, chosen, lock="share")
    if template is None:
        raise NotFound.for_field("template_id", f"no survey template {chosen}")
    return chosen, take_snapshot(template.template)


async def open_survey(
    uow: UnitOfWork,
    settings: FeedbackSettings,
    *,
    event_id: uuid.UUID,
    template_id: uuid.UUID | None = None,
    open_for_days: int | None = None,
    now: datetime | None = None,
) -> SurveyRecord:
    """Open the event's survey (or return it as it is when it is open already)."""
    session = uow.session
    existing = await store.survey_for_event(session, event_id, lock="update")
    if existing is not None:
        if existing.state is SurveyState.CLOSED:
            raise RuleViolation.for_field(
                "event_id", "the survey of this event has closed and cannot open again", "survey_closed"
            )
        return existing
    event = await store.known_event(session, event_id)
    if event is None:
        raise NotFound.for_field("event_id", f"no event {event_id} is known to the feedback service")
    chosen, snapshot = await template_snapshot(session, settings, template_id)
    opened_at = now or utcnow()
    survey = SurveyRecord(
        id=uuid.uuid4(),
        event_id=event_id,
        title=event.title,
        series_id=event.series_id,
        series_title=event.series_title,
        edition=event.edition,
        first_day=event.first_day,
        template_id=chosen,
        snapshot=snapshot,
        state=SurveyState.OPEN,
        pepper=new_pepper(),
        opened_at=opened_at,
        closes_at=opened_at + timedelta(days=open_for_days or settings.survey_open_days),
        closed_on=None,
        tokens_issued=0,
        announced_responses=0,
        announced_period=announcement_period(opened_at, settings),
        free_texts_removed=False,
    )
    await store.insert_survey(session, survey)
    await uow.record(facts.survey_opened(survey), subject=survey.id)
    log.info("survey opened", survey_id=str(survey.id), event_id=str(event_id))
    return survey


async def invite(
    uow: UnitOfWork, survey: SurveyRecord, person_ids: Sequence[uuid.UUID], *, now: datetime | None = None
) -> int:
    """Queue a link for every person not invited to this survey before; returns how many."""
    if not survey.is_open or survey.pepper is None or not person_ids:
        return 0
    marks = {invitee_mark(survey.pepper, person_id): person_id for person_id in set(person_ids)}
    new_marks = await store.add_invitee_marks(uow.session, survey.id, list(marks))
    newcomers = [marks[mark] for mark in new_marks]
    await store.add_pending_handouts(uow.session, survey.id, newcomers, now or utcnow())
    return len(newcomers)


async def close_survey(uow: UnitOfWork, survey_id: uuid.UUID, *, today: date | None = None) -> SurveyRecord:
    """Close an open survey: from now on no link leads to any answer (README, "Closing")."""
    session = uow.session
    survey = await store.survey(session, survey_id, lock="update")
    if survey is None:
        raise NotFound.for_field("survey_id", f"no survey {survey_id}")
    if not survey.is_open:
        raise RuleViolation.for_field("survey_id", "the survey is not open", "survey_not_open")
    tokens_issued = await store.count_digests(session, survey_id)
    await store.forget_open_state(session, survey_id)
    responses = await store.rekey_responses(session, survey_id, new_row_key)
    await store.mark_closed(session, survey_id, closed_on=today or clock.today(), tokens_issued=tokens_issued)
    await uow.record(
        facts.survey_closed(survey, tokens_issued=tokens_issued, responses=responses), subject=survey_id
    )
    log.info("survey closed", survey_id=str(survey_id), responses=responses)
    closed = await store.survey(session, survey_id)
    assert closed is not None  # locked above, and surveys are never deleted
    return closed


async def close_due_surveys(uow: UnitOfWork, now: datetime) -> list[uuid.UUID]:
    """Close every open survey past its time; with several replicas each survey closes once."""
    due = await store.due_survey_ids(uow.session, now)
    for survey_id in due:
        await close_survey(uow, survey_id, today=day_of(now))
    return due


def announcement_period(moment: datetime, settings: FeedbackSettings) -> int:
    return int(moment.timestamp()) // settings.response_announcement_seconds


async def announce_responses(uow: UnitOfWork, settings: FeedbackSettings, now: datetime) -> int:
    """At most once per period and survey: how many answers arrived since the last announcement.

    Run at period boundaries; the event's time then says no more than "within that period"."""
    period = announcement_period(now, settings)
    seconds = settings.response_announcement_seconds
    announced = 0
    for survey in await store.surveys_to_announce(uow.session, period):
        total = await store.count_responses(uow.session, survey.id)
        await store.mark_announced(uow.session, survey.id, period=period, responses=total)
        if total <= survey.announced_responses:
            continue
        await uow.record(
            facts.responses_announced(
                survey,
                responses=total,
                period_start=datetime.fromtimestamp(survey.announced_period * seconds, tz=now.tzinfo),
                period_end=datetime.fromtimestamp(period * seconds, tz=now.tzinfo),
            ),
            subject=survey.id,
        )
        announced += 1
    return announced
