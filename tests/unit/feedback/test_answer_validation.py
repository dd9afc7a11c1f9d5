from __future__ import annotations

import pytest

from feedback_service.domain.answers import (
    AnswerErrorCode,
    AnswerSet,
    FreeTextAnswer,
    MultipleChoiceAnswer,
    RatingAnswer,
    SingleChoiceAnswer,
    SubmissionRejected,
    validate_submission,
)
from feedback_service.domain.defaults import EVENT_EVALUATION_DE
from feedback_service.domain.model import TemplateSnapshot, take_snapshot

VALID = {
    "overall": 4,
    "format": "online",
    "methods": ["barcamp", "world_cafe"],
    "remarks": "  Gern wieder!  ",
}


def rejected(snapshot: TemplateSnapshot, submission: dict[str, object]) -> dict[str, AnswerErrorCode]:
    with pytest.raises(SubmissionRejected) as raised:
        validate_submission(snapshot, submission)
    return {error.question_key: error.code for error in raised.value.errors}


def test_a_valid_submission_becomes_a_normalised_answer_set(mixed_snapshot: TemplateSnapshot) -> None:
    answers = validate_submission(mixed_snapshot, VALID)
    assert answers == AnswerSet(
        answers=(
            RatingAnswer(question_key="overall", value=4),
            SingleChoiceAnswer(question_key="format", option="online"),
            # stored in the question's option order, whatever order they were ticked in
            MultipleChoiceAnswer(question_key="methods", options=("world_cafe", "barcamp")),
            FreeTextAnswer(question_key="remarks", text="Gern wieder!"),
        )
    )


def test_optional_questions_may_be_left_out_or_blank(mixed_snapshot: TemplateSnapshot) -> None:
    answers = validate_submission(
        mixed_snapshot, {"overall": 1, "format": "in_person", "methods": [], "remarks": " "}
    )
    assert [answer.question_key for answer in answers.answers] == ["overall", "format"]


@pytest.mark.parametrize("value", [0, 6, -1, 100])
def test_a_rating_outside_one_to_five_is_out_of_range(mixed_snapshot: TemplateSnapshot, value: int) -> None:
    assert rejected(mixed_snapshot, {**VALID, "overall": value}) == {"overall": AnswerErrorCode.OUT_OF_RANGE}


@pytest.mark.parametrize("value", ["4", 4.0, True, [4]])
def test_a_rating_that_is_not_a_whole_number_has_the_wrong_type(
    mixed_snapshot: TemplateSnapshot, value: object
) -> None:
    assert rejected(mixed_snapshot, {**VALID, "overall": value}) == {"overall": AnswerErrorCode.WRONG_TYPE}


def test_a_single_choice_must_name_a_known_option(mixed_snapshot: TemplateSnapshot) -> None:
    assert rejected(mixed_snapshot, {**VALID, "format": "hybrid"}) == {
        "format": AnswerErrorCode.UNKNOWN_OPTION
    }
    assert rejected(mixed_snapshot, {**VALID, "format": ["online"]}) == {"format": AnswerErrorCode.WRONG_TYPE}


def test_a_multiple_choice_must_list_known_options_once_each(mixed_snapshot: TemplateSnapshot) -> None:
    assert rejected(mixed_snapshot, {**VALID, "methods": ["barcamp", "fishbowl"]}) == {
        "methods": AnswerErrorCode.UNKNOWN_OPTION
    }
    assert rejected(mixed_snapshot, {**VALID, "methods": ["barcamp", "barcamp"]}) == {
        "methods": AnswerErrorCode.DUPLICATE_OPTION
    }
    assert rejected(mixed_snapshot, {**VALID, "methods": "barcamp"}) == {
        "methods": AnswerErrorCode.WRONG_TYPE
    }


def test_free_text_longer_than_its_limit_is_too_long(mixed_snapshot: TemplateSnapshot) -> None:
    at_limit = validate_submission(mixed_snapshot, {**VALID, "remarks": "x" * 50})
    assert at_limit.get("remarks") == FreeTextAnswer(question_key="remarks", text="x" * 50)
    assert rejected(mixed_snapshot, {**VALID, "remarks": "x" * 51}) == {
        "remarks": AnswerErrorCode.TEXT_TOO_LONG
    }
    with pytest.raises(SubmissionRejected) as raised:
        validate_submission(mixed_snapshot, {**VALID, "remarks": "x" * 51})
    assert raised.value.errors[0].params == {"max_length": 50}  # the limit, for the page to name
    assert rejected(mixed_snapshot, {**VALID, "remarks": 42}) == {"remarks": AnswerErrorCode.WRONG_TYPE}


def test_the_default_free_text_limit_is_two_thousand_characters() -> None:
    snapshot = take_snapshot(EVENT_EVALUATION_DE)
    ratings = {"overall": 5, "usefulness": 5, "organisation": 5, "topics": 5, "networking": 5}
    assert validate_submission(snapshot, {**ratings, "keep": "a" * 2000}).get("keep") is not None
    with pytest.raises(SubmissionRejected, match="2001 characters, at most 2000"):
        validate_submission(snapshot, {**ratings, "keep": "a" * 2001})


def test_a_missing_required_answer_is_reported(mixed_snapshot: TemplateSnapshot) -> None:
    assert rejected(mixed_snapshot, {"format": "online"}) == {"overall": AnswerErrorCode.MISSING_REQUIRED}
    assert rejected(mixed_snapshot, {"overall": 3, "format": None}) == {
        "format": AnswerErrorCode.MISSING_REQUIRED
    }


def test_an_answer_to_an_unknown_question_is_reported(mixed_snapshot: TemplateSnapshot) -> None:
    assert rejected(mixed_snapshot, {**VALID, "catering": 5}) == {
        "catering": AnswerErrorCode.UNKNOWN_QUESTION
    }


def test_every_faulty_question_gets_its_own_error_and_nothing_is_accepted(
    mixed_snapshot: TemplateSnapshot,
) -> None:
    with pytest.raises(SubmissionRejected) as raised:
        validate_submission(
            mixed_snapshot,
            {"overall": 9, "methods": ["nope"], "remarks": "y" * 80, "extra": 1},
        )
    errors = raised.value.errors
    assert [(e.question_key, e.code) for e in errors] == [
        ("extra", AnswerErrorCode.UNKNOWN_QUESTION),
        ("overall", AnswerErrorCode.OUT_OF_RANGE),
        ("format", AnswerErrorCode.MISSING_REQUIRED),
        ("methods", AnswerErrorCode.UNKNOWN_OPTION),
        ("remarks", AnswerErrorCode.TEXT_TOO_LONG),
    ]
    assert raised.value.code == "invalid_answers"
    assert "overall: a rating must be between 1 and 5, got 9" in str(raised.value)
