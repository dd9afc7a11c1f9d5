"""Small builders shared by the feedback unit tests."""

from __future__ import annotations

from feedback_service.domain.answers import validate_submission
from feedback_service.domain.defaults import event_evaluation
from feedback_service.domain.model import ChoiceOption, Language, LocalisedText, take_snapshot
from feedback_service.domain.results import Edition, compute_results


def text(de: str, en: str | None = None) -> LocalisedText:
    return LocalisedText(de=de, en=en or de)


def option(key: str, de: str) -> ChoiceOption:
    return ChoiceOption(key=key, label=text(de))


# Three editions of an Ideenwerkstatt series; each list is one question's ratings, one per respondent.
DEMO_SERIES_RATINGS: tuple[tuple[str, int, dict[str, list[int]]], ...] = (
    (
        "11. Ideenwerkstatt",
        10,
        {
            "overall": [3, 4, 4, 5],
            "usefulness": [2, 3, 3, 4],
            "organisation": [4, 4, 5, 5],
            "topics": [3, 3, 4, 4],
            "networking": [4, 5, 5, 5],
        },
    ),
    (
        "12. Ideenwerkstatt",
        9,
        {
            "overall": [4, 4, 5],
            "usefulness": [3, 3, 4],
            "organisation": [5, 5, 5],
            "topics": [2, 3, 3],
            "networking": [4, 4, 5],
        },
    ),
    (
        "13. Ideenwerkstatt",
        12,
        {
            "overall": [5, 5, 4, 5, 4, 5],
            "usefulness": [4, 4, 4, 5, 3, 4],
            "organisation": [4, 4, 4, 4, 4, 4],
            "topics": [3, 4, 4, 4, 5, 4],
            "networking": [5, 5, 5, 5, 5, 4],
        },
    ),
)


def demo_series() -> list[Edition]:
    """The first two editions used the German evaluation, the third the English one."""
    editions = []
    for number, (label, invited, ratings) in enumerate(DEMO_SERIES_RATINGS):
        language = Language.DE if number < 2 else Language.EN
        snapshot = take_snapshot(event_evaluation(language))
        respondents = len(ratings["overall"])
        submissions: list[dict[str, object]] = [
            {key: values[i] for key, values in ratings.items()} for i in range(respondents)
        ]
        if number == 2:
            submissions[0]["keep"] = '=HYPERLINK("http://example.org")'
            submissions[1]["change"] = 'Mehr Zeit für das Barcamp; bitte "länger"'
        answer_sets = [validate_submission(snapshot, submission) for submission in submissions]
        results = compute_results(snapshot, answer_sets, tokens_issued=invited, title=label)
        editions.append(Edition(label=label, results=results))
    return editions
