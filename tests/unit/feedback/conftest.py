from __future__ import annotations

import sys
from pathlib import Path
from uuid import UUID

import pytest

# Test modules are imported by path: make the builders next to this file importable.
sys.path.insert(0, str(Path(__file__).parent))

from feedback_builders import option, text

from feedback_service.domain.model import (
    Language,
    Question,
    QuestionType,
    SurveyTemplate,
    TemplateSnapshot,
    take_snapshot,
)


@pytest.fixture
def mixed_template() -> SurveyTemplate:
    """One question of every type, some required, some optional."""
    return SurveyTemplate(
        id=UUID("00000000-0000-4000-8000-000000000001"),
        name="Lernwerkstatt Rückmeldung",
        language=Language.DE,
        questions=(
            Question(key="overall", type=QuestionType.RATING, text=text("Insgesamt?"), required=True),
            Question(
                key="format",
                type=QuestionType.SINGLE_CHOICE,
                text=text("Welches Format bevorzugen Sie?"),
                required=True,
                options=(option("in_person", "vor Ort"), option("online", "online")),
            ),
            Question(
                key="methods",
                type=QuestionType.MULTIPLE_CHOICE,
                text=text("Welche Methoden waren hilfreich?"),
                options=(
                    option("world_cafe", "World Café"),
                    option("barcamp", "Barcamp"),
                    option("speed_consulting", "Speed-Beratung"),
                ),
            ),
            Question(key="remarks", type=QuestionType.FREE_TEXT, text=text("Anmerkungen"), max_length=50),
        ),
    )


@pytest.fixture
def mixed_snapshot(mixed_template: SurveyTemplate) -> TemplateSnapshot:
    return take_snapshot(mixed_template)
