"""Paper surveys entered afterwards (``survey.enter_paper``): an event the events service announced as
held after the fact (``event.held_entered``) becomes known here without opening a survey; staff
enter its printed forms as a closed survey whose results count like any other. Nobody is sent a
link; bad input is refused field by field and stores nothing; entering it again changes nothing."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from feedback_support import Feedback, NotificationsStub, event_facts

from feedback_service import clock
from netzwerkstatt.contracts.events import EventFacts, HeldEventEntered
from netzwerkstatt.contracts.feedback import SurveyResultsView, SurveyView
from netzwerkstatt.errors import ServiceError
from netzwerkstatt.principal import Principal, Role

RATINGS = ("overall", "usefulness", "organisation", "topics", "networking")


async def held_event(
    feedback: Feedback, network_id: uuid.UUID | None = None, days_ago: int = 40
) -> EventFacts:
    """An event entered afterwards as held, announced as the events service does, once known here."""
    facts: EventFacts = event_facts(day=clock.today() - timedelta(days=days_ago), network_id=network_id)
    await feedback.publish(HeldEventEntered(event=facts, attendees=12), facts.event_id)
    await feedback.knows_event(facts)
    return facts


def form(rating: int, **texts: str) -> dict[str, Any]:
    return dict.fromkeys(RATINGS, rating) | texts


def paper(facts: EventFacts, **fields: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "event_id": str(facts.event_id),
        "handed_out": 12,
        "closed_on": (facts.days[0].date + timedelta(days=3)).isoformat(),
        "forms": [form(5, keep="Das Barcamp"), form(4), form(3, change="Mehr Pausen")],
    } | fields


async def stored_answers(feedback: Feedback, survey_id: uuid.UUID | str) -> list[dict[str, Any]]:
    table = feedback.runtime.database.table("responses")
    async with feedback.runtime.database.read() as session:
        rows = await session.scalars(sa.select(table.c.answers).where(table.c.survey_id == survey_id))
        return list(rows)


async def nothing_stored(feedback: Feedback, facts: EventFacts) -> None:
    assert await feedback.survey_row(facts.event_id) is None


async def test_paper_forms_of_a_held_event_are_entered_as_a_closed_survey_and_nobody_is_sent_a_link(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    facts = await held_event(feedback)
    assert await feedback.survey_row(facts.event_id) is None, "a held event entered afterwards opens none"
    body = paper(facts)

    survey = await feedback.call("survey.enter_paper", body, SurveyView)

    assert (str(survey.id), survey.state, survey.responses) == (body["id"], "closed", 3)
    assert (survey.links_handed_out, survey.links_pending) == (12, 0)
    assert survey.closed_on == date.fromisoformat(body["closed_on"])
    assert not survey.free_texts_removed
    results = await feedback.call("results.survey", {"survey_id": body["id"]}, SurveyResultsView)
    assert results.responses == 3
    overall = next(q for q in results.questions if q.question_key == "overall")
    assert str(overall.mean) == "4.00"
    texts = [
        answer.get("text")
        for stored in await stored_answers(feedback, body["id"])
        for answer in stored["answers"]
        if answer["question_key"] in ("keep", "change") and answer.get("text")
    ]
    assert sorted(texts) == ["Das Barcamp", "Mehr Pausen"]
    recorded = await feedback.feedback_events(survey.id)
    assert [item["type"] for item in recorded] == ["de.netzwerkstatt.feedback.survey.paper_entered.v1"]
    assert recorded[0]["data"]["responses"] == 3
    # The hand-out sends the links of every open survey in this database (other tests' too): none
    # of them is this event's.
    await feedback.hand_out()
    assert [r for r in notifications_stub.requests if r["event_id"] == str(facts.event_id)] == []


async def test_entering_it_again_is_refused_and_changes_nothing(feedback: Feedback) -> None:
    facts = await held_event(feedback)
    body = paper(facts)
    await feedback.call("survey.enter_paper", body, SurveyView)

    again = await _fails(feedback, body)
    other = await _fails(feedback, body | {"id": str(uuid.uuid4()), "forms": [form(1)]})

    assert (again.code, [(d.field, d.code) for d in again.details]) == ("conflict", [("id", "duplicate_id")])
    assert (other.code, [(d.field, d.code) for d in other.details]) == (
        "conflict",
        [("event_id", "survey_exists")],
    )
    survey = await feedback.call("survey.get", {"survey_id": body["id"]}, SurveyView)
    assert survey.responses == 3
    assert len(await feedback.feedback_events(survey.id)) == 1


async def test_the_same_forms_sent_three_times_at_once_are_entered_once_and_the_rest_is_duplicate_id(
    feedback: Feedback,
) -> None:
    facts = await held_event(feedback)
    body = paper(facts)

    outcomes = await asyncio.gather(
        *(feedback.call("survey.enter_paper", body, SurveyView) for _ in range(3)), return_exceptions=True
    )

    assert len([outcome for outcome in outcomes if isinstance(outcome, SurveyView)]) == 1, outcomes
    refused = [outcome for outcome in outcomes if isinstance(outcome, ServiceError)]
    assert [(d.field, d.code) for error in refused for d in error.details] == [("id", "duplicate_id")] * 2
    assert len(await feedback.feedback_events(uuid.UUID(body["id"]))) == 1


async def test_two_sets_of_forms_for_one_event_sent_at_once_make_one_survey_and_the_other_is_refused(
    feedback: Feedback,
) -> None:
    facts = await held_event(feedback)
    bodies = [paper(facts), paper(facts, forms=[form(2)])]

    outcomes = await asyncio.gather(
        *(feedback.call("survey.enter_paper", body, SurveyView) for body in bodies), return_exceptions=True
    )

    assert len([outcome for outcome in outcomes if isinstance(outcome, SurveyView)]) == 1, outcomes
    [refused] = [outcome for outcome in outcomes if isinstance(outcome, ServiceError)]
    assert (refused.code, [(d.field, d.code) for d in refused.details]) == (
        "conflict",
        [("event_id", "survey_exists")],
    )


async def _fails(
    feedback: Feedback, body: dict[str, Any], principal: Principal | None = None
) -> ServiceError:
    try:
        if principal is None:
            await feedback.call("survey.enter_paper", body, SurveyView)
        else:
            await feedback.call("survey.enter_paper", body, SurveyView, principal=principal)
    except ServiceError as error:
        return error
    raise AssertionError("survey.enter_paper succeeded but should have failed")


async def test_forms_back_today_in_berlin_are_taken_after_midnight_there_while_utc_is_a_day_behind(
    feedback: Feedback, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = await held_event(feedback)
    # 23:30 UTC is 00:30 or 01:30 in Berlin: the staff page offers the new day there as today.
    utc_day = datetime.now(UTC).date()
    monkeypatch.setattr(clock, "utcnow", lambda: datetime.combine(utc_day, time(23, 30), tzinfo=UTC))
    berlin_day = utc_day + timedelta(days=1)

    survey = await feedback.call(
        "survey.enter_paper", paper(facts, closed_on=berlin_day.isoformat()), SurveyView
    )

    assert survey.closed_on == berlin_day
    # The day after is still to come there.
    other = await held_event(feedback)
    tomorrow = await _fails(feedback, paper(other, closed_on=(berlin_day + timedelta(days=1)).isoformat()))
    assert [(d.field, d.code) for d in tomorrow.details] == [("closed_on", "closed_in_future")]


async def test_bad_input_is_refused_field_by_field_and_stores_nothing(feedback: Feedback) -> None:
    facts = await held_event(feedback)

    answers = await _fails(feedback, paper(facts, forms=[form(5), form(5) | {"overall": 7}, {"bogus": 1}]))
    assert answers.code == "validation_error"
    assert {d.field for d in answers.details} >= {"forms.1.overall", "forms.2.bogus"}
    await nothing_stored(feedback, facts)

    dates = await _fails(
        feedback,
        paper(facts, closed_on=(clock.today() + timedelta(days=1)).isoformat(), handed_out=2),
    )
    assert dates.code == "rule_violation"
    assert {(d.field, d.code) for d in dates.details} == {
        ("closed_on", "closed_in_future"),
        ("handed_out", "more_returned_than_handed_out"),
    }
    early = await _fails(
        feedback, paper(facts, closed_on=(facts.days[0].date - timedelta(days=1)).isoformat())
    )
    assert [(d.field, d.code) for d in early.details] == [("closed_on", "closed_before_event")]
    await nothing_stored(feedback, facts)

    unknown = await _fails(feedback, paper(facts, event_id=str(uuid.uuid4())))
    assert (unknown.code, [d.field for d in unknown.details]) == ("not_found", ["event_id"])
    template = await _fails(feedback, paper(facts, template_id=str(uuid.uuid4())))
    assert (template.code, [d.field for d in template.details]) == ("not_found", ["template_id"])
    await nothing_stored(feedback, facts)

    planned = event_facts(day=clock.today() + timedelta(days=20)).model_copy(update={"status": "published"})
    await feedback.publish_event(planned)
    await feedback.knows_event(planned)
    not_held = await _fails(feedback, paper(planned, closed_on=clock.today().isoformat(), forms=[]))
    assert (not_held.code, [(d.field, d.code) for d in not_held.details]) == (
        "rule_violation",
        [("event_id", "event_not_completed")],
    )
    await nothing_stored(feedback, planned)


async def test_only_staff_who_may_change_the_events_network_enter_its_paper_survey(
    feedback: Feedback,
) -> None:
    own, other = uuid.uuid4(), uuid.uuid4()
    facts = await held_event(feedback, network_id=own)
    refused = {
        "coordinator of another network": Principal.staff(Role.COORDINATOR, network_ids=[other]),
        "read-only staff": Principal.staff(Role.READ_ONLY, network_ids=[own]),
        "another service": Principal.of_service("notifications"),
    }
    for name, principal in refused.items():
        error = await _fails(feedback, paper(facts), principal)
        assert error.code == "forbidden", (name, error.code)
        await nothing_stored(feedback, facts)

    body = paper(facts)
    coordinator = Principal.staff(Role.COORDINATOR, network_ids=[own])
    survey = await feedback.call("survey.enter_paper", body, SurveyView, principal=coordinator)
    assert survey.state == "closed"
    again = await _fails(feedback, body, refused["coordinator of another network"])
    assert again.code == "forbidden", "a survey of another network is not even confirmed to exist"


async def test_free_texts_already_past_retention_are_not_stored(feedback: Feedback) -> None:
    retention = feedback.settings.free_text_retention_days
    facts = await held_event(feedback, days_ago=retention + 30)
    long_ago = facts.days[0].date
    body = paper(facts, closed_on=(long_ago + timedelta(days=2)).isoformat(), forms=[form(4, keep="Alles")])

    survey = await feedback.call("survey.enter_paper", body, SurveyView)

    assert survey.free_texts_removed
    assert survey.responses == 1
    (answers,) = await stored_answers(feedback, body["id"])
    assert {a["question_key"]: a.get("text") for a in answers["answers"] if a["question_key"] == "keep"} == {
        "keep": None
    }
