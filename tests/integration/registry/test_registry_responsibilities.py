"""Responsibilities: topic × organisation × region with contact person and substitute."""

from __future__ import annotations

import asyncio
import uuid

from registry_helpers import RegistryApi, codes, fields, unique

from netzwerkstatt.errors import ServiceError


async def test_staff_add_a_topic_and_assign_it_with_contact_and_substitute(api: RegistryApi) -> None:
    code = f"housing_{uuid.uuid4().hex[:8]}"
    label_de, label_en = unique("Wohnungssuche"), unique("Housing")
    topic = await api.call("topic.create", {"code": code, "label_de": label_de, "label_en": label_en})
    assert topic["built_in"] is False
    topics = (await api.call("topic.list", {}))["items"]
    assert {"recognition_of_qualifications", code} <= {item["code"] for item in topics}
    duplicate = await api.fails(
        "topic.create", {"code": code, "label_de": unique("Wohnen"), "label_en": unique("Living")}
    )
    assert duplicate.code == "conflict"

    organisation = await api.organisation(unique("Sozialamt"), type="social_welfare_office")
    contact = await api.person(memberships=[{"organisation_id": organisation["id"]}])
    substitute = await api.person(memberships=[{"organisation_id": organisation["id"]}])
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
    assert assigned["topic_label"] == label_de
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


async def test_the_contact_and_the_substitute_are_current_members_of_the_responsible_organisation(
    api: RegistryApi,
) -> None:
    """A membership there not ended: someone of another organisation, or who has left this one,
    is refused at the field naming them, and nothing is assigned."""
    organisation = await api.organisation(unique("Ausländerbehörde"), type="foreigners_authority")
    elsewhere = await api.organisation(unique("Jobcenter"))
    member = await api.person(memberships=[{"organisation_id": organisation["id"]}])
    outsider = await api.person(memberships=[{"organisation_id": elsewhere["id"]}])
    former = await api.person(memberships=[{"organisation_id": organisation["id"]}])
    await api.call(
        "person.membership.end",
        {"person_id": former["id"], "organisation_id": organisation["id"], "end_date": "2024-06-30"},
    )
    duty = {"topic": "residence_law", "organisation_id": organisation["id"], "region_key": "14713"}

    error = await api.fails(
        "responsibility.assign",
        duty | {"contact_person_id": outsider["id"], "substitute_person_id": former["id"]},
    )
    assert codes(error) == {
        "contact_person_id": "contact_not_member",
        "substitute_person_id": "substitute_not_member",
    }
    assert all(organisation["name"] in detail.message for detail in error.details)
    error = await api.fails(
        "responsibility.assign",
        duty | {"contact_person_id": member["id"], "substitute_person_id": outsider["id"]},
    )
    assert codes(error) == {"substitute_person_id": "substitute_not_member"}
    assert (await api.call("responsibility.list", {"organisation_id": organisation["id"]}))["total"] == 0

    assigned = await api.call("responsibility.assign", duty | {"contact_person_id": member["id"]})
    assert assigned["contact_person_id"] == member["id"]
    error = await api.fails("responsibility.assign", duty | {"contact_person_id": outsider["id"]})
    assert codes(error) == {"contact_person_id": "contact_not_member"}
    kept = await api.call("responsibility.list", {"organisation_id": organisation["id"]})
    assert [(item["contact_person_id"], item["version"]) for item in kept["items"]] == [(member["id"], 1)]


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
    first = await api.call("topic.create", {"label_de": label, "label_en": unique("Finding housing")})
    assert first["code"] == f"wohnungssuche_fuer_gefluechtete_{tag}"
    # Another name whose letters make the same code.
    other = f"Wohnungssuche – für Geflüchtete {tag}"
    second = await api.call("topic.create", {"label_de": other, "label_en": unique("Housing again")})
    assert second["code"] == f"wohnungssuche_fuer_gefluechtete_{tag}_2"
    listed = {item["code"]: item["label_de"] for item in (await api.call("topic.list", {}))["items"]}
    assert (listed[first["code"]], listed[second["code"]]) == (label, other)


async def test_a_topic_named_like_another_in_either_language_is_refused_whatever_its_case_and_spaces(
    api: RegistryApi,
) -> None:
    label_de, label_en = unique("Wohnungssuche"), unique("Finding housing")
    await api.call("topic.create", {"label_de": label_de, "label_en": label_en})
    before = (await api.call("topic.list", {"limit": 500}))["items"]
    both = await api.fails(
        "topic.create", {"label_de": f"  {label_de.upper()} ", "label_en": f"{label_en.lower()}  "}
    )
    assert both.code == "conflict"
    assert codes(both) == {"label_de": "topic_name_taken", "label_en": "topic_name_taken"}
    assert {detail.field: detail.params for detail in both.details} == {
        "label_de": {"name": label_de.upper()},
        "label_en": {"name": label_en.lower()},
    }
    english = await api.fails("topic.create", {"label_de": unique("Wohnraum"), "label_en": label_en})
    assert codes(english) == {"label_en": "topic_name_taken"}
    built_in = await api.fails(
        "topic.create", {"label_de": "integrationskurse", "label_en": unique("Integration classes")}
    )
    assert codes(built_in) == {"label_de": "topic_name_taken"}
    assert (await api.call("topic.list", {"limit": 500}))["items"] == before


async def test_labels_that_differ_only_in_umlaut_case_sharp_s_or_spacing_are_one_name(
    api: RegistryApi,
) -> None:
    tag = uuid.uuid4().hex[:6]
    await api.call(
        "topic.create", {"label_de": f"Übersetzung Straßenschilder {tag}", "label_en": unique("Translation")}
    )
    refused = await api.fails(
        "topic.create",
        {"label_de": f"übersetzung  STRASSENSCHILDER {tag}", "label_en": unique("Translating")},
    )
    assert codes(refused) == {"label_de": "topic_name_taken"}


async def test_of_two_topics_named_alike_at_once_one_is_added_and_the_other_refused(api: RegistryApi) -> None:
    label = unique("Kinderbetreuung")
    outcomes = await asyncio.gather(
        *(api.call("topic.create", {"label_de": label, "label_en": unique("Childcare")}) for _ in range(2)),
        return_exceptions=True,
    )
    refusals = [outcome for outcome in outcomes if isinstance(outcome, ServiceError)]
    assert len(refusals) == 1, outcomes
    assert codes(refusals[0]) == {"label_de": "topic_name_taken"}
    listed = (await api.call("topic.list", {"limit": 500}))["items"]
    assert [item["label_de"] for item in listed].count(label) == 1
