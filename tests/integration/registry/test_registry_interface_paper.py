"""The Schnittstellenpapier: institutions × responsibilities with contacts, the gaps, issued as a
versioned snapshot that later changes do not touch; sent as codes and data (the gateway renders the
files in the reader's language)."""

from __future__ import annotations

import asyncio
import json
import uuid

import sqlalchemy as sa
from registry_helpers import RegistryApi, codes, unique

from netzwerkstatt import demo
from netzwerkstatt.errors import ServiceError
from netzwerkstatt.stack.seeding import seed_registry


async def _row_counts(api: RegistryApi) -> dict[str, int]:
    counts = {}
    async with api.runtime.database.read() as session:
        for table in ("organisations", "people", "memberships", "networks", "responsibilities", "outbox"):
            counts[table] = int(await session.scalar(sa.text(f"SELECT count(*) FROM {table}")) or 0)
    return counts


async def test_the_demo_data_loads_once_and_a_second_run_changes_nothing(api: RegistryApi) -> None:
    await seed_registry(api.connection)
    before = await _row_counts(api)
    await seed_registry(api.connection)
    assert await _row_counts(api) == before
    jobcenter = await api.call(
        "organisation.get", {"organisation_id": str(demo.organisation("jobcenter-leipzig").id)}
    )
    assert jobcenter["name"] == "Jobcenter Leipzig"
    coordinators = await api.call(
        "network.get", {"network_id": str(demo.network("integrationskoordination-sachsen-anhalt").id)}
    )
    assert len(coordinators["member_organisation_ids"]) == 15
    newcomer = await api.call("person.get", {"person_id": str(demo.person("lukas-quandtner").id)})
    assert newcomer["memberships"][0]["start_date"] == "2024-10-01"


async def test_the_leipzig_paper_shows_contacts_and_gaps_as_codes_and_data(api: RegistryApi) -> None:
    await seed_registry(api.connection)
    paper = await api.call("interface_paper.issue", {"region_key": demo.LEIPZIG_CITY, "title": "Leipzig"})
    assert paper["version"] >= 1
    names = {institution["name"] for institution in paper["institutions"]}
    assert {"Jobcenter Leipzig", "Agentur für Arbeit Leipzig", "Zentrale Ausländerbehörde Sachsen"} <= names
    recognition = next(
        e
        for e in paper["entries"]
        if e["topic"] == "recognition_of_qualifications" and e["organisation_name"].startswith("IBAS")
    )
    assert recognition["contact"]["name"] == "Amira Haddou"
    assert recognition["contact"]["email"] == "amira.haddou@example.org"
    assert recognition["substitute"]["name"] == "Lorenz Quast"
    assert {(gap["kind"], gap["topic"]) for gap in paper["gaps"]} >= {
        ("responsibility_without_contact", "asylum_seeker_benefits")
    }

    uncovered = next(
        gap
        for gap in paper["gaps"]
        if gap["kind"] == "responsibility_without_contact" and gap["topic"] == "asylum_seeker_benefits"
    )
    assert uncovered["organisation_name"]
    assert uncovered["region_key"]
    assert await api.call("interface_paper.get", {"paper_id": paper["id"]}) == paper
    # Codes travel, words are rendered: no organisation type or gap in words, no German sentence.
    assert all("type_label" not in institution for institution in paper["institutions"])
    assert {"jobcenter", "employment_agency"} <= {item["type"] for item in paper["institutions"]}
    assert all("message" not in gap for gap in paper["gaps"])
    # Names are data, typed by people (another test renames an organisation here "Umbenannt …").
    institutions = [{**institution, "name": None} for institution in paper["institutions"]]
    gaps = [{**gap, "topic_label": None, "organisation_name": None} for gap in paper["gaps"]]
    codes = json.dumps([institutions, gaps], ensure_ascii=False)
    for german in ("Regelinstitution", "Ansprechperson", "erfasst", "benannt", "„", '"ja"', '"nein"'):
        assert german not in codes, german


async def test_an_issued_paper_stays_the_same_after_the_registry_changes(api: RegistryApi) -> None:
    jobcenter = await api.organisation(unique("Jobcenter"))
    counselling = await api.organisation(unique("IBAS"), type="recognition_counselling")
    first_contact = await api.person(
        consents=["contact_list_sharing"], memberships=[{"organisation_id": jobcenter["id"]}]
    )
    second_contact = await api.person(
        consents=["contact_list_sharing"], memberships=[{"organisation_id": jobcenter["id"]}]
    )
    network = await api.call(
        "network.create",
        {
            "name": unique("Regionalworkshop"),
            "kind": "regional_institutions",
            "member_organisation_ids": [jobcenter["id"], counselling["id"]],
            "region_keys": ["14713"],
        },
    )
    await api.call(
        "responsibility.assign",
        {
            "topic": "sgb_ii_benefits",
            "organisation_id": jobcenter["id"],
            "region_key": "14713",
            "contact_person_id": first_contact["id"],
        },
    )
    await api.call(
        "responsibility.assign",
        {
            "topic": "recognition_of_qualifications",
            "organisation_id": counselling["id"],
            "region_key": "14713",
        },
    )
    issued = await api.call("interface_paper.issue", {"network_id": network["id"]})
    assert issued["version"] == 1
    missing_types = {
        gap["organisation_type"] for gap in issued["gaps"] if gap["kind"] == "missing_institution_type"
    }
    assert "employment_agency" in missing_types
    assert "jobcenter" not in missing_types
    assert [gap["topic"] for gap in issued["gaps"] if gap["kind"] == "responsibility_without_contact"] == [
        "recognition_of_qualifications"
    ]

    await api.call(
        "responsibility.assign",
        {
            "topic": "sgb_ii_benefits",
            "organisation_id": jobcenter["id"],
            "region_key": "14713",
            "contact_person_id": second_contact["id"],
        },
    )
    await api.call(
        "organisation.update", {"organisation_id": jobcenter["id"], "name": unique("Jobcenter neu")}
    )

    stored = await api.call("interface_paper.get", {"paper_id": issued["id"]})
    assert stored == issued
    preview = await api.call("interface_paper.preview", {"network_id": network["id"]})
    assert preview["id"] is None
    assert preview["entries"] != issued["entries"]
    second = await api.call("interface_paper.issue", {"network_id": network["id"]})
    assert second["version"] == 2
    listed = await api.call("interface_paper.list", {"network_id": network["id"]})
    assert [item["version"] for item in listed["items"]] == [2, 1]


async def test_contact_details_appear_only_with_consent_to_share_them(api: RegistryApi) -> None:
    organisation = await api.organisation(unique("BAMF"), type="bamf")
    person = await api.person(
        phone="+49 341 555 0190",
        consents=["network_event_contact"],
        memberships=[{"organisation_id": organisation["id"]}],
    )
    network = await api.call(
        "network.create",
        {"name": unique("Netz"), "kind": "other", "member_organisation_ids": [organisation["id"]]},
    )
    await api.call(
        "responsibility.assign",
        {
            "topic": "integration_courses",
            "organisation_id": organisation["id"],
            "region_key": "14713",
            "contact_person_id": person["id"],
        },
    )
    preview = await api.call("interface_paper.preview", {"network_id": network["id"]})
    contact = preview["entries"][0]["contact"]
    assert contact["name"] == f"Test {person['family_name']}"
    assert (contact["email"], contact["phone"]) == (None, None)


async def test_a_paper_needs_either_a_region_or_a_network(api: RegistryApi) -> None:
    error = await api.fails("interface_paper.preview", {})
    assert error.code == "validation_error"
    unknown = await api.fails("interface_paper.preview", {"region_key": "14999"})
    assert {detail.field for detail in unknown.details} == {"region_key"}


async def test_a_paper_issued_with_an_id_of_the_callers_is_issued_once_for_that_id(api: RegistryApi) -> None:
    """A form sent twice (a double click, a reload) carries the same id: the second sending issues
    no second paper and is refused as ``duplicate_id``, so the sender knows the paper is there."""
    organisation = await api.organisation(unique("Jobcenter"))
    network = await api.call(
        "network.create",
        {"name": unique("Netz"), "kind": "other", "member_organisation_ids": [organisation["id"]]},
    )
    chosen = str(uuid.uuid4())
    body = {"id": chosen, "network_id": network["id"], "title": "Schnittstellenpapier 2026"}
    answers = await asyncio.gather(
        *(api.call("interface_paper.issue", body) for _ in range(2)), return_exceptions=True
    )
    issued = [answer for answer in answers if isinstance(answer, dict)]
    refused = [answer for answer in answers if isinstance(answer, ServiceError)]
    assert [(paper["id"], paper["version"]) for paper in issued] == [(chosen, 1)]
    assert [codes(error) for error in refused] == [{"id": "duplicate_id"}]
    again = await api.fails("interface_paper.issue", body | {"title": "Anderer Titel"})
    assert codes(again) == {"id": "duplicate_id"}
    listed = await api.call("interface_paper.list", {"network_id": network["id"]})
    assert [item["id"] for item in listed["items"]] == [chosen]
    without_id = await api.call("interface_paper.issue", {"network_id": network["id"]})
    assert without_id["version"] == 2
