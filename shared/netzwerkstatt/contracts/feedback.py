"""Contract of the feedback service: survey templates, surveys after events, anonymous answers by
token, results per event and across a series, exports, and the survey-level facts it announces.

No request, view or event here carries a person's identity next to a survey token or an answer;
see the "Anonymity" section of the feedback service's README.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, SecretStr
from pydantic_core import PydanticCustomError

from netzwerkstatt.contracts import MAX_STORED_INT, PageRequest, Request, View
from netzwerkstatt.envelope import DomainEvent

SERVICE = "feedback"
MAX_QUESTIONS = 100  # of a template, and so the answers of one response

QuestionTypeName = Literal["rating", "single_choice", "multiple_choice", "free_text"]
LanguageCode = Literal["de", "en"]
SurveyStateName = Literal["draft", "open", "closed"]
ExportFormat = Literal["csv", "xlsx"]
CsvPart = Literal["summary", "questions", "distributions", "free_texts", "series"]

# A survey link's token: the survey id (32 hex digits), a dot and 43 URL-safe random characters.
TOKEN_MIN_LENGTH = 76
TOKEN_MAX_LENGTH = 76


def _token_length(value: Any) -> Any:
    # Checked on the text, with the codes and words of every other text field: pydantic checks a
    # SecretStr's length as a sequence's ("too_short", "at least 76 items").
    if isinstance(value, str) and len(value) < TOKEN_MIN_LENGTH:
        raise PydanticCustomError(
            "string_too_short",
            "String should have at least {min_length} characters",
            {"min_length": TOKEN_MIN_LENGTH},
        )
    if isinstance(value, str) and len(value) > TOKEN_MAX_LENGTH:
        raise PydanticCustomError(
            "string_too_long",
            "String should have at most {max_length} characters",
            {"max_length": TOKEN_MAX_LENGTH},
        )
    return value


SurveyToken = Annotated[
    SecretStr,
    BeforeValidator(_token_length),
    Field(json_schema_extra={"minLength": TOKEN_MIN_LENGTH, "maxLength": TOKEN_MAX_LENGTH}),
]


# -- templates --------------------------------------------------------------------------------------


class Spec(View):
    """Part of a template as staff write it: unknown fields are an error, as in every request."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Spec):
    """A text shown to people, German first, English second."""

    de: str = Field(min_length=1, max_length=500, examples=["Wie bewerten Sie die Veranstaltung?"])
    en: str = Field(min_length=1, max_length=500, examples=["How do you rate the event?"])


class OptionSpec(Spec):
    key: str = Field(examples=["world_cafe"])
    label: Text


class ScaleLabelSpec(Spec):
    value: int = Field(ge=1, le=5)
    label: Text


class QuestionSpec(Spec):
    """One question. Choice questions have ``options``, ratings (1–5) may label their values,
    free texts have a ``max_length``."""

    key: str = Field(description="Lower case letters, digits and _", examples=["overall"])
    type: QuestionTypeName
    text: Text
    required: bool = False
    options: list[OptionSpec] = Field(default_factory=list)
    scale_labels: list[ScaleLabelSpec] = Field(default_factory=list)
    max_length: int | None = Field(default=None, ge=1, le=10_000, description="Free text only; default 2000")


class TemplateView(View):
    id: uuid.UUID
    name: str
    language: LanguageCode
    questions: list[QuestionSpec]
    version: int
    built_in: bool = Field(description="One of the ready-made evaluations")
    in_use: bool = Field(description="A survey uses it: it cannot be edited any more, only copied")
    updated_at: datetime


class ListTemplates(PageRequest):
    pass


class GetTemplate(Request):
    template_id: uuid.UUID


class CopyTemplate(Request):
    template_id: uuid.UUID = Field(examples=["5f1d7a52-3c1e-4a0b-9f43-7b2d1c0e6a01"])
    name: str = Field(min_length=1, max_length=200, examples=["Auswertung Ideenwerkstatt"])


class EditTemplate(Request):
    """Change name, language or questions of a template no survey uses yet."""

    template_id: uuid.UUID
    expected_version: int = Field(ge=1, le=MAX_STORED_INT, description="The version the editor started from")
    name: str | None = Field(default=None, min_length=1, max_length=200)
    language: LanguageCode | None = None
    questions: list[QuestionSpec] | None = Field(
        default=None, max_length=MAX_QUESTIONS, description="The full new list"
    )


# -- surveys ----------------------------------------------------------------------------------------


class OpenSurvey(Request):
    """Open the survey of an event by hand (it opens by itself when the event is completed)."""

    event_id: uuid.UUID
    template_id: uuid.UUID | None = Field(default=None, description="Default: the German evaluation")
    open_for_days: int | None = Field(default=None, ge=1, le=365, examples=[14])
    person_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=5000,
        description="Attendees to send a link to now; the event's completion adds the others",
    )


class CloseSurvey(Request):
    survey_id: uuid.UUID


class GetSurvey(Request):
    survey_id: uuid.UUID


class EnterPaperSurvey(Request):
    """The survey of a held event whose feedback was given on paper, entered afterwards: the forms
    handed out, the day the last one came back and the answers of each form returned, as a closed
    survey. No link is sent to anyone; the forms are as anonymous as answers given by link."""

    id: uuid.UUID | None = Field(
        default=None,
        description="Chosen by the caller (an id that exists is refused as duplicate_id)",
    )
    event_id: uuid.UUID = Field(description="A completed event known to the feedback service")
    template_id: uuid.UUID | None = Field(default=None, description="Default: the German evaluation")
    handed_out: int = Field(ge=0, le=100_000, description="Forms handed out (the response rate's base)")
    closed_on: date = Field(description="The day the last form came back: today or earlier")
    # Two thousand forms are entered in about a second, well inside the time a caller waits.
    forms: list[dict[str, Any]] = Field(
        default_factory=list,
        max_length=2000,
        description="The answers of each form returned: question key → rating (1–5), option key, "
        "list of option keys or text",
        examples=[[{"overall": 5, "usefulness": 4, "keep": "Das Barcamp"}]],
    )


class ListSurveys(PageRequest):
    event_id: uuid.UUID | None = None
    series_id: uuid.UUID | None = None
    state: SurveyStateName | None = None


class SurveyView(View):
    id: uuid.UUID
    event_id: uuid.UUID
    title: str
    series_id: uuid.UUID | None
    series_title: str | None
    edition: int | None
    template_id: uuid.UUID
    template_version: int
    language: LanguageCode
    state: SurveyStateName
    opened_at: datetime | None
    closes_at: datetime | None
    closed_on: date | None
    links_handed_out: int
    links_pending: int
    responses: int
    free_texts_removed: bool
    network_id: uuid.UUID | None = Field(
        default=None,
        description="The network of the survey's event: its coordinators and admins may close the survey",
    )


# -- answering (public, by token) -------------------------------------------------------------------


class SurveyForToken(Request):
    token: SurveyToken


class PublicQuestion(View):
    key: str
    type: QuestionTypeName
    text: str
    required: bool
    options: list[dict[str, str]] = Field(description="key and label of each option")
    scale_labels: dict[int, str]
    max_length: int | None


class PublicSurveyView(View):
    """What the public feedback page shows to the holder of a link."""

    event_title: str
    language: LanguageCode
    closes_at: datetime
    questions: list[PublicQuestion]
    answers: dict[str, Any] | None = Field(description="The link's current answers, to change them")


class SubmitResponse(Request):
    # Each answer is checked at its question (``answers.<question key>``), NUL characters included.
    CHECKED_PER_ITEM = frozenset({"answers"})

    token: SurveyToken
    answers: dict[str, Any] | list[dict[str, Any]] = Field(
        max_length=MAX_QUESTIONS,
        description=(
            "Question key → rating (1–5), option key, list of option keys or text; or a list of "
            "typed answers: {type, question_key, value | option | options | text}"
        ),
        examples=[{"overall": 5, "usefulness": 4, "keep": "Das Barcamp"}],
    )


class ResponseAccepted(View):
    replaced: bool = Field(description="An earlier answer of this link was replaced")
    closes_at: datetime


# -- results ----------------------------------------------------------------------------------------


class SurveyResultsRequest(Request):
    survey_id: uuid.UUID


class SeriesResultsRequest(Request):
    series_id: uuid.UUID


class ValueCountView(View):
    value: int
    label: str | None
    count: int


class OptionCountView(View):
    option: str
    label: str
    count: int
    share_percent: Decimal | None


class QuestionResultView(View):
    question_key: str
    type: QuestionTypeName
    text: str
    answered: int
    distribution: list[ValueCountView] = Field(default_factory=list, description="Ratings only")
    mean: Decimal | None = None
    median: Decimal | None = None
    options: list[OptionCountView] = Field(default_factory=list, description="Choices only")
    texts: list[str] = Field(default_factory=list, description="Free texts, sorted")
    deleted_by_retention: int = 0


class SurveyResultsView(View):
    survey_id: uuid.UUID
    event_id: uuid.UUID
    title: str
    language: LanguageCode
    state: SurveyStateName
    tokens_issued: int
    responses: int
    response_rate_percent: Decimal | None
    withheld: bool = Field(description="Fewer than three responses: nothing is shown")
    questions: list[QuestionResultView]


class EditionSummaryView(View):
    survey_id: uuid.UUID
    event_id: uuid.UUID
    edition: str
    responses: int
    response_rate_percent: Decimal | None


class EditionMeanView(View):
    edition: str
    mean: Decimal | None
    change_to_previous: Decimal | None


class QuestionTrendView(View):
    question_key: str
    text: str
    points: list[EditionMeanView]
    change_over_series: Decimal | None


class SeriesComparisonView(View):
    series_id: uuid.UUID
    series_title: str | None
    editions: list[EditionSummaryView]
    questions: list[QuestionTrendView]


class ExportSurveyResults(Request):
    survey_id: uuid.UUID
    format: ExportFormat = "xlsx"
    part: CsvPart = Field(default="questions", description="CSV only: which table")


class ExportSeriesResults(Request):
    series_id: uuid.UUID
    format: ExportFormat = "xlsx"


class ExportFile(View):
    filename: str
    content_type: str
    content_base64: str


# -- events -----------------------------------------------------------------------------------------


class SurveyOpened(DomainEvent, service=SERVICE, name="survey.opened"):
    survey_id: uuid.UUID
    event_id: uuid.UUID
    series_id: uuid.UUID | None
    title: str
    language: LanguageCode
    closes_at: datetime


class SurveyClosed(DomainEvent, service=SERVICE, name="survey.closed"):
    survey_id: uuid.UUID
    event_id: uuid.UUID
    series_id: uuid.UUID | None
    tokens_issued: int
    responses: int
    response_rate_percent: Decimal | None


class PaperSurveyEntered(DomainEvent, service=SERVICE, name="survey.paper_entered"):
    """A held event's survey given on paper was entered afterwards, closed, with its forms: counts
    only. Nobody was sent a link."""

    survey_id: uuid.UUID
    event_id: uuid.UUID
    series_id: uuid.UUID | None
    handed_out: int
    responses: int
    response_rate_percent: Decimal | None


class ResponseSubmitted(DomainEvent, service=SERVICE, name="response.submitted"):
    """New answers arrived. Announced in batches at fixed period boundaries (hourly by default),
    never one per answer, so that its time cannot be matched with the moment someone answered.
    Counts only; changed answers are not announced."""

    survey_id: uuid.UUID
    event_id: uuid.UUID
    responses: int = Field(description="Answers so far")
    new_responses: int = Field(description="Answers since the previous announcement")
    period_start: datetime
    period_end: datetime


# -- right of access (Art. 15 GDPR) -----------------------------------------------------------------


class SurveyInvitationHeld(View):
    survey_id: uuid.UUID
    event_id: uuid.UUID
    title: str
    state: str


class PersonFeedbackData(View):
    """What the feedback service can tell about one person: the open surveys they were invited to
    and links not yet handed to notifications. Answers are anonymous by design: whether and what
    the person answered is recorded against nobody, so it cannot be part of this."""

    person_id: uuid.UUID
    invited_to_open_surveys: list[SurveyInvitationHeld]
    links_not_yet_sent: list[uuid.UUID] = Field(description="Surveys whose link is still to be handed over")
    answers_linked_to_person: Literal[False] = False
