"""Passwords reach a container as files (compose `secrets:` under /run/secrets), never in the
environment or the image: a file named like the setting's variable in lower case sets it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from notifications_service.settings import NotificationsSettings
from registry_service.settings import RegistrySettings

URL_WITHOUT_PASSWORD = "postgresql+asyncpg://registry@postgres:5432/netzwerkstatt"


@pytest.fixture
def secrets_dir(tmp_path: Path) -> Path:
    (tmp_path / "registry_nats_password").write_text("nats-secret-from-file\n")
    (tmp_path / "registry_database_password").write_text("db/secret@from:file\n")
    return tmp_path


def test_the_nats_password_comes_from_its_secret_file(
    secrets_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REGISTRY_NATS_PASSWORD", raising=False)

    settings = RegistrySettings(_secrets_dir=secrets_dir)

    assert settings.nats_password.get_secret_value() == "nats-secret-from-file"


def test_the_database_password_file_completes_a_url_that_carries_no_password(
    secrets_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGISTRY_DATABASE_URL", URL_WITHOUT_PASSWORD)
    monkeypatch.delenv("REGISTRY_DATABASE_PASSWORD", raising=False)

    settings = RegistrySettings(_secrets_dir=secrets_dir)

    url = make_url(settings.database_url.get_secret_value())
    assert (url.username, url.password, url.host, url.database) == (
        "registry",
        "db/secret@from:file",
        "postgres",
        "netzwerkstatt",
    )


def test_an_environment_variable_wins_over_a_secret_file(
    secrets_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGISTRY_NATS_PASSWORD", "from-the-environment")

    settings = RegistrySettings(_secrets_dir=secrets_dir)

    assert settings.nats_password.get_secret_value() == "from-the-environment"


def test_a_service_reads_only_the_secret_files_of_its_own_prefix(
    secrets_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (secrets_dir / "notifications_smtp_password").write_text("smtp-secret")
    monkeypatch.delenv("NOTIFICATIONS_NATS_PASSWORD", raising=False)

    settings = NotificationsSettings(_secrets_dir=secrets_dir)

    assert settings.smtp_password.get_secret_value() == "smtp-secret"
    # registry_nats_password lies in the same folder but belongs to another prefix.
    assert settings.nats_password.get_secret_value() != "nats-secret-from-file"


def test_without_a_database_password_the_url_is_used_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGISTRY_DATABASE_PASSWORD", raising=False)
    given = "postgresql+asyncpg://registry:inline@db:5432/netzwerkstatt"

    settings = RegistrySettings(database_url=given)

    assert settings.database_url.get_secret_value() == given


def test_streams_have_one_replica_unless_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REGISTRY_STREAM_REPLICAS", raising=False)
    assert RegistrySettings().stream_replicas == 1
    monkeypatch.setenv("REGISTRY_STREAM_REPLICAS", "3")
    assert RegistrySettings().stream_replicas == 3
