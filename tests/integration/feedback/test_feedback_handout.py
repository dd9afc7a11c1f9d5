"""Handing out the survey links: neither a crash after notifications took them nor a lost answer
sends anybody a second e-mail, and the link each attendee received is the one that works.

A round hands out every due link of the worker's database (other tests' too), so these tests look
at their own event's links only."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest
from feedback_support import GOOD_ANSWERS, Feedback, NotificationsStub, event_facts, people

from feedback_service import store
from netzwerkstatt.contracts.events import EventFacts
from netzwerkstatt.contracts.feedback import ResponseAccepted
from netzwerkstatt.db import utcnow
from netzwerkstatt.errors import NotFound
from netzwerkstatt.testing.services import eventually

# Later than a round keeps its persons to itself (the service's defaults, as in the tests' settings).
AFTER_THE_ROUND = timedelta(hours=2)


async def waiting_for_links(feedback: Feedback, attendees: Sequence[uuid.UUID]) -> tuple[EventFacts, Any]:
    """A completed event whose survey is open, its attendees waiting for their links."""
    facts = event_facts()
    await feedback.complete_event(facts, attendees)

    async def queued() -> Any:
        row = await feedback.survey_row(facts.event_id)
        return row if row is not None and await feedback.count("pending_handouts", row["id"]) else None

    return facts, await eventually(queued)


async def answers_with(feedback: Feedback, token: str) -> None:
    await feedback.call("response.submit", {"token": token, "answers": GOOD_ANSWERS}, ResponseAccepted)


def token_of(request: dict[str, Any]) -> str:
    return str(request["survey_url"]).rsplit("/", 1)[1]


async def test_a_crash_after_notifications_took_the_links_sends_none_of_them_again(
    feedback: Feedback, notifications_stub: NotificationsStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    attendees = people(3)
    facts, survey = await waiting_for_links(feedback, attendees)

    async def killed(*_: Any) -> None:
        raise RuntimeError("the process died before it recorded the answers")

    with monkeypatch.context() as crash:
        crash.setattr(store, "forget_handouts", killed)
        with pytest.raises(RuntimeError):
            await feedback.hand_out()
    sent = notifications_stub.tokens_for(facts.event_id)
    assert sorted(sent) == sorted(attendees)
    assert await feedback.count("pending_handouts", survey["id"]) == 3, "the answers were never recorded"
    await feedback.hand_out()
    assert notifications_stub.duplicates_for(facts.event_id) == [], "the crashed round's persons wait"

    await feedback.hand_out(utcnow() + AFTER_THE_ROUND)

    assert len(notifications_stub.queued_for(facts.event_id)) == 3, "no second e-mail"
    assert len(notifications_stub.duplicates_for(facts.event_id)) == 3
    assert await feedback.count("pending_handouts", survey["id"]) == 0
    assert await feedback.count("token_digests", survey["id"]) == 3, "the links not sent are withdrawn"
    for token in sent.values():
        await answers_with(feedback, token)
    for unsent in notifications_stub.duplicates_for(facts.event_id):
        with pytest.raises(NotFound):
            await answers_with(feedback, token_of(unsent))
    assert await feedback.count("responses", survey["id"]) == 3


async def test_a_lost_answer_is_asked_again_under_the_same_key_and_the_link_sent_works(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    (attendee,) = people(1)
    facts, survey = await waiting_for_links(feedback, [attendee])
    notifications_stub.answers_lost_for.add(str(attendee))

    await feedback.hand_out()
    assert await feedback.count("pending_handouts", survey["id"]) == 1, "no answer: asked again later"
    assert await feedback.count("token_digests", survey["id"]) == 1, "its e-mail may be on its way"
    (first,) = notifications_stub.queued_for(facts.event_id)

    await feedback.hand_out(utcnow() + AFTER_THE_ROUND)

    assert notifications_stub.queued_for(facts.event_id) == [first]
    (asked_again,) = notifications_stub.duplicates_for(facts.event_id)
    assert asked_again["idempotency_key"] == first["idempotency_key"]
    assert await feedback.count("pending_handouts", survey["id"]) == 0
    assert await feedback.count("token_digests", survey["id"]) == 1
    await answers_with(feedback, token_of(first))
    assert await feedback.count("responses", survey["id"]) == 1


async def test_a_request_lost_on_the_way_there_is_sent_once_with_a_link_that_works(
    feedback: Feedback, notifications_stub: NotificationsStub
) -> None:
    (attendee,) = people(1)
    facts, survey = await waiting_for_links(feedback, [attendee])
    notifications_stub.requests_lost_for.add(str(attendee))

    await feedback.hand_out()
    assert notifications_stub.queued_for(facts.event_id) == []
    assert await feedback.count("pending_handouts", survey["id"]) == 1

    await feedback.hand_out(utcnow() + AFTER_THE_ROUND)

    (sent,) = notifications_stub.queued_for(facts.event_id)
    assert notifications_stub.duplicates_for(facts.event_id) == []
    assert await feedback.count("pending_handouts", survey["id"]) == 0
    await answers_with(feedback, token_of(sent))
    assert await feedback.count("responses", survey["id"]) == 1
