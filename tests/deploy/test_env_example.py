"""deploy/.env.example documents every setting of every service, so an operator never has to read
code to learn what can be configured."""

from __future__ import annotations

import pytest
from deploy_files import ENV_EXAMPLE, example_environment

from events_service.settings import EventsSettings
from feedback_service.settings import FeedbackSettings
from gateway_service.settings import GatewaySettings
from netzwerkstatt.settings import ServiceSettings
from notifications_service.settings import NotificationsSettings
from registry_service.settings import RegistrySettings

SETTINGS: tuple[type[ServiceSettings], ...] = (
    RegistrySettings,
    EventsSettings,
    FeedbackSettings,
    NotificationsSettings,
    GatewaySettings,
)


def documented_names() -> str:
    text: str = ENV_EXAMPLE.read_text()
    return text


def test_every_shared_setting_is_documented_once_for_all_services() -> None:
    text = documented_names()
    missing = [f"<SERVICE>_{field.upper()}" for field in ServiceSettings.model_fields]
    assert [name for name in missing if name not in text] == []


@pytest.mark.parametrize("settings", SETTINGS, ids=lambda settings: settings.service_name)
def test_every_setting_of_its_own_is_documented_with_the_services_prefix(
    settings: type[ServiceSettings],
) -> None:
    text = documented_names()
    prefix = str(settings.model_config.get("env_prefix"))
    own = [field for field in settings.model_fields if field not in ServiceSettings.model_fields]
    # A variable, or for a password its secret file (the variable's name in lower case).
    undocumented = [
        f"{prefix}{field.upper()}"
        for field in own
        if f"{prefix}{field.upper()}" not in text and f"{prefix.lower()}{field}" not in text
    ]
    assert undocumented == []


def test_the_example_sets_no_password() -> None:
    assert [name for name in example_environment() if "PASSWORD" in name or "SECRET" in name] == []


def test_every_value_the_example_sets_is_accepted_by_the_services() -> None:
    values = example_environment()
    for settings in SETTINGS:
        prefix = str(settings.model_config.get("env_prefix"))
        own = {
            name.removeprefix(prefix).lower(): value
            for name, value in values.items()
            if name.startswith(prefix) and name.removeprefix(prefix).lower() in settings.model_fields
        }
        settings(**own)  # raises naming the field that is wrong
    unknown = [
        name
        for name in values
        if name not in ("NETZWERKSTATT_VERSION", "GATEWAY_PUBLISH")
        and not any(
            name.startswith(str(s.model_config.get("env_prefix")))
            and name.removeprefix(str(s.model_config.get("env_prefix"))).lower() in s.model_fields
            for s in SETTINGS
        )
    ]
    assert unknown == [], "variables no service reads"
