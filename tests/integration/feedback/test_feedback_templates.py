"""Survey templates: the ready-made evaluations, copies staff edit, and no change under a survey."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from feedback_support import Feedback, NotificationsStub, event_facts

from feedback_service.domain.defaults import EVENT_EVALUATION_DE_ID, EVENT_EVALUATION_EN_ID
from netzwerkstatt.contracts import Page
from netzwerkstatt.contracts.feedback import SurveyView, TemplateView
from netzwerkstatt.errors import Conflict, InvalidInput, NotFound, RuleViolation

RATING = {"key": "venue", "type": "rating", "text": {"de": "Wie war der Ort?", "en": "How was the venue?"}}


async def test_the_german_and_english_evaluations_are_ready_and_cannot_be_edited(feedback: Feedback) -> None:
    templates = (await feedback.call("template.list", {}, Page[TemplateView])).items
    built_in = {t.id: t for t in templates if t.built_in}
    assert {EVENT_EVALUATION_DE_ID, EVENT_EVALUATION_EN_ID} <= set(built_in)
    assert built_in[EVENT_EVALUATION_DE_ID].name == "Veranstaltungsauswertung"
    assert [q.key for q in built_in[EVENT_EVALUATION_EN_ID].questions] == [
        "overall", "usefulness", "organisation", "topics", "networking", "keep", "change",
    ]  # fmt: skip
    body = {"template_id": EVENT_EVALUATION_DE_ID, "expected_version": 1, "name": "Anders"}
    with pytest.raises(RuleViolation) as refused:
        await feedback.call("template.edit", body, TemplateView)
    assert refused.value.details[0].code == "built_in"


async def test_a_copy_is_edited_until_a_survey_uses_it(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    name = f"Ideenwerkstatt {uuid.uuid4().hex[:6]}"
    copy = await feedback.call(
        "template.copy", {"template_id": EVENT_EVALUATION_DE_ID, "name": name}, TemplateView
    )
    assert (copy.version, copy.built_in, copy.in_use) == (1, False, False)

    questions = [q.model_dump() for q in copy.questions[:1]] + [RATING]
    body = {"template_id": copy.id, "expected_version": 1, "questions": questions}
    edited = await feedback.call("template.edit", body, TemplateView)
    assert edited.version == 2
    assert [q.key for q in edited.questions] == ["overall", "venue"]
    with pytest.raises(Conflict):
        await feedback.call("template.edit", {**body, "name": "Noch einmal"}, TemplateView)

    facts = event_facts()
    await feedback.publish_event(facts)
    from netzwerkstatt.testing.services import eventually

    async def known() -> bool:
        try:
            await feedback.call(
                "survey.open", {"event_id": facts.event_id, "template_id": copy.id}, SurveyView
            )
        except NotFound:
            return False
        return True

    await eventually(known)
    used = await feedback.call("template.get", {"template_id": copy.id}, TemplateView)
    assert used.in_use is True
    with pytest.raises(RuleViolation) as refused:
        await feedback.call("template.edit", {**body, "expected_version": 2}, TemplateView)
    assert refused.value.details[0].code == "template_in_use"


async def test_an_invalid_question_is_refused_naming_it(feedback: Feedback) -> None:
    copy = await feedback.call(
        "template.copy", {"template_id": EVENT_EVALUATION_EN_ID, "name": "Broken"}, TemplateView
    )
    choice = {
        "key": "format",
        "type": "single_choice",
        "text": {"de": "Format?", "en": "Format?"},
        "options": [],
    }
    with pytest.raises(InvalidInput) as refused:
        await feedback.call(
            "template.edit",
            {"template_id": copy.id, "expected_version": 1, "questions": [choice]},
            TemplateView,
        )
    assert refused.value.details[0].field.startswith("questions.0")
    assert "two options" in refused.value.details[0].message


async def test_a_second_template_of_a_name_is_refused_whatever_its_case_and_surrounding_spaces(
    feedback: Feedback,
) -> None:
    name = f"Auswertung Lernwerkstatt {uuid.uuid4().hex[:6]}"
    first = await feedback.call(
        "template.copy", {"template_id": EVENT_EVALUATION_DE_ID, "name": name}, TemplateView
    )
    before = (await feedback.call("template.list", {"limit": 500}, Page[TemplateView])).items
    for again, source in (
        (f"  {name.upper()} ", EVENT_EVALUATION_EN_ID),
        ("veranstaltungsauswertung", first.id),
    ):
        with pytest.raises(Conflict) as refused:
            await feedback.call("template.copy", {"template_id": source, "name": again}, TemplateView)
        (detail,) = refused.value.details
        assert (detail.field, detail.code) == ("name", "template_name_taken")
        assert detail.params == {"name": again.strip()}
    after = (await feedback.call("template.list", {"limit": 500}, Page[TemplateView])).items
    assert [t.id for t in after] == [t.id for t in before]


async def test_a_template_is_not_renamed_to_the_name_of_another_but_keeps_its_own_in_another_case(
    feedback: Feedback,
) -> None:
    tag = uuid.uuid4().hex[:6]
    taken = await feedback.call(
        "template.copy",
        {"template_id": EVENT_EVALUATION_DE_ID, "name": f"Auswertung Nord {tag}"},
        TemplateView,
    )
    renamed = await feedback.call(
        "template.copy",
        {"template_id": EVENT_EVALUATION_DE_ID, "name": f"Auswertung Süd {tag}"},
        TemplateView,
    )
    body = {"template_id": renamed.id, "expected_version": 1, "name": taken.name.lower()}
    with pytest.raises(Conflict) as refused:
        await feedback.call("template.edit", body, TemplateView)
    assert refused.value.details[0].code == "template_name_taken"
    unchanged = await feedback.call("template.get", {"template_id": renamed.id}, TemplateView)
    assert (unchanged.name, unchanged.version) == (renamed.name, 1)
    own = await feedback.call("template.edit", {**body, "name": f"AUSWERTUNG SÜD {tag}"}, TemplateView)
    assert (own.name, own.version) == (f"AUSWERTUNG SÜD {tag}", 2)


async def test_of_two_copies_named_alike_at_once_one_is_stored_and_the_other_refused(
    feedback: Feedback,
) -> None:
    name = f"Auswertung Zukunftswerkstatt {uuid.uuid4().hex[:6]}"
    body = {"template_id": EVENT_EVALUATION_DE_ID, "name": name}
    outcomes = await asyncio.gather(
        *(feedback.call("template.copy", body, TemplateView) for _ in range(2)), return_exceptions=True
    )
    refusals = [outcome for outcome in outcomes if isinstance(outcome, Conflict)]
    assert len(refusals) == 1, outcomes
    assert refusals[0].details[0].code == "template_name_taken"
    listed = (await feedback.call("template.list", {"limit": 500}, Page[TemplateView])).items
    assert [t.name for t in listed].count(name) == 1


async def test_names_that_differ_only_in_umlaut_case_sharp_s_or_spacing_are_one_name(
    feedback: Feedback,
) -> None:
    tag = uuid.uuid4().hex[:6]
    name = f"Übersicht Straße {tag}"
    await feedback.call("template.copy", {"template_id": EVENT_EVALUATION_DE_ID, "name": name}, TemplateView)
    for again in (f"übersicht straße {tag}", f"ÜBERSICHT  STRASSE {tag}"):
        with pytest.raises(Conflict) as refused:
            await feedback.call(
                "template.copy", {"template_id": EVENT_EVALUATION_DE_ID, "name": again}, TemplateView
            )
        assert refused.value.details[0].code == "template_name_taken"
