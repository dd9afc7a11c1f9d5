"""Survey templates and the snapshot a survey freezes when it opens.

A template is edited by staff and carries a version that grows with every edit. A survey never
points at a live template: when it opens it takes a ``TemplateSnapshot``, so the questions its
respondents see cannot change under them. A template that a survey still uses cannot be edited at
all; staff copy it and edit the copy.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, Self
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, model_validator

RATING_MIN = 1
RATING_MAX = 5
DEFAULT_FREE_TEXT_MAX_LENGTH = 2000
# Upper bound for any free-text limit a template may set; keeps rows and exports sane.
FREE_TEXT_MAX_LENGTH_CEILING = 10_000

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Language(StrEnum):
    DE = "de"
    EN = "en"


class QuestionType(StrEnum):
    RATING = "rating"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    FREE_TEXT = "free_text"


class LocalisedText(Frozen):
    """A text shown to people, German first, English second."""

    de: str = Field(min_length=1, max_length=500)
    en: str = Field(min_length=1, max_length=500)

    def in_language(self, language: Language) -> str:
        return self.de if language is Language.DE else self.en


class ChoiceOption(Frozen):
    key: str
    label: LocalisedText

    @model_validator(mode="after")
    def _key_is_well_formed(self) -> Self:
        if not _KEY.match(self.key):
            raise ValueError(f"option key {self.key!r} must be lower case letters, digits and _")
        return self


class ScaleLabel(Frozen):
    value: int = Field(ge=RATING_MIN, le=RATING_MAX)
    label: LocalisedText


class Question(Frozen):
    """One question. Which of the optional parts are allowed depends on ``type``."""

    key: str
    type: QuestionType
    text: LocalisedText
    required: bool = False
    options: tuple[ChoiceOption, ...] = ()
    scale_labels: tuple[ScaleLabel, ...] = ()
    max_length: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _free_text_gets_the_default_limit(cls, data: Any) -> Any:
        # Filled in explicitly so a frozen snapshot keeps its limit even if the default changes.
        is_free_text = isinstance(data, dict) and data.get("type") in (QuestionType.FREE_TEXT, "free_text")
        if is_free_text and data.get("max_length") is None:
            return {**data, "max_length": DEFAULT_FREE_TEXT_MAX_LENGTH}
        return data

    @model_validator(mode="after")
    def _parts_fit_the_type(self) -> Self:
        if not _KEY.match(self.key):
            raise ValueError(f"question key {self.key!r} must be lower case letters, digits and _")
        is_choice = self.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE)
        if is_choice:
            if len(self.options) < 2:
                raise ValueError(f"question {self.key!r}: a choice needs at least two options")
            keys = [option.key for option in self.options]
            if len(set(keys)) != len(keys):
                raise ValueError(f"question {self.key!r}: option keys must be unique")
        elif self.options:
            raise ValueError(f"question {self.key!r}: only choice questions have options")
        if self.type is QuestionType.RATING:
            values = [label.value for label in self.scale_labels]
            if len(set(values)) != len(values):
                raise ValueError(f"question {self.key!r}: each scale value may have one label only")
        elif self.scale_labels:
            raise ValueError(f"question {self.key!r}: only rating questions have scale labels")
        if self.type is QuestionType.FREE_TEXT:
            if self.max_length is None or not 1 <= self.max_length <= FREE_TEXT_MAX_LENGTH_CEILING:
                raise ValueError(
                    f"question {self.key!r}: max_length must be between 1 and {FREE_TEXT_MAX_LENGTH_CEILING}"
                )
        elif self.max_length is not None:
            raise ValueError(f"question {self.key!r}: only free-text questions have a max_length")
        return self

    def option_keys(self) -> tuple[str, ...]:
        return tuple(option.key for option in self.options)

    def scale_label(self, value: int, language: Language) -> str | None:
        for label in self.scale_labels:
            if label.value == value:
                return label.label.in_language(language)
        return None


def _check_questions(questions: tuple[Question, ...]) -> None:
    if not questions:
        raise ValueError("a survey template needs at least one question")
    keys = [question.key for question in questions]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"question keys must be unique, repeated: {', '.join(duplicates)}")


class SurveyTemplate(Frozen):
    id: UUID
    name: str = Field(min_length=1, max_length=200)
    language: Language
    questions: tuple[Question, ...]
    version: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _questions_are_consistent(self) -> Self:
        _check_questions(self.questions)
        return self

    def question(self, key: str) -> Question | None:
        return next((question for question in self.questions if question.key == key), None)


class TemplateSnapshot(Frozen):
    """The questions of one template version, frozen into a survey when it opens."""

    template_id: UUID
    template_version: int = Field(ge=1)
    name: str
    language: Language
    questions: tuple[Question, ...]

    @model_validator(mode="after")
    def _questions_are_consistent(self) -> Self:
        _check_questions(self.questions)
        return self

    def question(self, key: str) -> Question | None:
        return next((question for question in self.questions if question.key == key), None)


class TemplateEdit(Frozen):
    """The parts of a template staff change; ``None`` keeps the current value."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    language: Language | None = None
    questions: tuple[Question, ...] | None = None


class TemplateInUseError(Exception):
    """A template that an open or past survey uses may not change; copy it instead."""

    code = "template_in_use"

    def __init__(self, template_id: UUID) -> None:
        self.template_id = template_id
        super().__init__(
            f"template {template_id} is used by a survey and cannot be edited; copy it and edit the copy"
        )


def take_snapshot(template: SurveyTemplate) -> TemplateSnapshot:
    return TemplateSnapshot(
        template_id=template.id,
        template_version=template.version,
        name=template.name,
        language=template.language,
        questions=template.questions,
    )


def copy_template(template: SurveyTemplate, *, name: str, new_id: UUID | None = None) -> SurveyTemplate:
    """A new, independent template with the same questions, starting again at version 1."""
    return SurveyTemplate(
        id=new_id or uuid4(),
        name=name,
        language=template.language,
        questions=template.questions,
        version=1,
    )


def edit_template(template: SurveyTemplate, edit: TemplateEdit, *, in_use: bool) -> SurveyTemplate:
    """Apply an edit and bump the version.

    ``in_use`` is decided by storage: true as soon as any survey has taken a snapshot of this
    template. Such a template is refused even though the snapshot already protects the survey,
    because results of different surveys built from "the same" template must mean the same questions.
    """
    if in_use:
        raise TemplateInUseError(template.id)
    return SurveyTemplate(
        id=template.id,
        name=edit.name if edit.name is not None else template.name,
        language=edit.language if edit.language is not None else template.language,
        questions=edit.questions if edit.questions is not None else template.questions,
        version=template.version + 1,
    )
