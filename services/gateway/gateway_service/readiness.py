"""Whether NATS answers a round trip, asked without ever giving up on a ping.

nats-py's ``flush(timeout=...)`` cancels its PING's future when the PONG is late, but leaves it
in the connection's queue: the late PONG then meets the cancelled future, and the error it raises
ends the connection's read loop, so nothing more is received until the client reconnects
(minutes). So at most one round trip is under way: it is waited for a few seconds each time it is
asked about, never cancelled, and forgotten only when the client has reconnected (which empties the
queue it sat in).
"""

from __future__ import annotations

import asyncio
import contextlib

from nats.aio.client import Client as NatsClient

# Longer than any freeze before nats-py's own pings declare the connection stale and reconnect.
_ROUND_TRIP_LIMIT_SECONDS = 24 * 3600


class NatsRoundTrip:
    def __init__(self) -> None:
        self._under_way: asyncio.Task[None] | None = None
        self._reconnects_then = 0

    async def answered(self, connection: NatsClient, seconds: float) -> bool:
        """True when NATS answered the round trip under way (started now if none is) within
        ``seconds``. One that already ended answers only those who waited for it: a question asked
        after it ended (its last waiter not yet resumed) asks again, as NATS may have stopped
        answering in between."""
        reconnects = connection.stats["reconnects"]
        ended = self._under_way is not None and self._under_way.done()
        if self._under_way is None or ended or reconnects != self._reconnects_then:
            # A round trip from before a reconnect is left to run out: its PING's queue is gone.
            self._under_way = asyncio.ensure_future(connection.flush(timeout=_ROUND_TRIP_LIMIT_SECONDS))
            self._under_way.add_done_callback(_retrieved)
            self._reconnects_then = reconnects
        round_trip = self._under_way
        done, _ = await asyncio.wait({round_trip}, timeout=seconds)
        if not done:
            return False
        if self._under_way is round_trip:  # the next question asks again
            self._under_way = None
        return not round_trip.cancelled() and round_trip.exception() is None

    def stop(self) -> None:
        """At shutdown, after the connection closed."""
        if self._under_way is not None:
            self._under_way.cancel()


def _retrieved(task: asyncio.Task[None]) -> None:
    """A round trip nobody waits for any more ends without a warning about its unretrieved error."""
    with contextlib.suppress(asyncio.CancelledError, Exception):
        task.exception()
