from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from netzwerkstatt.settings import ServiceSettings


class EventsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="EVENTS_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "events"

    agreement_check_seconds: float = Field(
        default=3600.0, gt=0, description="How often every replica looks for agreements that fell due"
    )
