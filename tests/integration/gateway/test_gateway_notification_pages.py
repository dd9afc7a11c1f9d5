"""The notifications pages against the real service, fed by the real events service: an invitation
goes out to the local mail sink, and staff find it in the delivery log (filtered), read it in the
mail sink's list, see failed deliveries with their reason, and preview the message templates.
The invitations page follows how far the invitation e-mails have got."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient

from gateway_service.security.roles import Role
from netzwerkstatt.contracts.registry import PersonFacts
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import eventually
from notifications_service import projections
from notifications_service.messages.kinds import MessageKind
from tests.integration.events.events_helpers import person_facts
from tests.integration.gateway.service_support import (
    EventsApi,
    admin_connection,
    day,
    event_with_places,
    events_running,
    in_days,
    notifications_running,
    organisation,
)
from tests.integration.gateway.ui_support import (
    call,
    field_error,
    gateway_running,
    post_form,
    staff_client,
)

PUBLIC_URL = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
async def connection(nats_server: NatsServer) -> AsyncIterator[NatsClient]:
    async with admin_connection(nats_server) as client:
        yield client


@pytest.fixture(scope="module")
async def events(
    nats_server: NatsServer, postgres_server: PostgresServer, connection: NatsClient
) -> AsyncIterator[EventsApi]:
    async with events_running(nats_server, postgres_server, connection) as api:
        yield api


@pytest.fixture(scope="module")
async def notifications(
    nats_server: NatsServer, postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[ServiceRuntime]:
    mail_dir: Path = tmp_path_factory.mktemp("mail")
    async with notifications_running(nats_server, postgres_server, mail_dir, PUBLIC_URL) as runtime:
        yield runtime


@pytest.fixture(scope="module")
async def app(nats_server: NatsServer, postgres_server: PostgresServer) -> AsyncIterator[FastAPI]:
    async with gateway_running(nats_server, postgres_server) as gateway:
        yield gateway


async def contact(events: EventsApi, notifications: ServiceRuntime, email: str | None) -> PersonFacts:
    """A person both services know (as the registry's facts would have told them)."""
    centre = await organisation(events, "Jobcenter Magdeburg", "jobcenter", ["15003"])
    facts = person_facts(centre)
    facts = facts.model_copy(update={"email": email})
    from events_service.store import projection

    async with events.runtime.database.unit_of_work() as uow:
        await projection.upsert_person(uow.session, facts)
    async with notifications.database.unit_of_work() as uow:
        await projections.upsert_contact(uow.session, facts)
    return facts


async def invite(events: EventsApi, people: list[PersonFacts]) -> dict[str, Any]:
    event = await event_with_places(events)
    body = {"event_id": event["id"], "person_ids": [str(person.person_id) for person in people]}
    await events.call("invitation.issue", body)
    return event


async def test_an_invitation_is_found_in_the_delivery_log_and_read_in_the_mail_sink(
    app: FastAPI, events: EventsApi, notifications: ServiceRuntime
) -> None:
    address = f"kim.{uuid.uuid4().hex[:8]}@example.org"
    invitee = await contact(events, notifications, address)
    event = await invite(events, [invitee])
    async with staff_client(app, Role.READ_ONLY) as reader:

        async def sent() -> str:
            page = await reader.get(
                "/notifications/deliveries", params={"recipient_email": address, "status": "sent"}
            )
            return page.text if f"<td>{address}</td>" in page.text else ""

        log = await eventually(sent, timeout=15)
        assert "Einladung" in log
        other = await reader.get(
            "/notifications/deliveries", params={"recipient_email": address, "status": "failed"}
        )
        assert f"<td>{address}</td>" not in other.text

        mails = await reader.get("/notifications/mails")
        match = re.search(
            rf'<td>{re.escape(address)}</td><td><a href="(/notifications/mails/[^"]+)">', mails.text
        )
        assert match is not None
        mail = await reader.get(match.group(1))
        assert mail.status_code == 200
        assert event["title"] in mail.text
        # The personal link without its token: it would act for the invitee.
        assert f"{PUBLIC_URL}/p/invitation/…" in mail.text
        assert not re.search(r"/p/invitation/[A-Za-z0-9_-]{16,}", mail.text)
        assert "Ganz sehen sie nur Administratorinnen und Administratoren." in mail.text
        # The calendar part as people read it: what it does, the appointment, no iCalendar source
        # and no id of the event.
        assert "Der Termin wird in den Kalender eingetragen oder dort geändert." in mail.text
        assert f"<dd>{html.escape(event['title'])}</dd>" in mail.text
        assert "BEGIN:VCALENDAR" not in mail.text
        assert event["id"] not in mail.text
    async with staff_client(app, Role.ADMIN) as admin:
        whole = await admin.get(match.group(1))
    assert re.search(rf"{re.escape(PUBLIC_URL)}/p/invitation/[A-Za-z0-9_-]{{16,}}", whole.text)
    assert "Ganz sehen sie nur" not in whole.text
    async with staff_client(app, Role.READ_ONLY) as reader:
        progress = await reader.get(f"/events/{event['id']}/invitations")
    assert '<progress max="1" value="1"' in progress.text
    assert "1 / 1 (100 %)" in progress.text


async def test_the_delivery_log_and_the_mail_sink_show_their_times_in_german_local_time(
    app: FastAPI, events: EventsApi, notifications: ServiceRuntime
) -> None:
    address = f"lea.{uuid.uuid4().hex[:8]}@example.org"
    await invite(events, [await contact(events, notifications, address)])
    async with staff_client(app, Role.READ_ONLY) as reader:

        async def sent() -> str:
            page = await reader.get(
                "/notifications/deliveries", params={"recipient_email": address, "status": "sent"}
            )
            return page.text if f"<td>{address}</td>" in page.text else ""

        log = await eventually(sent, timeout=15)
        mails = await reader.get("/notifications/mails")
        link = re.search(
            rf'<td>{re.escape(address)}</td><td><a href="(/notifications/mails/[^"]+)">', mails.text
        )
        assert link is not None
        mail = await reader.get(link.group(1))
    (delivery,) = (await call(app, "notifications", "delivery.list", {"recipient_email": address}))["items"]
    received = next(
        item["received_at"]
        for item in (await call(app, "notifications", "mailsink.list", {"limit": 200}))["items"]
        if address in item["to"]
    )

    def local(moment: str, seconds: bool = False) -> str:
        berlin = datetime.fromisoformat(moment.replace("Z", "+00:00")).astimezone(ZoneInfo("Europe/Berlin"))
        return berlin.strftime("%d.%m.%Y, %H:%M:%S" if seconds else "%d.%m.%Y, %H:%M")

    row = log.split(f"<td>{address}</td>")[0].rsplit("<tr>", 1)[1]
    assert f"<td>{local(delivery['created_at'])}</td>" in row
    listed = mails.text.split(f"<td>{address}</td>")[0].rsplit("<tr>", 1)[1]
    assert f"<td>{local(received, seconds=True)}</td>" in listed
    assert f"<dd>{local(received, seconds=True)}</dd>" in mail.text


async def test_a_delivery_without_an_address_is_listed_as_failed_with_its_reason(
    app: FastAPI, events: EventsApi, notifications: ServiceRuntime
) -> None:
    invitee = await contact(events, notifications, None)
    await invite(events, [invitee])
    async with staff_client(app, Role.READ_ONLY) as reader:

        async def failed() -> str:
            page = await reader.get("/notifications/failed")
            row = re.search(
                r"<tr>\s*<td>[^<]*</td>\s*<td>Einladung</td>\s*<td>–</td>(.*?)</tr>", page.text, re.S
            )
            return row.group(1) if row else ""

        row = await eventually(failed, timeout=15)
        assert "fehlgeschlagen" in row
        # The reason in words; the service's English detail stays off the page.
        assert "Die Nachricht ließ sich nicht erstellen" in row
        assert "cannot be built" not in row
        dashboard = await reader.get("/")
    assert re.search(r'Fehlgeschlagene Zustellungen</a> <span class="badge">\d+</span>', dashboard.text)
    assert "cannot be built" not in dashboard.text


async def test_templates_are_listed_and_previewed_with_sample_data(
    app: FastAPI, notifications: ServiceRuntime
) -> None:
    async with staff_client(app, Role.READ_ONLY) as reader:
        listing = await reader.get("/notifications/templates")
        assert listing.status_code == 200
        assert listing.text.count("Vorschau<span") == 2 * len(MessageKind)  # every kind, German and English
        preview = await reader.get(
            "/notifications/templates", params={"kind": "invitation", "language": "en"}
        )
    assert 'id="preview"' in preview.text
    assert "Einladung (Englisch)" in preview.text
    assert "{{" not in preview.text.split('id="preview"')[1]


async def test_a_page_address_with_an_id_of_another_form_leads_to_no_page_as_an_unknown_one(
    app: FastAPI,
) -> None:
    async with staff_client(app, Role.READ_ONLY) as reader:
        edited = await reader.get("/notifications/mails/kaputt")
        other = await reader.get("/registry/organisations/kaputt")
        survey = await reader.get("/feedback/surveys/kaputt")
    heading = re.compile(r"<h1>([^<]*)</h1>")
    for page in (edited, other, survey):
        assert page.status_code == 404
        assert heading.findall(page.text) == ["Nicht gefunden"]
        assert "Diese Seite gibt es nicht. Vielleicht ist der Link veraltet oder unvollständig." in page.text
        assert "Bitte aus der Liste wählen" not in page.text  # a form's words, not a link's
        assert "Etwas ist schiefgegangen" not in page.text


# -- an event's reminders ---------------------------------------------------------------------------


async def schedule_known(app: FastAPI, event_id: str) -> None:
    """Notifications has heard of the published event (it learns of it by event, a moment later):
    its reminders are listed as planned. Until then the page says they will be planned ("werden
    geplant, sobald ..."), which is why the wait looks for a planned row, not for the word."""
    async with staff_client(app, Role.READ_ONLY) as reader:

        async def planned() -> bool:
            page = await reader.get(f"/events/{event_id}/reminders")
            return "<td>geplant</td>" in page.text

        await eventually(planned, timeout=15)


def reminder_rows(*rows: tuple[str, str]) -> dict[str, str]:
    return {
        f"{name}_{index}": value
        for index, row in enumerate(rows)
        for name, value in zip(("amount", "unit"), row, strict=True)
    }


async def offsets_of(app: FastAPI, event_id: str) -> list[str]:
    schedule = await call(app, "notifications", "reminder.get", {"event_id": event_id})
    return list(schedule["offsets"])


async def test_an_events_reminders_show_their_schedule_and_staff_choose_other_moments(
    app: FastAPI, events: EventsApi, notifications: ServiceRuntime
) -> None:
    event = await event_with_places(events)
    await schedule_known(app, event["id"])
    async with staff_client(app, Role.ADMIN) as admin:
        page = await admin.get(f"/events/{event['id']}/reminders")
        assert page.status_code == 200
        assert "<strong>7 Tage vorher</strong> · <strong>1 Tag vorher</strong> (Voreinstellung)" in page.text
        assert page.text.count("<td>geplant</td>") == 2
        # the moment of sending in Berlin time, as the delivery log shows times
        assert re.search(r"<td>\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}</td><td>geplant</td>", page.text), page.text
        form = reminder_rows(("3", "days"), ("2", "hours"), ("", "days"))
        saved = await post_form(
            admin, f"/events/{event['id']}/reminders", f"/events/{event['id']}/reminders", form
        )
        assert saved.status_code == 303
        assert saved.headers["location"] == f"/events/{event['id']}/reminders?saved=1"
        shown = await admin.get(saved.headers["location"])
    assert "Gespeichert" in shown.text
    assert "<strong>3 Tage vorher</strong> · <strong>2 Stunden vorher</strong></p>" in shown.text
    assert shown.text.count("<td>entfallen</td>") == 2  # the default moments, dropped
    assert shown.text.count("<td>geplant</td>") == 2
    assert 'name="amount_0" inputmode="numeric" size="5" value="3"' in shown.text
    assert 'name="amount_1" inputmode="numeric" size="5" value="2"' in shown.text
    assert await offsets_of(app, event["id"]) == ["P3D", "PT2H"]


async def test_reminder_moments_that_cannot_be_used_are_said_at_their_row_and_change_nothing(
    app: FastAPI, events: EventsApi, notifications: ServiceRuntime
) -> None:
    event = await event_with_places(events)
    await schedule_known(app, event["id"])
    target = f"/events/{event['id']}/reminders"
    cases = [
        (reminder_rows(("7", "days"), ("sieben", "days")), "amount_1", "Bitte eine ganze Zahl ab 1 eingeben"),
        (reminder_rows(("0", "hours")), "amount_0", "Bitte eine ganze Zahl ab 1 eingeben"),
        (reminder_rows(("2", "weeks")), "amount_0", "Bitte eine Einheit wählen."),
        # a blank row between: the service's second moment is the form's third row
        (
            reminder_rows(("1", "days"), ("", "days"), ("400", "days")),
            "amount_2",
            "zwischen einer Minute und 365 Tagen",
        ),
        (reminder_rows(("1", "days"), ("24", "hours")), "amount_1", "Dieser Eintrag ist doppelt."),
        (reminder_rows(("99999999999999999", "days")), "amount_0", "zwischen einer Minute und 365 Tagen"),
    ]
    async with staff_client(app, Role.ADMIN) as admin:
        for form, field, words in cases:
            refused = await post_form(admin, target, target, form)
            assert refused.status_code == 422, (form, refused.text)
            assert words in field_error(refused.text, field), (form, field_error(refused.text, field))
            assert 'aria-invalid="true"' in refused.text
            # what was typed stays in the form
            for name, value in form.items():
                if name.startswith("amount") and value:
                    assert f'name="{name}" inputmode="numeric" size="5" value="{value}"' in refused.text
    assert await offsets_of(app, event["id"]) == ["P7D", "P1D"]


async def test_read_only_staff_see_the_reminders_but_no_form_and_cannot_change_them(
    app: FastAPI, events: EventsApi, notifications: ServiceRuntime
) -> None:
    event = await event_with_places(events)
    await schedule_known(app, event["id"])
    target = f"/events/{event['id']}/reminders"
    async with staff_client(app, Role.READ_ONLY) as reader:
        page = await reader.get(target)
        assert "7 Tage vorher" in page.text
        assert "Erinnerungen ändern" not in page.text
        refused = await post_form(reader, target, target, reminder_rows(("3", "days")))
    assert refused.status_code == 403
    assert await offsets_of(app, event["id"]) == ["P7D", "P1D"]


async def test_a_draft_has_no_reminders_until_it_is_published(app: FastAPI, events: EventsApi) -> None:
    draft = await events.call(
        "event.create",
        {
            "title": "Netzwerktreffen Entwurf",
            "format": "network_meeting",
            "days": [day(in_days(20))],
            "venue": {"name": "Stadthaus Halle", "address": "Marktplatz 2, 06108 Halle (Saale)"},
            "organiser": {"name": "IQ Netzwerk Sachsen-Anhalt", "email": "iq@example.org"},
        },
    )
    async with staff_client(app, Role.ADMIN) as admin:
        page = await admin.get(f"/events/{draft['id']}/reminders")
    assert page.status_code == 200
    assert "Erinnerungen werden geplant, sobald die Veranstaltung veröffentlicht ist." in page.text
    assert "Erinnerungen ändern" not in page.text


# -- message templates ------------------------------------------------------------------------------

EDITOR = "/notifications/templates/invitation/de"


async def template_of(app: FastAPI, kind: str = "invitation", language: str = "de") -> dict[str, Any]:
    listed = await call(app, "notifications", "template.list", {"kind": kind, "language": language})
    return dict(listed["items"][0])


async def test_an_admin_edits_a_mail_template_previews_it_saves_it_and_resets_it(
    app: FastAPI, notifications: ServiceRuntime
) -> None:
    built_in = await template_of(app)
    subject = "Einladung zu {{ event_title }}: bitte antworten"
    async with staff_client(app, Role.ADMIN) as admin:
        listing = await admin.get("/notifications/templates")
        assert f'<a href="{EDITOR}">Bearbeiten' in listing.text
        form = await admin.get(EDITOR)
        assert form.status_code == 200
        assert '<code translate="no">{{ event_title }}</code>' in form.text
        fields = {"subject": subject, "text": built_in["text"], "html": built_in["html"]}
        shown = await post_form(admin, EDITOR, EDITOR, fields | {"preview": "1"})
        assert shown.status_code == 200
        preview_subject = re.search(r'<span lang="de" translate="no">([^<]*)</span>', shown.text)
        assert preview_subject is not None
        assert preview_subject.group(1).startswith("Einladung zu ")
        assert "{{" not in preview_subject.group(1)  # filled with the sample data
        assert (await template_of(app))["subject"] == built_in["subject"]  # a preview stores nothing
        saved = await post_form(admin, EDITOR, EDITOR, fields)
        assert saved.status_code == 303, saved.text
        notice = await admin.get(saved.headers["location"])
        assert "Die Vorlage Einladung (Deutsch) ist gespeichert." in notice.text
        stored = await template_of(app)
        assert (stored["subject"], stored["customised"]) == (subject, True)
        reset_page = f"{EDITOR}/reset"
        asked = await post_form(admin, EDITOR, reset_page, {})
        assert "Vorlage Einladung (Deutsch) wirklich zurücksetzen?" in asked.text
        assert (await template_of(app))["customised"] is True
        reset = await post_form(admin, EDITOR, reset_page, {"confirmed": "yes"})
        assert reset.status_code == 303
    stored = await template_of(app)
    assert (stored["subject"], stored["customised"]) == (built_in["subject"], False)


@pytest.mark.parametrize(
    ("part", "typed", "words"),
    [
        (
            "subject",
            "Einladung: {{ vorname }}",
            "Den Platzhalter „vorname“ gibt es für diese Nachricht nicht.",
        ),
        ("text", "Guten Tag,\r\n{{ Event Title }}", "Zeile 2: „{{ Event Title }}“ ist kein Platzhalter."),
        ("html", "<p>{{ event_title</p>", "Zeile 1: „{{“ steht ohne Gegenstück."),
    ],
)
async def test_a_template_that_cannot_be_used_is_said_at_its_part_in_words_and_nothing_is_saved(
    app: FastAPI, notifications: ServiceRuntime, part: str, typed: str, words: str
) -> None:
    built_in = await template_of(app, "reminder", "de")
    editor = "/notifications/templates/reminder/de"
    fields = {"subject": built_in["subject"], "text": built_in["text"], "html": built_in["html"]} | {
        part: typed
    }
    async with staff_client(app, Role.ADMIN) as admin:
        for extra in ({"preview": "1"}, {}):
            refused = await post_form(admin, editor, editor, fields | extra)
            assert refused.status_code == 422
            assert words in html.unescape(field_error(refused.text, part))
            assert html.escape(typed, quote=False) in refused.text or html.escape(typed) in refused.text
    assert (await template_of(app, "reminder", "de"))["customised"] is False


async def test_templates_are_edited_by_admins_only(app: FastAPI, notifications: ServiceRuntime) -> None:
    async with staff_client(app, Role.COORDINATOR, [uuid.uuid4()]) as coordinator:
        assert (
            "/notifications/templates/invitation/de"
            not in (await coordinator.get("/notifications/templates")).text
        )
        assert (await coordinator.get(EDITOR)).status_code == 403
    assert (await template_of(app))["customised"] is False
