"""The one way to connect to NATS: a FastStream broker with the service's own credentials."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from faststream.nats import NatsBroker
from faststream.security import SASLPlaintext

from netzwerkstatt.settings import ServiceSettings


def nats_broker(settings: ServiceSettings, *, middlewares: Sequence[Any] = ()) -> NatsBroker:
    name = settings.service_name
    security = (
        SASLPlaintext(username=settings.nats_user, password=settings.nats_password.get_secret_value())
        if settings.nats_user
        else None
    )
    return NatsBroker(
        settings.nats_url,
        security=security,
        name=f"netzwerkstatt-{name}",
        middlewares=middlewares,
        logger=logging.getLogger(f"faststream.{name}"),
        # A service outlives NATS restarts: reconnect for ever, quickly.
        max_reconnect_attempts=-1,
        reconnect_time_wait=1,
    )
