"""A caller may choose the id of a new organisation, person or network (an import or another system
keeping its own keys): the record gets it, and a second create with that id is refused as
``duplicate_id`` at the field ``id`` and changes nothing."""

from __future__ import annotations

import asyncio
import uuid

from registry_helpers import RegistryApi, unique

from netzwerkstatt.errors import ServiceError


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


async def test_concurrent_creates_with_one_new_id_make_one_record_and_refuse_the_rest_as_duplicate_id(
    api: RegistryApi,
) -> None:
    """Other systems retry: the same create sent several times at once must not meet the database's
    primary key (an internal error) but be answered as a second create is."""
    organisation_id, person_id, network_id = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    bodies = {
        "organisation.create": lambda: {
            "id": organisation_id,
            "name": unique("Jobcenter"),
            "type": "jobcenter",
            "region_keys": ["14713"],
        },
        "person.create": lambda: {
            "id": person_id,
            "given_name": "Gleichzeitige",
            "family_name": "Person",
            "emails": [f"gleichzeitig.{uuid.uuid4().hex[:8]}@example.org"],
        },
        "network.create": lambda: {
            "id": network_id,
            "name": unique("Netzwerk"),
            "kind": "regional_institutions",
            "region_keys": ["14713"],
        },
    }
    for operation, body in bodies.items():
        outcomes = await asyncio.gather(
            *(api.call(operation, body()) for _ in range(4)), return_exceptions=True
        )
        created = [outcome for outcome in outcomes if isinstance(outcome, dict)]
        refused = [outcome for outcome in outcomes if isinstance(outcome, ServiceError)]
        assert len(created) == 1, (operation, outcomes)
        assert [(d.field, d.code) for error in refused for d in error.details] == [("id", "duplicate_id")] * 3
