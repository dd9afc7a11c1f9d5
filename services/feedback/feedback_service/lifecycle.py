"""A survey's life: opened for an event (with a frozen snapshot and a fresh pepper), attendees
invited, closed when due (the pepper, digests and marks are destroyed, responses re-keyed), and the
batched announcement of new responses. Each function runs inside the caller's unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from pydantic import SecretBytes

from feedback_service import store
from feedback_service.domain.anonymity import SurveyState, new_pepper, new_row_key
from feedback_service.domain.links import invitee_mark
from feedback_service.domain.model import take_snapshot
from feedback_service.domain.results import round_half_up
from feedback_service.settings import FeedbackSettings
from netzwerkstatt.contracts.feedback import ResponseSubmitted, SurveyClosed, SurveyOpened
from netzwerkstatt.db import UnitOfWork, utcnow
from netzwerkstatt.errors import NotFound, RuleViolation
from netzwerkstatt.logs import get_logger

log = get_logger(__name__)


def edition_label(row: Any) -> str:
    if row["edition"] is not None and row["series_title"]:
        return f"{row['edition']}. {row['series_title']}"
    return str(row["title"])


async def open_survey(
    uow: UnitOfWork,
    settings: FeedbackSettings,
    *,
    event_id: uuid.UUID,
    template_id: uuid.UUID | None = None,
    open_for_days: int | None = None,
    now: datetime | None = None,
) -> Any:
    """Open the event's survey (or return it as it is when it is open already)."""
    session = uow.session
    existing = await store.survey_row_for_event(session, event_id, lock="update")
    if existing is not None:
        if existing["state"] == SurveyState.CLOSED:
            raise RuleViolation.for_field(
                "event_id", "the survey of this event has closed and cannot open again", "survey_closed"
            )
        return existing
    facts = await store.event_facts_row(session, event_id)
    if facts is None:
        raise NotFound.for_field("event_id", f"no event {event_id} is known to the feedback service")
    chosen = template_id or settings.default_template_id
    template_row = await store.template_row(session, chosen, lock="share")
    if template_row is None:
        raise NotFound.for_field("template_id", f"no survey template {chosen}")
    snapshot = take_snapshot(store.template_from_row(template_row))
    opened_at = now or utcnow()
    row = {
        "id": uuid.uuid4(),
        "event_id": event_id,
        "title": facts["title"],
        "series_id": facts["series_id"],
        "series_title": facts["series_title"],
        "edition": facts["edition"],
        "first_day": facts["first_day"],
        "template_id": chosen,
        "snapshot": snapshot.model_dump(mode="json"),
        "state": SurveyState.OPEN.value,
        "pepper": new_pepper().get_secret_value(),
        "opened_at": opened_at,
        "closes_at": opened_at + timedelta(days=open_for_days or settings.survey_open_days),
        "closed_on": None,
        "tokens_issued": 0,
        "announced_responses": 0,
        "announced_period": announcement_period(opened_at, settings),
        "free_texts_removed": False,
    }
    await store.insert_survey(session, row)
    await uow.record(
        SurveyOpened(
            survey_id=row["id"],
            event_id=event_id,
            series_id=row["series_id"],
            title=row["title"],
            language=snapshot.language.value,
            closes_at=row["closes_at"],
        ),
        subject=row["id"],
    )
    log.info("survey opened", survey_id=str(row["id"]), event_id=str(event_id))
    return row


async def invite(
    uow: UnitOfWork, survey: Any, person_ids: Sequence[uuid.UUID], *, now: datetime | None = None
) -> int:
    """Queue a link for every person not invited to this survey before; returns how many."""
    if survey["state"] != SurveyState.OPEN or not person_ids:
        return 0
    pepper = SecretBytes(bytes(survey["pepper"]))
    marks = {invitee_mark(pepper, person_id): person_id for person_id in set(person_ids)}
    new_marks = await store.add_invitee_marks(uow.session, survey["id"], list(marks))
    newcomers = [marks[mark] for mark in new_marks]
    await store.add_pending_handouts(uow.session, survey["id"], newcomers, now or utcnow())
    return len(newcomers)


def response_rate(responses: int, tokens_issued: int) -> Any:
    return round_half_up(Fraction(responses * 100, tokens_issued)) if tokens_issued else None


async def close_survey(uow: UnitOfWork, survey_id: uuid.UUID, *, today: Any = None) -> Any:
    """Close an open survey: from now on no link leads to any answer (README, "Closing")."""
    session = uow.session
    survey = await store.survey_row(session, survey_id, lock="update")
    if survey is None:
        raise NotFound.for_field("survey_id", f"no survey {survey_id}")
    if survey["state"] != SurveyState.OPEN:
        raise RuleViolation.for_field("survey_id", "the survey is not open", "survey_not_open")
    tokens_issued = await store.count_digests(session, survey_id)
    answers = await store.all_answers(session, survey_id)
    await store.forget_open_state(session, survey_id)
    await store.replace_all_responses(session, survey_id, [(new_row_key(), a) for a in answers])
    closed_on = today or utcnow().date()
    await store.update_survey(
        session,
        survey_id,
        state=SurveyState.CLOSED.value,
        pepper=None,
        closed_on=closed_on,
        tokens_issued=tokens_issued,
    )
    await uow.record(
        SurveyClosed(
            survey_id=survey_id,
            event_id=survey["event_id"],
            series_id=survey["series_id"],
            tokens_issued=tokens_issued,
            responses=len(answers),
            response_rate_percent=response_rate(len(answers), tokens_issued),
        ),
        subject=survey_id,
    )
    log.info("survey closed", survey_id=str(survey_id), responses=len(answers))
    return await store.survey_row(session, survey_id)


async def close_due_surveys(uow: UnitOfWork, now: datetime) -> list[uuid.UUID]:
    """Close every open survey past its time; with several replicas each survey closes once."""
    due = await store.due_survey_ids(uow.session, now)
    for survey_id in due:
        await close_survey(uow, survey_id, today=now.date())
    return due


def announcement_period(moment: datetime, settings: FeedbackSettings) -> int:
    return int(moment.timestamp()) // settings.response_announcement_seconds


async def announce_responses(uow: UnitOfWork, settings: FeedbackSettings, now: datetime) -> int:
    """At most once per period and survey: how many answers arrived since the last announcement.

    Run at period boundaries; the event's time then says no more than "within that period"."""
    period = announcement_period(now, settings)
    seconds = settings.response_announcement_seconds
    rows = await store.survey_rows_to_announce(uow.session, period)
    announced = 0
    for survey in rows:
        total = await store.count_responses(uow.session, survey["id"])
        await store.update_survey(
            uow.session, survey["id"], announced_period=period, announced_responses=total
        )
        if total <= survey["announced_responses"]:
            continue
        await uow.record(
            ResponseSubmitted(
                survey_id=survey["id"],
                event_id=survey["event_id"],
                responses=total,
                new_responses=total - survey["announced_responses"],
                period_start=datetime.fromtimestamp(survey["announced_period"] * seconds, tz=now.tzinfo),
                period_end=datetime.fromtimestamp(period * seconds, tz=now.tzinfo),
            ),
            subject=survey["id"],
        )
        announced += 1
    return announced
