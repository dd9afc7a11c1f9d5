"""Retention of free-text answers.

Responses carry no timestamps (see the README's "Anonymity"), so the clock for retention is the
day the survey closed. Once the period has passed, free texts are removed and everything else —
ratings, choices and the count of free-text answers — stays, so results and series trends remain.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from uuid import UUID

from pydantic import Field

from feedback_service.domain.answers import AnswerSet, FreeTextAnswer
from feedback_service.domain.model import Frozen

DEFAULT_FREE_TEXT_RETENTION_DAYS = 365


class RetentionPolicy(Frozen):
    free_text_days: int = Field(default=DEFAULT_FREE_TEXT_RETENTION_DAYS, ge=1)


class ClosedSurvey(Frozen):
    survey_id: UUID
    closed_on: date | None  # None while the survey is open or not yet opened


def free_texts_expire_on(closed_on: date, policy: RetentionPolicy) -> date:
    """The first day on which the survey's free texts are past retention."""
    return closed_on + timedelta(days=policy.free_text_days)


def surveys_with_expired_free_texts(
    surveys: Sequence[ClosedSurvey], *, today: date, policy: RetentionPolicy
) -> tuple[UUID, ...]:
    """The surveys whose free-text answers are to be deleted today; open surveys never are."""
    return tuple(
        survey.survey_id
        for survey in surveys
        if survey.closed_on is not None and today >= free_texts_expire_on(survey.closed_on, policy)
    )


def without_free_texts(answer_set: AnswerSet) -> AnswerSet:
    """The same answers with free texts blanked; the answer itself still counts as given."""
    return AnswerSet(
        answers=tuple(
            FreeTextAnswer(question_key=answer.question_key, text=None)
            if isinstance(answer, FreeTextAnswer)
            else answer
            for answer in answer_set.answers
        )
    )
