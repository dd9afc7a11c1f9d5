from __future__ import annotations

from decimal import Decimal

import pytest
from feedback_builders import demo_series

from feedback_service.domain.defaults import EVENT_EVALUATION_DE
from feedback_service.domain.model import take_snapshot
from feedback_service.domain.results import Edition, QuestionTrend, compare_series, compute_results

LABELS = ["11. Ideenwerkstatt", "12. Ideenwerkstatt", "13. Ideenwerkstatt"]


def trend(key: str) -> QuestionTrend:
    comparison = compare_series(demo_series())
    return next(question for question in comparison.questions if question.question_key == key)


def figures(question: QuestionTrend) -> list[tuple[str | None, str | None]]:
    return [
        (
            None if point.mean is None else str(point.mean),
            None if point.change_to_previous is None else str(point.change_to_previous),
        )
        for point in question.points
    ]


def test_the_series_lists_its_editions_in_order_with_their_response_rates() -> None:
    comparison = compare_series(demo_series())
    assert [(e.edition, e.responses, e.response_rate_percent) for e in comparison.editions] == [
        (LABELS[0], 4, Decimal("40.00")),
        (LABELS[1], 3, Decimal("33.33")),
        (LABELS[2], 6, Decimal("50.00")),
    ]
    assert [q.question_key for q in comparison.questions] == [
        "overall",
        "usefulness",
        "organisation",
        "topics",
        "networking",
    ]


@pytest.mark.parametrize(
    ("key", "expected_points", "over_series"),
    [
        ("overall", [("4.00", None), ("4.33", "0.33"), ("4.67", "0.34")], "0.67"),
        ("usefulness", [("3.00", None), ("3.33", "0.33"), ("4.00", "0.67")], "1.00"),
        ("organisation", [("4.50", None), ("5.00", "0.50"), ("4.00", "-1.00")], "-0.50"),
        ("topics", [("3.50", None), ("2.67", "-0.83"), ("4.00", "1.33")], "0.50"),
        ("networking", [("4.75", None), ("4.33", "-0.42"), ("4.83", "0.50")], "0.08"),
    ],
)
def test_three_editions_give_the_right_trend_per_question(
    key: str, expected_points: list[tuple[str, str | None]], over_series: str
) -> None:
    question = trend(key)
    assert [point.edition for point in question.points] == LABELS
    assert figures(question) == expected_points
    assert question.change_over_series == Decimal(over_series)


def test_german_and_english_editions_are_matched_by_question_key() -> None:
    # the latest edition was evaluated in English, so its wording heads the comparison
    assert trend("overall").text == "How do you rate the event overall?"


def test_an_edition_with_withheld_results_leaves_a_gap_not_a_zero() -> None:
    editions = demo_series()
    snapshot = take_snapshot(EVENT_EVALUATION_DE)
    too_few = compute_results(snapshot, [], tokens_issued=5)
    gap = Edition(
        label="12a. Ideenwerkstatt (Sondertermin)", results=too_few.model_copy(update={"questions": ()})
    )
    comparison = compare_series([editions[0], gap, editions[2]])
    overall = next(q for q in comparison.questions if q.question_key == "overall")
    assert figures(overall) == [("4.00", None), (None, None), ("4.67", None)]
    assert overall.change_over_series == Decimal("0.67")


def test_a_single_edition_has_no_trend() -> None:
    comparison = compare_series(demo_series()[:1])
    assert all(q.change_over_series is None for q in comparison.questions)


def test_a_comparison_needs_editions_with_distinct_labels() -> None:
    editions = demo_series()
    with pytest.raises(ValueError, match="at least one edition"):
        compare_series([])
    with pytest.raises(ValueError, match="label must be unique"):
        compare_series([editions[0], editions[0]])
