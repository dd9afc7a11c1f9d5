"""After attendees answered, no attendee's identity (person id, link token) is anywhere the feedback
service keeps or says things: not in any column of any table of its schema, not in its log output,
not in the events it published. And an erasure request leaves nothing behind."""

from __future__ import annotations

import io
import json
import logging
import uuid
from datetime import timedelta
from typing import Any

import asyncpg
import pytest
from feedback_support import GOOD_ANSWERS, Feedback, NotificationsStub, event_facts, people
from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from feedback_service.jobs import announce_responses, close_due_surveys
from netzwerkstatt.contracts.feedback import PublicSurveyView, ResponseAccepted
from netzwerkstatt.contracts.registry import PersonErased
from netzwerkstatt.db import utcnow
from netzwerkstatt.errors import InvalidInput, NotFound
from netzwerkstatt.logs import configure_logging
from netzwerkstatt.testing.servers import PostgresServer
from netzwerkstatt.testing.services import eventually


async def schema_text(postgres: PostgresServer) -> str:
    """Every value of every column of every table in the feedback schema, as text."""
    connection = await asyncpg.connect(postgres.dsn("feedback", driver="postgresql"))
    try:
        columns = await connection.fetch(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'feedback' ORDER BY table_name, ordinal_position"
        )
        assert {row["table_name"] for row in columns} >= {"surveys", "responses", "token_digests", "outbox"}
        values: list[str] = []
        for row in columns:
            query = f'SELECT "{row["column_name"]}"::text AS v FROM feedback."{row["table_name"]}"'
            values.extend(str(record["v"]) for record in await connection.fetch(query))
        return "\n".join(values)
    finally:
        await connection.close()


async def stream_text(admin: NatsClient, stream: str = "FEEDBACK_EVENTS") -> str:
    """Every message the feedback service's stream holds, headers and body."""
    js = admin.jetstream()
    info = await js.stream_info(stream)
    texts: list[str] = []
    for sequence in range(info.state.first_seq, info.state.last_seq + 1):
        try:
            message = await js.get_msg(stream, sequence)
        except NotFoundError:
            continue
        texts.append(json.dumps(message.headers or {}) + (message.data or b"").decode())
    return "\n".join(texts)


def identities(persons: list[uuid.UUID], tokens: dict[uuid.UUID, str]) -> list[str]:
    needles: list[str] = []
    for person in persons:
        needles += [str(person), person.hex]
    for token in tokens.values():
        needles += [token, token.split(".", 1)[1]]
    return needles


def found(needles: list[str], haystack: str) -> list[str]:
    return [needle for needle in needles if needle in haystack]


@pytest.fixture
def captured_log() -> Any:
    """The process's log output (our loggers and the libraries') while the test runs."""
    buffer = io.StringIO()
    configure_logging("feedback", log_format="json", level="DEBUG", stream=buffer)
    for library in ("faststream", "nats"):
        logging.getLogger(library).setLevel(logging.DEBUG)
    yield buffer
    configure_logging("tests", level="INFO")


async def test_no_identity_of_any_attendee_in_schema_logs_or_events_after_they_answered(
    feedback: Feedback,
    notifications_stub: NotificationsStub,
    postgres_server: PostgresServer,
    captured_log: io.StringIO,
) -> None:
    facts = event_facts()
    attendees = people(4)
    survey, tokens = await feedback.open_after_completion(facts, attendees, notifications_stub)
    assert set(tokens) == set(attendees)
    answering = list(tokens.values())[:3]
    for token in answering:
        await feedback.call("response.submit", {"token": token, "answers": GOOD_ANSWERS}, ResponseAccepted)
    changed = {**GOOD_ANSWERS, "overall": 3}
    await feedback.call("response.submit", {"token": answering[0], "answers": changed}, ResponseAccepted)
    await feedback.call("survey.for_token", {"token": answering[1]}, PublicSurveyView)
    with pytest.raises(InvalidInput):
        await feedback.call(
            "response.submit", {"token": answering[2], "answers": {"overall": 9}}, ResponseAccepted
        )
    with pytest.raises(NotFound):
        await feedback.call("survey.for_token", {"token": answering[2][:-4] + "AAAA"}, PublicSurveyView)
    needles = identities(attendees, tokens)

    assert found(needles, await schema_text(postgres_server)) == [], "while the survey is open"

    database = feedback.runtime.database
    period = timedelta(seconds=feedback.settings.response_announcement_seconds)
    assert await announce_responses(database, feedback.settings, utcnow() + period) >= 1
    async with database.unit_of_work() as uow:
        from feedback_service import store

        await store.update_survey(uow.session, survey["id"], closes_at=utcnow())
    await close_due_surveys(database, utcnow())

    async def published() -> bool:
        text = await stream_text(feedback.admin)
        return str(survey["id"]) in text and "survey.closed" in text and "response.submitted" in text

    await eventually(published)
    assert found(needles, await schema_text(postgres_server)) == [], "after closing"
    assert found(needles, await stream_text(feedback.admin)) == []
    log_output = captured_log.getvalue()
    assert "survey opened" in log_output, "the log was captured"
    assert found(needles, log_output) == []


async def test_an_erased_person_waiting_for_a_link_leaves_nothing_behind(
    feedback: Feedback, notifications_stub: NotificationsStub, postgres_server: PostgresServer
) -> None:
    notifications_stub.refuse = True
    facts = event_facts()
    waiting = uuid.uuid4()
    await feedback.complete_event(facts, [waiting])

    async def queued() -> Any:
        row = await feedback.survey_row(facts.event_id)
        return row is not None and await feedback.count("pending_handouts", row["id"]) == 1

    await eventually(queued)
    assert str(waiting) in await schema_text(postgres_server), "queued for a link while notifications is down"

    await feedback.publish(PersonErased(person_id=waiting, erased_at=utcnow()), waiting)

    async def forgotten() -> bool:
        return str(waiting) not in await schema_text(postgres_server)

    await eventually(forgotten)
    survey = await feedback.survey_row(facts.event_id)
    assert await feedback.count("invitee_marks", survey["id"]) == 0
    notifications_stub.refuse = False
    assert await feedback.hand_out() == (0, 0)
