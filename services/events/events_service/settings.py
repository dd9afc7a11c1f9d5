from typing import ClassVar

from netzwerkstatt.settings import ServiceSettings
from pydantic_settings import SettingsConfigDict


class EventsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="EVENTS_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "events"
