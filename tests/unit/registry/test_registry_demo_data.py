"""The shared demo data is consistent: every reference resolves, every code is in the registry's
vocabulary, every region key exists, contact data is valid, and no person is a real one."""

from __future__ import annotations

import uuid
from collections import Counter

import pytest

from netzwerkstatt import demo
from registry_service.domain.reference import load_reference_regions
from registry_service.domain.validation import normalise_email, normalise_phone
from registry_service.vocabulary import (
    ConsentKind,
    FormOfAddress,
    Language,
    NetworkKind,
    OrganisationType,
    RegionKind,
    ResponsibilityTopic,
)

ORGANISATION_SLUGS = {organisation.slug for organisation in demo.ORGANISATIONS}
PERSON_SLUGS = {person.slug for person in demo.PEOPLE}
TOPIC_CODES = {topic.value for topic in ResponsibilityTopic} | {topic.code for topic in demo.TOPICS}

# Real people named in the seed reports: they must never appear in the demo data.
NAMES_FROM_THE_SEED_REPORTS = (
    "Germershausen",
    "Deniz",
    "Clara Lehmann",
    "Michalak",
    "Gödde",
    "Debora Aust",
    "Hamamiyeh",
    "Habich",
    "Paulke",
    "Scheibe",
    "Anja Stephan",
)


def test_ids_are_stable_uuid5_of_the_slug() -> None:
    jobcenter = demo.organisation("jobcenter-leipzig")
    assert jobcenter.id == uuid.uuid5(demo.DEMO_NAMESPACE, "organisation:jobcenter-leipzig")
    assert jobcenter.id == demo.demo_id("organisation", "jobcenter-leipzig")


@pytest.mark.parametrize(
    "records", [demo.ORGANISATIONS, demo.PEOPLE, demo.NETWORKS, demo.RESPONSIBILITIES], ids=str
)
def test_no_id_occurs_twice(records: tuple[object, ...]) -> None:
    counts = Counter(getattr(record, "id") for record in records)  # noqa: B009
    assert [key for key, count in counts.items() if count > 1] == []


def test_organisations_use_known_types_regions_and_parents() -> None:
    regions = load_reference_regions()
    for organisation in demo.ORGANISATIONS:
        assert organisation.type in {t.value for t in OrganisationType}, organisation.slug
        assert all(regions.get(key) is not None for key in organisation.region_keys), organisation.slug
        assert organisation.parent_slug is None or organisation.parent_slug in ORGANISATION_SLUGS
        assert organisation.email is None or normalise_email(organisation.email).endswith("@example.org")
        assert organisation.phone is None or normalise_phone(organisation.phone)


def test_people_are_fictional_with_valid_contact_data_and_memberships() -> None:
    for person in demo.PEOPLE:
        full_name = f"{person.given_name} {person.family_name}"
        assert not any(real in full_name for real in NAMES_FROM_THE_SEED_REPORTS), full_name
        assert normalise_email(person.email).endswith("@example.org")
        assert person.phone is not None
        assert "555" in person.phone
        normalise_phone(person.phone)
        assert person.form_of_address in {f.value for f in FormOfAddress}
        assert person.language in {language.value for language in Language}
        assert set(person.consents) <= {kind.value for kind in ConsentKind}
        assert person.memberships, f"{person.slug} belongs to no organisation"
        for membership in person.memberships:
            assert membership.organisation_slug in ORGANISATION_SLUGS
            assert membership.substitute_slug is None or membership.substitute_slug in PERSON_SLUGS


def test_e_mail_addresses_are_unique_because_imports_match_people_by_them() -> None:
    counts = Counter(person.email.lower() for person in demo.PEOPLE)
    assert [email for email, count in counts.items() if count > 1] == []


def test_networks_reference_their_organisations_and_districts() -> None:
    regions = load_reference_regions()
    district_kinds = {RegionKind.LANDKREIS, RegionKind.KREISFREIE_STADT, RegionKind.BEZIRK}
    for network in demo.NETWORKS:
        assert network.kind in {kind.value for kind in NetworkKind}
        assert network.coordinating_slug in ORGANISATION_SLUGS
        assert set(network.member_slugs) <= ORGANISATION_SLUGS
        for key in network.district_keys:
            region = regions.get(key)
            assert region is not None, key
            assert region.kind in district_kinds, key
        for sub_project in network.sub_projects:
            assert sub_project.organisation_slug in ORGANISATION_SLUGS
            assert sub_project.start_date < sub_project.end_date


def test_the_integration_coordinators_cover_all_14_districts_of_sachsen_anhalt() -> None:
    network = demo.network("integrationskoordination-sachsen-anhalt")
    expected = {region.key for region in load_reference_regions().districts_of_land("15")}
    assert set(network.district_keys) == expected
    assert len(network.member_slugs) == 15  # the IKOE project and 14 coordination offices


def test_responsibilities_name_known_topics_organisations_and_people() -> None:
    for responsibility in demo.RESPONSIBILITIES:
        assert responsibility.topic in TOPIC_CODES
        assert responsibility.organisation_slug in ORGANISATION_SLUGS
        for slug in (responsibility.contact_slug, responsibility.substitute_slug):
            assert slug is None or slug in PERSON_SLUGS


def test_leipzig_has_a_responsibility_without_contact_to_show_as_a_gap() -> None:
    leipzig = [r for r in demo.RESPONSIBILITIES if r.region_key == demo.LEIPZIG_CITY]
    assert any(r.contact_slug is None for r in leipzig)
