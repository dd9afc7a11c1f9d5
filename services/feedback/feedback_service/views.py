"""The store's records as the views of the service's contract: one function per view."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from feedback_service.domain.answers import (
    AnswerSet,
    FreeTextAnswer,
    MultipleChoiceAnswer,
    RatingAnswer,
    SingleChoiceAnswer,
)
from feedback_service.domain.model import TemplateSnapshot
from feedback_service.domain.results import SeriesComparison, SurveyResults
from feedback_service.store.records import (
    SurveyCounts,
    SurveyInvitation,
    SurveyRecord,
    TemplateRecord,
)
from netzwerkstatt.contracts.feedback import (
    EditionSummaryView,
    PublicQuestion,
    PublicSurveyView,
    QuestionResultView,
    QuestionSpec,
    QuestionTrendView,
    SeriesComparisonView,
    SurveyInvitationHeld,
    SurveyResultsView,
    SurveyView,
    TemplateView,
)


def template_view(record: TemplateRecord, *, in_use: bool) -> TemplateView:
    template = record.template
    return TemplateView(
        id=template.id,
        name=template.name,
        language=template.language.value,
        questions=[QuestionSpec.model_validate(q.model_dump(mode="json")) for q in template.questions],
        version=template.version,
        built_in=record.built_in,
        in_use=in_use,
        updated_at=record.updated_at,
    )


def survey_view(
    survey: SurveyRecord, counts: SurveyCounts, network_id: uuid.UUID | None = None
) -> SurveyView:
    return SurveyView(
        id=survey.id,
        event_id=survey.event_id,
        title=survey.title,
        series_id=survey.series_id,
        series_title=survey.series_title,
        edition=survey.edition,
        template_id=survey.template_id,
        template_version=survey.snapshot.template_version,
        language=survey.snapshot.language.value,
        state=survey.state.value,
        opened_at=survey.opened_at,
        closes_at=survey.closes_at,
        closed_on=survey.closed_on,
        links_handed_out=counts.links_handed_out,
        links_pending=counts.links_pending,
        responses=counts.responses,
        free_texts_removed=survey.free_texts_removed,
        network_id=network_id,
    )


def results_view(survey: SurveyRecord, results: SurveyResults) -> SurveyResultsView:
    return SurveyResultsView(
        survey_id=survey.id,
        event_id=survey.event_id,
        title=results.title,
        language=results.language.value,
        state=survey.state.value,
        tokens_issued=results.tokens_issued,
        responses=results.responses,
        response_rate_percent=results.response_rate_percent,
        withheld=results.withheld,
        questions=[QuestionResultView.model_validate(q.model_dump()) for q in results.questions],
    )


def series_view(
    series_id: uuid.UUID, surveys: Sequence[SurveyRecord], comparison: SeriesComparison
) -> SeriesComparisonView:
    """The comparison of a series' editions; ``surveys`` are its editions' surveys, in its order."""
    return SeriesComparisonView(
        series_id=series_id,
        series_title=surveys[-1].series_title,
        editions=[
            EditionSummaryView.model_validate(
                {**edition.model_dump(), "survey_id": survey.id, "event_id": survey.event_id}
            )
            for edition, survey in zip(comparison.editions, surveys, strict=True)
        ],
        questions=[
            QuestionTrendView.model_validate(question.model_dump()) for question in comparison.questions
        ],
    )


def public_questions(snapshot: TemplateSnapshot) -> list[PublicQuestion]:
    language = snapshot.language
    return [
        PublicQuestion(
            key=question.key,
            type=question.type.value,
            text=question.text.in_language(language),
            required=question.required,
            options=[
                {"key": option.key, "label": option.label.in_language(language)}
                for option in question.options
            ],
            scale_labels={label.value: label.label.in_language(language) for label in question.scale_labels},
            max_length=question.max_length,
        )
        for question in snapshot.questions
    ]


def _raw_answers(answer_set: AnswerSet) -> dict[str, object]:
    """The answers in the shape a submission takes: question key → value."""
    values: dict[str, object] = {}
    for answer in answer_set.answers:
        if isinstance(answer, RatingAnswer):
            values[answer.question_key] = answer.value
        elif isinstance(answer, SingleChoiceAnswer):
            values[answer.question_key] = answer.option
        elif isinstance(answer, MultipleChoiceAnswer):
            values[answer.question_key] = list(answer.options)
        elif isinstance(answer, FreeTextAnswer):
            values[answer.question_key] = answer.text
    return values


def public_survey_view(survey: SurveyRecord, answers: AnswerSet | None) -> PublicSurveyView:
    """What the holder of a link sees: the questions, and the link's answers so far."""
    return PublicSurveyView(
        event_title=survey.title,
        language=survey.snapshot.language.value,
        closes_at=survey.closes_at,
        questions=public_questions(survey.snapshot),
        answers=_raw_answers(answers) if answers is not None else None,
    )


def invitation_held(invitation: SurveyInvitation) -> SurveyInvitationHeld:
    return SurveyInvitationHeld(
        survey_id=invitation.survey_id,
        event_id=invitation.event_id,
        title=invitation.title,
        state=invitation.state.value,
    )
