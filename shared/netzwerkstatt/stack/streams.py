"""The services' streams brought to this version's settings with the NATS admin login.

A service creates its own stream at its first start, but its login may not change the settings of
one that exists (see ``netzwerkstatt.outbox.create_own_stream``). The stack applies them before it
starts the services; a deployment runs ``python -m netzwerkstatt.stack streams`` with the admin
login after an upgrade whose services log "the stream's settings differ from this version's".
"""

from __future__ import annotations

import nats.errors

from netzwerkstatt import subjects, topology
from netzwerkstatt.bus import connect
from netzwerkstatt.outbox import declare_stream


class NotAllowed(Exception):
    """The login may not change the streams (NATS refused the request, which then has no answer)."""


async def apply_stream_settings(nats_url: str, user: str, password: str, replicas: int = 1) -> list[str]:
    """Create or update every service's stream; the streams' names."""
    refusals: list[str] = []

    async def note(error: Exception) -> None:
        refusals.append(str(error))

    # One attempt, as the readiness probe makes it: an unreachable server is said at once.
    client = await connect(
        nats_url,
        user,
        password,
        error_cb=note,
        connect_timeout=2,
        allow_reconnect=False,
        max_reconnect_attempts=1,
        reconnect_time_wait=0.2,
    )
    try:
        js = client.jetstream()
        for service in topology.SERVICES:
            try:
                await declare_stream(js, service, replicas)
            except nats.errors.TimeoutError:
                if any("permissions violation" in refusal for refusal in refusals):
                    raise NotAllowed(f"the login {user!r} may not change the streams") from None
                raise
    finally:
        await client.close()
    return [subjects.stream(service) for service in topology.SERVICES]
