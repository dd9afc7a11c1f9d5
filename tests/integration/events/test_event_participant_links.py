"""The participants' links: a fresh token per e-mail, issued to notifications only, kept as a digest;
the invitation and registration facts name the row and carry no token; erasure ends every link."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from events_helpers import (
    EventsApi,
    RegistryFacts,
    fields,
    organisation,
    person,
    person_from_the_registry,
    published_event,
)

import events_service
from netzwerkstatt.contracts.registry import PersonErased
from netzwerkstatt.migrations import alembic_config
from netzwerkstatt.principal import Principal, Role
from netzwerkstatt.testing.services import eventually, every_row_as_text

NOTIFICATIONS = Principal.of_service("notifications")
MIGRATIONS = Path(events_service.__file__ or "").parent / "migrations"


async def test_each_email_gets_a_fresh_token_and_every_one_opens_the_page(api: EventsApi) -> None:
    event = await published_event(api)
    someone = await person(api, await organisation(api))
    registration = await api.call(
        "registration.register", {"event_id": event["id"], "person_id": str(someone)}
    )

    first = await api.link_token("registration", registration["id"])
    second = await api.link_token("registration", registration["id"])
    assert first != second
    for token in (first, second):
        page = await api.call("registration.by_token", {"token": token})
        assert page["registration_id"] == registration["id"]

    # Neither token is stored anywhere in the schema, nor in the registration's outbox fact.
    held = await every_row_as_text(api.runtime.database)
    assert first not in held
    assert second not in held
    outbox = api.runtime.database.table("outbox")
    async with api.runtime.database.read() as session:
        facts = (await session.scalars(sa.select(outbox.c.envelope))).all()
    assert all("token" not in fact["data"].get("registration", {}) for fact in facts)


async def test_an_invitation_link_answers_the_invitation(api: EventsApi) -> None:
    event = await published_event(api)
    guest = await person(api, await organisation(api))
    issued = await api.call("invitation.issue", {"event_id": event["id"], "person_ids": [str(guest)]})
    (invitation,) = issued["issued"]
    token = await api.link_token("invitation", invitation["id"])
    answer = await api.call("invitation.respond", {"token": token, "answer": "accept"})
    assert answer["registration"]["status"] == "confirmed"
    # A registration's link is not an invitation's, and the other way round.
    refused = await api.fails("registration.by_token", {"token": token})
    assert (refused.code, fields(refused)) == ("not_found", {"token"})


async def test_a_link_of_a_cancelled_registration_does_not_act_on_the_next_one(api: EventsApi) -> None:
    """A person cancels with the link of their confirmation (A), staff register them again: the row
    is reused, and the new confirmation brings link B. Link A was for the registration that ended:
    it neither shows nor cancels the new one, and answers as an unknown link does; B works."""
    event = await published_event(api)
    someone = await person(api, await organisation(api))
    body = {"event_id": event["id"], "person_id": str(someone)}
    first = await api.call("registration.register", body)
    old = await api.link_token("registration", first["id"])
    assert (await api.call("registration.cancel", {"token": old}))["status"] == "cancelled"
    # Until the person registers again, the old link still shows the cancellation it made.
    assert (await api.call("registration.by_token", {"token": old}))["status"] == "cancelled"

    again = await api.call("registration.register", body)
    assert (again["id"], again["status"]) == (first["id"], "confirmed")
    new = await api.link_token("registration", again["id"])

    for operation in ("registration.cancel", "registration.by_token"):
        refused = await api.fails(operation, {"token": old})
        assert (refused.code, fields(refused)) == ("not_found", {"token"}), operation
    assert (await api.call("registration.get", {"registration_id": again["id"]}))["status"] == "confirmed"
    assert (await api.call("registration.by_token", {"token": new}))["status"] == "confirmed"
    assert (await api.call("registration.cancel", {"token": new}))["status"] == "cancelled"


async def test_a_link_of_a_cancelled_registration_does_not_act_once_the_person_substitutes(
    api: EventsApi,
) -> None:
    """The same for a row taken over as a substitute: the person's cancelled registration is reused
    for the member's place, and its earlier link acts on it no more."""
    event = await published_event(api)
    centre = await organisation(api)
    member, stand_in = await person(api, centre), await person(api, centre)
    held = await api.call("registration.register", {"event_id": event["id"], "person_id": str(member)})
    own = await api.call("registration.register", {"event_id": event["id"], "person_id": str(stand_in)})
    old = await api.link_token("registration", own["id"])
    await api.call("registration.cancel", {"token": old})

    taken = await api.call(
        "registration.substitute", {"registration_id": held["id"], "substitute_person_id": str(stand_in)}
    )
    assert (taken["id"], taken["status"]) == (own["id"], "confirmed")
    refused = await api.fails("registration.cancel", {"token": old})
    assert refused.code == "not_found"
    assert (await api.call("registration.get", {"registration_id": own["id"]}))["status"] == "confirmed"


async def test_the_invitation_link_tells_the_registration_as_it_stands_now(api: EventsApi) -> None:
    """The invitation page shows the answer given so far, also when the registration was made or
    cancelled another way: not registered, confirmed, on the waitlist with the place, cancelled."""
    event = await published_event(api, capacity=1)
    centre = await organisation(api)
    holder, guest = await person(api, centre), await person(api, centre)
    issued = await api.call("invitation.issue", {"event_id": event["id"], "person_ids": [str(guest)]})
    token = await api.link_token("invitation", issued["issued"][0]["id"])

    async def shown() -> tuple[str, str | None, int | None]:
        page = await api.call("invitation.by_token", {"token": token})
        return page["status"], page["registration_status"], page["waitlist_position"]

    assert await shown() == ("issued", None, None)
    await api.call("registration.register", {"event_id": event["id"], "person_id": str(holder)})
    await api.call("invitation.respond", {"token": token, "answer": "accept"})
    assert await shown() == ("accepted", "waitlisted", 1)
    held = await api.call("registration.list", {"event_id": event["id"], "status": "confirmed"})
    await api.call("registration.cancel", {"registration_id": held["items"][0]["id"]})
    assert await shown() == ("accepted", "confirmed", None)
    mine = await api.call("registration.list", {"event_id": event["id"], "status": "confirmed"})
    await api.call("registration.cancel", {"registration_id": mine["items"][0]["id"]})
    assert await shown() == ("accepted", "cancelled", None)


async def test_only_a_service_may_ask_for_links(api: EventsApi) -> None:
    event = await published_event(api)
    someone = await person(api, await organisation(api))
    registration = await api.call(
        "registration.register", {"event_id": event["id"], "person_id": str(someone)}
    )
    body = {"targets": [{"kind": "registration", "id": registration["id"]}]}
    for principal in (Principal.staff(Role.ADMIN), Principal.staff(Role.ADMIN, token_name="sync")):
        refused = await api.fails("link.issue", body, principal=principal)
        assert refused.code == "forbidden"


async def test_bad_requests_name_the_field_and_unknown_targets_get_no_link(api: EventsApi) -> None:
    empty = await api.fails("link.issue", {"targets": []}, principal=NOTIFICATIONS)
    assert (empty.code, fields(empty)) == ("validation_error", {"targets"})
    wrong_kind = await api.fails(
        "link.issue", {"targets": [{"kind": "survey", "id": str(uuid.uuid4())}]}, principal=NOTIFICATIONS
    )
    assert wrong_kind.code == "validation_error"
    assert fields(wrong_kind) == {"targets.0.kind"}
    unknown = await api.call(
        "link.issue",
        {"targets": [{"kind": "registration", "id": str(uuid.uuid4())}]},
        principal=NOTIFICATIONS,
    )
    assert unknown == {"links": [], "organisers": []}


async def test_the_organisers_address_is_given_for_the_emails_of_known_events_only(api: EventsApi) -> None:
    """An event's facts name its organiser without the address (it may be a person's, and streams keep
    their messages for 90 days); notifications asks for it with the batch's links."""
    event = await published_event(
        api, organiser={"name": "IQ Netzwerk Sachsen", "email": "k.weber@example.org"}
    )
    without = await published_event(api, organiser={"name": "IKOE"})
    given = await api.call(
        "link.issue",
        {"organisers_of": [event["id"], without["id"], str(uuid.uuid4())]},
        principal=NOTIFICATIONS,
    )
    assert given["links"] == []
    assert sorted(given["organisers"], key=lambda o: o["name"]) == [
        {"event_id": without["id"], "name": "IKOE", "email": None},
        {"event_id": event["id"], "name": "IQ Netzwerk Sachsen", "email": "k.weber@example.org"},
    ]


async def test_erasure_ends_every_link_of_the_person(api: EventsApi, registry_facts: RegistryFacts) -> None:
    jobcenter = await organisation(api)
    facts = await person_from_the_registry(api, registry_facts, jobcenter)
    event = await published_event(api)
    issued = await api.call(
        "invitation.issue", {"event_id": event["id"], "person_ids": [str(facts.person_id)]}
    )
    invitation_id = issued["issued"][0]["id"]
    registration = await api.call(
        "registration.register", {"event_id": event["id"], "person_id": str(facts.person_id)}
    )
    invitation_token = await api.link_token("invitation", invitation_id)
    registration_token = await api.link_token("registration", registration["id"])

    await registry_facts.publish(
        PersonErased(person_id=facts.person_id, erased_at=datetime.now(UTC)), facts.person_id
    )

    async def links_ended() -> bool:
        try:
            await api.call("registration.by_token", {"token": registration_token})
        except Exception:
            return True
        return False

    await eventually(links_ended)
    refused = await api.fails("invitation.by_token", {"token": invitation_token})
    assert refused.code == "not_found"
    none = await api.call(
        "link.issue",
        {
            "targets": [
                {"kind": "invitation", "id": invitation_id},
                {"kind": "registration", "id": registration["id"]},
            ]
        },
        principal=NOTIFICATIONS,
    )
    assert none == {"links": [], "organisers": []}


async def test_links_mailed_before_a_registration_was_made_anew_are_removed_by_the_migration(
    api: EventsApi,
) -> None:
    """Before registrations forgot their links when made anew, such links stayed and acted on the new
    registration; migration 0009 removes every link issued before its registration's current one."""
    event = await published_event(api)
    someone = await person(api, await organisation(api))
    registration = await api.call(
        "registration.register", {"event_id": event["id"], "person_id": str(someone)}
    )
    stale = await api.link_token("registration", registration["id"])
    links = api.runtime.database.table("participant_links")
    registrations = api.runtime.database.table("registrations")
    registered_at = sa.select(registrations.c.registered_at).where(registrations.c.id == registration["id"])
    async with api.runtime.database.unit_of_work() as uow:
        # As if it had been mailed for an earlier registration of the reused row.
        await uow.session.execute(
            links.update()
            .where(links.c.registration_id == registration["id"])
            .values(issued_at=registered_at.scalar_subquery() - timedelta(days=30))
        )
    current = await api.link_token("registration", registration["id"])

    config = alembic_config(api.runtime.settings, MIGRATIONS)
    await asyncio.to_thread(command.downgrade, config, "0008_recorded_editions")
    await asyncio.to_thread(command.upgrade, config, "head")

    refused = await api.fails("registration.by_token", {"token": stale})
    assert (refused.code, fields(refused)) == ("not_found", {"token"})
    page = await api.call("registration.by_token", {"token": current})
    assert page["registration_id"] == registration["id"]
