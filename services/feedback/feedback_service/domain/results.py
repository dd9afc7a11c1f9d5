"""Results of one survey and the comparison of a series' editions.

Figures are computed exactly (as fractions) and rounded once, at the end, half up, to two decimal
places, and carried as ``Decimal``: a mean of 11/3 is ``3.67``, a response rate of 2/3 is
``66.67`` (per cent). The trend of a question is the difference of the *shown* (rounded) means, so
every trend figure can be checked by subtracting the means printed next to it.

Results are withheld while fewer than ``min_responses`` people have answered: with one or two
answers and a known list of attendees, a distribution would tell whose answer is whose.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import Field

from feedback_service.domain.answers import (
    AnswerSet,
    FreeTextAnswer,
    MultipleChoiceAnswer,
    RatingAnswer,
    SingleChoiceAnswer,
)
from feedback_service.domain.model import (
    RATING_MAX,
    RATING_MIN,
    Frozen,
    Language,
    Question,
    QuestionType,
    TemplateSnapshot,
)

MIN_RESPONSES_FOR_RESULTS = 3


def round_half_up(value: Fraction) -> Decimal:
    """Exact rounding to two places, half away from zero (0.125 -> 0.13, -0.125 -> -0.13)."""
    hundredths = abs(value) * 100
    rounded = int(hundredths) + (1 if hundredths - int(hundredths) >= Fraction(1, 2) else 0)
    sign = -1 if value < 0 else 1
    return (Decimal(sign * rounded) / 100).quantize(Decimal("0.01"))


class ValueCount(Frozen):
    value: int
    label: str | None
    count: int


class OptionCount(Frozen):
    option: str
    label: str
    count: int
    share_percent: Decimal | None  # of those who answered the question


class RatingResult(Frozen):
    type: Literal[QuestionType.RATING] = QuestionType.RATING
    question_key: str
    text: str
    answered: int
    distribution: tuple[ValueCount, ...]
    mean: Decimal | None
    median: Decimal | None


class ChoiceResult(Frozen):
    type: Literal[QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE]
    question_key: str
    text: str
    answered: int
    options: tuple[OptionCount, ...]


class FreeTextResult(Frozen):
    type: Literal[QuestionType.FREE_TEXT] = QuestionType.FREE_TEXT
    question_key: str
    text: str
    answered: int
    texts: tuple[str, ...]  # sorted, never in the order they came in
    deleted_by_retention: int


QuestionResult = Annotated[RatingResult | ChoiceResult | FreeTextResult, Field(discriminator="type")]


class SurveyResults(Frozen):
    title: str
    language: Language
    tokens_issued: int
    responses: int
    response_rate_percent: Decimal | None
    withheld: bool
    questions: tuple[QuestionResult, ...]

    def question(self, key: str) -> QuestionResult | None:
        return next((question for question in self.questions if question.question_key == key), None)


def _mean(values: Sequence[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def _median(values: Sequence[int]) -> Fraction | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


def _rounded(value: Fraction | None) -> Decimal | None:
    return None if value is None else round_half_up(value)


def _rating_result(question: Question, language: Language, answers: Sequence[RatingAnswer]) -> RatingResult:
    values = [answer.value for answer in answers]
    return RatingResult(
        question_key=question.key,
        text=question.text.in_language(language),
        answered=len(values),
        distribution=tuple(
            ValueCount(value=value, label=question.scale_label(value, language), count=values.count(value))
            for value in range(RATING_MIN, RATING_MAX + 1)
        ),
        mean=_rounded(_mean(values)),
        median=_rounded(_median(values)),
    )


def _choice_result(
    question: Question, language: Language, chosen_per_answer: Sequence[tuple[str, ...]]
) -> ChoiceResult:
    answered = len(chosen_per_answer)
    counts = {option.key: 0 for option in question.options}
    for chosen in chosen_per_answer:
        for option in chosen:
            counts[option] += 1
    return ChoiceResult(
        type=question.type,
        question_key=question.key,
        text=question.text.in_language(language),
        answered=answered,
        options=tuple(
            OptionCount(
                option=option.key,
                label=option.label.in_language(language),
                count=counts[option.key],
                share_percent=_rounded(Fraction(counts[option.key] * 100, answered)) if answered else None,
            )
            for option in question.options
        ),
    )


def _free_text_result(
    question: Question, language: Language, answers: Sequence[FreeTextAnswer]
) -> FreeTextResult:
    texts = sorted(answer.text for answer in answers if answer.text is not None)
    return FreeTextResult(
        question_key=question.key,
        text=question.text.in_language(language),
        answered=len(answers),
        texts=tuple(texts),
        deleted_by_retention=len(answers) - len(texts),
    )


def _question_result(
    question: Question, language: Language, answer_sets: Sequence[AnswerSet]
) -> QuestionResult:
    answers = [answer for answer_set in answer_sets if (answer := answer_set.get(question.key)) is not None]
    if any(answer.type is not question.type for answer in answers):
        raise ValueError(f"answers to {question.key!r} do not match its type {question.type.value}")
    if question.type is QuestionType.RATING:
        return _rating_result(question, language, [a for a in answers if isinstance(a, RatingAnswer)])
    if question.type is QuestionType.FREE_TEXT:
        return _free_text_result(question, language, [a for a in answers if isinstance(a, FreeTextAnswer)])
    chosen: list[tuple[str, ...]] = []
    for answer in answers:
        if isinstance(answer, SingleChoiceAnswer):
            chosen.append((answer.option,))
        elif isinstance(answer, MultipleChoiceAnswer):
            chosen.append(answer.options)
    return _choice_result(question, language, chosen)


def compute_results(
    snapshot: TemplateSnapshot,
    answer_sets: Sequence[AnswerSet],
    *,
    tokens_issued: int,
    title: str | None = None,
    min_responses: int = MIN_RESPONSES_FOR_RESULTS,
) -> SurveyResults:
    """Results of one survey from its stored answer sets; ``tokens_issued`` is the invited count."""
    responses = len(answer_sets)
    if tokens_issued < 0:
        raise ValueError("tokens_issued must not be negative")
    if responses > tokens_issued:
        raise ValueError(f"{responses} responses cannot come from {tokens_issued} issued tokens")
    withheld = 0 < responses < min_responses
    return SurveyResults(
        title=title or snapshot.name,
        language=snapshot.language,
        tokens_issued=tokens_issued,
        responses=responses,
        response_rate_percent=_rounded(Fraction(responses * 100, tokens_issued)) if tokens_issued else None,
        withheld=withheld,
        questions=()
        if withheld
        else tuple(
            _question_result(question, snapshot.language, answer_sets) for question in snapshot.questions
        ),
    )


class Edition(Frozen):
    """One edition of a series, e.g. label "12. Ideenwerkstatt", with its survey results."""

    label: str = Field(min_length=1)
    results: SurveyResults


class EditionMean(Frozen):
    edition: str
    mean: Decimal | None
    change_to_previous: Decimal | None  # None for the first edition or if either mean is missing


class QuestionTrend(Frozen):
    question_key: str
    text: str
    points: tuple[EditionMean, ...]
    change_over_series: Decimal | None  # last shown mean minus first shown mean


class EditionSummary(Frozen):
    edition: str
    responses: int
    response_rate_percent: Decimal | None


class SeriesComparison(Frozen):
    editions: tuple[EditionSummary, ...]
    questions: tuple[QuestionTrend, ...]


def _mean_of(results: SurveyResults, key: str) -> Decimal | None:
    question = results.question(key)
    return question.mean if isinstance(question, RatingResult) else None


def _difference(later: Decimal | None, earlier: Decimal | None) -> Decimal | None:
    return None if later is None or earlier is None else later - earlier


def _trend(key: str, editions: Sequence[Edition]) -> QuestionTrend:
    means = [_mean_of(edition.results, key) for edition in editions]
    previous_means: list[Decimal | None] = [None, *means[:-1]]
    points = tuple(
        EditionMean(
            edition=edition.label,
            mean=mean,
            change_to_previous=_difference(mean, previous),
        )
        for edition, mean, previous in zip(editions, means, previous_means, strict=True)
    )
    shown = [mean for mean in means if mean is not None]
    latest_text = next(
        question.text
        for edition in reversed(editions)
        if (question := edition.results.question(key)) is not None
    )
    return QuestionTrend(
        question_key=key,
        text=latest_text,
        points=points,
        change_over_series=shown[-1] - shown[0] if len(shown) >= 2 else None,
    )


def compare_series(editions: Sequence[Edition]) -> SeriesComparison:
    """Rating means per edition, in the given (chronological) order, with their changes.

    Questions are matched by key, so editions evaluated in German and in English compare.
    """
    if not editions:
        raise ValueError("editions: a comparison needs at least one edition")
    labels = [edition.label for edition in editions]
    if len(set(labels)) != len(labels):
        raise ValueError("editions: each edition label must be unique")
    keys: list[str] = []
    for edition in editions:
        for question in edition.results.questions:
            if isinstance(question, RatingResult) and question.question_key not in keys:
                keys.append(question.question_key)
    return SeriesComparison(
        editions=tuple(
            EditionSummary(
                edition=edition.label,
                responses=edition.results.responses,
                response_rate_percent=edition.results.response_rate_percent,
            )
            for edition in editions
        ),
        questions=tuple(_trend(key, editions) for key in keys),
    )
