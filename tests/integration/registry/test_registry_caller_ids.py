"""A caller may choose the id of a new organisation, person or network (an import or another system
keeping its own keys): the record gets it, and a second create with that id is refused as
``duplicate_id`` at the field ``id`` and changes nothing."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

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

    def copy_of(operation: str) -> dict[str, Any]:
        """Each copy with a name and e-mail of its own, so that only the id is shared."""
        if operation == "organisation.create":
            return {
                "id": organisation_id,
                "name": unique("Jobcenter"),
                "type": "jobcenter",
                "region_keys": ["14713"],
            }
        if operation == "person.create":
            email = f"gleichzeitig.{uuid.uuid4().hex[:8]}@example.org"
            return {
                "id": person_id,
                "given_name": "Gleichzeitige",
                "family_name": "Person",
                "emails": [email],
            }
        return {
            "id": network_id,
            "name": unique("Netzwerk"),
            "kind": "regional_institutions",
            "region_keys": ["14713"],
        }

    for operation in ("organisation.create", "person.create", "network.create"):
        copies = (api.call(operation, copy_of(operation)) for _ in range(4))
        outcomes = await asyncio.gather(*copies, return_exceptions=True)
        created = [outcome for outcome in outcomes if isinstance(outcome, dict)]
        refused = [outcome for outcome in outcomes if isinstance(outcome, ServiceError)]
        assert len(created) == 1, (operation, outcomes)
        assert [(d.field, d.code) for error in refused for d in error.details] == [("id", "duplicate_id")] * 3
