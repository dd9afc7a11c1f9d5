"""The participants' links against the real events and notifications services: an invitation is
answered only after confirming on the page, the answer registers (or puts on the waitlist) or
declines; a registration shows its event, gives a calendar file and is cancelled once, moving the
waitlist; unsubscribing from optional e-mails can be taken back; foreign tokens change nothing."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient

from gateway_service.security.roles import Role
from gateway_service.testing import csrf_token_in
from netzwerkstatt.calendar_identity import event_day_uid
from netzwerkstatt.contracts.registry import PersonFacts
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from notifications_service import projections
from notifications_service.messages.calendar import event_uid
from notifications_service.store import contacts
from tests.integration.events.events_helpers import moved_clock
from tests.integration.gateway.service_support import (
    EventsApi,
    admin_connection,
    event_with_places,
    events_running,
    invitation_token,
    member,
    notifications_running,
    organisation,
    registration_token,
)
from tests.integration.gateway.ui_support import gateway_running, participant_client, staff_client

UNKNOWN = "Dieser Link ist ungültig oder abgelaufen."


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
    async with notifications_running(
        nats_server, postgres_server, mail_dir, "http://127.0.0.1:8000"
    ) as runtime:
        yield runtime


@pytest.fixture(scope="module")
async def app(nats_server: NatsServer, postgres_server: PostgresServer) -> AsyncIterator[FastAPI]:
    async with gateway_running(nats_server, postgres_server) as gateway:
        yield gateway


async def invited(events: EventsApi, capacity: int | None = None) -> tuple[dict[str, Any], uuid.UUID, str]:
    """A published event, a member of a jobcenter invited to it, and the invitation's token."""
    centre = await organisation(events, "Jobcenter Halle (Saale)", "jobcenter", ["15002"])
    person_id = await member(events, centre)
    event = await event_with_places(events, capacity=capacity)
    await events.call("invitation.issue", {"event_id": event["id"], "person_ids": [str(person_id)]})
    return event, person_id, await invitation_token(events, event["id"], person_id)


async def answer(client: httpx.AsyncClient, token: str, choice: str) -> httpx.Response:
    page = await client.get(f"/p/invitation/{token}", params={"answer": choice})
    assert page.status_code == 200
    return await client.post(
        f"/p/invitation/{token}", data={"answer": choice, "csrf_token": csrf_token_in(page.text)}
    )


async def test_opening_the_accept_link_changes_nothing_until_the_participant_confirms(
    app: FastAPI, events: EventsApi
) -> None:
    event, person_id, token = await invited(events)
    async with participant_client(app) as participant:
        page = await participant.get(f"/p/invitation/{token}", params={"answer": "accept"})
        assert page.status_code == 200
        assert "Bitte bestätigen Sie Ihre Zusage" in page.text
        assert "Ich nehme teil" in page.text
        assert "Ich kann nicht teilnehmen" not in page.text
        listed = await events.call("registration.list", {"event_id": event["id"]})
        assert listed["items"] == []

        response = await participant.post(
            f"/p/invitation/{token}", data={"answer": "accept", "csrf_token": csrf_token_in(page.text)}
        )
    assert response.status_code == 200
    assert "<h1>Vielen Dank, Sie sind angemeldet.</h1>" in response.text
    assert "mit einem Link zum Stornieren und zum Kalendereintrag" in response.text
    assert event["title"] in response.text
    assert "Stadthaus Halle" in response.text
    listed = await events.call("registration.list", {"event_id": event["id"]})
    assert [(item["person_id"], item["status"]) for item in listed["items"]] == [
        (str(person_id), "confirmed")
    ]


async def test_accepting_a_full_event_puts_the_participant_on_the_waitlist_with_the_position(
    app: FastAPI, events: EventsApi
) -> None:
    event, _, token = await invited(events, capacity=1)
    centre = await organisation(events, "Agentur für Arbeit Halle", "employment_agency", ["15002"])
    first = await member(events, centre)
    await events.call("registration.register", {"event_id": event["id"], "person_id": str(first)})
    async with participant_client(app) as participant:
        response = await answer(participant, token, "accept")
    assert "Sie stehen auf der Warteliste, Platz 1.</h1>" in response.text
    # The browser tab says the place too, as the heading does.
    assert (
        "<title>Die Veranstaltung ist ausgebucht. Sie stehen auf der Warteliste, Platz 1. · " in response.text
    )
    # The waitlist's mail brings the place and a link to withdraw; the calendar entry comes with a place.
    assert "mit Ihrem Platz auf der Warteliste" in response.text
    assert "zum Kalendereintrag" not in response.text
    assert f"<h2>{event['title']}</h2>" in response.text


async def test_the_decline_link_records_the_decline(app: FastAPI, events: EventsApi) -> None:
    event, person_id, token = await invited(events)
    async with participant_client(app) as participant:
        response = await answer(participant, token, "decline")
    assert response.status_code == 200
    assert "<h1>Schade! Ihre Absage ist angekommen.</h1>" in response.text
    assert "E-Mail" not in response.text  # nothing follows a decline
    listed = await events.call("invitation.list", {"event_id": event["id"]})
    assert [(item["person_id"], item["status"]) for item in listed["items"]] == [(str(person_id), "declined")]


async def test_an_answer_without_a_choice_is_asked_again_and_an_unknown_token_changes_nothing(
    app: FastAPI, events: EventsApi
) -> None:
    event, _, token = await invited(events)
    async with participant_client(app) as participant:
        page = await participant.get(f"/p/invitation/{token}")
        assert "Bitte sagen Sie uns, ob Sie teilnehmen." in page.text
        csrf = csrf_token_in(page.text)
        nothing = await participant.post(
            f"/p/invitation/{token}", data={"answer": "maybe", "csrf_token": csrf}
        )
        assert nothing.status_code == 422
        assert "Bitte wählen Sie" in nothing.text
        forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
        unknown = await participant.post(
            f"/p/invitation/{forged}", data={"answer": "accept", "csrf_token": csrf}
        )
    assert unknown.status_code == 404
    assert UNKNOWN in unknown.text
    assert (await events.call("registration.list", {"event_id": event["id"]}))["items"] == []


async def test_the_invitation_page_shows_the_event_before_the_participant_answers(
    app: FastAPI, events: EventsApi
) -> None:
    event, _, token = await invited(events)
    async with participant_client(app) as participant:
        page = await participant.get(f"/p/invitation/{token}")
    assert page.status_code == 200
    assert event["title"] in page.text
    day = event["days"][0]["date"]
    assert ".".join(reversed(day.split("-"))) in page.text
    assert "Stadthaus Halle" in page.text
    assert "Bitte sagen Sie uns, ob Sie teilnehmen." in page.text
    # The browser tab and a screen reader name the page, not only the product.
    assert f"<title>Einladung: {event['title']} · Netzwerkstatt</title>" in page.text


async def test_the_invitations_calendar_link_gives_the_events_calendar_file(
    app: FastAPI, events: EventsApi
) -> None:
    event, _, token = await invited(events)
    async with participant_client(app) as participant:
        response = await participant.get(f"/p/invitation/{token}/calendar.ics")
        forged = await participant.get(f"/p/invitation/{'Q' * 32}/calendar.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert f"SUMMARY:{event['title']}" in response.text
    assert "DTSTART;TZID=Europe/Berlin:" + event["days"][0]["date"].replace("-", "") in response.text
    # The same identity per day as the calendar file in the e-mails: one entry, updates reach it.
    assert f"UID:{event_uid(event['id'], 1)}" in response.text
    assert f"UID:{event_day_uid(event['id'], 1)}" in response.text
    assert forged.status_code == 404
    assert UNKNOWN in forged.text


async def test_a_registration_link_shows_the_event_gives_a_calendar_file_and_cancels_once(
    app: FastAPI, events: EventsApi
) -> None:
    event = await event_with_places(events, capacity=1)
    centre = await organisation(events, "Landkreis Saalekreis", "district_administration", ["15088"])
    holder, waiting = await member(events, centre), await member(events, centre)
    for person_id in (holder, waiting):
        await events.call("registration.register", {"event_id": event["id"], "person_id": str(person_id)})
    token = await registration_token(events, event["id"], holder)

    async with participant_client(app) as participant:
        page = await participant.get(f"/p/registration/{token}")
        assert page.status_code == 200
        assert event["title"] in page.text
        assert "bestätigt" in page.text
        assert f"<title>Ihre Anmeldung: {event['title']} · Netzwerkstatt</title>" in page.text
        day = event["days"][0]["date"]
        assert ".".join(reversed(day.split("-"))) in page.text  # 20.11.2025

        calendar = await participant.get(f"/p/registration/{token}/calendar.ics")
        assert calendar.headers["content-type"].startswith("text/calendar")
        assert "BEGIN:VEVENT" in calendar.text
        assert f"SUMMARY:{event['title']}" in calendar.text
        assert "DTSTART;TZID=Europe/Berlin:" + day.replace("-", "") in calendar.text
        assert "STATUS:CONFIRMED" in calendar.text

        cancelled = await participant.post(
            f"/p/registration/{token}", data={"csrf_token": csrf_token_in(page.text)}
        )
        assert cancelled.status_code == 200
        assert "<h1>Ihre Anmeldung ist storniert.</h1>" in cancelled.text
        again = await participant.post(
            f"/p/registration/{token}", data={"csrf_token": csrf_token_in(page.text)}
        )
        assert again.status_code == 409
        assert "bereits verwendet" in again.text
        shown = await participant.get(f"/p/registration/{token}")
        assert "storniert" in shown.text
        assert "Anmeldung stornieren" not in shown.text
        # Opened again, the calendar file takes the appointment out of the person's calendar.
        after = await participant.get(f"/p/registration/{token}/calendar.ics")
        assert "STATUS:CANCELLED" in after.text
        assert "STATUS:CONFIRMED" not in after.text

    listed = await events.call("registration.list", {"event_id": event["id"]})
    statuses = {item["person_id"]: item["status"] for item in listed["items"]}
    assert statuses == {str(holder): "cancelled", str(waiting): "confirmed"}


async def test_unsubscribing_by_link_can_be_taken_back_and_a_foreign_token_changes_nothing(
    app: FastAPI, notifications: ServiceRuntime
) -> None:
    facts = PersonFacts(
        person_id=uuid.uuid4(),
        given_name="Lou",
        family_name=f"Beispiel-{uuid.uuid4().hex[:6]}",
        form_of_address="neutral",
        email=f"lou.{uuid.uuid4().hex[:6]}@example.org",
        version=1,
    )
    async with notifications.database.unit_of_work() as uow:
        await projections.upsert_contact(uow.session, facts)

    async def contact() -> tuple[str, object]:
        async with notifications.database.read() as session:
            query = sa.select(contacts.c.unsubscribe_token, contacts.c.opted_out_at)
            row = (await session.execute(query.where(contacts.c.person_id == facts.person_id))).one()
        return str(row.unsubscribe_token), row.opted_out_at

    token = (await contact())[0]
    async with participant_client(app) as participant:
        page = await participant.get(f"/p/unsubscribe/{token}")
        assert "Erinnerungen, Terminankündigungen und Umfragen abbestellen" in page.text
        csrf = csrf_token_in(page.text)
        done = await participant.post(
            f"/p/unsubscribe/{token}", data={"subscribed": "false", "csrf_token": csrf}
        )
        assert "Sie erhalten keine weiteren optionalen E-Mails." in done.text
        assert (await contact())[1] is not None

        back = await participant.post(
            f"/p/unsubscribe/{token}", data={"subscribed": "true", "csrf_token": csrf}
        )
        assert "Sie erhalten wieder Erinnerungen" in back.text
        assert (await contact())[1] is None

        foreign = await participant.post(
            f"/p/unsubscribe/{token[::-1]}", data={"subscribed": "false", "csrf_token": csrf}
        )
    assert foreign.status_code == 404
    assert UNKNOWN in foreign.text
    assert (await contact())[1] is None


async def test_the_one_click_unsubscribe_of_a_mail_program_unsubscribes_without_a_page_before_it(
    app: FastAPI, notifications: ServiceRuntime
) -> None:
    """The optional e-mails say ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058): the
    mail program posts exactly that to the link, with no cookie and no form token, and the person is
    unsubscribed. A foreign link is unknown and changes nothing."""
    facts = PersonFacts(
        person_id=uuid.uuid4(),
        given_name="Lou",
        family_name=f"Beispiel-{uuid.uuid4().hex[:6]}",
        form_of_address="neutral",
        email=f"lou.{uuid.uuid4().hex[:6]}@example.org",
        version=1,
    )
    async with notifications.database.unit_of_work() as uow:
        await projections.upsert_contact(uow.session, facts)

    async def opted_out_at() -> object:
        async with notifications.database.read() as session:
            query = sa.select(contacts.c.opted_out_at).where(contacts.c.person_id == facts.person_id)
            return (await session.execute(query)).scalar_one()

    async with notifications.database.read() as session:
        query = sa.select(contacts.c.unsubscribe_token).where(contacts.c.person_id == facts.person_id)
        token = str((await session.execute(query)).scalar_one())
    async with participant_client(app) as mail_program:
        foreign = await mail_program.post(
            f"/p/unsubscribe/{token[::-1]}", data={"List-Unsubscribe": "One-Click"}
        )
        assert foreign.status_code == 404
        assert await opted_out_at() is None

        done = await mail_program.post(f"/p/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
        assert done.status_code == 200, done.text
        assert "Sie erhalten keine weiteren optionalen E-Mails." in done.text
    assert await opted_out_at() is not None


async def test_an_unsubscribe_link_that_does_not_exist_is_answered_as_unknown_before_any_form(
    app: FastAPI, notifications: ServiceRuntime
) -> None:
    well_formed = secrets.token_urlsafe(32)
    async with participant_client(app) as participant:
        for token in (well_formed, "kurz", "x" * 5000):
            page = await participant.get(f"/p/unsubscribe/{token}")
            assert page.status_code == 404, token
            assert UNKNOWN in page.text
            assert "<form" not in page.text


async def test_the_unsubscribe_page_of_someone_who_unsubscribed_offers_to_subscribe_again(
    app: FastAPI, notifications: ServiceRuntime
) -> None:
    facts = PersonFacts(
        person_id=uuid.uuid4(),
        given_name="Kim",
        family_name=f"Beispiel-{uuid.uuid4().hex[:6]}",
        form_of_address="neutral",
        email=f"kim.{uuid.uuid4().hex[:6]}@example.org",
        version=1,
    )
    async with notifications.database.unit_of_work() as uow:
        await projections.upsert_contact(uow.session, facts)
        token = await uow.session.scalar(
            sa.select(contacts.c.unsubscribe_token).where(contacts.c.person_id == facts.person_id)
        )
    async with notifications.database.unit_of_work() as uow:
        await projections.opt_out(uow.session, str(token), opted_out=True)
    async with participant_client(app) as participant:
        page = await participant.get(f"/p/unsubscribe/{token}")
    assert page.status_code == 200
    assert 'name="subscribed" value="true"' in page.text
    assert 'name="subscribed" value="false"' not in page.text


async def test_a_revisited_unsubscribe_page_says_so_and_a_choice_other_than_the_buttons_changes_nothing(
    app: FastAPI, notifications: ServiceRuntime
) -> None:
    """After unsubscribing, the page opened again (or its form sent again by a reload) says that
    the person is unsubscribed and offers only to take it back. A crafted ``subscribed`` other than
    the buttons' ``true`` and ``false`` is refused on the page and is not counted as unsubscribing."""
    facts = PersonFacts(
        person_id=uuid.uuid4(),
        given_name="Sam",
        family_name=f"Beispiel-{uuid.uuid4().hex[:6]}",
        form_of_address="neutral",
        email=f"sam.{uuid.uuid4().hex[:6]}@example.org",
        version=1,
    )
    async with notifications.database.unit_of_work() as uow:
        await projections.upsert_contact(uow.session, facts)

    async def opted_out_at() -> object:
        async with notifications.database.read() as session:
            query = sa.select(contacts.c.opted_out_at).where(contacts.c.person_id == facts.person_id)
            return await session.scalar(query)

    async with notifications.database.read() as session:
        query = sa.select(contacts.c.unsubscribe_token).where(contacts.c.person_id == facts.person_id)
        token = str(await session.scalar(query))
    refusal = "Diese Auswahl gibt es nicht. Bitte wählen Sie mit einem der Knöpfe; es wurde nichts geändert."
    already = "Sie haben optionale E-Mails abbestellt"
    async with participant_client(app) as participant:
        page = await participant.get(f"/p/unsubscribe/{token}")
        csrf = csrf_token_in(page.text)
        maybe = await participant.post(
            f"/p/unsubscribe/{token}", data={"subscribed": "maybe", "csrf_token": csrf}
        )
        assert maybe.status_code == 422
        assert refusal in maybe.text
        assert 'name="subscribed" value="false"' in maybe.text
        assert await opted_out_at() is None

        done = await participant.post(
            f"/p/unsubscribe/{token}", data={"subscribed": "false", "csrf_token": csrf}
        )
        assert done.status_code == 200
        since = await opted_out_at()
        assert since is not None

        revisited = await participant.get(f"/p/unsubscribe/{token}")
        assert revisited.status_code == 200
        assert already in revisited.text
        assert "abbestellen. Nachrichten" not in revisited.text  # not the first visit's offer
        assert 'name="subscribed" value="true"' in revisited.text
        assert 'name="subscribed" value="false"' not in revisited.text

        reloaded = await participant.post(
            f"/p/unsubscribe/{token}", data={"subscribed": "false", "csrf_token": csrf}
        )
        assert reloaded.status_code == 200
        assert "Sie erhalten keine weiteren optionalen E-Mails." in reloaded.text
        assert await opted_out_at() == since

        maybe = await participant.post(
            f"/p/unsubscribe/{token}", data={"subscribed": "maybe", "csrf_token": csrf}
        )
        assert maybe.status_code == 422
        assert refusal in maybe.text
        assert already in maybe.text
        assert await opted_out_at() == since


async def test_a_link_works_in_a_browser_where_someone_is_signed_in_as_staff(
    app: FastAPI, events: EventsApi
) -> None:
    """A coordinator who registered for an event, or an admin trying a link from the mail sink,
    opens the link in the browser they work in: the page's form acts for the link, not the session."""
    event = await event_with_places(events, capacity=5)
    centre = await organisation(events, "Landkreis Harz", "district_administration", ["15085"])
    holder = await member(events, centre)
    await events.call("registration.register", {"event_id": event["id"], "person_id": str(holder)})
    token = await registration_token(events, event["id"], holder)

    async with staff_client(app, Role.COORDINATOR) as browser:
        page = await browser.get(f"/p/registration/{token}")
        assert page.status_code == 200
        cancelled = await browser.post(
            f"/p/registration/{token}", data={"csrf_token": csrf_token_in(page.text)}
        )
        assert cancelled.status_code == 200, cancelled.text
        assert "<h1>Ihre Anmeldung ist storniert.</h1>" in cancelled.text
        # The session's own token is no key to a participant's form.
        staff_page = await browser.get("/")
        forged = await browser.post(
            f"/p/registration/{token}", data={"csrf_token": csrf_token_in(staff_page.text)}
        )
        assert forged.status_code == 403

    listed = await events.call("registration.list", {"event_id": event["id"]})
    assert [item["status"] for item in listed["items"]] == ["cancelled"]


CANCELLED = "Die Veranstaltung wurde abgesagt."


async def registered_by_invitation(
    events: EventsApi, capacity: int | None = None
) -> tuple[dict[str, Any], uuid.UUID, str, str]:
    """An invited person who accepted: the event, the person, the invitation's and the
    registration's link tokens."""
    event, person_id, token = await invited(events, capacity)
    await events.call("invitation.respond", {"token": token, "answer": "accept"})
    return event, person_id, token, await registration_token(events, event["id"], person_id)


async def another_guest(events: EventsApi, event: dict[str, Any]) -> str:
    """One more person invited to the event, who has not answered: their invitation's token."""
    centre = await organisation(events, "Jobcenter Halle (Saale)", "jobcenter", ["15002"])
    guest = await member(events, centre)
    await events.call("invitation.issue", {"event_id": event["id"], "person_ids": [str(guest)]})
    return await invitation_token(events, event["id"], guest)


def on_first_day(monkeypatch: pytest.MonkeyPatch, event: dict[str, Any]) -> None:
    """The events service's clock at noon of the event's first day, so that it can begin."""
    first = date.fromisoformat(event["days"][0]["date"])
    moved_clock(monkeypatch, datetime.combine(first, time(12), tzinfo=ZoneInfo("Europe/Berlin")))


async def test_after_the_event_is_cancelled_both_links_say_so_with_the_reason_and_offer_nothing(
    app: FastAPI, events: EventsApi
) -> None:
    event, person_id, invitation, registration = await registered_by_invitation(events)
    unanswered = await another_guest(events, event)
    async with participant_client(app) as participant:
        before = await participant.get(f"/p/registration/{registration}")  # opened before the news
        csrf = csrf_token_in(before.text)
        await events.call("event.cancel", {"event_id": event["id"], "reason": "Die Referentin ist erkrankt."})

        page = await participant.get(f"/p/registration/{registration}")
        assert page.status_code == 200
        assert CANCELLED in page.text
        assert "Die Referentin ist erkrankt." in page.text
        assert event["title"] in page.text
        for offer in ("bestätigt", "In den Kalender eintragen", "Anmeldung stornieren", "<form"):
            assert offer not in page.text, offer
        # A form sent from a page opened before the cancellation changes nothing and says why.
        sent = await participant.post(f"/p/registration/{registration}", data={"csrf_token": csrf})
        assert sent.status_code == 409
        assert CANCELLED in sent.text
        assert "bereits verwendet" not in sent.text

        for token in (invitation, unanswered):
            shown = await participant.get(f"/p/invitation/{token}")
            assert shown.status_code == 200
            assert CANCELLED in shown.text
            assert "Die Referentin ist erkrankt." in shown.text
            for offer in ("Bitte sagen Sie uns", "Ich nehme teil", "Ich kann", "Kalender", "<form"):
                assert offer not in shown.text, offer
            answered = await participant.post(
                f"/p/invitation/{token}", data={"answer": "decline", "csrf_token": csrf}
            )
            assert answered.status_code == 409
            assert CANCELLED in answered.text
            assert "nicht (mehr) möglich" not in answered.text
    listed = await events.call("registration.list", {"event_id": event["id"]})
    assert [(item["person_id"], item["status"]) for item in listed["items"]] == [
        (str(person_id), "confirmed")
    ]


async def test_after_the_event_took_place_its_links_say_so_and_offer_nothing(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    event, _, invitation, registration = await registered_by_invitation(events)
    on_first_day(monkeypatch, event)
    await events.call("event.start", {"event_id": event["id"]})
    await events.call("event.complete", {"event_id": event["id"]})
    async with participant_client(app) as participant:
        for path in (f"/p/registration/{registration}", f"/p/invitation/{invitation}"):
            page = await participant.get(path)
            assert page.status_code == 200
            assert "Die Veranstaltung hat bereits stattgefunden." in page.text
            for offer in ("Anmeldung stornieren", "Ich kann", "Bitte sagen Sie uns", "<form"):
                assert offer not in page.text, (path, offer)


async def test_once_the_event_has_begun_the_invitation_takes_no_registration_but_a_place_can_be_given_up(
    app: FastAPI, events: EventsApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    event, _, invitation, registration = await registered_by_invitation(events)
    unanswered = await another_guest(events, event)
    on_first_day(monkeypatch, event)
    await events.call("event.start", {"event_id": event["id"]})
    async with participant_client(app) as participant:
        page = await participant.get(f"/p/registration/{registration}")
        assert "Die Veranstaltung hat bereits begonnen." in page.text
        assert "Anmeldung stornieren" in page.text  # who cannot come to a later day may still say so

        mine = await participant.get(f"/p/invitation/{invitation}")
        assert "Die Veranstaltung hat bereits begonnen." in mine.text
        assert "Sie sind angemeldet." in mine.text
        assert "Ich kann doch nicht teilnehmen" in mine.text

        late = await participant.get(f"/p/invitation/{unanswered}")
        assert "Die Veranstaltung hat bereits begonnen." in late.text
        assert "Anmelden können Sie sich nicht mehr." in late.text
        assert "Ich nehme teil" not in late.text
        assert "Bitte sagen Sie uns" not in late.text


async def test_the_invitation_page_shows_the_answer_already_given(app: FastAPI, events: EventsApi) -> None:
    """Opened again, the invitation says where the person stands, however they got there, and offers
    the change as a choice of its own: confirmed, on the waitlist with the place, declined."""
    event, _, confirmed, _ = await registered_by_invitation(events, capacity=1)
    waiting = await another_guest(events, event)
    await events.call("invitation.respond", {"token": waiting, "answer": "accept"})
    declining = await another_guest(events, event)
    await events.call("invitation.respond", {"token": declining, "answer": "decline"})

    async with participant_client(app) as participant:
        shown = {
            token: await participant.get(f"/p/invitation/{token}")
            for token in (confirmed, waiting, declining)
        }
    for page in shown.values():
        assert page.status_code == 200
        assert "Bitte sagen Sie uns, ob Sie teilnehmen." not in page.text
        assert 'name="answer"' not in page.text  # no answer is sent from here without a second look
    assert "Sie sind angemeldet." in shown[confirmed].text
    assert (
        f'href="/p/invitation/{confirmed}?answer=decline">Ich kann doch nicht teilnehmen'
        in shown[confirmed].text
    )
    assert "Sie stehen auf der Warteliste, Platz 1." in shown[waiting].text
    assert (
        f'href="/p/invitation/{waiting}?answer=decline">Ich kann doch nicht teilnehmen' in shown[waiting].text
    )
    assert "Sie haben abgesagt." in shown[declining].text
    assert f'href="/p/invitation/{declining}?answer=accept">Doch teilnehmen' in shown[declining].text


async def test_a_registration_cancelled_by_its_own_link_shows_as_declined_on_the_invitation(
    app: FastAPI, events: EventsApi
) -> None:
    _, _, invitation, registration = await registered_by_invitation(events)
    async with participant_client(app) as participant:
        page = await participant.get(f"/p/registration/{registration}")
        await participant.post(
            f"/p/registration/{registration}", data={"csrf_token": csrf_token_in(page.text)}
        )
        shown = await participant.get(f"/p/invitation/{invitation}")
    assert "Sie haben abgesagt." in shown.text
    assert "Sie sind angemeldet." not in shown.text


async def test_giving_up_a_confirmed_place_through_the_invitation_is_asked_about_first(
    app: FastAPI, events: EventsApi
) -> None:
    """The decline button of a page opened before the person registered, sent now, does not cancel
    the place at once: it answers with the question, and only its "Ja" cancels."""
    event, person_id, token, _ = await registered_by_invitation(events)

    async def status() -> str:
        listed = await events.call("registration.list", {"event_id": event["id"]})
        return str(next(item["status"] for item in listed["items"] if item["person_id"] == str(person_id)))

    async with participant_client(app) as participant:
        page = await participant.get(f"/p/invitation/{token}", params={"answer": "decline"})
        assert "Möchten Sie Ihre Anmeldung wirklich stornieren?" in page.text
        assert "Ja, ich kann nicht teilnehmen" in page.text
        assert f'href="/p/invitation/{token}">Nein, angemeldet bleiben' in page.text
        csrf = csrf_token_in(page.text)

        stale = await participant.post(
            f"/p/invitation/{token}", data={"answer": "decline", "csrf_token": csrf}
        )
        assert stale.status_code == 200
        assert "Möchten Sie Ihre Anmeldung wirklich stornieren?" in stale.text
        assert await status() == "confirmed"

        done = await participant.post(
            f"/p/invitation/{token}", data={"answer": "decline", "confirmed": "yes", "csrf_token": csrf}
        )
        assert done.status_code == 200
        assert "<h1>Schade! Ihre Absage ist angekommen.</h1>" in done.text
    assert await status() == "declined"


async def test_the_link_of_a_cancelled_registration_does_not_cancel_the_persons_next_one(
    app: FastAPI, events: EventsApi
) -> None:
    """Staff register a person (link A in the mail), the person cancels with A, staff register them
    again (link B in the new mail). A belongs to the registration that ended: it shows and cancels
    nothing, as an unknown link; B shows the new registration."""
    event = await event_with_places(events)
    centre = await organisation(events, "Landkreis Mansfeld-Südharz", "district_administration", ["15087"])
    person_id = await member(events, centre)
    body = {"event_id": event["id"], "person_id": str(person_id)}
    await events.call("registration.register", body)
    old = await registration_token(events, event["id"], person_id)
    async with participant_client(app) as participant:
        page = await participant.get(f"/p/registration/{old}")
        csrf = csrf_token_in(page.text)
        cancelled = await participant.post(f"/p/registration/{old}", data={"csrf_token": csrf})
        assert "<h1>Ihre Anmeldung ist storniert.</h1>" in cancelled.text

        await events.call("registration.register", body)
        new = await registration_token(events, event["id"], person_id)

        replayed = await participant.post(f"/p/registration/{old}", data={"csrf_token": csrf})
        assert replayed.status_code == 404
        assert UNKNOWN in replayed.text
        opened = await participant.get(f"/p/registration/{old}")
        assert opened.status_code == 404
        assert UNKNOWN in opened.text
        assert (await participant.get(f"/p/registration/{old}/calendar.ics")).status_code == 404
        current = await participant.get(f"/p/registration/{new}")
        assert "bestätigt" in current.text
    listed = await events.call("registration.list", {"event_id": event["id"]})
    assert [item["status"] for item in listed["items"]] == ["confirmed"]
