"""Sending over SMTP (aiosmtplib) and telling temporary from permanent failures.

Temporary: the server cannot be reached, the connection drops, or it answers 4xx (try again later).
Permanent: it answers 5xx for the sender, the recipient or the content (retrying changes nothing).
"""

from __future__ import annotations

import contextlib

import aiosmtplib

from notifications_service.domain import DeliveryProblem
from notifications_service.messages.compose import ComposedEmail
from notifications_service.settings import NotificationsSettings


class SendFailure(Exception):
    def __init__(
        self, reason: str, problem: DeliveryProblem, *, permanent: bool, server_unreachable: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.problem = problem
        self.permanent = permanent
        self.server_unreachable = server_unreachable


def classify(error: Exception) -> SendFailure:
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        codes = [refusal.code for refusal in error.recipients]
        detail = "; ".join(f"{refusal.code} {refusal.message}" for refusal in error.recipients)
        return SendFailure(
            f"recipient refused: {detail}",
            DeliveryProblem.RECIPIENT_REFUSED,
            permanent=all(code >= 500 for code in codes),
        )
    if isinstance(error, aiosmtplib.SMTPResponseException) and not isinstance(
        error, aiosmtplib.SMTPServerDisconnected
    ):
        permanent = 500 <= error.code < 600
        return SendFailure(
            f"SMTP {error.code}: {error.message}", DeliveryProblem.MAIL_SERVER_REFUSED, permanent=permanent
        )
    return SendFailure(
        f"mail server unreachable: {error!r}",
        DeliveryProblem.MAIL_SERVER_UNREACHABLE,
        permanent=False,
        server_unreachable=True,
    )


class SmtpSender:
    """One SMTP connection, opened on first use and reused until it fails or is closed."""

    def __init__(self, settings: NotificationsSettings) -> None:
        self.settings = settings
        self._client: aiosmtplib.SMTP | None = None

    async def _connected(self) -> aiosmtplib.SMTP:
        if self._client is not None and self._client.is_connected:
            return self._client
        settings = self.settings
        client = aiosmtplib.SMTP(
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            timeout=settings.smtp_timeout_seconds,
            use_tls=settings.smtp_tls,
            start_tls=settings.smtp_starttls,
            validate_certs=settings.smtp_validate_certs,
            username=settings.smtp_username or None,
            password=settings.smtp_password.get_secret_value() or None,
        )
        await client.connect()
        self._client = client
        return client

    async def send(self, email: ComposedEmail) -> None:
        """Deliver one message or raise ``SendFailure``."""
        try:
            client = await self._connected()
            errors, _ = await client.sendmail(email.sender, [email.recipient], email.raw)
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            failure = classify(error)
            if not failure.permanent:
                await self.close()
            raise failure from error
        if errors:
            detail = "; ".join(
                f"{address}: {response.code} {response.message}" for address, response in errors.items()
            )
            permanent = all(response.code >= 500 for response in errors.values())
            raise SendFailure(
                f"recipient refused: {detail}", DeliveryProblem.RECIPIENT_REFUSED, permanent=permanent
            )

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None and client.is_connected:
            with contextlib.suppress(Exception):
                await client.quit()
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
