from __future__ import annotations

from uuid import UUID

import pytest
from feedback_builders import option, text
from pydantic import ValidationError

from feedback_service.domain.model import (
    DEFAULT_FREE_TEXT_MAX_LENGTH,
    Language,
    Question,
    QuestionType,
    ScaleLabel,
    SurveyTemplate,
    TemplateEdit,
    TemplateInUseError,
    copy_template,
    edit_template,
    take_snapshot,
)


def test_a_template_in_use_cannot_be_edited(mixed_template: SurveyTemplate) -> None:
    with pytest.raises(TemplateInUseError, match="copy it") as raised:
        edit_template(mixed_template, TemplateEdit(name="Neu"), in_use=True)
    assert raised.value.code == "template_in_use"
    assert raised.value.template_id == mixed_template.id


def test_editing_a_template_not_in_use_bumps_its_version(mixed_template: SurveyTemplate) -> None:
    edited = edit_template(mixed_template, TemplateEdit(name="Ideencafé Rückmeldung"), in_use=False)
    assert edited.name == "Ideencafé Rückmeldung"
    assert edited.version == mixed_template.version + 1
    assert edited.id == mixed_template.id
    assert edited.questions == mixed_template.questions


def test_an_edit_is_validated_like_a_new_template(mixed_template: SurveyTemplate) -> None:
    repeated = (*mixed_template.questions, mixed_template.questions[0])
    with pytest.raises(ValidationError, match="repeated: overall"):
        edit_template(mixed_template, TemplateEdit(questions=repeated), in_use=False)


def test_a_snapshot_keeps_the_questions_the_survey_opened_with(mixed_template: SurveyTemplate) -> None:
    snapshot = take_snapshot(mixed_template)
    edited = edit_template(mixed_template, TemplateEdit(questions=mixed_template.questions[:1]), in_use=False)
    assert len(edited.questions) == 1
    assert len(snapshot.questions) == 4
    assert snapshot.template_version == 1


def test_templates_and_snapshots_are_immutable(mixed_template: SurveyTemplate) -> None:
    snapshot = take_snapshot(mixed_template)
    with pytest.raises(ValidationError, match="frozen"):
        snapshot.name = "anders"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        mixed_template.questions[0].required = False  # type: ignore[misc]


def test_a_copy_is_independent_and_starts_at_version_one(mixed_template: SurveyTemplate) -> None:
    bumped = edit_template(mixed_template, TemplateEdit(), in_use=False)
    new_id = UUID("00000000-0000-4000-8000-0000000000ff")
    copy = copy_template(bumped, name="Kopie für Zukunftswerkstatt", new_id=new_id)
    assert copy.id == new_id
    assert copy.version == 1
    assert copy.name == "Kopie für Zukunftswerkstatt"
    assert copy.questions == mixed_template.questions
    assert copy_template(bumped, name="x").id not in (mixed_template.id, new_id)


def test_free_text_gets_the_default_limit_written_into_the_question() -> None:
    question = Question(key="note", type=QuestionType.FREE_TEXT, text=text("Notiz"))
    assert question.max_length == DEFAULT_FREE_TEXT_MAX_LENGTH


@pytest.mark.parametrize(
    ("question_data", "message"),
    [
        ({"key": "q", "type": "single_choice", "options": []}, "at least two options"),
        (
            {"key": "q", "type": "single_choice", "options": [option("a", "A"), option("a", "B")]},
            "option keys must be unique",
        ),
        ({"key": "q", "type": "rating", "options": [option("a", "A"), option("b", "B")]}, "only choice"),
        ({"key": "q", "type": "free_text", "max_length": 0}, "max_length must be between"),
        ({"key": "q", "type": "rating", "max_length": 10}, "only free-text"),
        ({"key": "Bad Key", "type": "rating"}, "question key 'Bad Key'"),
        (
            {"key": "q", "type": "free_text", "scale_labels": [ScaleLabel(value=1, label=text("x"))]},
            "only rating questions have scale labels",
        ),
    ],
)
def test_a_question_whose_parts_do_not_fit_its_type_is_refused(
    question_data: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        Question.model_validate({"text": text("Frage"), **question_data})


def test_a_rating_label_outside_one_to_five_is_refused() -> None:
    with pytest.raises(ValidationError, match="less than or equal to 5"):
        ScaleLabel(value=6, label=text("super"))


def test_a_template_without_questions_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least one question"):
        SurveyTemplate(id=UUID(int=1), name="leer", language=Language.DE, questions=())
