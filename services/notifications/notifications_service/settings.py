"""Settings of the notifications service (environment prefix ``NOTIFICATIONS_``)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from netzwerkstatt.settings import ServiceSettings

DEVELOPMENT_MAIL_SINK_DIR = Path(".data/mail")

# Pooled connections (of twice the pool's size) kept for everything but the delivery workers.
POOL_BESIDE_THE_WORKERS = 3


class NotificationsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFICATIONS_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "notifications"

    # Links in e-mails point at the gateway's public pages below this address.
    public_url: str = "http://127.0.0.1:8000"

    # Every mail comes from this address (a domain whose SPF and DMARC records allow the SMTP relay);
    # an event's organiser signs its mails and gets the answers (Reply-To). Messages not tied to an
    # event (agreement reminders, say) are signed by this office.
    sender_name: str = "Netzwerkstatt Koordinierungsstelle"
    sender_email: str = "koordination@netzwerkstatt.example.org"

    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=1025, ge=1, le=65535)
    smtp_starttls: bool = False
    smtp_tls: bool = Field(default=False, description="Implicit TLS (port 465) instead of STARTTLS")
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description="Limit for connecting and for sending one message, counted while the service runs",
    )
    smtp_validate_certs: bool = True

    # Development: the service runs a local mail sink on smtp_host:smtp_port storing mails here.
    mail_sink_dir: Path | None = None

    delivery_workers: int = Field(default=4, ge=1, le=64)
    delivery_batch_size: int = Field(default=50, ge=1, le=500)
    delivery_poll_seconds: float = Field(default=0.5, gt=0)
    delivery_retry_base_seconds: float = Field(default=5.0, gt=0)
    delivery_retry_max_seconds: float = Field(default=600.0, gt=0)
    # Temporary failures are retried for this long before the message counts as undeliverable.
    delivery_give_up_after_seconds: float = Field(default=3 * 24 * 3600.0, gt=0)
    # How long a message waits for its contact to appear in the projection (events of the registry
    # and of the events service travel on different streams and may arrive in either order).
    contact_wait_seconds: float = Field(default=600.0, ge=0)

    # The events service issues the participants' links of each batch (``events.link.issue``).
    link_call_timeout_seconds: float = Field(default=5.0, gt=0)

    reminder_poll_seconds: float = Field(default=5.0, gt=0)

    @model_validator(mode="after")
    def _pool_holds_the_workers(self) -> NotificationsSettings:
        # A delivery worker holds two connections while it sends (its batch's transaction and its
        # delivery marks); the pool (its size, and as many again when busy) must leave room beside
        # them for the consumers, the outbox relay, the reminders and requests.
        needed = self.delivery_workers + POOL_BESIDE_THE_WORKERS
        if self.database_pool_size < needed:
            raise ValueError(
                f"{self.delivery_workers} delivery workers need a database pool of at least {needed} "
                f"(NOTIFICATIONS_DATABASE_POOL_SIZE is {self.database_pool_size}): each holds two "
                "connections while it sends; lower NOTIFICATIONS_DELIVERY_WORKERS or raise the pool "
                "within PostgreSQL's max_connections"
            )
        return self

    @model_validator(mode="after")
    def _development_mail_sink(self) -> NotificationsSettings:
        # `make up` needs no extra process: in development the service keeps its own mail sink.
        if self.environment == "development" and self.mail_sink_dir is None:
            object.__setattr__(self, "mail_sink_dir", DEVELOPMENT_MAIL_SINK_DIR)
        return self
