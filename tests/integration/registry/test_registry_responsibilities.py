"""Responsibilities: topic × organisation × region with contact person and substitute."""

from __future__ import annotations

import uuid

from registry_helpers import RegistryApi, codes, fields, unique


async def test_staff_add_a_topic_and_assign_it_with_contact_and_substitute(api: RegistryApi) -> None:
    code = f"housing_{uuid.uuid4().hex[:8]}"
    topic = await api.call("topic.create", {"code": code, "label_de": "Wohnungssuche", "label_en": "Housing"})
    assert topic["built_in"] is False
    topics = (await api.call("topic.list", {}))["items"]
    assert {"recognition_of_qualifications", code} <= {item["code"] for item in topics}
    duplicate = await api.fails("topic.create", {"code": code, "label_de": "Wohnen", "label_en": "Housing"})
    assert duplicate.code == "conflict"

    organisation = await api.organisation(unique("Sozialamt"), type="social_welfare_office")
    contact = await api.person()
    substitute = await api.person()
    assigned = await api.call(
        "responsibility.assign",
        {
            "topic": code,
            "organisation_id": organisation["id"],
            "region_key": "14713",
            "contact_person_id": contact["id"],
            "substitute_person_id": substitute["id"],
        },
    )
    assert assigned["topic_label"] == "Wohnungssuche"
    assert assigned["version"] == 1
    reassigned = await api.call(
        "responsibility.assign",
        {
            "topic": code,
            "organisation_id": organisation["id"],
            "region_key": "14713",
            "contact_person_id": substitute["id"],
        },
    )
    assert reassigned["id"] == assigned["id"]
    assert reassigned["version"] == 2
    assert reassigned["substitute_person_id"] is None
    by_person = await api.call("responsibility.list", {"person_id": substitute["id"]})
    assert [item["id"] for item in by_person["items"]] == [assigned["id"]]
    responsible = await api.call("organisation.list", {"topic": code})
    assert [item["id"] for item in responsible["items"]] == [organisation["id"]]
    removed = await api.call("responsibility.remove", {"responsibility_id": assigned["id"]})
    assert removed["id"] == assigned["id"]
    assert (await api.call("responsibility.list", {"topic": code}))["total"] == 0


async def test_an_assignment_with_unknown_parts_names_each_of_them(api: RegistryApi) -> None:
    error = await api.fails(
        "responsibility.assign",
        {
            "topic": "astrology",
            "organisation_id": str(uuid.uuid4()),
            "region_key": "1234",
            "contact_person_id": str(uuid.uuid4()),
        },
    )
    assert codes(error) == {
        "topic": "unknown_topic",
        "organisation_id": "unknown_organisation",
        "region_key": "unknown_region",
        "contact_person_id": "unknown_person",
    }


async def test_a_topic_code_must_be_a_lower_case_identifier(api: RegistryApi) -> None:
    error = await api.fails("topic.create", {"code": "Wohnen!", "label_de": "Wohnen", "label_en": "Housing"})
    assert fields(error) == {"code"}


async def test_a_topic_without_a_code_gets_one_from_its_german_label_unique_among_the_topics(
    api: RegistryApi,
) -> None:
    tag = uuid.uuid4().hex[:6]
    label = f"Wohnungssuche für Geflüchtete {tag}"
    first = await api.call("topic.create", {"label_de": label, "label_en": "Finding housing"})
    assert first["code"] == f"wohnungssuche_fuer_gefluechtete_{tag}"
    second = await api.call("topic.create", {"label_de": label, "label_en": "Housing again"})
    assert second["code"] == f"wohnungssuche_fuer_gefluechtete_{tag}_2"
    listed = {item["code"]: item["label_de"] for item in (await api.call("topic.list", {}))["items"]}
    assert listed[first["code"]] == listed[second["code"]] == label
