from typing import ClassVar

from netzwerkstatt.settings import ServiceSettings
from pydantic_settings import SettingsConfigDict


class NotificationsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFICATIONS_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "notifications"
