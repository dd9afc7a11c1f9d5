from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from netzwerkstatt.settings import ServiceSettings


class RegistrySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REGISTRY_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "registry"
