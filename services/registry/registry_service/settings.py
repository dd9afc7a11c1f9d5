from typing import ClassVar

from netzwerkstatt.settings import ServiceSettings
from pydantic_settings import SettingsConfigDict


class RegistrySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REGISTRY_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "registry"
