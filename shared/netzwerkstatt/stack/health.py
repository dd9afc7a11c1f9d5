"""Readiness probes: a service answers ``<service>.health``; the gateway answers ``GET /health``."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from nats.errors import Error as NatsError

from netzwerkstatt import subjects
from netzwerkstatt.bus import connect, is_refused_sign_in


async def nats_service_ready(nats_url: str, user: str, password: str, service: str) -> bool:
    """True when the service replies ``{"ok": true, "data": {"status": "ready", ...}}``."""
    return await service_readiness(nats_url, user, password, service) == READY


READY = "ready"


async def service_readiness(nats_url: str, user: str, password: str, service: str) -> str:
    """``ready``, or in one line why not. Within about two seconds whatever the state of NATS: one
    connection attempt, never a reconnect (nats-py retries forever when told 0 attempts, and keeps
    retrying the first connection with reconnects switched off)."""
    try:
        client = await connect(
            nats_url,
            user,
            password,
            connect_timeout=1,
            allow_reconnect=False,
            max_reconnect_attempts=1,
            reconnect_time_wait=0.2,
            error_cb=_quiet,
        )
    except (TimeoutError, OSError, NatsError) as error:
        if is_refused_sign_in(error):
            return (
                f"NATS at {nats_url} refused the sign-in of user {user}: check the service's NATS "
                "password secret and that nats was recreated with it"
            )
        return f"NATS is not reachable at {nats_url} ({type(error).__name__})"
    try:
        reply = await client.request(subjects.health(service), b"{}", timeout=1)
    except (TimeoutError, NatsError):
        return f"no replica of {service} answered {subjects.health(service)} within 1 s"
    finally:
        await client.close()
    try:
        body = json.loads(reply.data)
    except ValueError:
        return f"{service} answered its health check with no JSON"
    if isinstance(body, dict) and body.get("ok") is True and _status(body) == READY:
        return READY
    data = body.get("data") if isinstance(body, dict) else None
    details = (
        {key: value for key, value in data.items() if key != "service"} if isinstance(data, dict) else body
    )
    return f"{service} is not ready: {json.dumps(details, ensure_ascii=False)}"


async def _quiet(error: Exception) -> None:
    """nats-py would print every failed attempt with its traceback; the answer above says it once."""


def _status(body: dict[str, object]) -> object:
    data = body.get("data")
    return data.get("status") if isinstance(data, dict) else None


def http_ready(url: str) -> bool:
    """True when the gateway answers ``{"status": "ready"}``: a 200 alone could come from another
    program on the port (a metrics endpoint answers every path), while the gateway failed to bind."""
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            if response.status != 200:
                return False
            body = json.loads(response.read(1024))
    except (OSError, urllib.error.URLError, ValueError):
        return False
    return isinstance(body, dict) and body.get("status") == READY
