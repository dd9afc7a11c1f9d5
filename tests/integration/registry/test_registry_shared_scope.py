"""People and organisations shared by networks: a coordinator may link someone else's person or
organisation to their own network and keep its details up to date, but never take it from the
other network. Ending a membership is for the organisation's coordinators; erasing a person and
archiving an organisation for a coordinator of every network it belongs to, else an admin."""

from __future__ import annotations

import uuid
from typing import Any

from registry_helpers import RegistryApi, codes, unique

from netzwerkstatt.principal import Principal, Role


async def network_with_member(api: RegistryApi) -> tuple[dict[str, Any], dict[str, Any]]:
    member = await api.organisation()
    network = await api.call(
        "network.create",
        {
            "name": unique("Netzwerk"),
            "kind": "regional_institutions",
            "member_organisation_ids": [member["id"]],
        },
    )
    return network, member


def coordinator_of(network: dict[str, Any]) -> Principal:
    return Principal.staff(Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[uuid.UUID(network["id"])])


async def test_a_person_linked_from_another_network_cannot_be_erased_nor_lose_the_other_membership(
    api: RegistryApi,
) -> None:
    theirs, their_member = await network_with_member(api)
    ours, our_member = await network_with_member(api)
    person = await api.person(memberships=[{"organisation_id": their_member["id"]}])
    coordinator = coordinator_of(ours)

    # Linking the person to one's own organisation is allowed, and so is keeping their details.
    await api.call(
        "person.membership.save",
        {"person_id": person["id"], "organisation_id": our_member["id"], "function": "Beratung"},
        principal=coordinator,
    )
    await api.call(
        "person.update", {"person_id": person["id"], "phone": "+49 341 555 0101"}, principal=coordinator
    )

    ended = await api.fails(
        "person.membership.end",
        {"person_id": person["id"], "organisation_id": their_member["id"]},
        principal=coordinator,
    )
    erased = await api.fails("person.erase", {"person_id": person["id"]}, principal=coordinator)

    assert ended.code == "forbidden"
    assert erased.code == "forbidden"
    assert codes(erased) == {"person_id": "person_in_another_network"}
    kept = await api.call("person.get", {"person_id": person["id"]})
    assert {m["organisation_id"] for m in kept["memberships"] if not m.get("end_date")} == {
        their_member["id"],
        our_member["id"],
    }
    assert theirs["id"] != ours["id"]


async def test_a_person_of_the_coordinators_networks_only_is_erased_by_them(api: RegistryApi) -> None:
    ours, our_member = await network_with_member(api)
    person = await api.person(memberships=[{"organisation_id": our_member["id"]}])

    erased = await api.call("person.erase", {"person_id": person["id"]}, principal=coordinator_of(ours))

    assert erased["person_id"] == person["id"]


async def test_the_own_membership_of_a_shared_person_is_ended_by_the_coordinator(api: RegistryApi) -> None:
    _, their_member = await network_with_member(api)
    ours, our_member = await network_with_member(api)
    person = await api.person(
        memberships=[{"organisation_id": their_member["id"]}, {"organisation_id": our_member["id"]}]
    )

    changed = await api.call(
        "person.membership.end",
        {"person_id": person["id"], "organisation_id": our_member["id"]},
        principal=coordinator_of(ours),
    )

    current = {m["organisation_id"] for m in changed["memberships"] if not m.get("end_date")}
    assert current == {their_member["id"]}


async def test_an_organisation_linked_from_another_network_cannot_be_archived(api: RegistryApi) -> None:
    _, their_member = await network_with_member(api)
    ours, _ = await network_with_member(api)
    coordinator = coordinator_of(ours)
    current = await api.call("network.get", {"network_id": ours["id"]})
    await api.call(
        "network.update",
        {
            "network_id": ours["id"],
            "member_organisation_ids": [*current["member_organisation_ids"], their_member["id"]],
        },
        principal=coordinator,
    )

    archived = await api.fails(
        "organisation.archive", {"organisation_id": their_member["id"]}, principal=coordinator
    )

    assert archived.code == "forbidden"
    assert codes(archived) == {"organisation_id": "organisation_in_another_network"}
    kept = await api.call("organisation.get", {"organisation_id": their_member["id"]})
    assert kept["archived"] is False


async def test_an_organisation_of_the_coordinators_networks_only_is_archived_by_them(
    api: RegistryApi,
) -> None:
    ours, our_member = await network_with_member(api)

    archived = await api.call(
        "organisation.archive", {"organisation_id": our_member["id"]}, principal=coordinator_of(ours)
    )

    assert archived["archived"] is True
