"""Surveys open when an event is completed, every attendee gets one personal link through
notifications, and a token answers once: changeable while open, refused after closing."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import pytest
from feedback_support import GOOD_ANSWERS, Feedback, NotificationsStub, event_facts, feedback_settings, people
from nats.aio.client import Client as NatsClient

from feedback_service import clock, store
from feedback_service.jobs import close_due_surveys
from feedback_service.main import definition
from netzwerkstatt.contracts.feedback import PublicSurveyView, ResponseAccepted, SurveyView
from netzwerkstatt.db import utcnow
from netzwerkstatt.errors import NotFound, RuleViolation, ServiceError
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import eventually, running


async def test_a_completed_event_opens_its_survey_and_each_attendee_gets_one_link(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    facts = event_facts()
    attendees = people(4)
    survey, tokens = await feedback.open_after_completion(facts, attendees, notifications_stub)

    assert survey["state"] == "open"
    assert set(tokens) == set(attendees)
    assert len(set(tokens.values())) == 4
    sent = [r for r in notifications_stub.requests if r["event_id"] == str(facts.event_id)]
    assert {r["event_title"] for r in sent} == {facts.title}
    assert all(r["survey_url"].startswith("https://netzwerkstatt.example.org/p/feedback/") for r in sent)
    assert await feedback.count("token_digests", survey["id"]) == 4
    assert await feedback.count("pending_handouts", survey["id"]) == 0
    opened = await feedback.feedback_events(survey["id"])
    assert [e["type"] for e in opened] == ["de.netzwerkstatt.feedback.survey.opened.v1"]


async def test_a_repeated_completion_sends_links_only_to_newcomers(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    facts = event_facts()
    first = people(3)
    survey, _ = await feedback.open_after_completion(facts, first, notifications_stub)
    latecomer = uuid.uuid4()
    await feedback.complete_event(facts, [*first, latecomer])

    async def latecomer_queued() -> bool:
        queued: int = await feedback.count("pending_handouts", survey["id"])
        return queued == 1

    await eventually(latecomer_queued)
    assert await feedback.hand_out() == (1, 0)
    sent_to = [r["person_id"] for r in notifications_stub.requests if r["event_id"] == str(facts.event_id)]
    assert sorted(sent_to) == sorted(str(person) for person in [*first, latecomer])
    assert await feedback.count("token_digests", survey["id"]) == 4


async def test_staff_open_a_survey_by_hand_with_a_template_and_period_of_their_choice(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    facts = event_facts()
    await feedback.publish_event(facts)
    await feedback.knows_event(facts)
    english = "5f1d7a52-3c1e-4a0b-9f43-7b2d1c0e6a02"
    body = {"event_id": facts.event_id, "template_id": english, "open_for_days": 7, "person_ids": people(2)}
    view = await feedback.call("survey.open", body, SurveyView)
    assert view.state == "open"
    assert view.language == "en"
    assert view.links_pending == 2
    assert view.closes_at is not None
    assert view.opened_at is not None
    assert (view.closes_at - view.opened_at).days == 7
    assert await feedback.hand_out() == (2, 0)
    again = await feedback.call("survey.get", {"survey_id": view.id}, SurveyView)
    assert (again.links_handed_out, again.links_pending) == (2, 0)


@pytest.mark.parametrize("days_ahead", [1, 30])
async def test_a_survey_is_not_opened_by_hand_before_the_events_first_day(
    feedback: Feedback, days_ahead: int
) -> None:
    planned = event_facts(day=clock.today() + timedelta(days=days_ahead)).model_copy(
        update={"status": "published"}
    )
    await feedback.publish_event(planned)
    await feedback.knows_event(planned)

    with pytest.raises(RuleViolation) as refused:
        await feedback.call("survey.open", {"event_id": planned.event_id, "open_for_days": 14}, SurveyView)

    assert [(d.field, d.code) for d in refused.value.details] == [("event_id", "survey_before_event")]
    listed = await feedback.call("survey.list", {"event_id": planned.event_id}, Any)
    assert listed["total"] == 0


async def test_a_survey_is_opened_by_hand_on_the_events_first_day(feedback: Feedback) -> None:
    today = event_facts(day=clock.today()).model_copy(update={"status": "running"})
    await feedback.publish_event(today)
    await feedback.knows_event(today)

    view = await feedback.call("survey.open", {"event_id": today.event_id}, SurveyView)

    assert view.state == "open"


async def test_opening_a_survey_for_an_unknown_event_names_the_field(feedback: Feedback) -> None:
    with pytest.raises(NotFound) as refused:
        await feedback.call("survey.open", {"event_id": uuid.uuid4()}, SurveyView)
    assert refused.value.details[0].field == "event_id"


async def test_a_token_answering_twice_counts_once_and_is_refused_after_closing(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    facts = event_facts()
    survey, tokens = await feedback.open_after_completion(facts, people(3), notifications_stub)
    token = next(iter(tokens.values()))

    first = await feedback.call(
        "response.submit", {"token": token, "answers": GOOD_ANSWERS}, ResponseAccepted
    )
    assert first.replaced is False
    changed = {**GOOD_ANSWERS, "overall": 2}
    second = await feedback.call("response.submit", {"token": token, "answers": changed}, ResponseAccepted)
    assert second.replaced is True
    assert await feedback.count("responses", survey["id"]) == 1
    page = await feedback.call("survey.for_token", {"token": token}, PublicSurveyView)
    assert page.answers is not None
    assert page.answers["overall"] == 2
    assert page.event_title == facts.title
    assert [q.key for q in page.questions][:2] == ["overall", "usefulness"]

    await feedback.call("survey.close", {"survey_id": survey["id"]}, SurveyView)
    with pytest.raises(RuleViolation) as refused:
        await feedback.call("response.submit", {"token": token, "answers": GOOD_ANSWERS}, ResponseAccepted)
    assert refused.value.details[0].field == "token"
    assert refused.value.details[0].code == "survey_closed"
    assert "closed" in refused.value.message
    assert await feedback.count("responses", survey["id"]) == 1


async def test_unknown_and_malformed_tokens_are_refused_without_repeating_them(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    survey, _ = await feedback.open_after_completion(event_facts(), people(1), notifications_stub)
    forged = f"{survey['id'].hex}.{'A' * 43}"
    with pytest.raises(NotFound) as unknown:
        await feedback.call("survey.for_token", {"token": forged}, PublicSurveyView)
    assert unknown.value.details[0].code == "unknown_token"
    assert forged not in str(unknown.value.reply().model_dump())
    with pytest.raises(ServiceError) as malformed:
        await feedback.call("response.submit", {"token": "short", "answers": {}}, ResponseAccepted)
    assert malformed.value.details[0].field == "token"
    assert await feedback.count("responses", survey["id"]) == 0


async def test_a_link_stops_working_when_its_survey_is_due_even_before_the_job_closes_it(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    survey, tokens = await feedback.open_after_completion(event_facts(), people(1), notifications_stub)
    async with feedback.runtime.database.unit_of_work() as uow:
        await store.update_survey(uow.session, survey["id"], closes_at=utcnow())
    token = next(iter(tokens.values()))
    with pytest.raises(RuleViolation) as refused:
        await feedback.call("response.submit", {"token": token, "answers": GOOD_ANSWERS}, ResponseAccepted)
    assert refused.value.details[0].code == "survey_closed"


async def test_due_surveys_close_once_even_when_two_replicas_run_the_job_together(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    survey, tokens = await feedback.open_after_completion(event_facts(), people(3), notifications_stub)
    for token in tokens.values():
        await feedback.call("response.submit", {"token": token, "answers": GOOD_ANSWERS}, ResponseAccepted)
    keys_before = await _response_keys(feedback, survey["id"])
    async with feedback.runtime.database.unit_of_work() as uow:
        await store.update_survey(uow.session, survey["id"], closes_at=utcnow())

    database = feedback.runtime.database
    await asyncio.gather(close_due_surveys(database, utcnow()), close_due_surveys(database, utcnow()))

    closed = await feedback.survey_row(survey["event_id"])
    assert closed["state"] == "closed"
    assert closed["pepper"] is None
    assert closed["tokens_issued"] == 3
    for table in ("token_digests", "invitee_marks", "pending_handouts"):
        assert await feedback.count(table, survey["id"]) == 0
    keys_after = await _response_keys(feedback, survey["id"])
    assert len(keys_after) == 3
    assert not keys_after & keys_before, "response keys are replaced by random ones"
    facts = [e["type"] for e in await feedback.feedback_events(survey["id"])]
    assert facts.count("de.netzwerkstatt.feedback.survey.closed.v1") == 1
    closed_event = (await feedback.feedback_events(survey["id"]))[-1]["data"]
    assert (closed_event["responses"], closed_event["tokens_issued"]) == (3, 3)
    assert closed_event["response_rate_percent"] == "100.00"


async def _response_keys(feedback: Feedback, survey_id: uuid.UUID) -> set[str]:
    import sqlalchemy as sa

    table = feedback.runtime.database.table("responses")
    async with feedback.runtime.database.read() as session:
        query = sa.select(table.c.response_key).where(table.c.survey_id == survey_id)
        return set((await session.scalars(query)).all())


async def test_the_running_service_hands_out_links_and_closes_due_surveys_by_itself(
    nats_server: NatsServer,
    postgres_server: PostgresServer,
    admin_nats: NatsClient,
    notifications_stub: NotificationsStub,
) -> None:
    settings = feedback_settings(nats_server, postgres_server, jobs_enabled=True, jobs_interval_seconds=0.2)
    async with running(definition(settings)) as runtime:
        feedback = Feedback(runtime, admin_nats)
        facts = event_facts()
        attendees = people(2)
        await feedback.complete_event(facts, attendees)

        async def handed_out() -> bool:
            return set(notifications_stub.tokens_for(facts.event_id)) == set(attendees)

        await eventually(handed_out)
        survey = await feedback.survey_row(facts.event_id)
        async with runtime.database.unit_of_work() as uow:
            await store.update_survey(uow.session, survey["id"], closes_at=utcnow())

        async def closed() -> bool:
            row = await feedback.survey_row(facts.event_id)
            return bool(row["state"] == "closed")

        await eventually(closed)


async def test_the_service_itself_lets_only_coordinators_of_the_events_network_open_and_close(
    feedback: Feedback,
) -> None:
    from netzwerkstatt.principal import Principal, Role

    own, other = uuid.uuid4(), uuid.uuid4()
    facts = event_facts(network_id=own)
    await feedback.publish_event(facts)
    await feedback.knows_event(facts)

    async def as_coordinator_of(network: uuid.UUID, operation: str, body: dict[str, Any]) -> Any:
        coordinator = Principal.staff(Role.COORDINATOR, network_ids=[network])
        return await feedback.call(operation, body, dict, principal=coordinator)

    with pytest.raises(ServiceError) as refused:
        await as_coordinator_of(other, "survey.open", {"event_id": facts.event_id})
    assert refused.value.code == "forbidden"
    opened = await as_coordinator_of(own, "survey.open", {"event_id": facts.event_id})
    with pytest.raises(ServiceError) as refused:
        await as_coordinator_of(other, "survey.close", {"survey_id": opened["id"]})
    assert refused.value.code == "forbidden"
    assert (await feedback.call("survey.get", {"survey_id": opened["id"]}, SurveyView)).state == "open"
    closed = await as_coordinator_of(own, "survey.close", {"survey_id": opened["id"]})
    assert closed["state"] == "closed"
