"""Facts in and out: the events service's facts as the store's event record, and the store's survey
records as the facts the service announces."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from feedback_service.domain.results import round_half_up
from feedback_service.store.records import EventRecord, SurveyRecord
from netzwerkstatt.contracts.events import EventFacts
from netzwerkstatt.contracts.feedback import ResponseSubmitted, SurveyClosed, SurveyOpened


def event_record(facts: EventFacts) -> EventRecord:
    return EventRecord(
        event_id=facts.event_id,
        title=facts.title,
        series_id=facts.series_id,
        series_title=facts.series_title,
        edition=facts.edition,
        first_day=min((day.date for day in facts.days), default=None),
        status=facts.status,
        version=facts.version,
        network_id=facts.network_id,
    )


def survey_opened(survey: SurveyRecord) -> SurveyOpened:
    return SurveyOpened(
        survey_id=survey.id,
        event_id=survey.event_id,
        series_id=survey.series_id,
        title=survey.title,
        language=survey.snapshot.language.value,
        closes_at=survey.closes_at,
    )


def response_rate(responses: int, tokens_issued: int) -> Decimal | None:
    return round_half_up(Fraction(responses * 100, tokens_issued)) if tokens_issued else None


def survey_closed(survey: SurveyRecord, *, tokens_issued: int, responses: int) -> SurveyClosed:
    return SurveyClosed(
        survey_id=survey.id,
        event_id=survey.event_id,
        series_id=survey.series_id,
        tokens_issued=tokens_issued,
        responses=responses,
        response_rate_percent=response_rate(responses, tokens_issued),
    )


def responses_announced(
    survey: SurveyRecord, *, responses: int, period_start: datetime, period_end: datetime
) -> ResponseSubmitted:
    """The answers that arrived since the survey's last announcement, counted only."""
    return ResponseSubmitted(
        survey_id=survey.id,
        event_id=survey.event_id,
        responses=responses,
        new_responses=responses - survey.announced_responses,
        period_start=period_start,
        period_end=period_end,
    )
