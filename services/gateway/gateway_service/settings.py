import ipaddress
from typing import ClassVar
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from netzwerkstatt.settings import ServiceSettings

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class GatewaySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "gateway"

    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8000, ge=1, le=65535)
    public_url: str = ""

    # None: Secure cookies unless the gateway is reached over plain HTTP on a loopback address.
    cookie_secure: bool | None = None
    session_idle_minutes: int = Field(default=120, ge=5, le=24 * 60)
    session_max_hours: int = Field(default=12, ge=1, le=24 * 14)
    # Failed logins tolerated within the window: for an account from one client address, for an
    # account from all addresses together, and from one client address. A stranger cannot lock an
    # account out on their own: their address is held back (20) before the account's total (50).
    login_failures_per_account: int = Field(default=5, ge=1)
    login_failures_per_account_overall: int = Field(default=50, ge=1)
    login_failures_per_address: int = Field(default=20, ge=1)
    login_window_minutes: int = Field(default=15, ge=1)
    # Requests to the public token pages per client address and minute.
    public_requests_per_minute: int = Field(default=30, ge=1)
    # The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses or
    # networks, comma-separated. Empty: none; the connection's own address is the client's (a header
    # anyone can send must not choose the address the limits above are kept for).
    trusted_proxies: str = ""
    # Demo staff accounts are created by seed-demo only when this is set (never a default password).
    demo_password: SecretStr = SecretStr("")

    @property
    def trusted_proxy_list(self) -> list[str]:
        return _entries(self.trusted_proxies)

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses_or_networks(cls, value: str) -> str:
        for entry in _entries(value):
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"trusted_proxies: {entry!r} is no IP address or network (such as 10.0.0.5 or 10.0.0.0/8)"
                ) from None
        return value

    @model_validator(mode="after")
    def _secure_cookies_off_only_on_loopback(self) -> "GatewaySettings":
        if self.cookie_secure is False and not self.is_plain_http_loopback:
            raise ValueError(
                "cookie_secure: may be turned off only for plain-HTTP development on a loopback address"
            )
        return self

    @property
    def base_url(self) -> str:
        return self.public_url or f"http://{self.http_host}:{self.http_port}"

    @property
    def is_plain_http_loopback(self) -> bool:
        url = urlsplit(self.base_url)
        return url.scheme == "http" and (url.hostname or "") in LOOPBACK_HOSTS

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is None:
            return not self.is_plain_http_loopback
        return self.cookie_secure


def _entries(listed: str) -> list[str]:
    """The entries of a comma-separated setting, blanks around them and empty ones left out."""
    return [entry.strip() for entry in listed.split(",") if entry.strip()]
