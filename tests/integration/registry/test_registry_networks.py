"""Networks: members, coordinating organisation, region with its districts, funded sub-projects."""

from __future__ import annotations

import uuid

from registry_helpers import RegistryApi, codes, unique


async def test_a_network_of_a_land_lists_every_district_and_its_sub_projects(api: RegistryApi) -> None:
    coordinator = await api.organisation(unique("IKOE"), type="non_profit_provider", region_keys=["15"])
    office = await api.organisation(
        unique("Integrationskoordination"), type="municipal_integration_coordination", region_keys=["15085"]
    )
    network = await api.call(
        "network.create",
        {
            "name": unique("Integrationskoordination Sachsen-Anhalt"),
            "kind": "integration_coordinators",
            "coordinating_organisation_id": coordinator["id"],
            "member_organisation_ids": [coordinator["id"], office["id"]],
            "region_keys": ["15"],
            "sub_projects": [
                {
                    "name": "Ideenwerkstätten",
                    "organisation_id": coordinator["id"],
                    "programme": "Landesprogramm",
                    "funders": ["Land Sachsen-Anhalt"],
                    "start_date": "2023-01-01",
                    "end_date": "2025-12-31",
                }
            ],
        },
    )
    assert len(network["district_keys"]) == 14
    assert sorted(network["member_organisation_ids"]) == sorted([coordinator["id"], office["id"]])
    assert network["sub_projects"][0]["funders"] == ["Land Sachsen-Anhalt"]
    found = await api.call("network.list", {"organisation_id": office["id"]})
    assert [item["id"] for item in found["items"]] == [network["id"]]
    members = await api.call("organisation.list", {"network_id": network["id"]})
    assert members["total"] == 2


async def test_unknown_members_kind_and_a_reversed_funding_period_are_named(api: RegistryApi) -> None:
    error = await api.fails(
        "network.create",
        {
            "name": unique("Kaputt"),
            "kind": "club",
            "member_organisation_ids": [str(uuid.uuid4())],
            "region_keys": ["99"],
            "sub_projects": [{"name": "Projekt", "start_date": "2025-01-01", "end_date": "2024-01-01"}],
        },
    )
    assert codes(error) == {
        "kind": "unknown_kind",
        "member_organisation_ids.0": "unknown_organisation",
        "region_keys.0": "unknown_region",
        "sub_projects.0.end_date": "invalid_period",
    }


async def test_a_network_change_replaces_its_members_and_counts_a_version(api: RegistryApi) -> None:
    first = await api.organisation(unique("A"))
    second = await api.organisation(unique("B"))
    network = await api.call(
        "network.create",
        {"name": unique("Kernteam"), "kind": "district_core_team", "member_organisation_ids": [first["id"]]},
    )
    changed = await api.call(
        "network.update",
        {"network_id": network["id"], "member_organisation_ids": [second["id"]], "region_keys": ["11000-08"]},
    )
    assert changed["member_organisation_ids"] == [second["id"]]
    assert changed["district_keys"] == ["11000-08"]
    assert changed["version"] == 2
