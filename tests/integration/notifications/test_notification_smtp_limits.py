"""The SMTP time limit counts the time the service runs: a service paused past it (SIGSTOP, a
suspended machine) while the server accepted its mail reads the acceptance and does not send the
mail again; a server that does not answer within the limit is a temporary failure, at the limit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from notification_flows import SlowServer, serving

from notifications_service.domain import DeliveryProblem
from notifications_service.messages.compose import ComposedEmail
from notifications_service.settings import NotificationsSettings
from notifications_service.smtp import SendFailure, SmtpSender

LIMIT_SECONDS = 1.0
PAUSE_SECONDS = 3.0

EMAIL = ComposedEmail(
    sender="koordination@netzwerkstatt.example.org",
    recipient="teilnahme@example.org",
    message_id="<limits@netzwerkstatt.example.org>",
    raw=b"Subject: Anmeldung bestaetigt\r\nMessage-ID: <limits@netzwerkstatt.example.org>\r\n\r\nHallo\r\n",
)

# The service's side, as a process of its own that the test can pause: connect, then send one mail.
SENDER_SCRIPT = """
import asyncio, sys
from notifications_service.messages.compose import ComposedEmail
from notifications_service.settings import NotificationsSettings
from notifications_service.smtp import SendFailure, SmtpSender

async def main() -> None:
    settings = NotificationsSettings(smtp_port=int(sys.argv[1]), smtp_timeout_seconds=float(sys.argv[2]))
    sender = SmtpSender(settings)
    email = ComposedEmail(sender="a@example.org", recipient="b@example.org", message_id="<p@example.org>",
                          raw=b"Subject: x\\r\\n\\r\\nHallo\\r\\n")
    try:
        await sender.send(email)
    except SendFailure as failure:
        print("failed:", failure.reason, flush=True)
    else:
        print("sent", flush=True)
    await sender.close()

asyncio.run(main())
"""


@pytest.fixture
def answer_in_half_a_second() -> Iterator[tuple[SlowServer, int]]:
    handler = SlowServer(answer_after=0.5)
    with serving(handler) as port:
        yield handler, port


@pytest.fixture
def never_in_time() -> Iterator[tuple[SlowServer, int]]:
    handler = SlowServer(answer_after=LIMIT_SECONDS * 5)
    with serving(handler) as port:
        yield handler, port


def test_a_sender_paused_past_the_limit_while_its_mail_was_accepted_counts_it_as_sent(
    answer_in_half_a_second: tuple[SlowServer, int],
) -> None:
    server, port = answer_in_half_a_second
    sender = subprocess.Popen(
        [sys.executable, "-c", SENDER_SCRIPT, str(port), str(LIMIT_SECONDS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        # Paused while it waits for the answer to its message, longer than the limit; the server
        # answers meanwhile.
        assert server.data_received.wait(30), "the mail never reached the server"
        sender.send_signal(signal.SIGSTOP)
        time.sleep(PAUSE_SECONDS)
        sender.send_signal(signal.SIGCONT)
        output, _ = sender.communicate(timeout=30)
    finally:
        if sender.poll() is None:
            os.kill(sender.pid, signal.SIGKILL)
    assert output.strip() == "sent"
    assert len(server.stored) == 1


async def test_a_server_that_does_not_answer_within_the_limit_is_a_temporary_failure_at_the_limit(
    never_in_time: tuple[SlowServer, int],
) -> None:
    server, port = never_in_time
    sender = SmtpSender(NotificationsSettings(smtp_port=port, smtp_timeout_seconds=LIMIT_SECONDS))
    started = time.monotonic()
    with pytest.raises(SendFailure) as failed:
        await sender.send(EMAIL)
    took = time.monotonic() - started
    assert failed.value.permanent is False
    assert failed.value.server_unreachable is True
    assert failed.value.problem == DeliveryProblem.MAIL_SERVER_UNREACHABLE
    assert "within 1 s" in failed.value.reason
    # At the limit, not at the server's pace, and the connection is dropped without a QUIT.
    assert LIMIT_SECONDS <= took < LIMIT_SECONDS * 3
    assert len(server.stored) == 1
    await sender.close()
