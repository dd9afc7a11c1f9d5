"""A caller may choose the id of a new organisation, person or network (an import or another system
keeping its own keys): the record gets it, and a second create with that id is refused as
``duplicate_id`` at the field ``id`` and changes nothing."""

from __future__ import annotations

import uuid

from registry_helpers import RegistryApi, unique


async def test_an_organisation_person_and_network_get_the_id_the_caller_chose_once(api: RegistryApi) -> None:
    organisation_id, person_id, network_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    organisation = await api.organisation(id=str(organisation_id))
    person = await api.person(id=str(person_id), memberships=[{"organisation_id": organisation["id"]}])
    network = await api.call(
        "network.create",
        {
            "id": str(network_id),
            "name": unique("Netzwerk"),
            "kind": "regional_institutions",
            "member_organisation_ids": [organisation["id"]],
            "region_keys": ["14713"],
        },
    )
    assert (organisation["id"], person["id"], network["id"]) == tuple(
        map(str, (organisation_id, person_id, network_id))
    )

    again = [
        await api.fails(
            "organisation.create",
            {
                "id": str(organisation_id),
                "name": unique("Jobcenter"),
                "type": "jobcenter",
                "region_keys": ["14713"],
            },
        ),
        await api.fails(
            "person.create",
            {
                "id": str(person_id),
                "given_name": "Zweite",
                "family_name": "Person",
                "emails": [f"zweite.{uuid.uuid4().hex[:8]}@example.org"],
            },
        ),
        await api.fails(
            "network.create",
            {
                "id": str(network_id),
                "name": unique("Netzwerk"),
                "kind": "regional_institutions",
                "region_keys": ["14713"],
            },
        ),
    ]
    assert [(d.field, d.code) for error in again for d in error.details] == [("id", "duplicate_id")] * 3
    shown = await api.call("organisation.get", {"organisation_id": str(organisation_id)})
    assert shown["name"] == organisation["name"], "the refused create changed nothing"
