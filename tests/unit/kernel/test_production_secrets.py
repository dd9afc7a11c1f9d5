"""In production a missing secret is refused with its setting named, never replaced by the local
stack's development password (``<service>-dev-password``); development and the tests keep those."""

from __future__ import annotations

import pytest

from netzwerkstatt.settings import SettingMissing, dev_password
from registry_service.settings import RegistrySettings

URL_WITHOUT_PASSWORD = "postgresql+asyncpg://registry@postgres:5432/netzwerkstatt"


@pytest.fixture(autouse=True)
def no_registry_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for setting in ("NATS_PASSWORD", "DATABASE_URL", "DATABASE_PASSWORD", "ENVIRONMENT"):
        monkeypatch.delenv(f"REGISTRY_{setting}", raising=False)


def test_production_without_a_nats_password_names_the_setting_and_its_secret_file() -> None:
    settings = RegistrySettings(
        environment="production", database_url=URL_WITHOUT_PASSWORD, database_password="secret"
    )

    with pytest.raises(SettingMissing) as refused:
        settings.nats_password_value()

    assert "REGISTRY_NATS_PASSWORD" in refused.value.message
    assert "/run/secrets/registry_nats_password" in refused.value.message
    assert dev_password("registry") not in settings.nats_password.get_secret_value()


def test_a_migration_job_in_production_needs_no_nats_password() -> None:
    settings = RegistrySettings(
        environment="production", database_url=URL_WITHOUT_PASSWORD, database_password="secret"
    )

    assert settings.database_url.get_secret_value().startswith("postgresql+asyncpg://registry:secret@")


def test_production_without_a_database_url_is_refused_naming_it() -> None:
    with pytest.raises(SettingMissing) as refused:
        RegistrySettings(environment="production", nats_password="secret")

    assert "REGISTRY_DATABASE_URL" in refused.value.message
    assert refused.value.details["setting"] == "REGISTRY_DATABASE_URL"


def test_production_with_a_database_url_but_no_password_is_refused_naming_the_password() -> None:
    with pytest.raises(SettingMissing) as refused:
        RegistrySettings(environment="production", nats_password="secret", database_url=URL_WITHOUT_PASSWORD)

    assert "REGISTRY_DATABASE_PASSWORD" in refused.value.message
    assert "/run/secrets/registry_database_password" in refused.value.message


def test_production_takes_a_password_inside_the_database_url() -> None:
    settings = RegistrySettings(
        environment="production",
        nats_password="secret",
        database_url="postgresql+asyncpg://registry:inside@postgres:5432/netzwerkstatt",
    )

    assert settings.nats_password_value() == "secret"


@pytest.mark.parametrize("environment", ["development", "test"])
def test_development_and_tests_keep_the_local_stacks_passwords(environment: str) -> None:
    settings = RegistrySettings(environment=environment)

    assert settings.nats_password_value() == dev_password("registry")
    assert dev_password("registry") in settings.database_url.get_secret_value()
