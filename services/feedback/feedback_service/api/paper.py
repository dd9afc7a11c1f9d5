"""Surveys given on paper, entered afterwards: for an event held before it was kept here (or one
whose feedback was collected with printed forms), the forms handed out and the answers of those
returned become a closed survey whose results count like any other, in the series comparison too.

The survey is closed from the start: no pepper, no links, no invitee marks; each form is stored
under a random key, as the answers of a closed survey are. Free texts already past their retention
period (counted from ``closed_on``) are not stored. It announces ``survey.paper_entered`` (counts
only), which no service acts on; nobody is sent anything."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from feedback_service import clock, store
from feedback_service.api.base import SettingsDep, operations, survey_view
from feedback_service.domain.anonymity import SurveyState, new_row_key
from feedback_service.domain.answers import AnswerSet, SubmissionRejected, validate_submission
from feedback_service.domain.model import TemplateSnapshot
from feedback_service.domain.retention import RetentionPolicy, free_texts_expire_on, without_free_texts
from feedback_service.facts import response_rate
from feedback_service.lifecycle import template_snapshot
from feedback_service.store.records import EventRecord, SurveyRecord
from netzwerkstatt.contracts.feedback import EnterPaperSurvey, PaperSurveyEntered, SurveyView
from netzwerkstatt.db import DatabaseDep, hold_chosen_id
from netzwerkstatt.errors import Conflict, FieldError, InvalidInput, NotFound, RuleViolation
from netzwerkstatt.principal import Access, Principal, require_change

# The events service's status of an event that took place (its facts carry it).
COMPLETED = "completed"


def _answers(snapshot: TemplateSnapshot, request: EnterPaperSurvey) -> list[AnswerSet]:
    """Every form's answers checked against the template; all problems at once, by form and question."""
    checked: list[AnswerSet] = []
    problems: list[FieldError] = []
    for index, form in enumerate(request.forms):
        try:
            checked.append(validate_submission(snapshot, form))
        except SubmissionRejected as rejected:
            problems.extend(
                FieldError(
                    field=f"forms.{index}.{error.question_key}",
                    message=error.message,
                    code=error.code,
                    params=error.params,
                )
                for error in rejected.errors
            )
    if problems:
        raise InvalidInput("the forms were not entered; please correct the answers named", problems)
    return checked


def _check_dates_and_counts(request: EnterPaperSurvey, event: EventRecord, today: date) -> None:
    problems: list[FieldError] = []
    if request.closed_on > today:
        message = "the last form came back today or earlier"
        problems.append(FieldError(field="closed_on", message=message, code="closed_in_future"))
    if event.first_day is not None and request.closed_on < event.first_day:
        message = f"the forms came back after the event began ({event.first_day:%d.%m.%Y})"
        problems.append(FieldError(field="closed_on", message=message, code="closed_before_event"))
    if request.handed_out < len(request.forms):
        message = f"{len(request.forms)} forms came back, more than the {request.handed_out} handed out"
        problems.append(FieldError(field="handed_out", message=message, code="more_returned_than_handed_out"))
    if problems:
        raise RuleViolation("; ".join(f"{p.field}: {p.message}" for p in problems), problems)


async def _refuse_existing_id(request: EnterPaperSurvey, principal: Principal, session: AsyncSession) -> None:
    """Refuses a survey id that exists (``duplicate_id``), after checking that the principal may
    change its event: an event of another network is not even confirmed to have one."""
    if request.id is None:
        return
    await hold_chosen_id(session, "survey", request.id)
    existing = await store.survey(session, request.id)
    if existing is None:
        return
    event = await store.known_event(session, existing.event_id)
    require_change(principal, event.network_id if event else None)
    raise Conflict.for_field("id", f"a survey with id {request.id} exists", "duplicate_id")


@operations("survey.enter_paper", access=Access.CHANGE)
async def enter_paper_survey(
    request: EnterPaperSurvey, principal: Principal, db: DatabaseDep, settings: SettingsDep
) -> SurveyView:
    """Enter the paper survey of a completed event as closed: the forms handed out, the day the last
    came back (today or earlier, not before the event) and each returned form's answers, checked as
    answers given by link are (``forms.N.<question>``). An event with a survey already is
    ``survey_exists`` at ``event_id``; an id that exists is ``duplicate_id`` at ``id``. Admins and
    coordinators of the event's network; nobody is sent anything."""
    today = clock.today()
    async with db.unit_of_work() as uow:
        session = uow.session
        await _refuse_existing_id(request, principal, session)
        event = await store.known_event(session, request.event_id)
        if event is None:
            raise NotFound.for_field(
                "event_id", f"no event {request.event_id} is known to the feedback service"
            )
        require_change(principal, event.network_id)
        if event.status != COMPLETED:
            raise RuleViolation.for_field(
                "event_id", "paper forms are entered for a completed event", "event_not_completed"
            )
        if await store.survey_for_event(session, event.event_id, lock="update") is not None:
            raise Conflict.for_field("event_id", "this event has a survey already", "survey_exists")
        chosen, snapshot = await template_snapshot(session, settings, request.template_id)
        _check_dates_and_counts(request, event, today)
        answers = _answers(snapshot, request)
        policy = RetentionPolicy(free_text_days=settings.free_text_retention_days)
        expired = today >= free_texts_expire_on(request.closed_on, policy)
        opened_on = event.first_day or request.closed_on
        survey = SurveyRecord(
            id=request.id or uuid.uuid4(),
            event_id=event.event_id,
            title=event.title,
            series_id=event.series_id,
            series_title=event.series_title,
            edition=event.edition,
            first_day=event.first_day,
            template_id=chosen,
            snapshot=snapshot,
            state=SurveyState.CLOSED,
            pepper=None,
            opened_at=datetime.combine(opened_on, time(0), tzinfo=UTC),
            closes_at=datetime.combine(request.closed_on + timedelta(days=1), time(0), tzinfo=UTC),
            closed_on=request.closed_on,
            tokens_issued=request.handed_out,
            announced_responses=len(answers),  # counted in the fact below
            announced_period=0,
            free_texts_removed=expired,
        )
        await store.insert_survey(session, survey)
        for answer_set in answers:
            kept = without_free_texts(answer_set) if expired else answer_set
            await store.store_response(session, survey.id, new_row_key(), kept)
        entered = PaperSurveyEntered(
            survey_id=survey.id,
            event_id=survey.event_id,
            series_id=survey.series_id,
            handed_out=request.handed_out,
            responses=len(answers),
            response_rate_percent=response_rate(len(answers), request.handed_out),
        )
        await uow.record(entered, subject=survey.id)
        stored = await store.survey(session, survey.id)
        assert stored is not None  # written just now
        return await survey_view(session, stored)
