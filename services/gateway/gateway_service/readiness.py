"""Whether NATS answers a round trip, asked without ever giving up on a ping.

nats-py's ``flush(timeout=...)`` cancels its PING's future when the PONG is late, but leaves it
in the connection's queue: the late PONG then meets the cancelled future, and the error it raises
ends the connection's read loop, so nothing more is received until the client reconnects
(minutes). So a round trip is never cancelled: it is waited for a few seconds each time it is
asked about, and forgotten only when the client has reconnected (which empties the queue it sat in).

Only a round trip begun after the question counts: the answer to one begun earlier may have left
the server before it froze. While an earlier one is still unanswered (the server frozen), a question
waits for it instead of sending one more PING that would wait as long.
"""

from __future__ import annotations

import asyncio
import contextlib

from nats.aio.client import Client as NatsClient

# Longer than any freeze before nats-py's own pings declare the connection stale and reconnect.
_ROUND_TRIP_LIMIT_SECONDS = 24 * 3600


class NatsRoundTrip:
    def __init__(self) -> None:
        self._latest: asyncio.Task[None] | None = None
        self._reconnects_then = 0

    async def answered(self, connection: NatsClient, seconds: float) -> bool:
        """True when NATS answered, within ``seconds``, a round trip begun after this question."""
        deadline = asyncio.get_running_loop().time() + seconds
        reconnects = connection.stats["reconnects"]
        earlier = self._latest
        # A round trip from before a reconnect is left to run out: its PING's queue is gone.
        if earlier is not None and not earlier.done() and reconnects == self._reconnects_then:
            done, _ = await asyncio.wait({earlier}, timeout=seconds)
            if not done:
                return False
        round_trip = asyncio.ensure_future(connection.flush(timeout=_ROUND_TRIP_LIMIT_SECONDS))
        round_trip.add_done_callback(_retrieved)
        self._latest = round_trip
        self._reconnects_then = reconnects
        rest = max(0.0, deadline - asyncio.get_running_loop().time())
        done, _ = await asyncio.wait({round_trip}, timeout=rest)
        return bool(done) and not round_trip.cancelled() and round_trip.exception() is None

    def stop(self) -> None:
        """At shutdown, after the connection closed."""
        if self._latest is not None:
            self._latest.cancel()


def _retrieved(task: asyncio.Task[None]) -> None:
    """A round trip nobody waits for any more ends without a warning about its unretrieved error."""
    with contextlib.suppress(asyncio.CancelledError, Exception):
        task.exception()
