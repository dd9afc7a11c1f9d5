"""Checking a submission against the snapshot of an open survey.

A submission maps question keys to raw values as they arrive (JSON): an integer for a rating, an
option key for a single choice, a list of option keys for a multiple choice, a string for free
text. ``None``, an empty or blank string and an empty list all mean "not answered". The result is
either a complete, normalised ``AnswerSet`` or a ``SubmissionRejected`` listing every problem per
question; nothing is ever accepted in part.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from feedback_service.domain.model import (
    RATING_MAX,
    RATING_MIN,
    Frozen,
    Question,
    QuestionType,
    TemplateSnapshot,
)


class RatingAnswer(Frozen):
    type: Literal[QuestionType.RATING] = QuestionType.RATING
    question_key: str
    value: int = Field(ge=RATING_MIN, le=RATING_MAX)


class SingleChoiceAnswer(Frozen):
    type: Literal[QuestionType.SINGLE_CHOICE] = QuestionType.SINGLE_CHOICE
    question_key: str
    option: str


class MultipleChoiceAnswer(Frozen):
    type: Literal[QuestionType.MULTIPLE_CHOICE] = QuestionType.MULTIPLE_CHOICE
    question_key: str
    options: tuple[str, ...] = Field(min_length=1)


class FreeTextAnswer(Frozen):
    """``text`` is ``None`` once the retention period has removed it; the answer still counts."""

    type: Literal[QuestionType.FREE_TEXT] = QuestionType.FREE_TEXT
    question_key: str
    text: str | None


Answer = Annotated[
    RatingAnswer | SingleChoiceAnswer | MultipleChoiceAnswer | FreeTextAnswer,
    Field(discriminator="type"),
]


class AnswerSet(Frozen):
    """One respondent's answers, in the order of the survey's questions; unanswered ones absent."""

    answers: tuple[Answer, ...]

    def get(self, question_key: str) -> Answer | None:
        return next((answer for answer in self.answers if answer.question_key == question_key), None)


class AnswerErrorCode(StrEnum):
    UNKNOWN_QUESTION = "unknown_question"
    MISSING_REQUIRED = "missing_required"
    WRONG_TYPE = "wrong_type"
    OUT_OF_RANGE = "out_of_range"
    UNKNOWN_OPTION = "unknown_option"
    DUPLICATE_OPTION = "duplicate_option"
    # A text over its question's limit: the code every service uses for a text too long (pydantic's),
    # with the limit as ``max_length``.
    TEXT_TOO_LONG = "string_too_long"
    # A text PostgreSQL cannot hold: the code every service uses for it.
    NUL_CHARACTER = "nul_character"


class AnswerError(Frozen):
    question_key: str
    code: AnswerErrorCode
    message: str
    # What the reader needs to put it right, e.g. a text's ``max_length``.
    params: dict[str, int] = Field(default_factory=dict)


class SubmissionRejected(Exception):
    code = "invalid_answers"

    def __init__(self, errors: tuple[AnswerError, ...]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{error.question_key}: {error.message}" for error in errors))


def _is_unanswered(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    return isinstance(raw, list | tuple) and len(raw) == 0


def _error(
    question: Question, code: AnswerErrorCode, message: str, params: dict[str, int] | None = None
) -> AnswerError:
    return AnswerError(question_key=question.key, code=code, message=message, params=params or {})


def _check_rating(question: Question, raw: object) -> RatingAnswer | AnswerError:
    # bool is an int in Python, but true/false is not a rating.
    if not isinstance(raw, int) or isinstance(raw, bool):
        return _error(question, AnswerErrorCode.WRONG_TYPE, "a rating must be a whole number")
    if not RATING_MIN <= raw <= RATING_MAX:
        return _error(
            question,
            AnswerErrorCode.OUT_OF_RANGE,
            f"a rating must be between {RATING_MIN} and {RATING_MAX}, got {raw}",
        )
    return RatingAnswer(question_key=question.key, value=raw)


def _check_single_choice(question: Question, raw: object) -> SingleChoiceAnswer | AnswerError:
    if not isinstance(raw, str):
        return _error(question, AnswerErrorCode.WRONG_TYPE, "a single choice must be one option key")
    if raw not in question.option_keys():
        return _error(question, AnswerErrorCode.UNKNOWN_OPTION, f"unknown option {raw!r}")
    return SingleChoiceAnswer(question_key=question.key, option=raw)


def _check_multiple_choice(question: Question, raw: object) -> MultipleChoiceAnswer | AnswerError:
    if not isinstance(raw, list | tuple) or not all(isinstance(item, str) for item in raw):
        return _error(question, AnswerErrorCode.WRONG_TYPE, "a multiple choice must be a list of option keys")
    known = question.option_keys()
    unknown = [item for item in raw if item not in known]
    if unknown:
        listed = ", ".join(repr(item) for item in unknown)
        return _error(question, AnswerErrorCode.UNKNOWN_OPTION, f"unknown option(s) {listed}")
    if len(set(raw)) != len(raw):
        return _error(question, AnswerErrorCode.DUPLICATE_OPTION, "an option was chosen more than once")
    chosen = set(raw)
    # Stored in the question's option order so equal choices look equal.
    return MultipleChoiceAnswer(question_key=question.key, options=tuple(k for k in known if k in chosen))


def _check_free_text(question: Question, raw: object) -> FreeTextAnswer | AnswerError:
    if not isinstance(raw, str):
        return _error(question, AnswerErrorCode.WRONG_TYPE, "a free-text answer must be text")
    if "\x00" in raw:
        return _error(question, AnswerErrorCode.NUL_CHARACTER, "must not contain NUL characters")
    text = unicodedata.normalize("NFC", raw).strip()
    limit = question.max_length
    if limit is not None and len(text) > limit:
        return _error(
            question,
            AnswerErrorCode.TEXT_TOO_LONG,
            f"the text has {len(text)} characters, at most {limit} are allowed",
            {"max_length": limit},
        )
    return FreeTextAnswer(question_key=question.key, text=text)


def _check_answer(question: Question, raw: object) -> Answer | AnswerError:
    if question.type is QuestionType.RATING:
        return _check_rating(question, raw)
    if question.type is QuestionType.SINGLE_CHOICE:
        return _check_single_choice(question, raw)
    if question.type is QuestionType.MULTIPLE_CHOICE:
        return _check_multiple_choice(question, raw)
    return _check_free_text(question, raw)


def validate_submission(snapshot: TemplateSnapshot, submission: Mapping[str, object]) -> AnswerSet:
    """The normalised answers, or ``SubmissionRejected`` with one error per faulty question."""
    errors: list[AnswerError] = [
        AnswerError(
            question_key=key,
            code=AnswerErrorCode.UNKNOWN_QUESTION,
            message=f"the survey has no question {key!r}",
        )
        for key in submission
        if snapshot.question(key) is None
    ]
    answers: list[Answer] = []
    for question in snapshot.questions:
        raw = submission.get(question.key)
        if _is_unanswered(raw):
            if question.required:
                errors.append(_error(question, AnswerErrorCode.MISSING_REQUIRED, "an answer is required"))
            continue
        checked = _check_answer(question, raw)
        if isinstance(checked, AnswerError):
            errors.append(checked)
        else:
            answers.append(checked)
    if errors:
        raise SubmissionRejected(tuple(errors))
    return AnswerSet(answers=tuple(answers))
