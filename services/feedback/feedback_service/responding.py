"""Answering by link: the public page reads the survey (and the link's own answers, to change
them), and a submission stores a complete, valid answer set under the link's response key.

Neither ever logs or repeats the token; rejections say what is wrong, not with which link."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import SecretStr
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from feedback_service import store, views
from feedback_service.domain.anonymity import (
    SurveyState,
    TokenRejected,
    TokenRejectedCode,
    authorise_response,
    token_digest,
)
from feedback_service.domain.answers import SubmissionRejected, validate_submission
from feedback_service.domain.links import split_link_token
from feedback_service.store.records import SurveyRecord
from netzwerkstatt.contracts.feedback import (
    PublicSurveyView,
    ResponseAccepted,
    SubmitResponse,
    SurveyForToken,
)
from netzwerkstatt.db import Database, utcnow
from netzwerkstatt.errors import FieldError, InvalidInput, NotFound, RuleViolation, ServiceError, Unavailable

INVALID_LINK = "the link is not valid for any survey; please use the link from your e-mail"


def _invalid_link() -> ServiceError:
    return NotFound.for_field("token", INVALID_LINK, TokenRejectedCode.UNKNOWN_TOKEN.value)


async def _authorise(
    session: AsyncSession, token: SecretStr, *, lock: store.Lock
) -> tuple[SurveyRecord, str]:
    """The survey and this link's response key, or the error the page shows."""
    parts = split_link_token(token)
    if parts is None:
        raise _invalid_link()
    survey_id, secret = parts
    survey = await store.survey(session, survey_id, lock=lock)
    if survey is None:
        raise _invalid_link()
    state = survey.state
    if state is SurveyState.OPEN and survey.closes_at <= utcnow():
        state = SurveyState.CLOSED  # due, and the closing job has not come round yet
    pepper = survey.pepper
    issued: set[str] = set()
    if state is SurveyState.OPEN and pepper is not None:
        digest = token_digest(pepper, secret)
        if await store.digest_issued(session, survey_id, digest):
            issued.add(digest)
    try:
        key = authorise_response(state=state, pepper=pepper, token=secret, issued_digests=issued)
    except TokenRejected as rejected:
        if rejected.code is TokenRejectedCode.SURVEY_CLOSED:
            closed = survey.closed_on or survey.closes_at.date()
            raise RuleViolation.for_field(
                "token",
                f"the survey closed on {closed:%d.%m.%Y}; answers are no longer accepted or changed",
                rejected.code.value,
            ) from None
        if rejected.code is TokenRejectedCode.SURVEY_NOT_OPEN:
            raise RuleViolation.for_field("token", str(rejected), rejected.code.value) from None
        raise _invalid_link() from None
    return survey, key


_VALUE_FIELDS = ("value", "option", "options", "text")


def submitted_answers(
    answers: Mapping[str, object] | Sequence[Mapping[str, object]],
) -> Mapping[str, object]:
    """Both accepted shapes (unchecked JSON) as question key → raw value; a malformed list item is
    an error."""
    if isinstance(answers, Mapping):
        return answers
    raw: dict[str, object] = {}
    problems: list[FieldError] = []
    for index, item in enumerate(answers):
        key = item.get("question_key")
        values = [name for name in _VALUE_FIELDS if name in item]
        if not isinstance(key, str) or len(values) != 1:
            message = "each answer needs a question_key and exactly one of value, option, options, text"
            problems.append(FieldError(field=f"answers.{index}", message=message, code="malformed"))
        elif key in raw:
            message = "the question is answered twice"
            problems.append(FieldError(field=f"answers.{key}", message=message, code="duplicate_answer"))
        else:
            raw[key] = item[values[0]]
    if problems:
        raise InvalidInput("the answers were not stored; please correct the questions named", problems)
    return raw


async def survey_for_token(database: Database, request: SurveyForToken) -> PublicSurveyView:
    async with database.read() as session:
        survey, key = await _authorise(session, request.token, lock=None)
        stored = await store.response_answers(session, survey.id, key)
    return views.public_survey_view(survey, stored)


async def submit_response(database: Database, request: SubmitResponse) -> ResponseAccepted:
    async with database.unit_of_work() as uow:
        # A share lock: the survey cannot close between this check and the write.
        survey, key = await _authorise(uow.session, request.token, lock="share")
        try:
            answer_set = validate_submission(survey.snapshot, submitted_answers(request.answers))
        except SubmissionRejected as rejected:
            raise InvalidInput(
                "the answers were not stored; please correct the questions named",
                [
                    FieldError(
                        field=f"answers.{error.question_key}",
                        message=error.message,
                        code=error.code,
                        params=error.params,
                    )
                    for error in rejected.errors
                ],
            ) from None
        try:
            replaced = await store.store_response(uow.session, survey.id, key, answer_set)
        except DBAPIError:
            # Not passed on: the database's error text would carry the response key and answers.
            raise Unavailable("the answers could not be stored just now; please try again") from None
    return ResponseAccepted(replaced=replaced, closes_at=survey.closes_at)
