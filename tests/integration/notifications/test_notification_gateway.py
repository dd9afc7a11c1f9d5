"""Staff reach the notifications service over the gateway's JSON API: templates and previews, the
delivery log, reminders and the local mail sink; errors come back with HTTP status and fields."""

from __future__ import annotations

import uuid

import httpx
from nats.js import JetStreamContext
from notification_flows import StartNotifications, event, mails_to, person, publish

from netzwerkstatt.contracts.events import InvitationIssued
from netzwerkstatt.contracts.registry import PersonCreated
from netzwerkstatt.testing.services import eventually
from notifications_service.mailsink import MailSink
from notifications_service.messages.kinds import MessageKind


async def test_staff_read_templates_preview_them_and_get_field_errors_for_unknown_placeholders(
    start_notifications: StartNotifications, gateway: httpx.AsyncClient
) -> None:
    async with start_notifications():
        listed = await gateway.get("/api/notifications/templates", params={"language": "en"})
        preview = await gateway.post(
            "/api/notifications/templates/preview",
            json={
                "kind": "invitation",
                "language": "de",
                "subject": "Herzliche Einladung: {{ event_title }}",
            },
        )
        broken = await gateway.post(
            "/api/notifications/templates/preview",
            json={"kind": "invitation", "language": "de", "subject": "Hallo {{ vorname }}"},
        )
        unknown_kind = await gateway.get("/api/notifications/templates", params={"kind": "newsletter"})

    assert listed.status_code == 200
    assert len(listed.json()["items"]) == listed.json()["total"] == len(MessageKind)
    assert {item["language"] for item in listed.json()["items"]} == {"en"}
    assert preview.status_code == 200, preview.text
    assert (
        preview.json()["subject"]
        == "Herzliche Einladung: 14. Ideenwerkstatt der Integrationskoordinator*innen"
    )
    assert broken.status_code == 422
    [detail] = broken.json()["error"]["details"]
    assert (detail["field"], detail["code"]) == ("subject", "unknown_placeholder")
    assert "vorname" in detail["message"]
    assert unknown_kind.status_code == 422
    assert unknown_kind.json()["error"]["details"][0]["field"] == "kind"


async def test_staff_follow_an_invitation_from_the_delivery_log_to_the_mail_sink(
    start_notifications: StartNotifications,
    gateway: httpx.AsyncClient,
    producer: JetStreamContext,
    mail_sink: MailSink,
) -> None:
    someone = person()
    await publish(producer, PersonCreated(person=someone), subject=someone.person_id)
    facts = event()
    async with start_notifications(mail_sink_dir=mail_sink.store.directory):
        await publish(
            producer,
            InvitationIssued(invitation_id=uuid.uuid4(), event=facts, person_id=someone.person_id),
            subject=facts.event_id,
        )
        await eventually(lambda: _received(mail_sink, someone.email or ""))

        log = await gateway.get(
            "/api/notifications/deliveries", params={"person_id": str(someone.person_id), "status": "sent"}
        )
        inbox = await gateway.get("/api/notifications/mail", params={"limit": 500})
        [summary] = [item for item in inbox.json()["items"] if someone.email in item["to"]]
        mail = await gateway.get(f"/api/notifications/mail/{summary['id']}")
        missing = await gateway.get("/api/notifications/mail/20250101T000000000000-000000000000")
        reminders = await gateway.get(f"/api/notifications/events/{facts.event_id}/reminders")
        bad_offsets = await gateway.put(
            "/api/notifications/reminders", json={"event_id": str(facts.event_id), "offsets": ["P400D"]}
        )

    assert log.status_code == 200
    [delivery] = log.json()["items"]
    assert (delivery["kind"], delivery["recipient_email"], delivery["attempts"]) == (
        "invitation",
        someone.email,
        1,
    )
    assert delivery["email_subject"] == f"Einladung: {facts.title}"
    assert mail.status_code == 200
    body = mail.json()
    assert body["subject"] == f"Einladung: {facts.title}"
    assert "METHOD:REQUEST" in body["calendar"]
    assert [attachment["filename"] for attachment in body["attachments"]] == ["invite.ics"]
    assert missing.status_code == 404
    assert missing.json()["error"]["details"][0]["field"] == "id"
    assert reminders.status_code == 200
    assert [job["status"] for job in reminders.json()["jobs"]] == []  # invited, not yet published here
    assert bad_offsets.status_code == 422
    assert bad_offsets.json()["error"]["details"][0]["field"] == "offsets.0"


async def _received(sink: MailSink, address: str) -> bool:
    return len(mails_to(sink, address)) == 1
