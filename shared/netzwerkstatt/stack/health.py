"""Readiness probes: a service answers ``<service>.health``; the gateway answers ``GET /health``."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from nats.errors import Error as NatsError

from netzwerkstatt import subjects
from netzwerkstatt.bus import connect


async def nats_service_ready(nats_url: str, user: str, password: str, service: str) -> bool:
    """True when the service replies ``{"ok": true, "data": {"status": "ready", ...}}``."""
    try:
        client = await connect(nats_url, user, password, connect_timeout=1, max_reconnect_attempts=0)
    except (TimeoutError, OSError, NatsError):
        return False
    try:
        reply = await client.request(subjects.health(service), b"{}", timeout=1)
    except (TimeoutError, NatsError):
        return False
    finally:
        await client.close()
    try:
        body = json.loads(reply.data)
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("ok") is True and _status(body) == "ready"


def _status(body: dict[str, object]) -> object:
    data = body.get("data")
    return data.get("status") if isinstance(data, dict) else None


def http_ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False
