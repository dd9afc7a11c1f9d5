"""The notifications service's operations registry and what its handler modules share."""

from __future__ import annotations

from typing import Annotated

from pydantic import HttpUrl, TypeAdapter

from netzwerkstatt.contracts.notifications import (
    SERVICE,
)
from netzwerkstatt.rpc import Operations, Provided
from notifications_service.settings import NotificationsSettings

operations = Operations(SERVICE)

SettingsDep = Annotated[NotificationsSettings, Provided("settings")]

HTTP_URL = TypeAdapter(HttpUrl)
