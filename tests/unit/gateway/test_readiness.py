"""The gateway's NATS round trip for /health: only one begun after the question answers it, and a
frozen server is asked with one ping, not one per question."""

from __future__ import annotations

import asyncio
from typing import Any

from gateway_service.readiness import NatsRoundTrip


class Connection:
    """A NATS connection whose server answers pings until it is frozen."""

    def __init__(self) -> None:
        self.stats = {"reconnects": 0}
        self.pings = 0
        self.frozen = False
        self.answers_sent = asyncio.Event()
        self.answers_sent.set()

    async def flush(self, timeout: float) -> None:
        self.pings += 1
        if self.frozen:
            await asyncio.sleep(timeout)
        await self.answers_sent.wait()


async def test_a_round_trip_that_ended_before_the_question_does_not_answer_it() -> None:
    connection: Any = Connection()
    round_trip = NatsRoundTrip()
    answered_before: asyncio.Future[None] = asyncio.ensure_future(connection.flush(timeout=1))
    await answered_before
    # The state between a round trip's end and the resumption of the caller that waited for it.
    round_trip._latest = answered_before  # type: ignore[assignment]
    connection.frozen = True

    ready = await round_trip.answered(connection, 0.05)

    assert (ready, connection.pings) == (False, 2)
    round_trip.stop()


async def test_the_answer_to_a_ping_sent_before_the_server_froze_does_not_answer_a_later_question() -> None:
    connection: Any = Connection()
    connection.answers_sent.clear()  # the first ping's answer is on its way
    round_trip = NatsRoundTrip()
    asked_before = asyncio.ensure_future(round_trip.answered(connection, 1.0))
    await asyncio.sleep(0.01)
    connection.frozen = True
    asked_after = asyncio.ensure_future(round_trip.answered(connection, 0.2))
    await asyncio.sleep(0.01)
    connection.answers_sent.set()

    assert (await asked_before, await asked_after, connection.pings) == (True, False, 2)
    round_trip.stop()


async def test_questions_while_the_server_is_frozen_share_one_ping() -> None:
    connection: Any = Connection()
    connection.frozen = True
    round_trip = NatsRoundTrip()

    answers = [await round_trip.answered(connection, 0.02) for _ in range(3)]

    assert (answers, connection.pings) == ([False, False, False], 1)
    round_trip.stop()


async def test_a_server_that_answers_is_ready_each_time_it_is_asked() -> None:
    connection: Any = Connection()
    round_trip = NatsRoundTrip()

    answers = [await round_trip.answered(connection, 1.0) for _ in range(3)]

    assert (answers, connection.pings) == ([True, True, True], 3)
