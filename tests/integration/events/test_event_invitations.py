"""Invitations: the audience by network, region, organisation types, decision-makers or by name;
each person invited once; a token to accept or decline; the list follows the registry."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from events_helpers import (
    EventsApi,
    RegistryFacts,
    fields,
    network,
    organisation,
    person,
    person_from_the_registry,
    published_event,
)

from netzwerkstatt.contracts.registry import MembershipEnded
from netzwerkstatt.testing.services import eventually


async def tokens(api: EventsApi, event_id: str) -> dict[str, str]:
    """person id → the token of their invitation's link, as the invitation e-mail carries it."""
    table = api.runtime.database.table("invitations")
    async with api.runtime.database.read() as session:
        rows = (
            await session.execute(
                sa.select(table.c.person_id, table.c.id).where(table.c.event_id == uuid.UUID(event_id))
            )
        ).all()
    return {str(person_id): await api.link_token("invitation", row_id) for person_id, row_id in rows}


async def test_decision_makers_of_a_network_are_invited_once_each(api: EventsApi) -> None:
    jobcenter = await organisation(api, "Jobcenter Halle", regions=["15002"])
    agency = await organisation(api, "Agentur für Arbeit Halle", "agency", regions=["15002"])
    outsider = await organisation(api, "Jobcenter Leipzig", regions=["14713"])
    head = await person(api, jobcenter, decision_maker=True)
    await person(api, jobcenter)  # staff without decision power
    director = await person(api, agency, decision_maker=True)
    await person(api, outsider, decision_maker=True)
    net = await network(api, [jobcenter, agency], ["15002"])
    event = await published_event(api)

    issued = await api.call(
        "invitation.issue", {"event_id": event["id"], "network_ids": [str(net)], "decision_makers_only": True}
    )
    assert {item["person_id"] for item in issued["issued"]} == {str(head), str(director)}
    again = await api.call(
        "invitation.issue",
        {
            "event_id": event["id"],
            "network_ids": [str(net)],
            "decision_makers_only": True,
            "person_ids": [str(head)],
        },
    )
    assert (again["issued"], again["already_invited"]) == ([], 2)


async def test_the_preview_names_whom_an_invitation_would_reach_and_sends_nothing(api: EventsApi) -> None:
    jobcenter = await organisation(api, "Jobcenter Halle", regions=["15002"])
    agency = await organisation(api, "Agentur für Arbeit Halle", "agency", regions=["15002"])
    head = await person(api, jobcenter, decision_maker=True)
    director = await person(api, agency, decision_maker=True)
    net = await network(api, [jobcenter, agency], ["15002"])
    event = await published_event(api)
    await api.call("invitation.issue", {"event_id": event["id"], "person_ids": [str(head)]})
    outbox = api.runtime.database.table("outbox")

    async def facts_of_event() -> int:
        async with api.runtime.database.read() as session:
            return len((await session.execute(outbox.select())).all())

    before = await facts_of_event()
    audience = {"event_id": event["id"], "network_ids": [str(net)], "decision_makers_only": True}
    preview = await api.call("invitation.preview", audience)

    assert (preview["new"], preview["already_invited"]) == (1, 1)
    shown = [(row["organisation_name"].split()[0], row["already_invited"]) for row in preview["recipients"]]
    assert shown == [("Agentur", False), ("Jobcenter", True)]  # by organisation
    assert {row["person_id"] for row in preview["recipients"]} == {str(head), str(director)}
    assert all(row["person_name"] for row in preview["recipients"])
    listed = await api.call("invitation.list", {"event_id": event["id"]})
    assert [row["person_id"] for row in listed["items"]] == [str(head)]
    assert await facts_of_event() == before
    nothing = await api.fails("invitation.preview", {"event_id": event["id"]})
    assert (nothing.code, fields(nothing)) == ("validation_error", {"network_ids"})


async def test_the_audience_by_region_and_organisation_type(api: EventsApi) -> None:
    halle = await organisation(api, "Jobcenter Halle", regions=["15002"])
    state_office = await organisation(api, "Landesverwaltungsamt", "state_authority", regions=["15"])
    leipzig = await organisation(api, "Jobcenter Leipzig", regions=["14713"])
    in_halle, in_state_office = await person(api, halle), await person(api, state_office)
    await person(api, leipzig)
    event = await published_event(api)
    issued = await api.call(
        "invitation.issue",
        {
            "event_id": event["id"],
            "region_keys": ["15002"],
            "organisation_types": ["jobcenter", "state_authority"],
        },
    )
    assert {item["person_id"] for item in issued["issued"]} >= {str(in_halle), str(in_state_office)}
    assert all(item["organisation_id"] != str(leipzig) for item in issued["issued"])


async def test_accepting_with_the_token_registers_and_declining_frees_the_place(api: EventsApi) -> None:
    jobcenter = await organisation(api)
    first, second = await person(api, jobcenter), await person(api, jobcenter)
    event = await published_event(api, capacity=1)
    await api.call("invitation.issue", {"event_id": event["id"], "person_ids": [str(first), str(second)]})
    token = await tokens(api, event["id"])

    accepted = await api.call("invitation.respond", {"token": token[str(first)], "answer": "accept"})
    assert (accepted["invitation"]["status"], accepted["registration"]["status"]) == ("accepted", "confirmed")
    waiting = await api.call("invitation.respond", {"token": token[str(second)], "answer": "accept"})
    assert waiting["registration"]["status"] == "waitlisted"

    declined = await api.call("invitation.respond", {"token": token[str(first)], "answer": "decline"})
    assert (declined["invitation"]["status"], declined["registration"]["status"]) == ("declined", "declined")
    listing = await api.call("registration.list", {"event_id": event["id"]})
    assert {item["person_id"]: item["status"] for item in listing["items"]}[str(second)] == "confirmed"


async def test_an_unknown_token_and_an_unknown_person_are_named(api: EventsApi) -> None:
    event = await published_event(api)
    error = await api.fails("invitation.respond", {"token": "x" * 32, "answer": "accept"})
    assert (error.code, fields(error)) == ("not_found", {"token"})
    error = await api.fails("invitation.issue", {"event_id": event["id"], "person_ids": [str(uuid.uuid4())]})
    assert (error.code, fields(error)) == ("not_found", {"person_ids.0"})
    error = await api.fails("invitation.issue", {"event_id": event["id"]})
    assert error.code == "validation_error"


async def test_a_person_leaving_the_organisation_has_their_open_invitation_withdrawn(
    api: EventsApi, registry_facts: RegistryFacts
) -> None:
    jobcenter = await organisation(api)
    facts = await person_from_the_registry(api, registry_facts, jobcenter, decision_maker=True)
    event = await published_event(api)
    await api.call("invitation.issue", {"event_id": event["id"], "person_ids": [str(facts.person_id)]})
    await registry_facts.publish(
        MembershipEnded(
            person_id=facts.person_id, organisation_id=jobcenter, end_date=datetime.now(UTC).date(), version=2
        ),
        facts.person_id,
    )

    async def withdrawn() -> bool:
        listing = await api.call("invitation.list", {"event_id": event["id"]})
        return bool(listing["items"][0]["status"] == "withdrawn")

    await eventually(withdrawn)
    token = (await tokens(api, event["id"]))[str(facts.person_id)]
    error = await api.fails("invitation.respond", {"token": token, "answer": "accept"})
    assert (error.code, fields(error)) == ("rule_violation", {"token"})


async def test_the_invitation_page_reads_the_event_and_the_answer_so_far_by_token(api: EventsApi) -> None:
    jobcenter = await organisation(api)
    guest = await person(api, jobcenter)
    event = await published_event(api)
    await api.call("invitation.issue", {"event_id": event["id"], "person_ids": [str(guest)]})
    token = (await tokens(api, event["id"]))[str(guest)]

    before = await api.call("invitation.by_token", {"token": token})
    assert (before["status"], before["event"]["event_id"], before["event"]["title"]) == (
        "issued",
        event["id"],
        event["title"],
    )
    assert before["event"]["days"] == event["days"]
    assert "person_id" not in before
    await api.call("invitation.respond", {"token": token, "answer": "decline"})
    after = await api.call("invitation.by_token", {"token": token})
    assert (after["invitation_id"], after["status"]) == (before["invitation_id"], "declined")


async def test_unknown_and_withdrawn_invitation_tokens_are_refused_alike(
    api: EventsApi, registry_facts: RegistryFacts
) -> None:
    jobcenter = await organisation(api)
    facts = await person_from_the_registry(api, registry_facts, jobcenter)
    event = await published_event(api)
    await api.call("invitation.issue", {"event_id": event["id"], "person_ids": [str(facts.person_id)]})
    token = (await tokens(api, event["id"]))[str(facts.person_id)]
    await registry_facts.publish(
        MembershipEnded(
            person_id=facts.person_id, organisation_id=jobcenter, end_date=datetime.now(UTC).date(), version=2
        ),
        facts.person_id,
    )

    async def withdrawn() -> bool:
        listing = await api.call("invitation.list", {"event_id": event["id"]})
        return bool(listing["items"][0]["status"] == "withdrawn")

    await eventually(withdrawn)
    refused_withdrawn = await api.fails("invitation.by_token", {"token": token})
    refused_unknown = await api.fails("invitation.by_token", {"token": "y" * 32})
    assert (refused_withdrawn.code, fields(refused_withdrawn)) == ("not_found", {"token"})
    assert refused_withdrawn.details == refused_unknown.details
    assert refused_withdrawn.message == refused_unknown.message


async def test_the_invitation_list_counts_every_status_over_all_invitations_not_only_its_page(
    api: EventsApi,
) -> None:
    jobcenter = await organisation(api)
    guests = [await person(api, jobcenter) for _ in range(3)]
    event = await published_event(api)
    await api.call("invitation.issue", {"event_id": event["id"], "person_ids": [str(g) for g in guests]})
    token = (await tokens(api, event["id"]))[str(guests[0])]
    await api.call("invitation.respond", {"token": token, "answer": "decline"})

    first = await api.call("invitation.list", {"event_id": event["id"], "limit": 1})

    assert len(first["items"]) == 1
    assert first["total"] == 3
    assert first["counts"] == {"issued": 2, "declined": 1}


async def test_an_invitation_stands_where_the_persons_registration_stands_however_it_changed(
    api: EventsApi,
) -> None:
    """The answer "yes" is not the end of it: a registration cancelled afterwards (by staff or by
    its link) makes the invitation cancelled, an answer that found the event full is waitlisted with
    its place, and a person staff registered without an answer stands as registered."""
    jobcenter = await organisation(api)
    cancelled, promoted, waiting, declined, silent, by_staff = [
        await person(api, jobcenter) for _ in range(6)
    ]
    event = await published_event(api, capacity=1)
    everyone = [cancelled, promoted, waiting, declined, silent, by_staff]
    await api.call("invitation.issue", {"event_id": event["id"], "person_ids": [str(p) for p in everyone]})
    token = await tokens(api, event["id"])
    first = await api.call("invitation.respond", {"token": token[str(cancelled)], "answer": "accept"})
    for someone in (promoted, waiting):
        await api.call("invitation.respond", {"token": token[str(someone)], "answer": "accept"})
    await api.call("invitation.respond", {"token": token[str(declined)], "answer": "decline"})
    await api.call("registration.register", {"event_id": event["id"], "person_id": str(by_staff)})
    await api.call("registration.cancel", {"registration_id": first["registration"]["id"]})

    listed = await api.call("invitation.list", {"event_id": event["id"]})

    shown = {row["person_id"]: (row["state"], row["waitlist_position"]) for row in listed["items"]}
    assert shown == {
        str(cancelled): ("cancelled", None),
        str(promoted): ("confirmed", None),
        str(waiting): ("waitlisted", 1),
        str(declined): ("declined", None),
        str(silent): ("open", None),
        str(by_staff): ("waitlisted", 2),
    }
    registration_of = {row["person_id"]: row["registration_status"] for row in listed["items"]}
    assert (registration_of[str(cancelled)], registration_of[str(silent)]) == ("cancelled", None)
    # The answers given stay as given; the states, over all invitations, follow the registrations.
    assert listed["counts"] == {"accepted": 3, "declined": 1, "issued": 2}
    assert listed["states"] == {"cancelled": 1, "confirmed": 1, "waitlisted": 2, "declined": 1, "open": 1}
    one_page = await api.call("invitation.list", {"event_id": event["id"], "limit": 1})
    assert one_page["states"] == listed["states"]
