import smtplib
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import pytest
from icalendar import Calendar
from notification_builders import link, office, recipient, regionalworkshop

from netzwerkstatt.stack.processes import free_port
from notifications_service.mailsink import MailNotFoundError, MailSink, MailStore
from notifications_service.messages.calendar import Attendee, build_calendar
from notifications_service.messages.compose import compose_email
from notifications_service.messages.context import InvitationContext
from notifications_service.messages.kinds import CalendarMethod, MessageKind
from notifications_service.messages.templates import render


@pytest.fixture
def sink(tmp_path: Path) -> Iterator[MailSink]:
    with MailSink(store_dir=tmp_path / "mail") as running:
        yield running


def invitation_email() -> EmailMessage:
    event = regionalworkshop().model_copy(update={"title": "Regionalworkshop Görlitz: Übergänge"})
    context = InvitationContext(
        recipient=recipient(last_name="Müßig"),
        office=office(),
        event=event,
        accept_link=link("accept"),
        decline_link=link("decline"),
        calendar_link=link("calendar.ics"),
    )
    calendar = build_calendar(
        event,
        method=CalendarMethod.REQUEST,
        organizer=office(),
        attendee=Attendee(name="Kim Müßig", email="kim.beispiel@example.org"),
    )
    email: EmailMessage = compose_email(
        render(MessageKind.INVITATION, context),
        recipient=context.recipient,
        sender=office(),
        idempotency_key="invitation-test",
        calendar=calendar,
    ).message()
    return email


def test_a_message_sent_over_smtp_can_be_listed_and_read_back(sink: MailSink) -> None:
    with smtplib.SMTP(sink.host, sink.port, timeout=10) as client:
        client.send_message(invitation_email())

    [entry] = sink.messages()
    assert entry.subject == "Einladung: Regionalworkshop Görlitz: Übergänge"
    assert entry.sender == "koordination@example.org"
    assert entry.to == ["kim.beispiel@example.org"]

    stored = sink.message(entry.id)
    assert stored["Message-ID"] == "<invitation-test@example.org>"
    body = stored.get_body(preferencelist=("plain",))
    assert body is not None
    assert "Sehr geehrte Frau Müßig," in body.get_content()
    attachment = next(stored.iter_attachments())
    assert isinstance(attachment, EmailMessage)
    [entry_event] = Calendar.from_ical(attachment.get_content()).walk("VEVENT")
    assert str(entry_event["SUMMARY"]) == "Regionalworkshop Görlitz: Übergänge"


async def test_a_message_sent_with_aiosmtplib_arrives(sink: MailSink) -> None:
    await aiosmtplib.send(invitation_email(), hostname=sink.host, port=sink.port, timeout=10)

    assert [entry.subject for entry in sink.messages()] == ["Einladung: Regionalworkshop Görlitz: Übergänge"]


def test_the_sink_accepts_any_recipient_and_keeps_messages_in_arrival_order(sink: MailSink) -> None:
    with smtplib.SMTP(sink.host, sink.port, timeout=10) as client:
        for number in (1, 2):
            message = EmailMessage()
            message["From"] = "koordination@example.org"
            message["To"] = "someone@example.com, other@elsewhere.example.net"
            message["Subject"] = f"Nachricht {number}"
            message.set_content("Hallo")
            client.send_message(message)

    entries = sink.messages()
    assert [entry.subject for entry in entries] == ["Nachricht 1", "Nachricht 2"]
    assert entries[0].to == ["someone@example.com", "other@elsewhere.example.net"]
    assert entries[0].received_at <= entries[1].received_at


def test_stored_messages_remain_readable_after_the_sink_stops(tmp_path: Path) -> None:
    with (
        MailSink(store_dir=tmp_path) as running,
        smtplib.SMTP(running.host, running.port, timeout=10) as client,
    ):
        client.send_message(invitation_email())

    [entry] = MailStore(tmp_path).messages()
    assert MailStore(tmp_path).message(entry.id)["Subject"] == entry.subject
    assert (tmp_path / f"{entry.id}.eml").is_file()
    assert (tmp_path / "index.jsonl").read_text(encoding="utf-8").count("\n") == 1


def test_an_empty_store_lists_no_messages(tmp_path: Path) -> None:
    assert MailStore(tmp_path / "new").messages() == []


@pytest.mark.parametrize("mail_id", ["20240101T000000000000-000000000000", "../index", "index.jsonl"])
def test_asking_for_an_unknown_or_malformed_id_is_a_clear_not_found(sink: MailSink, mail_id: str) -> None:
    with pytest.raises(MailNotFoundError, match="no stored mail with id"):
        sink.message(mail_id)


def test_the_sink_runs_as_a_command_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "notifications_service.mailsink", "--port", str(port), "--dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert f"listening on 127.0.0.1:{port}" in process.stdout.readline()
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.send_message(invitation_email())
    finally:
        process.terminate()
        exit_code = process.wait(timeout=10)

    assert exit_code == 0
    assert [entry.to for entry in MailStore(tmp_path).messages()] == [["kim.beispiel@example.org"]]


def test_a_stopped_sink_frees_its_port_for_a_new_one(tmp_path: Path) -> None:
    first = MailSink(store_dir=tmp_path)
    first.start()
    first.stop()

    with (
        MailSink(store_dir=tmp_path, port=first.port) as second,
        smtplib.SMTP(second.host, second.port, timeout=10) as client,
    ):
        assert client.noop()[0] == 250


def test_forgetting_an_address_removes_its_mails_and_keeps_the_others(tmp_path: Path) -> None:
    store = MailStore(tmp_path / "mail")
    body = b"Subject: Einladung\r\n\r\nHallo "
    erased = store.save("iq@example.org", ["Jana.Vergessen@example.org"], body + b"Jana")
    kept = store.save("iq@example.org", ["mara.bleibt@example.org"], body + b"Mara")

    assert store.forget("jana.vergessen@example.org") == 1

    assert [mail.id for mail in store.messages()] == [kept.id]
    assert not (tmp_path / "mail" / f"{erased.id}.eml").exists()
    assert b"Jana" not in b"".join(path.read_bytes() for path in (tmp_path / "mail").iterdir())
    assert store.forget("jana.vergessen@example.org") == 0


def test_an_erasure_through_another_store_of_the_folder_loses_no_mail_the_sink_saves_meanwhile(
    tmp_path: Path,
) -> None:
    """The sink's store keeps saving while an erasure rewrites the index through a store of its own:
    every mail on disk stays in the index (visible to staff, found by the next erasure)."""
    folder = tmp_path / "mail"
    sink_store, erasure_store = MailStore(folder), MailStore(folder)
    content = b"Subject: Einladung\r\n\r\nGuten Tag\r\n"

    def keep_saving() -> None:
        for index in range(300):
            recipient = "erased@example.org" if index % 3 == 0 else f"kept{index}@example.org"
            sink_store.save("iq@example.org", [recipient], content)

    saver = threading.Thread(target=keep_saving)
    saver.start()
    while saver.is_alive():
        erasure_store.forget("erased@example.org")
        time.sleep(0.001)  # lets the saver take the folder's lock in between: erasures and saves interleave
    saver.join()
    erasure_store.forget("erased@example.org")

    indexed = {mail.id for mail in sink_store.messages()}
    on_disk = {path.stem for path in folder.glob("*.eml")}
    assert indexed == on_disk
    assert len(indexed) == 200
