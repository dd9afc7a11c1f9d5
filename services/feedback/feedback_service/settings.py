from typing import ClassVar

from netzwerkstatt.settings import ServiceSettings
from pydantic_settings import SettingsConfigDict


class FeedbackSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FEEDBACK_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "feedback"
