"""The one settings object. Every service subclasses ``ServiceSettings`` with its own environment
prefix (``REGISTRY_``, ``EVENTS_``, ...); the defaults work on the embedded development stack."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from netzwerkstatt.topology import DATABASE_NAME

DEV_NATS_URL = "nats://127.0.0.1:4222"
DEV_POSTGRES = "127.0.0.1:5432"
# Containers get their passwords as files here (compose `secrets:`); a file named like the setting's
# environment variable in lower case (registry_nats_password) sets it. Environment variables win.
SECRETS_DIR = Path("/run/secrets")


def _secrets_dir() -> Path | None:
    # pydantic-settings warns about a missing folder, so it is named only where it exists.
    return SECRETS_DIR if SECRETS_DIR.is_dir() else None


class StartRefused(Exception):
    """A service cannot start and trying again at once cannot help (a missing secret, a refused
    sign-in): ``netzwerkstatt-<service>`` says so in one log line, without a traceback, waits
    ``pause_seconds`` (a container's restart policy would otherwise start it again at once, many
    times a second) and exits non-zero."""

    def __init__(
        self,
        message: str,
        *,
        log_format: Literal["console", "json"] = "console",
        log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO",
        pause_seconds: float | None = None,
        **details: object,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.log_format = log_format
        self.log_level = log_level
        self.pause_seconds = pause_seconds
        self.details = details


class SettingMissing(StartRefused):
    """A secret production has no default for (the development passwords are for the local stack)."""


def setting_source(prefix: str, setting: str) -> str:
    """Where a setting comes from, as an operator sets it: its variable or its secret file."""
    return f"{prefix}{setting.upper()} or the secret file {SECRETS_DIR / (prefix + setting).lower()}"


def dev_password(service: str) -> str:
    """Password of a service's NATS user and database role on the local embedded stack only."""
    return f"{service}-dev-password"


class ServiceSettings(BaseSettings):
    """Settings shared by every service. Secrets may also come from files in ``/run/secrets``."""

    model_config = SettingsConfigDict(
        env_prefix="NETZWERKSTATT_", secrets_dir=_secrets_dir(), extra="ignore", frozen=True
    )
    service_name: ClassVar[str] = ""

    environment: Literal["development", "production", "test"] = "development"
    nats_url: str = DEV_NATS_URL
    nats_user: str = ""
    nats_password: SecretStr = SecretStr("")
    database_url: SecretStr = SecretStr("")
    # When set, it replaces the password in database_url, so the URL itself can carry none.
    database_password: SecretStr = SecretStr("")
    database_pool_size: int = Field(default=10, ge=1, le=200)
    log_format: Literal["console", "json"] = "console"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    request_timeout_seconds: float = Field(default=5.0, gt=0)
    request_concurrency: int = Field(
        default=16, ge=1, le=1000, description="Requests handled at once per subject"
    )
    relay_poll_seconds: float = Field(default=0.5, gt=0)
    relay_batch_size: int = Field(default=200, ge=1)
    consumer_max_deliveries: int = Field(default=5, ge=1)
    consumer_retry_base_seconds: float = Field(default=0.5, ge=0)
    consumer_ack_wait_seconds: float = Field(default=30.0, gt=0)
    # A database out of memory may be short for everyone (wait it out) or only for this event's work
    # (it would be refused again however long one waits): after this long the refusal counts as the
    # event's failure, so it is redelivered later and at last dead-lettered instead of holding its
    # consumer for good.
    consumer_out_of_memory_wait_seconds: float = Field(default=60.0, ge=0)
    # Copies of the service's JetStream stream: 1 on a single NATS server, 3 on a three-node cluster.
    stream_replicas: int = Field(default=1, ge=1, le=5)
    # Prometheus metrics (/metrics) on their own listener, never on a public port; 0 turns it off.
    metrics_port: int = Field(default=0, ge=0, le=65535)
    metrics_host: str = "127.0.0.1"
    metrics_sample_seconds: float = Field(default=5.0, gt=0, description="How often backlogs are read")
    # A start that cannot succeed by trying again at once (a missing secret, a refused sign-in) waits
    # this long before the process exits, so a restart policy does not start it many times a second.
    refused_start_pause_seconds: float = Field(default=5.0, ge=0, le=300)

    @model_validator(mode="after")
    def _fill_development_defaults(self) -> ServiceSettings:
        # Frozen models: defaults that depend on the service name are filled once, here.
        # In production there are none for secrets: a missing one is named (the database's here, as
        # every production process of a service uses it; NATS's where it is used, as a migration
        # job has no NATS login: ``nats_password_value``).
        name = self.service_name
        if not name:
            return self
        if not self.nats_user:
            object.__setattr__(self, "nats_user", name)
        if self.environment == "production":
            self._require_database_secrets()
            return self
        if not self.nats_password.get_secret_value():
            object.__setattr__(self, "nats_password", SecretStr(dev_password(name)))
        if not self.database_url.get_secret_value():
            url = f"postgresql+asyncpg://{name}:{dev_password(name)}@{DEV_POSTGRES}/{DATABASE_NAME}"
            object.__setattr__(self, "database_url", SecretStr(url))
        return self

    @model_validator(mode="after")
    def _database_password_into_url(self) -> ServiceSettings:
        # Runs after the development defaults: a given password replaces theirs as well.
        password = self.database_password.get_secret_value()
        if password and self.database_url.get_secret_value():
            from sqlalchemy.engine import make_url  # here only: a healthcheck starts without SQLAlchemy

            url = make_url(self.database_url.get_secret_value()).set(password=password)
            object.__setattr__(self, "database_url", SecretStr(url.render_as_string(hide_password=False)))
        return self

    def _require_database_secrets(self) -> None:
        url = self.database_url.get_secret_value()
        if not url:
            raise self._missing("database_url", "the database's address (no default in production)")
        if self.database_password.get_secret_value():
            return
        from sqlalchemy.engine import make_url  # here only: a healthcheck starts without SQLAlchemy

        if not make_url(url).password:
            raise self._missing("database_password", "the service's database password")

    def nats_password_value(self) -> str:
        """The service's NATS password; in production one must be given (raises ``SettingMissing``)."""
        password = self.nats_password.get_secret_value()
        if not password:
            raise self._missing("nats_password", "the service's NATS password")
        return password

    def _missing(self, setting: str, what: str) -> SettingMissing:
        prefix = str(self.model_config.get("env_prefix", ""))
        return SettingMissing(
            f"{what} is not set: set {setting_source(prefix, setting)}",
            log_format=self.log_format,
            log_level=self.log_level,
            pause_seconds=self.refused_start_pause_seconds,
            setting=f"{prefix}{setting.upper()}",
        )

    @property
    def database_schema(self) -> str:
        """Each service owns exactly one PostgreSQL schema, named after it."""
        return self.service_name
