"""The ready-made event evaluation, in German ("Veranstaltungsauswertung") and English.

Both versions share their question keys, so results of editions evaluated in different languages
can be compared question by question. Their ids are fixed so storage can seed them idempotently.
"""

from __future__ import annotations

from uuid import UUID

from feedback_service.domain.model import (
    Language,
    LocalisedText,
    Question,
    QuestionType,
    ScaleLabel,
    SurveyTemplate,
)

EVENT_EVALUATION_DE_ID = UUID("5f1d7a52-3c1e-4a0b-9f43-7b2d1c0e6a01")
EVENT_EVALUATION_EN_ID = UUID("5f1d7a52-3c1e-4a0b-9f43-7b2d1c0e6a02")

# Question keys, shared by both languages.
OVERALL = "overall"
USEFULNESS = "usefulness"
ORGANISATION = "organisation"
TOPICS = "topics"
NETWORKING = "networking"
KEEP = "keep"
CHANGE = "change"


def _scale(*labels: tuple[str, str]) -> tuple[ScaleLabel, ...]:
    return tuple(
        ScaleLabel(value=value, label=LocalisedText(de=de, en=en))
        for value, (de, en) in enumerate(labels, start=1)
    )


def _rating(key: str, de: str, en: str, scale: tuple[ScaleLabel, ...]) -> Question:
    return Question(
        key=key,
        type=QuestionType.RATING,
        text=LocalisedText(de=de, en=en),
        required=True,
        scale_labels=scale,
    )


def _free_text(key: str, de: str, en: str) -> Question:
    return Question(key=key, type=QuestionType.FREE_TEXT, text=LocalisedText(de=de, en=en))


_QUESTIONS: tuple[Question, ...] = (
    _rating(
        OVERALL,
        "Wie bewerten Sie die Veranstaltung insgesamt?",
        "How do you rate the event overall?",
        _scale(
            ("sehr schlecht", "very poor"),
            ("schlecht", "poor"),
            ("mittel", "fair"),
            ("gut", "good"),
            ("sehr gut", "very good"),
        ),
    ),
    _rating(
        USEFULNESS,
        "Wie nützlich war die Veranstaltung für Ihre tägliche Arbeit?",
        "How useful was the event for your daily work?",
        _scale(
            ("gar nicht nützlich", "not useful at all"),
            ("wenig nützlich", "slightly useful"),
            ("teilweise nützlich", "moderately useful"),
            ("nützlich", "useful"),
            ("sehr nützlich", "very useful"),
        ),
    ),
    _rating(
        ORGANISATION,
        "Wie zufrieden waren Sie mit der Organisation?",
        "How satisfied were you with the organisation?",
        _scale(
            ("sehr unzufrieden", "very dissatisfied"),
            ("unzufrieden", "dissatisfied"),
            ("teils, teils", "neither"),
            ("zufrieden", "satisfied"),
            ("sehr zufrieden", "very satisfied"),
        ),
    ),
    _rating(
        TOPICS,
        "Wie passend war die Auswahl der Themen?",
        "How well chosen were the topics?",
        _scale(
            ("gar nicht passend", "not well chosen at all"),
            ("wenig passend", "poorly chosen"),
            ("teilweise passend", "partly well chosen"),
            ("passend", "well chosen"),
            ("sehr passend", "very well chosen"),
        ),
    ),
    _rating(
        NETWORKING,
        "Wie wertvoll war die Veranstaltung für Ihre Vernetzung?",
        "How valuable was the event for your networking?",
        _scale(
            ("gar nicht wertvoll", "not valuable at all"),
            ("wenig wertvoll", "slightly valuable"),
            ("teilweise wertvoll", "moderately valuable"),
            ("wertvoll", "valuable"),
            ("sehr wertvoll", "very valuable"),
        ),
    ),
    _free_text(KEEP, "Was sollten wir unbedingt beibehalten?", "What should we definitely keep?"),
    _free_text(CHANGE, "Was sollten wir ändern?", "What should we change?"),
)

EVENT_EVALUATION_DE = SurveyTemplate(
    id=EVENT_EVALUATION_DE_ID,
    name="Veranstaltungsauswertung",
    language=Language.DE,
    questions=_QUESTIONS,
)

EVENT_EVALUATION_EN = SurveyTemplate(
    id=EVENT_EVALUATION_EN_ID,
    name="Event evaluation",
    language=Language.EN,
    questions=_QUESTIONS,
)

DEFAULT_TEMPLATES: tuple[SurveyTemplate, ...] = (EVENT_EVALUATION_DE, EVENT_EVALUATION_EN)


def event_evaluation(language: Language) -> SurveyTemplate:
    return EVENT_EVALUATION_DE if language is Language.DE else EVENT_EVALUATION_EN
