"""Sending over SMTP (aiosmtplib) and telling temporary from permanent failures.

Temporary: the server cannot be reached, the connection drops, or it answers 4xx (try again later).
Permanent: it answers 5xx for the sender, the recipient or the content (retrying changes nothing).

Time limits count the time this process runs, not the clock on the wall (``within``): a process that
was paused (SIGSTOP, a suspended machine) past the limit while the server's reply arrived reads that
reply, instead of reporting an accepted mail as failed and sending it again.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Coroutine
from typing import Any, TypeVar

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


T = TypeVar("T")

# A limit is counted in ticks of this length; a pause of the process costs one tick, however long.
TICK_SECONDS = 0.25


async def within(seconds: float, operation: Coroutine[Any, Any, T]) -> T:
    """``operation``'s result, or ``TimeoutError`` once the event loop has run ``seconds`` without it
    finishing (it is then cancelled).

    ``asyncio.wait_for`` counts wall time: after a pause past its timeout, the loop's first turn finds
    the timer due and no I/O polled (a select interrupted past its deadline returns nothing), so the
    timeout wins over a reply that is already waiting in the socket. Counted in short ticks, the
    pause ends one tick, and the next turn reads the reply."""
    task = asyncio.ensure_future(operation)
    try:
        for _ in range(max(1, math.ceil(seconds / TICK_SECONDS))):
            done, _ = await asyncio.wait({task}, timeout=TICK_SECONDS)
            if done:
                return task.result()
        raise TimeoutError(f"no answer within {seconds:g} s")
    finally:
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


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
            timeout=None,  # limited by ``within``, which a pause of this process does not trip
            use_tls=settings.smtp_tls,
            start_tls=settings.smtp_starttls,
            validate_certs=settings.smtp_validate_certs,
            username=settings.smtp_username or None,
            password=settings.smtp_password.get_secret_value() or None,
        )
        await within(settings.smtp_timeout_seconds, client.connect())
        self._client = client
        return client

    async def send(self, email: ComposedEmail) -> None:
        """Deliver one message or raise ``SendFailure``."""
        try:
            client = await self._connected()
            errors, _ = await within(
                self.settings.smtp_timeout_seconds,
                client.sendmail(email.sender, [email.recipient], email.raw),
            )
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            failure = classify(error)
            if not failure.permanent:
                self._drop()
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
        """End the connection politely (QUIT), e.g. when there is nothing to send."""
        client = self._client
        try:
            if client is not None and client.is_connected:
                with contextlib.suppress(Exception):
                    await within(self.settings.smtp_timeout_seconds, client.quit())
        finally:
            self._drop()

    def _drop(self) -> None:
        """Close the connection at once: a failure left it in a state no command can rely on."""
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
