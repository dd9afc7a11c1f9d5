from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest
from pydantic import ValidationError

from feedback_service.domain.answers import AnswerSet, FreeTextAnswer, RatingAnswer
from feedback_service.domain.retention import (
    ClosedSurvey,
    RetentionPolicy,
    free_texts_expire_on,
    surveys_with_expired_free_texts,
    without_free_texts,
)

SPRING, AUTUMN, OPEN = UUID(int=1), UUID(int=2), UUID(int=3)
SURVEYS = [
    ClosedSurvey(survey_id=SPRING, closed_on=date(2025, 3, 31)),
    ClosedSurvey(survey_id=AUTUMN, closed_on=date(2025, 11, 30)),
    ClosedSurvey(survey_id=OPEN, closed_on=None),
]


def test_free_texts_expire_the_configured_number_of_days_after_closing() -> None:
    assert free_texts_expire_on(date(2025, 3, 31), RetentionPolicy(free_text_days=90)) == date(2025, 6, 29)


def test_only_surveys_closed_longer_than_the_period_are_due() -> None:
    policy = RetentionPolicy(free_text_days=180)
    assert surveys_with_expired_free_texts(SURVEYS, today=date(2025, 9, 26), policy=policy) == ()
    assert surveys_with_expired_free_texts(SURVEYS, today=date(2025, 9, 27), policy=policy) == (SPRING,)
    assert surveys_with_expired_free_texts(SURVEYS, today=date(2026, 12, 31), policy=policy) == (
        SPRING,
        AUTUMN,
    )


def test_the_default_period_is_a_year() -> None:
    assert surveys_with_expired_free_texts(SURVEYS, today=date(2026, 3, 30), policy=RetentionPolicy()) == ()
    assert surveys_with_expired_free_texts(SURVEYS, today=date(2026, 3, 31), policy=RetentionPolicy()) == (
        SPRING,
    )


def test_a_retention_period_must_be_at_least_a_day() -> None:
    with pytest.raises(ValidationError, match="free_text_days"):
        RetentionPolicy(free_text_days=0)


def test_removing_free_texts_keeps_the_ratings() -> None:
    answers = AnswerSet(
        answers=(
            RatingAnswer(question_key="overall", value=4),
            FreeTextAnswer(question_key="keep", text="Die Speed-Beratung"),
        )
    )
    assert without_free_texts(answers) == AnswerSet(
        answers=(
            RatingAnswer(question_key="overall", value=4),
            FreeTextAnswer(question_key="keep", text=None),
        )
    )
