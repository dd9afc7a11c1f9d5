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


async def test_networks_are_listed_by_id_with_their_members_and_sub_projects(api: RegistryApi) -> None:
    """One list request answers for many networks (a coordinator's): each as ``network.get`` has it."""
    organisations = [await api.organisation(unique("Verein"), type="non_profit_provider") for _ in range(3)]
    created = []
    for index in range(len(organisations)):
        created.append(
            await api.call(
                "network.create",
                {
                    "name": unique(f"Netz {index}"),
                    "kind": "other",
                    "member_organisation_ids": [item["id"] for item in organisations[: index + 1]],
                    "sub_projects": [{"name": f"Teilprojekt {index}.{n}"} for n in range(index)],
                },
            )
        )
    archived = created[2]
    archived = await api.call(
        "network.update",
        {"network_id": archived["id"], "archived": True, "expected_version": archived["version"]},
    )
    created[2] = archived
    wanted = [network["id"] for network in created] + [str(uuid.uuid4())]

    found = await api.call("network.list", {"ids": wanted, "include_archived": True, "limit": 10})
    assert found["total"] == 3
    by_id = {item["id"]: item for item in found["items"]}
    for network in created:
        single = await api.call("network.get", {"network_id": network["id"]})
        assert by_id[network["id"]] == single
    current = await api.call("network.list", {"ids": wanted})
    assert sorted(item["id"] for item in current["items"]) == sorted(wanted[:2])


async def test_a_sub_project_is_held_once_by_a_network_and_a_second_of_it_is_refused(
    api: RegistryApi,
) -> None:
    """The same name (letter case and spacing aside) in an overlapping funding period is the same
    sub-project added again; in a later period it is the sub-project's next funding period."""
    project = {"name": "Anerkennungsberatung Muldental", "start_date": "2023-01-01", "end_date": "2025-12-31"}
    network = await api.call(
        "network.create",
        {"name": unique("Regionalworkshop"), "kind": "regional_institutions", "sub_projects": [project]},
    )
    again = project | {"name": "anerkennungsberatung  Muldental", "start_date": "2024-01-01"}
    error = await api.fails(
        "network.update",
        {"network_id": network["id"], "expected_version": 1, "sub_projects": [project, again]},
    )
    assert codes(error) == {"sub_projects.1.name": "duplicate_sub_project"}
    unchanged = await api.call("network.get", {"network_id": network["id"]})
    assert (unchanged["version"], len(unchanged["sub_projects"])) == (1, 1)
    open_ended = {"name": project["name"]}
    error = await api.fails(
        "network.create",
        {"name": unique("Netz"), "kind": "other", "sub_projects": [project, open_ended]},
    )
    assert codes(error) == {"sub_projects.1.name": "duplicate_sub_project"}

    next_period = project | {"start_date": "2026-01-01", "end_date": "2028-12-31"}
    changed = await api.call(
        "network.update",
        {"network_id": network["id"], "expected_version": 1, "sub_projects": [project, next_period]},
    )
    assert [item["start_date"] for item in changed["sub_projects"]] == ["2023-01-01", "2026-01-01"]


async def test_an_archived_organisation_does_not_join_a_network_but_a_member_archived_stays(
    api: RegistryApi,
) -> None:
    member = await api.organisation(unique("Volkshochschule"), type="adult_education_centre")
    archived = await api.organisation(unique("Jobcenter alt"))
    await api.call("organisation.archive", {"organisation_id": archived["id"]})
    network = await api.call(
        "network.create",
        {"name": unique("Kernteam"), "kind": "district_core_team", "member_organisation_ids": [member["id"]]},
    )
    error = await api.fails(
        "network.update",
        {"network_id": network["id"], "member_organisation_ids": [member["id"], archived["id"]]},
    )
    assert codes(error) == {"member_organisation_ids.1": "archived_organisation_joining"}
    assert archived["name"] in error.details[0].message
    error = await api.fails(
        "network.update", {"network_id": network["id"], "coordinating_organisation_id": archived["id"]}
    )
    assert codes(error) == {"coordinating_organisation_id": "archived_organisation_joining"}
    error = await api.fails(
        "network.create",
        {"name": unique("Netz"), "kind": "other", "member_organisation_ids": [archived["id"]]},
    )
    assert codes(error) == {"member_organisation_ids.0": "archived_organisation_joining"}
    unchanged = await api.call("network.get", {"network_id": network["id"]})
    assert (unchanged["version"], unchanged["member_organisation_ids"]) == (1, [member["id"]])

    # A member archived later keeps its place while the network changes otherwise.
    await api.call("organisation.archive", {"organisation_id": member["id"]})
    newcomer = await api.organisation(unique("Agentur für Arbeit"), type="employment_agency")
    changed = await api.call(
        "network.update",
        {"network_id": network["id"], "member_organisation_ids": [member["id"], newcomer["id"]]},
    )
    assert sorted(changed["member_organisation_ids"]) == sorted([member["id"], newcomer["id"]])


async def test_organisations_and_people_of_several_networks_are_listed_in_one_request(
    api: RegistryApi,
) -> None:
    """A coordinator's choices: the members of any of their networks and the people of those
    members, in one request however many networks; ``network_id`` beside it narrows further."""
    centre, chamber, outsider = [
        await api.organisation(unique(name), type="non_profit_provider")
        for name in ("Beratungszentrum", "Kammer", "Verein")
    ]
    first, second = [
        await api.call(
            "network.create",
            {"name": unique(name), "kind": "other", "member_organisation_ids": [member["id"]]},
        )
        for name, member in (("Netz Nord", centre), ("Netz Süd", chamber))
    ]
    people = {
        organisation["id"]: await api.person(memberships=[{"organisation_id": organisation["id"]}])
        for organisation in (centre, chamber, outsider)
    }
    both = [first["id"], second["id"]]

    organisations = await api.call("organisation.list", {"network_ids": both})
    listed_people = await api.call("person.list", {"network_ids": both})
    narrowed = await api.call("person.list", {"network_ids": both, "network_id": first["id"]})
    too_many = await api.fails("person.list", {"network_ids": [str(uuid.uuid4()) for _ in range(501)]})

    assert sorted(item["id"] for item in organisations["items"]) == sorted([centre["id"], chamber["id"]])
    assert sorted(item["id"] for item in listed_people["items"]) == sorted(
        [people[centre["id"]]["id"], people[chamber["id"]]["id"]]
    )
    assert [item["id"] for item in narrowed["items"]] == [people[centre["id"]]["id"]]
    assert list(codes(too_many)) == ["network_ids"]
    none = await api.call("organisation.list", {"network_ids": []})
    assert none["items"] == []
