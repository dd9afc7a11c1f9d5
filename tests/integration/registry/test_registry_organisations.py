"""Organisations: the full model, duplicates refused, changes versioned, search and filter."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from registry_helpers import RegistryApi, codes, fields, unique

from netzwerkstatt.principal import Principal, Role


async def _outbox_subjects(api: RegistryApi, aggregate: str) -> list[str]:
    outbox = api.runtime.database.table("outbox")
    async with api.runtime.database.read() as session:
        rows = await session.scalars(
            sa.select(outbox.c.subject).where(outbox.c.aggregate == aggregate).order_by(outbox.c.position)
        )
        return list(rows)


async def test_an_organisation_is_registered_with_address_channels_and_parent(api: RegistryApi) -> None:
    parent = await api.organisation(unique("Agentur für Arbeit"), type="employment_agency")
    created = await api.organisation(
        unique("Arbeitgeberservice"),
        type="employer_service",
        parent_id=parent["id"],
        address={"street": "Musterstraße 1", "postal_code": "04129", "city": "Leipzig"},
        contact_channels=[
            {"kind": "email", "value": "ags@Example.ORG"},
            {"kind": "phone", "value": "0341 555 0100", "label": "Empfang"},
        ],
    )
    assert created["statutory"] is True
    assert created["parent_id"] == parent["id"]
    assert created["address"]["postal_code"] == "04129"
    assert [channel["value"] for channel in created["contact_channels"]] == [
        "ags@example.org",
        "+493415550100",
    ]
    fetched = await api.call("organisation.get", {"organisation_id": created["id"]})
    assert fetched == created


async def test_a_migrant_organisation_is_no_statutory_institution(api: RegistryApi) -> None:
    created = await api.organisation(unique("Verein"), type="migrant_organisation")
    assert created["statutory"] is False


async def test_the_same_name_in_the_same_regions_is_refused_as_duplicate(api: RegistryApi) -> None:
    name = unique("Sozialamt")
    await api.organisation(name, type="social_welfare_office")
    error = await api.fails(
        "organisation.create", {"name": name.upper(), "type": "other", "region_keys": ["14713"]}
    )
    assert error.code == "conflict"
    assert fields(error) == {"name"}
    elsewhere = await api.organisation(name, type="social_welfare_office", region_keys=["15002"])
    assert elsewhere["region_keys"] == ["15002"]


async def test_bad_input_names_every_wrong_field_and_writes_nothing(api: RegistryApi) -> None:
    name = unique("Kaputt")
    error = await api.fails(
        "organisation.create",
        {
            "name": name,
            "type": "castle",
            "region_keys": ["14713", "15999"],
            "parent_id": str(uuid.uuid4()),
            "address": {"postal_code": "4109"},
            "contact_channels": [
                {"kind": "email", "value": "not-an-address"},
                {"kind": "phone", "value": "12"},
            ],
        },
    )
    assert error.code == "validation_error"
    assert codes(error) == {
        "type": "unknown_type",
        "region_keys.1": "unknown_region",
        "parent_id": "unknown_organisation",
        "address.postal_code": "invalid_postal_code",
        "contact_channels.0.value": "invalid_email",
        "contact_channels.1.value": "invalid_phone",
    }
    listed = await api.call("organisation.list", {"name": name})
    assert listed["total"] == 0


async def test_a_request_the_contract_refuses_names_the_registrys_own_problems_in_the_same_answer(
    api: RegistryApi,
) -> None:
    """A too short name (the contract's) and an unknown type, a wrong postal code, e-mail address or
    phone number (the registry's) come back in one answer, each at its field; nothing is written."""
    refused = {
        "name": "X",
        "type": "castle",
        "address": {"street": "Kaputtweg 1", "postal_code": "4109"},
        "contact_channels": [
            {"kind": "email", "value": "not-an-address"},
            {"kind": "phone", "value": "12"},
            {"kind": "pager", "value": "12"},
        ],
    }
    created = await api.fails("organisation.create", refused)
    assert created.code == "validation_error"
    assert codes(created) == {
        "name": "string_too_short",
        "type": "unknown_type",
        "address.postal_code": "invalid_postal_code",
        "contact_channels.0.value": "invalid_email",
        "contact_channels.1.value": "invalid_phone",
        "contact_channels.2.kind": "literal_error",
    }
    organisation = await api.organisation()
    changed = await api.fails(
        "organisation.update", {"organisation_id": organisation["id"], **refused, "region_keys": ["14713"]}
    )
    assert codes(changed) == codes(created)
    unchanged = await api.call("organisation.get", {"organisation_id": organisation["id"]})
    assert (unchanged["name"], unchanged["version"]) == (organisation["name"], organisation["version"])


async def test_an_unknown_field_in_a_request_is_an_error_not_ignored(api: RegistryApi) -> None:
    error = await api.fails("organisation.create", {"name": unique("X"), "type": "other", "colour": "red"})
    assert fields(error) == {"colour"}


async def test_a_change_counts_a_version_and_announces_the_new_state(api: RegistryApi) -> None:
    created = await api.organisation(unique("VHS"), type="adult_education_centre")
    changed = await api.call(
        "organisation.update",
        {"organisation_id": created["id"], "expected_version": 1, "region_keys": ["14713", "14729"]},
    )
    assert changed["version"] == 2
    assert changed["region_keys"] == ["14713", "14729"]
    assert changed["name"] == created["name"]
    same = await api.call(
        "organisation.update", {"organisation_id": created["id"], "region_keys": ["14729", "14713"]}
    )
    assert same["version"] == 2
    stale = await api.fails(
        "organisation.update", {"organisation_id": created["id"], "expected_version": 1, "name": "Neu"}
    )
    assert stale.code == "conflict"
    assert fields(stale) == {"expected_version"}
    assert await _outbox_subjects(api, created["id"]) == [
        "registry.evt.organisation.created",
        "registry.evt.organisation.updated",
    ]


async def test_an_organisation_cannot_become_its_own_ancestor(api: RegistryApi) -> None:
    parent = await api.organisation(unique("Dach"))
    child = await api.organisation(unique("Teil"), parent_id=parent["id"])
    error = await api.fails(
        "organisation.update", {"organisation_id": parent["id"], "parent_id": child["id"]}
    )
    assert codes(error) == {"parent_id": "cycle"}


async def test_archiving_hides_the_organisation_from_lists_and_announces_it(api: RegistryApi) -> None:
    created = await api.organisation(unique("Altes Projekt"), type="iq_subproject")
    archived = await api.call("organisation.archive", {"organisation_id": created["id"]})
    assert archived["archived"] is True
    assert (await api.call("organisation.list", {"name": created["name"]}))["total"] == 0
    listed = await api.call("organisation.list", {"name": created["name"], "include_archived": True})
    assert [item["id"] for item in listed["items"]] == [created["id"]]
    assert await _outbox_subjects(api, created["id"]) == [
        "registry.evt.organisation.created",
        "registry.evt.organisation.archived",
        "registry.evt.organisation.updated",
    ]


async def test_an_office_for_the_whole_land_is_found_in_each_of_its_districts(api: RegistryApi) -> None:
    tag = uuid.uuid4().hex[:8]
    land_office = await api.organisation(f"Landesamt {tag}", type="state_authority", region_keys=["15"])
    halle_office = await api.organisation(f"Beirat {tag}", type="advisory_council", region_keys=["15002"])
    in_halle = await api.call("organisation.list", {"name": tag, "region_key": "15002"})
    assert {item["id"] for item in in_halle["items"]} == {land_office["id"], halle_office["id"]}
    in_magdeburg = await api.call("organisation.list", {"name": tag, "region_key": "15003"})
    assert [item["id"] for item in in_magdeburg["items"]] == [land_office["id"]]
    statutory = await api.call("organisation.list", {"name": tag, "statutory": True})
    assert statutory["total"] == 0
    unknown = await api.fails("organisation.list", {"region_key": "77777"})
    assert fields(unknown) == {"region_key"}


async def test_the_list_is_paginated_in_name_order(api: RegistryApi) -> None:
    tag = uuid.uuid4().hex[:8]
    for letter in "CAB":
        await api.organisation(f"{letter} Stelle {tag}")
    first = await api.call("organisation.list", {"name": tag, "limit": 2})
    second = await api.call("organisation.list", {"name": tag, "limit": 2, "offset": 2})
    assert first["total"] == 3
    assert [item["name"][0] for item in first["items"] + second["items"]] == ["A", "B", "C"]


async def _network(api: RegistryApi) -> dict[str, Any]:
    result: dict[str, Any] = await api.call(
        "network.create", {"name": unique("Netzwerk"), "kind": "regional_institutions"}
    )
    return result


async def test_a_coordinator_creates_an_organisation_in_their_network_and_may_then_change_it(
    api: RegistryApi,
) -> None:
    network = await _network(api)
    coordinator = Principal.staff(
        Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[uuid.UUID(network["id"])]
    )
    body = {"name": unique("Migrationsberatung Görlitz"), "type": "migration_counselling"}
    created = await api.call(
        "organisation.create", body | {"network_id": network["id"]}, principal=coordinator
    )
    joined = await api.call("network.get", {"network_id": network["id"]})
    assert joined["member_organisation_ids"] == [created["id"]]
    assert joined["version"] == network["version"] + 1
    assert await _outbox_subjects(api, network["id"]) == ["registry.evt.network.updated"] * 2
    changed = await api.call(
        "organisation.update",
        {"organisation_id": created["id"], "name": body["name"] + " Süd"},
        principal=coordinator,
    )
    assert changed["version"] == 2
    archived = await api.call(
        "organisation.archive", {"organisation_id": created["id"]}, principal=coordinator
    )
    assert archived["archived"] is True


async def test_a_coordinator_names_one_of_their_networks_for_a_new_organisation(api: RegistryApi) -> None:
    own, other = await _network(api), await _network(api)
    coordinator = Principal.staff(
        Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[uuid.UUID(own["id"])]
    )
    name = unique("Volkshochschule")
    body = {"name": name, "type": "adult_education_centre"}
    for refused_body in (body, body | {"network_id": other["id"]}):
        refused = await api.fails("organisation.create", refused_body, principal=coordinator)
        assert refused.code == "forbidden"
        assert codes(refused) == {"network_id": "choose_own_network"}
    found = await api.call("organisation.list", {"name": name})
    assert found["total"] == 0
    unknown = await api.fails("organisation.create", body | {"network_id": str(uuid.uuid4())})
    assert codes(unknown) == {"network_id": "unknown_network"}
    # An admin may register an organisation of no network (the demo data, another system's keys).
    assert (await api.call("organisation.create", body))["name"] == name
