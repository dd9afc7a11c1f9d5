"""Feedback's history from the demo data file (``netzwerkstatt.demo``): the ready-made templates
and the closed surveys of completed demo events with their results, among them the IKOE-
Ideenwerkstatt's editions for the series comparison; the same editions the events service shows.

Surveys close 15 days after their event; free texts past their retention period are not written
(the retention job would have removed them). No survey is open, so no link goes out on start.
Written once per database (dates are relative to the first start); ids follow
``netzwerkstatt.demo.demo_id``. Answers are invented; no person is involved in any way.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from feedback_service import store
from feedback_service.domain.answers import AnswerSet, validate_submission
from feedback_service.domain.defaults import EVENT_EVALUATION_DE
from feedback_service.domain.model import take_snapshot
from feedback_service.store.tables import event_facts, responses, surveys
from netzwerkstatt import demo
from netzwerkstatt.db import Database
from netzwerkstatt.demo import SURVEY_OPEN_DAYS, DemoSurvey

_RATING_KEYS = ("overall", "usefulness", "organisation", "topics", "networking")


def _answers(survey: DemoSurvey, index: int) -> AnswerSet:
    raw: dict[str, object] = dict(zip(_RATING_KEYS, survey.ratings[index], strict=True))
    if index < len(survey.keep):
        raw["keep"] = survey.keep[index]
    if index < len(survey.change):
        raw["change"] = survey.change[index]
    snapshot = take_snapshot(EVENT_EVALUATION_DE)
    return validate_submission(snapshot, raw)


def _row_key(survey: DemoSurvey, index: int) -> str:
    # Stable for idempotent seeding; like the random keys of closed surveys it says nothing.
    return hashlib.sha256(f"demo-response:{survey.event_slug}:{index}".encode()).hexdigest()


async def seed_demo(database: Database) -> None:
    snapshot = take_snapshot(EVENT_EVALUATION_DE).model_dump(mode="json")
    data = demo.current()
    async with database.unit_of_work() as uow:
        session = uow.session
        await store.seed_default_templates(session)
        known = sa.select(surveys.c.id).where(surveys.c.id.in_([survey.survey_id for survey in data.surveys]))
        if (await session.execute(known.limit(1))).first() is not None:
            return
        networks = {event.slug: demo.demo_id("network", event.network_slug) for event in data.events}
        for survey in data.surveys:
            series_title = demo.event_series(survey.series_slug).title if survey.series_slug else None
            facts = {
                "event_id": survey.event_id,
                "title": survey.title,
                "series_id": survey.series_id,
                "series_title": series_title,
                "edition": survey.edition,
                "first_day": survey.first_day,
                "status": "completed",
            }
            network_id = networks.get(survey.event_slug)
            await session.execute(
                insert(event_facts).values(**facts, network_id=network_id, version=1).on_conflict_do_nothing()
            )
            opened_at = datetime.combine(
                survey.closes_on - timedelta(days=SURVEY_OPEN_DAYS), time(9), tzinfo=UTC
            )
            await session.execute(
                insert(surveys)
                .values(
                    id=survey.survey_id,
                    template_id=EVENT_EVALUATION_DE.id,
                    snapshot=snapshot,
                    state="closed",
                    pepper=None,
                    opened_at=opened_at,
                    closes_at=datetime.combine(survey.closes_on, time(9), tzinfo=UTC),
                    closed_on=survey.closes_on,
                    tokens_issued=survey.invited,
                    announced_responses=len(survey.ratings),
                    announced_period=0,
                    free_texts_removed=survey.free_texts_removed,
                    **{key: value for key, value in facts.items() if key != "status"},
                )
                .on_conflict_do_nothing()
            )
            for index in range(len(survey.ratings)):
                await session.execute(
                    insert(responses)
                    .values(
                        survey_id=survey.survey_id,
                        response_key=_row_key(survey, index),
                        answers=_answers(survey, index).model_dump(mode="json"),
                    )
                    .on_conflict_do_nothing()
                )
