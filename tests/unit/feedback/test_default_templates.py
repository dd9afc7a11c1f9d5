from __future__ import annotations

from feedback_service.domain.defaults import (
    CHANGE,
    EVENT_EVALUATION_DE,
    EVENT_EVALUATION_EN,
    KEEP,
    NETWORKING,
    ORGANISATION,
    OVERALL,
    TOPICS,
    USEFULNESS,
    event_evaluation,
)
from feedback_service.domain.model import Language, QuestionType

RATING_KEYS = [OVERALL, USEFULNESS, ORGANISATION, TOPICS, NETWORKING]


def test_the_german_default_is_the_veranstaltungsauswertung() -> None:
    template = event_evaluation(Language.DE)
    assert template.name == "Veranstaltungsauswertung"
    assert template.language is Language.DE
    assert [q.key for q in template.questions] == [*RATING_KEYS, KEEP, CHANGE]
    overall = template.questions[0]
    assert overall.text.in_language(Language.DE) == "Wie bewerten Sie die Veranstaltung insgesamt?"
    assert overall.scale_label(5, Language.DE) == "sehr gut"


def test_the_english_version_has_the_same_question_keys() -> None:
    template = event_evaluation(Language.EN)
    assert template.name == "Event evaluation"
    assert template.language is Language.EN
    assert [q.key for q in template.questions] == [q.key for q in EVENT_EVALUATION_DE.questions]
    assert template.id != EVENT_EVALUATION_DE.id
    assert (
        template.questions[1].text.in_language(Language.EN) == "How useful was the event for your daily work?"
    )


def test_five_required_ratings_labelled_one_to_five_and_two_optional_free_texts() -> None:
    for template in (EVENT_EVALUATION_DE, EVENT_EVALUATION_EN):
        ratings = [q for q in template.questions if q.type is QuestionType.RATING]
        free_texts = [q for q in template.questions if q.type is QuestionType.FREE_TEXT]
        assert [q.key for q in ratings] == RATING_KEYS
        assert all(q.required for q in ratings)
        assert all([label.value for label in q.scale_labels] == [1, 2, 3, 4, 5] for q in ratings)
        assert [q.key for q in free_texts] == [KEEP, CHANGE]
        assert not any(q.required for q in free_texts)
        assert all(q.max_length == 2000 for q in free_texts)


def test_every_question_and_label_has_a_german_and_an_english_text() -> None:
    for question in EVENT_EVALUATION_DE.questions:
        assert question.text.de != question.text.en
        for label in question.scale_labels:
            assert label.label.de
            assert label.label.en
