from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from feedback_service.domain.answers import AnswerSet, validate_submission
from feedback_service.domain.model import TemplateSnapshot
from feedback_service.domain.results import (
    ChoiceResult,
    FreeTextResult,
    RatingResult,
    compute_results,
    round_half_up,
)
from feedback_service.domain.retention import without_free_texts


def answer_sets(snapshot: TemplateSnapshot, submissions: list[dict[str, object]]) -> list[AnswerSet]:
    return [validate_submission(snapshot, submission) for submission in submissions]


EIGHT = [
    {"overall": 5, "format": "online", "methods": ["barcamp"], "remarks": "Zu kurz"},
    {"overall": 5, "format": "online", "methods": ["barcamp", "world_cafe"], "remarks": "Mehr Pausen"},
    {"overall": 5, "format": "in_person", "methods": ["world_cafe"]},
    {"overall": 5, "format": "online"},
    {"overall": 4, "format": "online", "remarks": "Austausch war super"},
    {"overall": 4, "format": "in_person", "methods": ["barcamp"]},
    {"overall": 3, "format": "online"},
    {"overall": 2, "format": "online", "methods": ["barcamp", "world_cafe"]},
]


def test_response_rate_is_responses_over_tokens_issued(mixed_snapshot: TemplateSnapshot) -> None:
    results = compute_results(mixed_snapshot, answer_sets(mixed_snapshot, EIGHT), tokens_issued=12)
    assert results.responses == 8
    assert results.tokens_issued == 12
    assert results.response_rate_percent == Decimal("66.67")
    assert results.title == "Lernwerkstatt Rückmeldung"


def test_rating_distribution_lists_every_value_with_zero_counts(mixed_snapshot: TemplateSnapshot) -> None:
    results = compute_results(mixed_snapshot, answer_sets(mixed_snapshot, EIGHT), tokens_issued=8)
    overall = results.question("overall")
    assert isinstance(overall, RatingResult)
    assert overall.answered == 8
    assert [(item.value, item.count) for item in overall.distribution] == [
        (1, 0),
        (2, 1),
        (3, 1),
        (4, 2),
        (5, 4),
    ]
    # 33 / 8 = 4.125, rounded half up
    assert overall.mean == Decimal("4.13")
    # sorted 2 3 4 4 | 5 5 5 5 -> (4 + 5) / 2
    assert overall.median == Decimal("4.50")


def test_median_of_an_odd_count_is_the_middle_value(mixed_snapshot: TemplateSnapshot) -> None:
    results = compute_results(mixed_snapshot, answer_sets(mixed_snapshot, EIGHT[:5]), tokens_issued=5)
    overall = results.question("overall")
    assert isinstance(overall, RatingResult)
    assert overall.median == Decimal("5.00")
    assert overall.mean == Decimal("4.80")


def test_choices_are_counted_per_option_with_their_share(mixed_snapshot: TemplateSnapshot) -> None:
    results = compute_results(mixed_snapshot, answer_sets(mixed_snapshot, EIGHT), tokens_issued=8)
    single = results.question("format")
    multiple = results.question("methods")
    assert isinstance(single, ChoiceResult)
    assert isinstance(multiple, ChoiceResult)
    assert [(o.option, o.count, o.share_percent) for o in single.options] == [
        ("in_person", 2, Decimal("25.00")),
        ("online", 6, Decimal("75.00")),
    ]
    assert multiple.answered == 5
    assert [(o.option, o.label, o.count, o.share_percent) for o in multiple.options] == [
        ("world_cafe", "World Café", 3, Decimal("60.00")),
        ("barcamp", "Barcamp", 4, Decimal("80.00")),
        ("speed_consulting", "Speed-Beratung", 0, Decimal("0.00")),
    ]


def test_free_texts_are_listed_sorted_not_in_arrival_order(mixed_snapshot: TemplateSnapshot) -> None:
    results = compute_results(mixed_snapshot, answer_sets(mixed_snapshot, EIGHT), tokens_issued=8)
    remarks = results.question("remarks")
    assert isinstance(remarks, FreeTextResult)
    assert remarks.answered == 3
    assert remarks.texts == ("Austausch war super", "Mehr Pausen", "Zu kurz")
    assert remarks.deleted_by_retention == 0


def test_after_retention_free_texts_are_gone_but_still_counted(mixed_snapshot: TemplateSnapshot) -> None:
    kept = [without_free_texts(answers) for answers in answer_sets(mixed_snapshot, EIGHT)]
    results = compute_results(mixed_snapshot, kept, tokens_issued=8)
    remarks = results.question("remarks")
    overall = results.question("overall")
    assert isinstance(remarks, FreeTextResult)
    assert isinstance(overall, RatingResult)
    assert remarks.texts == ()
    assert remarks.answered == 3
    assert remarks.deleted_by_retention == 3
    assert overall.mean == Decimal("4.13")


def test_results_of_fewer_than_three_responses_are_withheld(mixed_snapshot: TemplateSnapshot) -> None:
    results = compute_results(mixed_snapshot, answer_sets(mixed_snapshot, EIGHT[:2]), tokens_issued=10)
    assert results.withheld
    assert results.questions == ()
    assert results.responses == 2
    assert results.response_rate_percent == Decimal("20.00")


def test_a_survey_without_responses_shows_empty_figures(mixed_snapshot: TemplateSnapshot) -> None:
    results = compute_results(mixed_snapshot, [], tokens_issued=10)
    overall = results.question("overall")
    assert not results.withheld
    assert isinstance(overall, RatingResult)
    assert overall.mean is None
    assert overall.median is None
    assert all(item.count == 0 for item in overall.distribution)
    assert results.response_rate_percent == Decimal("0.00")


def test_no_tokens_issued_means_no_response_rate(mixed_snapshot: TemplateSnapshot) -> None:
    assert compute_results(mixed_snapshot, [], tokens_issued=0).response_rate_percent is None


def test_more_responses_than_tokens_is_an_error(mixed_snapshot: TemplateSnapshot) -> None:
    with pytest.raises(ValueError, match="3 responses cannot come from 2 issued tokens"):
        compute_results(mixed_snapshot, answer_sets(mixed_snapshot, EIGHT[:3]), tokens_issued=2)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(1, 8), "0.13"),
        (Fraction(-1, 8), "-0.13"),
        (Fraction(2, 3), "0.67"),
        (Fraction(1, 3), "0.33"),
        (Fraction(5), "5.00"),
        (Fraction(1005, 1000), "1.01"),
    ],
)
def test_figures_are_rounded_half_up_to_two_places(value: Fraction, expected: str) -> None:
    assert round_half_up(value) == Decimal(expected)
    assert str(round_half_up(value)) == expected
